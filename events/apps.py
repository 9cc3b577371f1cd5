from django.utils.translation import gettext_lazy as _

from cms.plugins import PluginConfig


class EventsConfig(PluginConfig):
    default = True
    name = "events"
    verbose_name = _("Training and events")
    demo_content = "events.demo.build"

from django.utils.translation import gettext_lazy as _

from cms.plugins import PluginConfig


class EventsConfig(PluginConfig):
    default = True
    name = "events"
    verbose_name = _("Training and events")
    url_prefix = "events/"
    demo_content = "events.demo.build"

    def ready(self):
        super().ready()
        from events import signals

        signals.connect()

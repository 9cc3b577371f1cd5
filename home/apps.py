from django.utils.translation import gettext_lazy as _

from cms.plugins import PluginConfig


class HomeConfig(PluginConfig):
    default = True
    name = "home"
    verbose_name = _("Public content")
    demo_content = "home.demo.build"

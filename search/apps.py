from django.utils.translation import gettext_lazy as _

from cms.plugins import PluginConfig


class SearchConfig(PluginConfig):
    default = True
    name = "search"
    verbose_name = _("Site search")
    url_prefix = "search/"

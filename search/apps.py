from django.utils.translation import gettext_lazy as _

from cms.plugins import PluginConfig


class SearchConfig(PluginConfig):
    default = True
    name = "search"
    verbose_name = _("Site search")
    url_prefix = "search/"

    def ready(self):
        super().ready()
        # Imported here, as Django's docs do for signal handlers: it needs the app registry.
        from search import readiness, signals

        signals.connect()
        readiness.register()

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        check_plugins_are_ours()
        from cms import (
            checks,  # noqa: F401 - registers the plugin contract checks
            page_cache,
        )

        page_cache.connect()


def check_plugins_are_ours():
    """Stop at start-up if a plugin name was imported from another package of that name.

    opensearch-py depends on a PyPI package called "Events", which installs a top-level
    ``events`` module. When the project directory is not first on the import path (a
    server started from another directory), ``import events`` finds that one, and the site
    would run without its events plugin and answer 404 for every event.
    """
    from cms.plugins import PluginConfig

    for label in settings.CMS_PLUGINS:
        config = apps.get_app_config(label.rsplit(".", 1)[-1])
        if not isinstance(config, PluginConfig):
            raise ImproperlyConfigured(
                f"The plugin {label!r} was imported from {config.path}, which is another "
                f"package of the same name, not the project's. Start the site from the "
                f"project directory ({settings.BASE_DIR}) or put it first on PYTHONPATH."
            )

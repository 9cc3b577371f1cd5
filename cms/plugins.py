"""The plugin mechanism.

A plugin is a Django app named in ``settings.CMS_PLUGINS`` whose AppConfig subclasses
:class:`PluginConfig`. The core never imports a plugin by name: it asks each installed
plugin for its public urls and its demo content. Admin menu entries and hooks come from
each plugin's ``wagtail_hooks.py``, which Wagtail discovers on its own.
"""

from collections.abc import Callable, Iterator

from django.apps import AppConfig, apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path
from django.utils.module_loading import import_string


class PluginConfig(AppConfig):
    """Base AppConfig for a plugin.

    url_prefix: where the plugin's ``urls`` module is mounted on the public site, inside
        the language prefix (``""`` mounts at the root). None means the plugin has no urls.
    demo_content: dotted path to a ``build(stdout)`` function that adds the plugin's demo
        content; called in plugin order by ``manage.py load_demo``.
    """

    url_prefix: str | None = None
    demo_content: str | None = None

    def urls_module(self) -> str:
        return f"{self.name}.urls"


def installed_plugins() -> Iterator[PluginConfig]:
    for label in settings.CMS_PLUGINS:
        config = apps.get_app_config(label.rsplit(".", 1)[-1])
        if isinstance(config, PluginConfig):
            yield config


def plugin_urlpatterns() -> list[URLPattern | URLResolver]:
    """Public url patterns of every installed plugin, to sit inside the language prefix."""
    patterns: list[URLPattern | URLResolver] = []
    for plugin in installed_plugins():
        if plugin.url_prefix is not None:
            patterns.append(path(plugin.url_prefix, include(plugin.urls_module())))
    return patterns


def demo_builders() -> Iterator[tuple[str, Callable]]:
    for plugin in installed_plugins():
        if plugin.demo_content:
            yield plugin.label, import_string(plugin.demo_content)

"""The plugin mechanism.

A plugin is a Django app named in ``settings.CMS_PLUGINS`` whose AppConfig subclasses
:class:`PluginConfig`. The core never imports a plugin by name: it asks each installed
plugin for its public urls and its demo content. Admin menu entries and hooks come from
each plugin's ``wagtail_hooks.py``, which Wagtail discovers on its own.
"""

from collections.abc import Callable, Iterator

from django.apps import AppConfig, apps
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import URLPattern, URLResolver, include, path
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from wagtail.exceptions import PageClassNotFoundError


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


class MissingPluginMiddleware:
    """In the admin, a page of a plugin that was removed from CMS_PLUGINS keeps its row but
    has no model: Wagtail's edit, copy, move and usage views fail on it with a 500. Such a
    page may still be listed, unpublished, deleted and its history read; any other page
    action sends the editor back to its section with a message naming the plugin and how
    to get it back."""

    NAMESPACE = "wagtailadmin_pages"
    STILL_ALLOWED = frozenset({"delete", "unpublish", "history"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespace != self.NAMESPACE:
            return None
        if not request.user.has_perm("wagtailadmin.access_admin"):
            return None  # Wagtail's own views ask them to sign in; no page title shown
        page_id = view_kwargs.get("page_id") or view_kwargs.get("page_to_move_id")
        if page_id is None or match.url_name in self.STILL_ALLOWED:
            return None
        from wagtail.models import Page  # this module is read before the models are ready

        page = Page.objects.filter(pk=page_id).first()
        if page is None or page.specific_class is not None:
            return None
        return self._back_to_section(request, page)

    def process_exception(self, request, exception):
        """Any other view that meets such a page (Wagtail names the error)."""
        if not isinstance(exception, PageClassNotFoundError):
            return None
        from wagtail.models import Page

        match = request.resolver_match
        page_id = match.kwargs.get("page_id") if match else None
        page = Page.objects.filter(pk=page_id).first() if page_id else None
        return self._back_to_section(request, page) if page else None

    def _back_to_section(self, request, page):
        messages.error(
            request,
            _(
                "“%(title)s” is a page of the “%(plugin)s” plugin, which is not installed. "
                "Its content is kept: add “%(plugin)s” to CMS_PLUGINS to edit it again."
            )
            % {"title": page.title, "plugin": page.content_type.app_label},
        )
        parent = page.get_parent()
        return redirect("wagtailadmin_explore", parent.pk if parent else page.pk)

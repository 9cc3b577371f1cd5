from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem

from search.health import backend_health


def index_health(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    return TemplateResponse(
        request,
        "search/admin/index_health.html",
        {
            "backends": backend_health(),
            "page_title": _("Search index health"),
        },
    )


@hooks.register("register_admin_urls")
def search_admin_urls():
    return [path("search-health/", index_health, name="search_index_health")]


@hooks.register("register_settings_menu_item")
def search_health_menu_item():
    return AdminOnlyMenuItem(
        _("Search index health"), reverse("search_index_health"), icon_name="search", order=900
    )

"""The policy plugin's admin: a "Policy" menu for the policy team (and superusers) only,
with the dashboard, the records' viewsets and the workspace's own views."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from policy import admin_urls
from policy.actions import may_use_workspace
from policy.viewsets import VIEWSETS


class WorkspaceMenuItem(MenuItem):
    def is_shown(self, request):
        return may_use_workspace(request.user)


class WorkspacePageViewSet(ViewSet):
    """A menu entry for one of the workspace's own views (``url_name`` in ``policy:``)."""

    add_to_admin_menu = False
    url_name = ""

    def get_menu_item(self, order=None):
        return WorkspaceMenuItem(
            self.menu_label,
            reverse(f"policy:{self.url_name}"),
            icon_name=self.icon,
            order=order or 0,
        )


class DashboardViewSet(WorkspacePageViewSet):
    name = "policy_dashboard"
    icon = "clipboard-list"
    menu_label = _("Dashboard")
    url_name = "dashboard"


class SearchViewSet(WorkspacePageViewSet):
    name = "policy_search"
    icon = "search"
    menu_label = _("Search the workspace")
    url_name = "search"


class DeletedViewSet(WorkspacePageViewSet):
    name = "policy_deleted"
    icon = "bin"
    menu_label = _("Recently deleted")
    url_name = "deleted"


class PolicyGroup(ViewSetGroup):
    menu_label = _("Policy")
    menu_icon = "clipboard-list"
    menu_order = 250
    items = [DashboardViewSet, SearchViewSet, *VIEWSETS, DeletedViewSet]


@hooks.register("register_admin_viewset")
def register_policy_viewsets():
    return PolicyGroup()


@hooks.register("register_admin_urls")
def policy_admin_urls():
    return [path("policy/", include(admin_urls))]

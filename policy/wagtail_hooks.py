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


class DashboardViewSet(ViewSet):
    name = "policy_dashboard"
    icon = "clipboard-list"
    menu_label = _("Dashboard")
    add_to_admin_menu = False

    def get_menu_item(self, order=None):
        return WorkspaceMenuItem(
            self.menu_label, reverse("policy:dashboard"), icon_name=self.icon, order=order or 0
        )


class PolicyGroup(ViewSetGroup):
    menu_label = _("Policy")
    menu_icon = "clipboard-list"
    menu_order = 250
    items = [DashboardViewSet, *VIEWSETS]


@hooks.register("register_admin_viewset")
def register_policy_viewsets():
    return PolicyGroup()


@hooks.register("register_admin_urls")
def policy_admin_urls():
    return [path("policy/", include(admin_urls))]

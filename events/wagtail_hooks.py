"""The events plugin's admin: audiences as snippets (registrations are added beside them)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic.models import DeleteView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from events import actions
from events.models import Audience, EventPage, Registration


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "group"
    menu_label = "Audiences"
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(AudienceViewSet)


# Registrations: staff with events.view_registration list, inspect and export them (CSV or
# XLSX, filtered by event and state); with events.delete_registration too, they delete
# them. Nobody adds or edits people's data in the admin: that comes from the public form.

# A cell a spreadsheet would run as a formula is written as text (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    value = str(value)
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


class RegistrationPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, except that nobody (not even a superuser) adds or changes a
    registration here, and deleting also needs the view permission."""

    def user_has_permission(self, user, action):
        if action in ("add", "change"):
            return False
        if action == "delete":
            return actions.may_delete_registrations(user)
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions_):
        return super().users_with_any_permission(set(actions_) - {"add", "change"})


register_permission_policy(Registration, RegistrationPermissionPolicy(Registration))


class RegistrationFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(
        label=_("Event"),
        queryset=EventPage.objects.filter(registrations__isnull=False)
        .distinct()
        .order_by("-start"),
    )
    state = django_filters.ChoiceFilter(label=_("State"), choices=Registration.State.choices)

    class Meta:
        model = Registration
        fields = ["event", "state"]


class RegistrationIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event")


class RegistrationDeleteView(DeleteView):
    """Deletes through events.actions (a freed place goes to the waitlist), and keeps no
    copy of the person's name in the admin's log."""

    success_message = _("Registration deleted.")

    def delete_action(self):
        actions.delete_registration(self.object, self.request.user)


class RegistrationViewSet(ModelViewSet):
    model = Registration
    icon = "list-ul"
    menu_label = _("Registrations")
    index_view_class = RegistrationIndexView
    delete_view_class = RegistrationDeleteView
    list_display = ["name", "email", "organisation", "event", "state", "created_at"]
    filterset_class = RegistrationFilterSet
    search_fields = ["name", "email", "organisation"]
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_fields = [
        "event",
        "state",
        "name",
        "email",
        "organisation",
        "role",
        "access_needs",
        "created_at",
        "confirmed_at",
        "cancelled_at",
    ]
    copy_view_enabled = False
    # The add and edit views exist in Wagtail's URL scheme but the permission policy refuses
    # them to everyone; an empty form keeps them harmless.
    form_fields = []
    list_export = [
        "event",
        "state",
        "name",
        "email",
        "organisation",
        "role",
        "access_needs",
        "created_at",
        "confirmed_at",
        "cancelled_at",
    ]
    export_filename = "registrations"

    def get_index_view_kwargs(self, **kwargs):
        text_fields = ["name", "email", "organisation", "role", "access_needs", "event"]
        return super().get_index_view_kwargs(
            custom_field_preprocess={
                field: {"csv": spreadsheet_safe, "xlsx": spreadsheet_safe} for field in text_fields
            },
            **kwargs,
        )


class TrainingAndEventsGroup(ViewSetGroup):
    menu_label = _("Training and events")
    menu_icon = "date"
    menu_order = 240
    items = [RegistrationViewSet]


@hooks.register("register_admin_viewset")
def register_training_and_events_viewsets():
    return TrainingAndEventsGroup()

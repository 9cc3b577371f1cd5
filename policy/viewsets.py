"""Admin views of the workspace records: one ModelViewSet per record, grouped under the
"Policy" menu. Every create and edit form is a :class:`policy.forms.RecordForm` (a reason
for the change and optimistic locking); deletes go through ``policy.actions``."""

from django.contrib import messages
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views.generic.models import DeleteView, EditView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from policy import actions, models
from policy.forms import RecordForm
from policy.views.access import workspace_view


def record_form(*panels):
    return ObjectList(
        [*panels, FieldPanel("edited_version"), FieldPanel("change_reason")],
        base_form_class=RecordForm,
    )


class RecordEditView(EditView):
    """The edit view, with a button to the record's history (every version, diff, restore)."""

    def get_history_url(self):
        return reverse("policy:history", args=[self.model._meta.model_name, self.object.pk])

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(_("History"), url=self.get_history_url(), icon_name="history"),
        ]


class RecordDeleteView(DeleteView):
    """Deletes through ``policy.actions.delete_record`` (history kept, restorable from
    "Recently deleted"); a record that frozen, submitted text depends on is kept, with a
    message saying why instead of an error page."""

    def delete_action(self):
        actions.delete_record(self.object, user=self.request.user)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError as error:
            kept = sorted({str(item) for item in error.protected_objects})
            messages.error(
                self.request,
                _(
                    "%(record)s was not deleted: submitted text depends on it and is kept "
                    "for good (%(kept)s). Close it instead if it is finished."
                )
                % {"record": self.object, "kept": "; ".join(kept[:3])},
            )
            return redirect(self.get_success_url())


class RecordViewSet(ModelViewSet):
    edit_view_class = RecordEditView
    delete_view_class = RecordDeleteView
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None

    @property
    def history_view(self):
        """Wagtail's own history URL leads to the record's full history (every version, with
        diff and restore), so the workspace has one history, not two."""
        model_name = self.model._meta.model_name

        def view(request, pk):
            return redirect("policy:history", model_name, pk)

        return view

    history_results_view = history_view

    def get_urlpatterns(self):
        # Only the policy team: anyone else gets a plain 403 (not Wagtail's redirect).
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            pattern.callback = workspace_view(pattern.callback)
        return patterns


class OrganisationViewSet(RecordViewSet):
    model = models.Organisation
    icon = "group"
    name = "policy_organisations"
    url_prefix = "policy/organisations"
    list_display = ["name", "kind", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
    edit_handler = record_form(FieldPanel("name"), FieldPanel("kind"), FieldPanel("website"))


class ConsultationViewSet(RecordViewSet):
    model = models.Consultation
    icon = "form"
    name = "policy_consultations"
    url_prefix = "policy/consultations"
    # The title opens the consultation's workspace page (questions, answers, status moves);
    # its "Edit the details" button leads to the edit form.
    list_display = [
        TitleColumn(
            "title",
            label=_("Title"),
            get_url=lambda consultation: reverse("policy:consultation", args=[consultation.pk]),
        ),
        "organisation",
        "closes",
        "status",
        "owner",
    ]
    list_filter = ["status", "organisation"]
    search_fields = ["title", "summary"]
    edit_handler = record_form(
        FieldPanel("title"),
        FieldPanel("organisation"),
        FieldPanel("link"),
        FieldPanel("summary"),
        FieldPanel("opens"),
        FieldPanel("closes"),
        FieldPanel("topics"),
        FieldPanel("owner"),
    )


class QuestionViewSet(RecordViewSet):
    model = models.Question
    icon = "help"
    name = "policy_questions"
    url_prefix = "policy/questions"
    list_display = ["__str__", "consultation"]
    list_filter = ["consultation"]
    search_fields = ["text"]
    edit_handler = record_form(
        FieldPanel("consultation"), FieldPanel("number"), FieldPanel("text"), FieldPanel("guidance")
    )


class EvidenceViewSet(RecordViewSet):
    model = models.EvidenceItem
    icon = "doc-full"
    name = "policy_evidence"
    url_prefix = "policy/evidence"
    menu_label = _("Evidence library")
    list_display = ["title", "kind", "source", "date"]
    list_filter = ["kind"]
    search_fields = ["title", "text", "source"]
    edit_handler = record_form(
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("text"),
        FieldPanel("source"),
        FieldPanel("link"),
        FieldPanel("document"),
        FieldPanel("date"),
        FieldPanel("topics"),
        MultiFieldPanel(
            [
                FieldPanel("consent_given_by"),
                FieldPanel("consent_recorded_on"),
                FieldPanel("consent_scope"),
                FieldPanel("anonymised"),
            ],
            heading=_("Consent (lived-experience quotes)"),
        ),
    )


class CoalitionViewSet(RecordViewSet):
    model = models.Coalition
    icon = "group"
    name = "policy_coalitions"
    url_prefix = "policy/coalitions"
    list_display = ["name", "updated_at"]
    search_fields = ["name", "description"]
    edit_handler = record_form(FieldPanel("name"), FieldPanel("description"), FieldPanel("members"))


class CoalitionActivityViewSet(RecordViewSet):
    model = models.CoalitionActivity
    icon = "list-ul"
    name = "policy_coalition_activities"
    url_prefix = "policy/coalition-activities"
    list_display = ["title", "coalition", "kind", "date"]
    list_filter = ["kind", "coalition"]
    search_fields = ["title", "description"]
    edit_handler = record_form(
        FieldPanel("coalition"),
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("date"),
        FieldPanel("description"),
        FieldPanel("consultations"),
        FieldPanel("co_signatories"),
    )


class EngagementViewSet(RecordViewSet):
    model = models.Engagement
    icon = "user"
    name = "policy_engagements"
    url_prefix = "policy/engagements"
    list_display = ["title", "kind", "date", "organisation"]
    list_filter = ["kind"]
    search_fields = ["title", "people", "outcome"]
    edit_handler = record_form(
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("date"),
        FieldPanel("organisation"),
        FieldPanel("people"),
        FieldPanel("outcome"),
        FieldPanel("consultations"),
    )


class ResponseViewSet(RecordViewSet):
    model = models.Response
    icon = "doc-full-inverse"
    name = "policy_responses"
    url_prefix = "policy/responses"
    list_display = ["__str__", "status", "lead_author", "submitted_on"]
    list_filter = ["status"]
    edit_handler = record_form(
        FieldPanel("consultation"),
        FieldPanel("lead_author"),
        FieldPanel("reviewers"),
        FieldPanel("summary"),
    )


VIEWSETS = [
    ConsultationViewSet,
    QuestionViewSet,
    ResponseViewSet,
    EvidenceViewSet,
    OrganisationViewSet,
    CoalitionViewSet,
    CoalitionActivityViewSet,
    EngagementViewSet,
]

"""The public face of the policy work: responses the team has submitted and chosen to
publish, with the text exactly as submitted."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from cms.models import SitePage
from policy.models.responses import ResponseVersion, rich_text_as_text


class ResponseIndexPage(SitePage):
    """ "Consultation responses": lists the published responses, newest first. Sits under the
    home page or a section page; edited by the communications team."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*SitePage.content_panels, FieldPanel("intro")]
    search_fields = [*SitePage.search_fields, index.SearchField("intro")]
    subpage_types = ["policy.PublishedResponsePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("consultation responses index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["responses"] = (
            PublishedResponsePage.objects.child_of(self)
            .live()
            .public()
            .select_related("frozen_version")
            .order_by("-listing_date", "-first_published_at")
        )
        return context


class PublishedResponsePage(SitePage):
    """A submitted response published on the public site. Created by the policy team's
    "Publish" action (``policy.actions.publish_response``) under the responses index; its
    text is the named version frozen at submission and cannot be edited here."""

    frozen_version = models.ForeignKey(
        ResponseVersion,
        verbose_name=_("submitted text"),
        on_delete=models.PROTECT,
        related_name="pages",
        editable=False,
    )
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("A line on why we responded.")
    )

    content_panels = [*SitePage.content_panels, FieldPanel("intro")]
    search_fields = [
        *SitePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("frozen_text"),
    ]
    parent_page_types = ["policy.ResponseIndexPage"]
    subpage_types = []
    # Made by the Publish action from a submitted response, never from the page tree.
    is_creatable = False

    class Meta:
        verbose_name = _("published consultation response")

    @property
    def content(self):
        return self.frozen_version.content

    def frozen_text(self):
        content = self.content
        parts = [content.get("consultation", ""), rich_text_as_text(content.get("summary"))]
        for answer in content.get("answers", []):
            parts.append(answer.get("question", ""))
            parts.append(rich_text_as_text(answer.get("body")))
        return "\n".join(parts)

    def search_summary_text(self):
        return (
            self.intro or self.search_description or rich_text_as_text(self.content.get("summary"))
        )

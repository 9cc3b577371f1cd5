"""Training courses: what the charity teaches, each with its dated events."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from cms.blocks import BodyBlock, stream_plain_text
from cms.models import SitePage
from events.models.choices import Format


class CourseIndexPage(SitePage):
    """ "Training courses": lists the courses under it. Sits under the home page or a section
    page; edited by the communications team."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*SitePage.content_panels, FieldPanel("intro")]
    search_fields = [*SitePage.search_fields, index.SearchField("intro")]
    subpage_types = ["events.CoursePage"]

    class Meta:
        verbose_name = _("course index")

    def get_meta_description(self):
        return self.search_description or self.intro

    def courses(self):
        return (
            CoursePage.objects.child_of(self)
            .live()
            .public()
            .prefetch_related("audiences")
            .order_by("title")
        )


class CoursePage(SitePage):
    """One training course (e.g. "Becoming trauma-informed"), under a course index. Its
    dated events are EventPages that name it. Edited by the communications team."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    audiences = ParentalManyToManyField(
        "events.Audience", verbose_name=_("who it is for"), blank=True, related_name="courses"
    )
    format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON
    )
    duration = models.CharField(
        _("duration"), max_length=100, blank=True, help_text=_('For example "One day".')
    )
    cost = models.CharField(
        _("cost"),
        max_length=200,
        blank=True,
        help_text=_('For example "£150 per person". Leave empty when the course is free.'),
    )
    learning_outcomes = RichTextField(
        _("learning outcomes"),
        blank=True,
        features=["bold", "italic", "ol", "ul", "link"],
        help_text=_("What people will be able to do after the course, as a list."),
    )
    delivered_by = models.CharField(
        _("delivered by"),
        max_length=255,
        blank=True,
        help_text=_("The trainers or organisation who deliver it."),
    )
    enquiry_email = models.EmailField(
        _("enquiry email"),
        blank=True,
        help_text=_("Where to ask about the course or book it for your organisation."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *SitePage.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("audiences"),
                FieldPanel("format"),
                FieldPanel("duration"),
                FieldPanel("cost"),
                FieldPanel("delivered_by"),
                FieldPanel("enquiry_email"),
            ],
            heading=_("About the course"),
        ),
        FieldPanel("learning_outcomes"),
        FieldPanel("body"),
    ]
    search_fields = [
        *SitePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("learning_outcomes"),
        index.SearchField("delivered_by"),
        index.SearchField("body"),
        index.FilterField("format"),
    ]
    parent_page_types = ["events.CourseIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("course")

    @property
    def is_free(self):
        return not self.cost

    def get_meta_description(self):
        return self.search_description or self.intro

    def search_summary_text(self):
        return f"{self.intro} {stream_plain_text(self.body)}"

    def upcoming_events(self):
        """Its live, public events still to come, soonest first."""
        return self.events.live().public().upcoming()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["upcoming"] = self.upcoming_events().for_listing()
        return context

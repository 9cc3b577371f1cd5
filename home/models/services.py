"""Services: a page for each service the charity runs (Hope Street), saying who it is for,
how to refer someone and what happens next."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index

from cms.blocks import BodyBlock, stream_plain_text
from cms.jsonld import script_tag
from cms.models import CustomImage, SitePage
from home.services_jsonld import service_data

__all__ = ["ServicePage"]

TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("step"), max_length=150)
    text = blocks.TextBlock(label=_("what happens"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("Step")


class ServicePage(SitePage):
    """One service the charity runs (such as Hope Street), under the home page or a section
    page; it has no pages under it. Edited by the service's manager and the communications
    team."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=600,
        help_text=_("What the service is, in a sentence or two; shown at the top and in search."),
    )
    who_for = RichTextField(
        _("who it is for"),
        features=TEXT_FEATURES,
        blank=True,
        help_text=_("Who can use the service, and who cannot."),
    )
    how_to_refer = RichTextField(
        _("how to refer"),
        features=TEXT_FEATURES,
        blank=True,
        help_text=_("Who can make a referral and what they need to send."),
    )
    referral_email = models.EmailField(
        _("referral email"), blank=True, help_text=_("Where referrals are sent, if by email.")
    )
    referral_phone = models.CharField(
        _("referral phone"),
        max_length=50,
        blank=True,
        help_text=_("A number to call about a referral."),
    )
    referral_url = models.URLField(
        _("referral form link"), blank=True, help_text=_("A referral form, if there is one online.")
    )
    steps = StreamField(
        [("step", StepBlock())],
        verbose_name=_("what happens"),
        blank=True,
        help_text=_("What happens after a referral, step by step, in order."),
    )
    contact_email = models.EmailField(
        _("contact email"), blank=True, help_text=_("For questions about the service.")
    )
    contact_phone = models.CharField(
        _("contact phone"),
        max_length=50,
        blank=True,
        help_text=_("For questions about the service."),
    )
    quote = models.TextField(
        _("quote"),
        blank=True,
        max_length=800,
        help_text=_("Words about the service from someone who knows it, with their consent."),
    )
    quote_attribution = models.CharField(
        _("quote attribution"),
        max_length=200,
        blank=True,
        help_text=_('Who said it, such as "A social worker"; name no one without consent.'),
    )
    lead_image = models.ForeignKey(
        CustomImage,
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown at the top of the page and when it is shared."),
    )
    body = StreamField(
        BodyBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("Anything more: the building, the team, stories, partners."),
    )

    content_panels = [
        *SitePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("lead_image"),
        FieldPanel("who_for"),
        MultiFieldPanel(
            [
                FieldPanel("how_to_refer"),
                FieldPanel("referral_email"),
                FieldPanel("referral_phone"),
                FieldPanel("referral_url"),
            ],
            heading=_("Referrals"),
        ),
        FieldPanel("steps"),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone")], heading=_("Contact")
        ),
        MultiFieldPanel([FieldPanel("quote"), FieldPanel("quote_attribution")], heading=_("Quote")),
        FieldPanel("body"),
    ]
    search_fields = [
        *SitePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("who_for"),
        index.SearchField("how_to_refer"),
        index.SearchField("steps"),
        index.SearchField("quote"),
        index.SearchField("body"),
    ]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("service")

    def clean(self):
        super().clean()
        if self.quote_attribution and not self.quote.strip():
            raise ValidationError({"quote": _("Give the quote, or leave the attribution empty.")})

    @property
    def sharing_image(self):
        return self.og_image or self.lead_image

    def get_meta_description(self):
        return self.search_description or self.intro

    def search_summary_text(self):
        parts = [
            self.intro,
            get_text_for_indexing(self.who_for),
            get_text_for_indexing(self.how_to_refer),
            stream_plain_text(self.steps),
            stream_plain_text(self.body),
        ]
        return " ".join(part for part in parts if part)

    @property
    def has_referral_contact(self):
        return bool(self.referral_email or self.referral_phone or self.referral_url)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["jsonld"] = script_tag(service_data(self, request))
        return context

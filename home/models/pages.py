"""Public content pages: the home page and general-purpose standard pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from cms.blocks import BodyBlock, LinkBlock, stream_plain_text
from cms.models import CustomImage, SitePage


class HomePage(SitePage):
    """The root of each language's site, directly under the tree root. Edited by the
    communications team; its Welsh twin is a wagtail-localize translation."""

    hero_heading = models.CharField(
        _("hero heading"),
        max_length=200,
        blank=True,
        help_text=_("The page's main heading. Leave empty to use the page title."),
    )
    hero_text = models.TextField(
        _("hero text"), blank=True, help_text=_("One or two sentences under the heading.")
    )
    hero_image = models.ForeignKey(
        CustomImage,
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A wide picture behind the heading (1200 × 500 works best)."),
    )
    hero_link_text = models.CharField(
        _("hero button text"),
        max_length=60,
        blank=True,
        help_text=_("The words on the button under the heading; leave empty for no button."),
    )
    hero_link = StreamField(
        [("link", LinkBlock())],
        verbose_name=_("hero button link"),
        blank=True,
        max_num=1,
        help_text=_("Where the button leads: a page of this site or another address."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *SitePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_link_text"),
                FieldPanel("hero_link"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *SitePage.search_fields,
        index.SearchField("hero_text"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    @property
    def heading(self):
        return self.hero_heading or self.title

    def search_summary_text(self):
        return f"{self.hero_text} {stream_plain_text(self.body)}"


class StandardPage(SitePage):
    """A general page of text and media (about us, contact, donate), under the home page or
    another standard page. Edited by the communications team."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=600,
        help_text=_("A short paragraph under the title, also used in listings and search."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*SitePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *SitePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    # Any page type may sit under a standard page (a section page), unless its own
    # parent_page_types say otherwise: plugins' index pages live in such sections.
    parent_page_types = ["home.HomePage", "home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")

    def get_meta_description(self):
        return self.search_description or self.intro

    def search_summary_text(self):
        return f"{self.intro} {stream_plain_text(self.body)}"

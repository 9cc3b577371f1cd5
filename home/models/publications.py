"""Publications: research briefings and reports, each a page with its PDF, listed with
filters by topic and year on a publication index."""

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, Site
from wagtail.search import index

from cms.blocks import BodyBlock, stream_plain_text
from cms.jsonld import script_tag
from cms.models import CustomDocument, CustomImage, SitePage, SitePageQuerySet, SiteSettings
from home.publications_jsonld import publication_data
from home.publications_listing import PublicationListing

__all__ = ["PublicationIndexPage", "PublicationPage"]

logger = logging.getLogger(__name__)

# The thumbnail a listing shows; its renditions are prefetched with the page rows.
THUMBNAIL = "fill-320x180"


class PublicationQuerySet(SitePageQuerySet):
    def newest_first(self):
        return self.order_by("-publication_date", "-pk")

    def for_listing(self):
        """What a listing card shows (topics, PDF, thumbnail) in a fixed number of queries
        whatever the number of publications."""
        return (
            self.select_related("pdf")
            .prefetch_related(
                "topics",
                Prefetch("lead_image", CustomImage.objects.prefetch_renditions(THUMBNAIL)),
            )
            .defer_streamfields()
        )


PublicationManager = PageManager.from_queryset(PublicationQuerySet)


@dataclass(frozen=True)
class Download:
    """A publication's file as the page offers it: link, type and size."""

    url: str
    title: str
    file_type: str
    size: int | None


def document_download(document):
    """The Download for `document`, or None when there is none to offer: no document, or
    its file gone from storage (logged, so the missing file can be put back)."""
    if document is None or not document.file:
        return None
    storage, name = document.file.storage, document.file.name
    try:
        if not storage.exists(name):
            logger.warning("Document %s: its file %s is missing from storage", document.pk, name)
            return None
        size = document.file_size or storage.size(name)
    except OSError:
        logger.warning("Document %s: its file %s could not be read", document.pk, name)
        return None
    return Download(document.url, document.title, document.file_extension.upper(), size)


class PublicationIndexPage(SitePage):
    """ "Research briefings": the listing of the publications under it, newest first, with
    filters by topic and year. Sits under the home page or a section page; edited by the
    communications team."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=600,
        help_text=_("A sentence or two on what these publications are, shown above the list."),
    )

    content_panels = [*SitePage.content_panels, FieldPanel("intro")]
    search_fields = [*SitePage.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.PublicationPage"]

    class Meta:
        verbose_name = _("publication index")

    def get_meta_description(self):
        return self.search_description or self.intro

    def search_summary_text(self):
        return self.intro

    def publications(self):
        """The live, public publications under this index."""
        return PublicationPage.objects.child_of(self).live().public()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listing = PublicationListing(
            self.publications(), request.GET, cache_scope=f"{self.pk}:{self.locale_id}"
        )
        publications = listing.page()
        context.update(
            listing=listing,
            publications=publications,
            links=listing.links(publications),
            facets=listing.facets(),
        )
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # A filter or page number that makes no sense: the listing says so, with a 400.
        if response.context_data["listing"].errors:
            response.status_code = 400
        return response


class PublicationPage(SitePage):
    """One publication (a research briefing or report) with its PDF, key findings and a
    citation, under a publication index. Edited by the communications and policy teams."""

    summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=800,
        help_text=_("What the publication is about, in two or three sentences."),
    )
    key_findings = StreamField(
        [("finding", blocks.CharBlock(label=_("Finding"), max_length=300))],
        verbose_name=_("key findings"),
        blank=True,
        help_text=_("The main points, one short sentence each, in the order to show them."),
    )
    pdf = models.ForeignKey(
        CustomDocument,
        verbose_name=_("PDF"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The full publication to download. If the file is later deleted, the page is "
            "shown without the download link."
        ),
    )
    publication_date = models.DateField(
        _("publication date"),
        default=timezone.localdate,
        help_text=_("When it was published; listings and search show this date."),
    )
    topics = ParentalManyToManyField(
        "cms.Topic",
        verbose_name=_("topics"),
        blank=True,
        related_name="+",
        help_text=_("The subjects it covers; readers can filter the list by topic."),
    )
    authors = models.CharField(
        _("authors"),
        max_length=255,
        blank=True,
        help_text=_("Who wrote it, as it should appear in the citation."),
    )
    citation = models.TextField(
        _("citation"),
        blank=True,
        max_length=1000,
        help_text=_(
            "How to cite it. Leave empty to use the organisation's name, the year, the "
            "title and the page's address."
        ),
    )
    lead_image = models.ForeignKey(
        CustomImage,
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional: a cover or illustration, shown at the top and in the list."),
    )
    body = StreamField(
        BodyBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("More about the publication: background, method, recommendations."),
    )

    objects = PublicationManager()

    content_panels = [
        *SitePage.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("publication_date"),
                FieldPanel("authors"),
                FieldPanel("topics"),
                FieldPanel("pdf"),
                FieldPanel("citation"),
            ],
            heading=_("Publication details"),
        ),
        FieldPanel("lead_image"),
        FieldPanel("key_findings"),
        FieldPanel("body"),
    ]
    # The listing date and the search topic follow the publication date and first topic.
    settings_panels = [*Page.settings_panels]
    search_fields = [
        *SitePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("key_findings"),
        index.SearchField("authors"),
        index.SearchField("body"),
        index.FilterField("publication_date"),
    ]
    parent_page_types = ["home.PublicationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("publication")

    def clean(self):
        super().clean()
        if self.pdf_id and self.pdf and document_download(self.pdf) is None:
            raise ValidationError(
                {
                    "pdf": _(
                        "The chosen document's file is missing. Upload it again or choose "
                        "another document."
                    )
                }
            )

    def save(self, *args, **kwargs):
        self.listing_date = self.publication_date
        topics = list(self.topics.all())
        self.topic = min(topics, key=lambda topic: topic.name) if topics else None
        super().save(*args, **kwargs)

    @property
    def sharing_image(self):
        return self.og_image or self.lead_image

    def get_meta_description(self):
        return self.search_description or self.summary

    def search_summary_text(self):
        findings = " ".join(str(block.value) for block in self.key_findings)
        return f"{self.summary} {findings} {stream_plain_text(self.body)}".strip()

    def download(self):
        return document_download(self.pdf)

    def generated_citation(self, request=None):
        """Authors (or the organisation) (year) title. Organisation. URL."""
        # The request's site serves this page: no query for the page's own site.
        site = Site.find_for_request(request) if request is not None else self.get_site()
        organisation = (
            SiteSettings.cached_for_site(site).organisation_name if site else ""
        ) or "One Small Thing"
        url = self.get_full_url(request)
        year = self.publication_date.year
        if self.authors:
            return f"{self.authors} ({year}) {self.title}. {organisation}. {url}"
        return f"{organisation} ({year}) {self.title}. {url}"

    def citation_text(self, request=None):
        return self.citation.strip() or self.generated_citation(request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        download = self.download()
        context.update(
            download=download,
            topics=list(self.topics.all()),
            citation=self.citation_text(request),
            jsonld=script_tag(publication_data(self, request, download)),
        )
        return context

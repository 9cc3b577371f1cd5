"""Models every plugin shares: images, documents, site settings and navigation menus."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.documents.models import AbstractDocument, Document, DocumentQuerySet
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import (
    Collection,
    Orderable,
    Page,
    PageManager,
    PageViewRestriction,
    Site,
    TranslatableMixin,
)
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms import cache as tagged
from cms import privacy


def _active_language():
    return translation.get_language() or settings.LANGUAGE_CODE


class Topic(models.Model):
    """A subject the charity works on (e.g. "Mothers and babies"), used to group and filter
    pages, documents and search results."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class ListingFields(models.Model):
    """The fields every public search source shares, so that listings and search can date,
    filter and count pages, documents and whatever later plugins add, all together.

    A model offered to public search (``cms.search``) subclasses this, adds
    ``listing_search_fields`` to its ``search_fields`` and has a ``public()`` queryset
    method; the system check in ``cms.checks`` names any source that does not.
    """

    listing_date = models.DateField(
        _("listing date"),
        null=True,
        blank=True,
        help_text=_(
            "The date shown in listings and search results. Leave empty to use the "
            "date the page was first published."
        ),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, editable=False, db_index=True)
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    listing_search_fields = [
        index.FilterField("year"),
        index.FilterField("topic"),
        index.FilterField("listing_date"),
    ]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        date = self.display_date
        self.year = date.year if date else None
        super().save(*args, **kwargs)

    def default_listing_date(self):
        """The date to show when no listing date is given."""
        return None

    @property
    def display_date(self):
        return self.listing_date or self.default_listing_date()


class CustomImage(AbstractImage):
    """An image with the alt text editors write once and every template reuses."""

    alt_text = models.CharField(
        _("alt text"),
        max_length=255,
        blank=True,
        help_text=_(
            "Describe the image for people who cannot see it. Leave empty only if "
            "the image is purely decorative."
        ),
    )
    credit = models.CharField(_("credit"), max_length=255, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "alt_text", "credit")

    @property
    def default_alt_text(self):
        return self.alt_text or getattr(self, "description", "") or ""

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class CustomDocumentQuerySet(DocumentQuerySet):
    def public(self):
        """Documents anyone may download: those outside every collection with a view
        restriction, and outside the collections inside those."""
        restricted = Q()
        for path in Collection.objects.filter(view_restrictions__isnull=False).values_list(
            "path", flat=True
        ):
            restricted |= Q(path__startswith=path)
        if not restricted:
            return self.all()
        # By id, not by a join on the path, so that search engines can filter on it too.
        private_ids = list(Collection.objects.filter(restricted).values_list("pk", flat=True))
        return self.exclude(collection__in=private_ids)


class CustomDocument(ListingFields, AbstractDocument):
    """A downloadable file: a report, or a training material (slides, a handout...) that the
    materials library lists. The text inside PDF, DOCX and PPTX files is extracted after
    upload (by a plugin's background task) into ``extracted_text``, which search indexes."""

    class Kind(models.TextChoices):
        SLIDES = "slides", _("Slides")
        HANDOUT = "handout", _("Handout")
        WORKBOOK = "workbook", _("Workbook")
        VIDEO = "video", _("Video")
        REPORT = "report", _("Report")
        OTHER = "other", _("Other material")

    class Extraction(models.TextChoices):
        PENDING = "pending", _("Waiting to be read")
        DONE = "done", _("Text extracted")
        FAILED = "failed", _("Could not be read")
        UNSUPPORTED = "unsupported", _("No text to extract from this type")

    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the document is and who it is for; shown in listings and search."),
    )
    listing_date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_(
            "When the document was written or published; shown in listings and search. "
            "Leave empty to use the upload date."
        ),
    )

    material_kind = models.CharField(
        _("material kind"),
        max_length=20,
        choices=Kind.choices,
        blank=True,
        help_text=_(
            "Choose a kind to list this file in the training materials library; leave empty "
            "for other documents."
        ),
    )
    author = models.CharField(
        _("author or presenter"), max_length=255, blank=True, help_text=_("Who wrote or gave it.")
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    page_count = models.PositiveIntegerField(_("pages or slides"), null=True, editable=False)
    extracted_text = models.TextField(_("text inside the file"), blank=True, editable=False)
    extraction_status = models.CharField(
        _("text extraction"),
        max_length=20,
        choices=Extraction.choices,
        default=Extraction.PENDING,
        editable=False,
    )
    extraction_error = models.CharField(
        _("why the text could not be read"), max_length=500, blank=True, editable=False
    )
    extracted_at = models.DateTimeField(_("text extracted"), null=True, editable=False)

    objects = CustomDocumentQuerySet.as_manager()

    admin_form_fields = (
        *Document.admin_form_fields,
        "description",
        "listing_date",
        "topic",
        "material_kind",
        "author",
        "language",
    )

    search_fields = [
        *AbstractDocument.search_fields,
        index.SearchField("description"),
        index.SearchField("author"),
        index.SearchField("extracted_text"),
        index.FilterField("material_kind"),
        index.FilterField("language"),
        *ListingFields.listing_search_fields,
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    def default_listing_date(self):
        return (self.created_at or timezone.now()).date()

    def search_summary_text(self):
        return f"{self.description} {self.extracted_text}".strip()


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Organisation details shown in the header, footer and structured data."""

    organisation_name = models.CharField(
        _("organisation name"), max_length=255, default="One Small Thing"
    )
    charity_number = models.CharField(_("registered charity number"), max_length=50, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    address = models.TextField(_("postal address"), blank=True)
    donation_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("donation page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page the footer's Donate button leads to."),
    )
    donation_url = models.URLField(
        _("or an external donation link"),
        blank=True,
        help_text=_("For a fundraising platform's page; used when no donation page is chosen."),
    )
    donation_heading = models.CharField(
        _("donation appeal heading"),
        max_length=200,
        blank=True,
        help_text=_(
            "Heading of the donation appeal that editors place in pages. Leave empty for "
            '"Support our work" in the visitor\'s language.'
        ),
    )
    donation_text = models.TextField(
        _("donation appeal text"),
        blank=True,
        max_length=600,
        help_text=_("One or two sentences on what a gift makes possible."),
    )
    donation_button_text = models.CharField(
        _("donation button text"),
        max_length=60,
        blank=True,
        help_text=_('Leave empty for "Donate" in the visitor\'s language.'),
    )
    footer_text = models.TextField(_("footer text"), blank=True)
    bluesky_url = models.URLField(_("Bluesky"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("charity_number"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("address"),
            ],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [
                PageChooserPanel("donation_page"),
                FieldPanel("donation_url"),
                FieldPanel("donation_heading"),
                FieldPanel("donation_text"),
                FieldPanel("donation_button_text"),
                FieldPanel("footer_text"),
            ],
            heading=_("Footer and donations"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("bluesky_url"),
                FieldPanel("x_url"),
                FieldPanel("facebook_url"),
                FieldPanel("instagram_url"),
                FieldPanel("linkedin_url"),
                FieldPanel("youtube_url"),
            ],
            heading=_("Social media"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    @classmethod
    def cached_for_site(cls, site):
        """The settings of `site`, read once and cached until they (or the donation page)
        change: one copy per language, as the donation link follows the language."""
        return tagged.memo(
            f"site-settings:{site.pk}:{_active_language()}",
            lambda: cls.for_site(site).with_donation_link(),
        )

    @classmethod
    def cached_for_default_site(cls):
        """The default site's settings, as `cached_for_site`, without a query for the site."""
        return tagged.memo(
            f"site-settings:default:{_active_language()}",
            lambda: cls.for_site(Site.objects.get(is_default_site=True)).with_donation_link(),
        )

    def with_donation_link(self):
        """These settings, with the donation link worked out now so a cached copy has it.
        A new translation of the donation page changes it."""
        if self.donation_page_id and self.donation_page:
            tagged.depends_on(tagged.translations_tag(self.donation_page.translation_key))
        _ = self.donation_link
        return self

    # Cached on the instance: the copies cached_for_site keeps carry it, so pages ask
    # the database for the donation page (and its translation) once, not per view.
    @cached_property
    def donation_link(self):
        """Where Donate leads: the chosen page (a link that follows the site's own host and
        port, and the page if it moves), else the external link."""
        if self.donation_page_id and self.donation_page.live:
            return self.donation_page.localized.url
        return self.donation_url

    @property
    def social_links(self):
        labels = [
            ("bluesky_url", "Bluesky"),
            ("x_url", "X"),
            ("facebook_url", "Facebook"),
            ("instagram_url", "Instagram"),
            ("linkedin_url", "LinkedIn"),
            ("youtube_url", "YouTube"),
        ]
        return [(label, getattr(self, field)) for field, label in labels if getattr(self, field)]


class Menu(TranslatableMixin, ClusterableModel):
    """A navigation menu (the main navigation or the footer links), translatable per locale."""

    class Handle(models.TextChoices):
        MAIN = "main", _("Main navigation")
        FOOTER = "footer", _("Footer links")

    handle = models.CharField(_("menu"), max_length=20, choices=Handle.choices)

    panels = [FieldPanel("handle"), InlinePanel("items", label=_("Links"))]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("menu")
        verbose_name_plural = _("menus")
        constraints = [
            models.UniqueConstraint(fields=["handle", "locale"], name="unique_menu_per_locale"),
        ]

    def __str__(self):
        return f"{self.get_handle_display()} ({self.locale})"

    @classmethod
    def links_for(cls, handle, site):
        """The links of menu `handle` in the active language (else the default language's
        menu) as the templates show them, read once and cached until a menu, an item or a
        linked page changes. Plain values, the same for every visitor of `site`: a text,
        a URL (relative on its own site), and the linked page's url_path (to mark the
        current page)."""
        language = _active_language()

        def build():
            menus = {
                menu.locale.language_code: menu
                for menu in cls.objects.filter(handle=handle)
                .select_related("locale")
                .prefetch_related("items__link_page")
            }
            menu = menus.get(language) or menus.get(settings.LANGUAGE_CODE)
            return [item.as_link(site) for item in menu.items.all()] if menu else []

        return tagged.memo(f"menu:{handle}:{language}:{site.pk if site else ''}", build)


class MenuItem(Orderable):
    menu = ParentalKey(Menu, on_delete=models.CASCADE, related_name="items")
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    link_url = models.URLField(_("or an external link"), blank=True)
    label = models.CharField(
        _("label"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty to use the page title."),
    )

    panels = [PageChooserPanel("link_page"), FieldPanel("link_url"), FieldPanel("label")]

    def clean(self):
        if bool(self.link_page) == bool(self.link_url):
            raise ValidationError(_("Choose a page or enter an external link, not both."))
        if self.link_url and not self.label:
            raise ValidationError({"label": _("An external link needs a label.")})

    @property
    def text(self):
        return self.label or (self.link_page.title if self.link_page else self.link_url)

    def as_link(self, site):
        """What the menu template needs, as `{% pageurl %}` would give it on `site`."""
        if self.link_page is None:
            return {"text": self.text, "url": self.link_url, "url_path": None}
        return {
            "text": self.text,
            "url": self.link_page.get_url(current_site=site),
            "url_path": self.link_page.url_path,
        }

    def __str__(self):
        return self.text


class SitePageQuerySet(PageQuerySet):
    """Wagtail's page queries, with privacy read from the cache (cms.privacy): `public()`,
    `private()` and `not_public()` ask the database nothing about view restrictions.
    A plugin's own page queryset subclasses this to get the same."""

    def private_q(self):
        return privacy.private_q()


SitePageManager = PageManager.from_queryset(SitePageQuerySet)


class SitePage(ListingFields, Page):
    """Base of every public page type, whichever plugin defines it; never created itself.

    Concrete, so that search can filter and count every page type together by the listing
    fields (date, year, topic). Sharing fields sit in the promote tab.
    """

    og_image = models.ForeignKey(
        CustomImage,
        verbose_name=_("sharing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared on social media (1200 × 630 works best)."),
    )

    # The shared base has no template of its own: editors pick one of its page types.
    is_creatable = False

    objects = SitePageManager()

    settings_panels = [FieldPanel("listing_date"), FieldPanel("topic"), *Page.settings_panels]
    promote_panels = [*Page.promote_panels, FieldPanel("og_image")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("search_description"),
        *ListingFields.listing_search_fields,
    ]

    class Meta:
        verbose_name = _("site page")

    def __str__(self):
        return self.title

    def default_listing_date(self):
        return self.first_published_at.date() if self.first_published_at else None

    def section_pages(self):
        """The live, public pages directly under this one, in tree order, for the section
        listing on index-like pages (so every page is reachable by links)."""
        return privacy.public_pages(self.get_children().live()).specific().defer_streamfields()

    def get_view_restrictions(self):
        """Wagtail's restrictions on this page and the sections above it, asked of the
        database only where some apply. Whether none do is a fact per page and path,
        cached until a restriction or the page (or one above it) changes, so Wagtail's
        privacy check (the `check_view_restrictions` serve hook) costs a public page no
        query. Whether a visitor passes a restriction is still checked per request."""
        if self.pk is None or self._has_view_restrictions():
            return super().get_view_restrictions()
        return PageViewRestriction.objects.none()

    def _has_view_restrictions(self):
        def build():
            # Ancestors are loaded, so their tags are recorded; this page is not.
            tagged.depends_on(tagged.page_tag(self.pk))
            return super(SitePage, self).get_view_restrictions().exists()

        return tagged.memo(f"privacy:restricted:{self.pk}:{self.path}", build)

    @property
    def sharing_image(self):
        return self.og_image

    def get_meta_description(self):
        return self.search_description

    def search_summary_text(self):
        """Plain text the search page draws its highlighted snippet from."""
        return self.search_description

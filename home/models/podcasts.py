"""Podcasts: an index of series, each series with its episodes and its own podcast feed.

PodcastIndexPage > PodcastSeriesPage > PodcastEpisodePage. A series is what podcast apps
subscribe to (its feed, ``feed/``, is in home.podcasts_feeds); an episode carries one audio
source: an uploaded document or an external link with its length and type.
"""

from datetime import datetime, time
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, PageManager
from wagtail.search import index

from cms.blocks import BodyBlock, stream_plain_text
from cms.jsonld import script_tag
from cms.models import CustomDocument, CustomImage, SitePage, SitePageQuerySet, SiteSettings
from home.podcasts_audio import MIME_TYPE_CHOICES, Audio, document_audio, is_audio_document
from home.podcasts_feeds import series_feed_response
from home.podcasts_jsonld import episode_data, series_data

__all__ = ["PodcastEpisodePage", "PodcastGuest", "PodcastIndexPage", "PodcastSeriesPage"]

LONDON = ZoneInfo("Europe/London")
EPISODES_PER_PAGE = 20
ARTWORK_MIN, ARTWORK_MAX = 1400, 3000
TRANSCRIPT_FEATURES = ["bold", "italic", "h3", "h4", "ol", "ul", "link"]

# A subset of Apple Podcasts' categories (https://podcasters.apple.com/support/1691),
# spelt exactly as Apple lists them, with their subcategories.
ITUNES_CATEGORIES = {
    "Society & Culture": ["Documentary", "Personal Journals", "Philosophy", "Relationships"],
    "Government": [],
    "Health & Fitness": ["Medicine", "Mental Health", "Nutrition"],
    "News": ["Daily News", "News Commentary", "Politics"],
    "Education": ["Courses", "How To", "Self-Improvement"],
    "Kids & Family": ["Parenting"],
    "True Crime": [],
}
CATEGORY_CHOICES = [(name, name) for name in ITUNES_CATEGORIES]
SUBCATEGORY_CHOICES = [
    (name, [(sub, sub) for sub in subs]) for name, subs in ITUNES_CATEGORIES.items() if subs
]


def format_duration(seconds):
    """1:02:03 for 3723 seconds: hours, minutes, seconds."""
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


def iso_duration(seconds):
    """PT1H2M3S for 3723 seconds (ISO 8601, for <time datetime> and schema.org)."""
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    parts = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return f"PT{parts}{secs}S" if secs or not parts else f"PT{parts}"


class PodcastIndexPage(SitePage):
    """ "Podcast": the list of the charity's podcast series. Sits under the home page or a
    section page; edited by the communications team."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=600,
        help_text=_("A sentence or two on what the podcasts are about, shown above the series."),
    )

    content_panels = [*SitePage.content_panels, FieldPanel("intro")]
    search_fields = [*SitePage.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.PodcastSeriesPage"]

    class Meta:
        verbose_name = _("podcast index")

    def get_meta_description(self):
        return self.search_description or self.intro

    def search_summary_text(self):
        return self.intro

    def series(self):
        return (
            PodcastSeriesPage.objects.child_of(self)
            .live()
            .public()
            .prefetch_related(
                models.Prefetch(
                    "artwork", queryset=CustomImage.objects.prefetch_renditions("fill-300x300")
                )
            )
            .order_by("-listing_date", "-first_published_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["series_list"] = self.series()
        return context


class PodcastSeriesPage(RoutablePageMixin, SitePage):
    """One podcast series (a show), with its episodes under it and its own feed for podcast
    apps at ``feed/``. Sits under the podcast index; edited by the communications team."""

    description = models.TextField(
        _("description"),
        max_length=4000,
        blank=True,
        help_text=_("What the series is about; podcast apps show it under the series title."),
    )
    artwork = models.ForeignKey(
        CustomImage,
        verbose_name=_("artwork"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "A square JPEG or PNG image between 1400 × 1400 and 3000 × 3000 pixels: Apple "
            "Podcasts refuses other sizes."
        ),
    )
    podcast_author = models.CharField(
        _("author"),
        max_length=255,
        default="One Small Thing",
        help_text=_("Who makes the series, as podcast apps show it."),
    )
    owner_email = models.EmailField(
        _("owner email"),
        blank=True,
        help_text=_(
            "Where podcast directories write about the series (not shown to listeners). "
            "Leave empty to use the contact email in the site settings."
        ),
    )
    itunes_category = models.CharField(
        _("category"),
        max_length=50,
        choices=CATEGORY_CHOICES,
        default="Society & Culture",
        help_text=_("The Apple Podcasts category the series is listed under."),
    )
    itunes_subcategory = models.CharField(
        _("subcategory"),
        max_length=50,
        choices=SUBCATEGORY_CHOICES,
        blank=True,
        help_text=_("Optional: a subcategory of the category chosen above."),
    )
    explicit = models.BooleanField(
        _("explicit content"),
        default=False,
        help_text=_("Tick if any episode has explicit language or adult content."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language spoken in the episodes. Leave empty for the page's language."),
    )

    content_panels = [
        *SitePage.content_panels,
        FieldPanel("description"),
        FieldPanel("artwork"),
        MultiFieldPanel(
            [
                FieldPanel("podcast_author"),
                FieldPanel("owner_email"),
                FieldRowPanel([FieldPanel("itunes_category"), FieldPanel("itunes_subcategory")]),
                FieldPanel("explicit"),
                FieldPanel("language"),
            ],
            heading=_("For podcast apps"),
        ),
    ]
    search_fields = [
        *SitePage.search_fields,
        index.SearchField("description"),
        index.SearchField("podcast_author"),
    ]
    parent_page_types = ["home.PodcastIndexPage"]
    subpage_types = ["home.PodcastEpisodePage"]

    class Meta:
        verbose_name = _("podcast series")
        verbose_name_plural = _("podcast series")

    def clean(self):
        super().clean()
        subcategories = ITUNES_CATEGORIES.get(self.itunes_category, [])
        if self.itunes_subcategory and self.itunes_subcategory not in subcategories:
            raise ValidationError(
                {
                    "itunes_subcategory": _(
                        "“%(sub)s” is not a subcategory of “%(category)s”. Choose one listed "
                        "under it, or leave it empty."
                    )
                    % {"sub": self.itunes_subcategory, "category": self.itunes_category}
                }
            )

    def artwork_problem(self):
        """What podcast apps will not accept in the artwork, for the editor; or None."""
        if self.artwork is None:
            return _("This series has no artwork: podcast apps need a square image.")
        width, height = self.artwork.width, self.artwork.height
        if width != height or width < ARTWORK_MIN:
            return _(
                "The series artwork is %(width)s × %(height)s pixels. Apple Podcasts needs a "
                "square image from 1400 × 1400 to 3000 × 3000 pixels: choose another image."
            ) % {"width": width, "height": height}
        return None

    @property
    def sharing_image(self):
        return self.og_image or self.artwork

    def get_meta_description(self):
        return self.search_description or Truncator(self.description).chars(300)

    def search_summary_text(self):
        return self.description

    def get_language(self):
        return self.language or self.locale.language_code

    def get_owner_email(self, request=None):
        if self.owner_email:
            return self.owner_email
        site_settings = SiteSettings.for_request(request) if request else None
        if site_settings is None:
            site_settings = SiteSettings.for_site(self.get_site())
        return site_settings.contact_email

    def episodes(self):
        """The live, public episodes of this series."""
        return PodcastEpisodePage.objects.child_of(self).live().public()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(
            self.episodes().for_listing().by_season(),
            EPISODES_PER_PAGE,
            allow_empty_first_page=True,
        )
        context["episodes"] = paginator.get_page(request.GET.get("page"))
        context["feed_url"] = self.url + self.reverse_subpage("feed") if self.url else ""
        context["jsonld"] = script_tag(series_data(self, request))
        return context

    @path("feed/")
    def feed(self, request):
        return series_feed_response(self, request)


class PodcastEpisodeQuerySet(SitePageQuerySet):
    def newest_first(self):
        return self.order_by(F("listing_date").desc(nulls_first=True), "-first_published_at", "-pk")

    def by_season(self):
        """Latest season first (episodes without a season last), newest episode first."""
        return self.order_by(
            F("season_number").desc(nulls_last=True),
            F("listing_date").desc(nulls_first=True),
            "-first_published_at",
            "-pk",
        )

    def for_listing(self):
        """What an episode card shows, without the show notes and transcript."""
        return self.defer_streamfields().defer("transcript")

    def with_public_audio(self):
        """Episodes with an external link, or a document anyone may download."""
        return self.filter(
            models.Q(audio_document__in=CustomDocument.objects.public())
            | (models.Q(audio_document__isnull=True) & ~models.Q(audio_url=""))
        ).select_related("audio_document")


PodcastEpisodeManager = PageManager.from_queryset(PodcastEpisodeQuerySet)


class PodcastEpisodeForm(WagtailAdminPageForm):
    """Publishing needs exactly one audio source; a draft may wait for its recording."""

    def clean(self):
        cleaned = super().clean()
        if not self.is_deferred_validation:
            document, url = cleaned.get("audio_document"), cleaned.get("audio_url")
            unclear = {"audio_document", "audio_url"} & set(self.errors)
            if not document and not url and not unclear:
                self.add_error(
                    "audio_document",
                    _("Choose the episode's audio file, or give a link to it, to publish it."),
                )
        return cleaned


class PodcastEpisodePage(SitePage):
    """One episode of a podcast series: its audio, guests, show notes and transcript. Sits
    under a podcast series; edited by the communications team."""

    class EpisodeType(models.TextChoices):
        FULL = "full", _("Full episode")
        TRAILER = "trailer", _("Trailer")
        BONUS = "bonus", _("Bonus")

    summary = models.TextField(
        _("summary"),
        max_length=1000,
        blank=True,
        help_text=_("A few sentences on the episode, shown in listings and in podcast apps."),
    )
    audio_document = models.ForeignKey(
        CustomDocument,
        verbose_name=_("audio file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Upload the recording as an MP3, M4A, WAV or Ogg document."),
    )
    audio_url = models.URLField(
        _("or an external audio link"),
        blank=True,
        max_length=500,
        validators=[URLValidator(schemes=["https"])],
        help_text=_("For a recording kept on a podcast host: its https:// link to the file."),
    )
    audio_length = models.PositiveBigIntegerField(
        _("file size in bytes"),
        null=True,
        blank=True,
        help_text=_("For an external link: the size of the file, in bytes."),
    )
    audio_mime_type = models.CharField(
        _("file type"),
        max_length=20,
        choices=MIME_TYPE_CHOICES,
        blank=True,
        help_text=_("For an external link: the kind of audio file."),
    )
    duration = models.PositiveIntegerField(
        _("duration in seconds"),
        null=True,
        blank=True,
        help_text=_("How long the episode lasts, in seconds (shown as hours:minutes:seconds)."),
    )
    season_number = models.PositiveSmallIntegerField(
        _("season"), null=True, blank=True, help_text=_("The season number, if any.")
    )
    episode_number = models.PositiveSmallIntegerField(
        _("episode"), null=True, blank=True, help_text=_("The episode's number in its season.")
    )
    episode_type = models.CharField(
        _("episode type"),
        max_length=10,
        choices=EpisodeType.choices,
        default=EpisodeType.FULL,
        help_text=_("A trailer introduces the series; a bonus episode is extra material."),
    )
    show_notes = StreamField(
        BodyBlock(),
        verbose_name=_("show notes"),
        blank=True,
        help_text=_("Links and notes for listeners: what was discussed and where to find more."),
    )
    transcript = RichTextField(
        _("transcript"),
        features=TRANSCRIPT_FEATURES,
        blank=True,
        help_text=_("Everything said in the episode, with the speakers' names."),
    )

    objects = PodcastEpisodeManager()
    base_form_class = PodcastEpisodeForm

    content_panels = [
        *SitePage.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("audio_document"),
                FieldPanel("audio_url"),
                FieldRowPanel([FieldPanel("audio_length"), FieldPanel("audio_mime_type")]),
                FieldPanel("duration"),
            ],
            heading=_("Audio"),
        ),
        FieldRowPanel(
            [FieldPanel("season_number"), FieldPanel("episode_number"), FieldPanel("episode_type")],
            heading=_("Place in the series"),
        ),
        InlinePanel("guests", label=_("Guests")),
        FieldPanel("show_notes"),
        FieldPanel("transcript"),
    ]
    search_fields = [
        *SitePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("show_notes"),
        index.SearchField("transcript"),
        index.RelatedFields("guests", [index.SearchField("name"), index.SearchField("role")]),
        index.FilterField("season_number"),
    ]
    parent_page_types = ["home.PodcastSeriesPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("podcast episode")

    def clean(self):
        super().clean()
        errors = {}
        if self.audio_document_id and self.audio_url:
            errors["audio_url"] = _(
                "Give one audio source: the uploaded file or the external link, not both."
            )
        elif self.audio_url:
            if not self.audio_length:
                errors["audio_length"] = _("Give the size of the linked file, in bytes.")
            if not self.audio_mime_type:
                errors["audio_mime_type"] = _("Choose the kind of the linked audio file.")
        elif self.audio_document_id and not is_audio_document(self.audio_document):
            errors["audio_document"] = _(
                "This document is not an audio file. Choose an MP3, M4A, WAV or Ogg file."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def series(self):
        return self.get_parent().specific

    @property
    def published_at(self):
        """When the episode came out: its date (at 9 in the morning, UK time) or, without
        one, the moment it was first published."""
        if self.listing_date:
            return datetime.combine(self.listing_date, time(9), tzinfo=LONDON)
        return self.first_published_at

    @property
    def duration_display(self):
        return format_duration(self.duration) if self.duration else ""

    @property
    def duration_iso(self):
        return iso_duration(self.duration) if self.duration else ""

    def audio(self, *, public_only=True) -> Audio | None:
        """The playable audio, or None: no source, a deleted or private document, or a file
        missing from storage. The feed checks privacy in its query (public_only=False)."""
        if self.audio_url:
            return Audio(self.audio_url, self.audio_length or 0, self.audio_mime_type, True)
        if not self.audio_document_id:
            return None
        document = self.audio_document
        if public_only and not CustomDocument.objects.public().filter(pk=document.pk).exists():
            return None
        return document_audio(document)

    @cached_property
    def playable_audio(self):
        return self.audio()

    def audio_problem(self):
        """Why visitors get no player, for staff; None when the audio plays."""
        if self.playable_audio:
            return None
        if not self.audio_document_id and not self.audio_url:
            return _(
                "This episode has no audio: its file was deleted or none was chosen. "
                "Visitors see no player and podcast apps do not list it."
            )
        return _(
            "This episode's audio file is missing from storage, private or not an audio "
            "file. Visitors see no player and podcast apps do not list it. Upload the "
            "file again."
        )

    @property
    def sharing_image(self):
        return self.og_image or self.series.artwork

    def get_meta_description(self):
        return self.search_description or self.summary

    def search_summary_text(self):
        return f"{self.summary} {stream_plain_text(self.show_notes)}".strip()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        series = self.series
        context.update(
            series=series,
            audio=self.playable_audio,
            guests=list(self.guests.all()),
            jsonld=script_tag(episode_data(self, series, self.playable_audio, request)),
            show_staff_notes=request.user.has_perm("wagtailadmin.access_admin"),
        )
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        audio = self.playable_audio
        if audio and audio.external:
            # The site's CSP plays media from itself only: let this episode's host in.
            parts = urlsplit(audio.url)
            response._csp_update = {"media-src": [f"{parts.scheme}://{parts.netloc}"]}
        return response


class PodcastGuest(Orderable):
    """A guest on an episode: a name, a role, or both (some guests are not named)."""

    page = ParentalKey(PodcastEpisodePage, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty for a guest who does not wish to be named."),
    )
    role = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        help_text=_("What they do or why they are on the episode, e.g. “Prison governor”."),
    )

    panels = [FieldPanel("name"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("guest")
        verbose_name_plural = _("guests")

    def clean(self):
        if not self.name.strip() and not self.role.strip():
            raise ValidationError(_("Give the guest's name, their role, or both."))

    def __str__(self):
        return ", ".join(part for part in (self.name, self.role) if part)

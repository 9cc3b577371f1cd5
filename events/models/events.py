"""Dated events: national days, prison workshops, follow-up days, network events."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, prefetch_related_objects
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from cms import cache as tagged
from cms.blocks import BodyBlock, stream_plain_text
from cms.models import SitePage, SitePageQuerySet
from events.listing import EventListing
from events.models.choices import Booking, Format, Region, Sector, Status
from events.models.courses import CoursePage

LONDON = ZoneInfo("Europe/London")
# How long a cached page listing upcoming or past events may be kept: the split moves with
# the clock, not with an edit, so no purge would tell the page cache.
TIME_BOUND = timedelta(minutes=10)

# A change to any of these in a published event raises its iCalendar SEQUENCE, so calendar
# programs that imported it replace their copy (RFC 5545 3.8.7.4).
SEQUENCE_FIELDS = (
    "start",
    "end",
    "all_day",
    "status",
    "format",
    "venue_name",
    "venue_address",
    "venue_postcode",
)


class EventQuerySet(SitePageQuerySet):
    def upcoming(self, now=None):
        """Events not yet over, soonest first. A cached page that lists them is kept at
        most TIME_BOUND, so an event that has ended leaves it without any edit."""
        now = now or timezone.now()
        tagged.expires_at(now + TIME_BOUND)
        return self.filter(end__gte=now).order_by("start", "pk")

    def past(self, now=None):
        """Events that have ended, newest first (cached for at most TIME_BOUND)."""
        now = now or timezone.now()
        tagged.expires_at(now + TIME_BOUND)
        return self.filter(end__lt=now).order_by("-start", "-pk")

    def in_year(self, year):
        """Events starting in `year` (UK time); a range, so the start index serves it."""
        return self.filter(
            start__gte=datetime(year, 1, 1, tzinfo=LONDON),
            start__lt=datetime(year + 1, 1, 1, tzinfo=LONDON),
        )

    def year_counts(self):
        """{year: number of events starting that year (UK time)}, in one query."""
        rows = (
            self.order_by()
            .annotate(start_year=ExtractYear("start", tzinfo=LONDON))
            .values("start_year")
            .annotate(n=Count("pk"))
        )
        return {row["start_year"]: row["n"] for row in rows}

    def for_listing(self):
        """What an event card shows, in a fixed number of queries whatever the count."""
        return self.select_related("course").prefetch_related("audiences").defer_streamfields()


EventManager = PageManager.from_queryset(EventQuerySet)


class EventIndexPage(SitePage):
    """ "Events": the listing of the dated events under it, upcoming and past, with filters
    and calendar feeds. Sits under the home page or a section page; edited by the
    communications team."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*SitePage.content_panels, FieldPanel("intro")]
    search_fields = [*SitePage.search_fields, index.SearchField("intro")]
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("event index")

    def get_meta_description(self):
        return self.search_description or self.intro

    def events(self):
        """The live, public events under this index (private cohorts never listed)."""
        return EventPage.objects.child_of(self).live().public()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listing = EventListing(
            self.events(), request.GET, cache_scope=f"{self.pk}:{self.locale_id}"
        )
        events = listing.page()
        context.update(
            listing=listing,
            events=events,
            links=listing.links(events),
            when_counts=listing.when_counts(),
            facets=listing.facets(),
        )
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # A filter or page number that makes no sense: the listing says so, with a 400.
        if response.context_data["listing"].errors:
            response.status_code = 400
        return response


class EventPage(SitePage):
    """One dated event (a training day, a workshop inside a prison, a network event), under
    an event index. May belong to a course and follow up an earlier event. A workshop for
    one establishment's staff is kept private with Wagtail's page privacy. Edited by the
    communications team."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    start = models.DateTimeField(_("starts"), db_index=True)
    end = models.DateTimeField(_("ends"), db_index=True)
    all_day = models.BooleanField(
        _("all day"),
        default=False,
        help_text=_("Show the dates without times (the times are then ignored)."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON
    )
    venue_name = models.CharField(_("venue"), max_length=255, blank=True)
    venue_address = models.TextField(_("venue address"), blank=True)
    venue_postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    region = models.CharField(
        _("region"), max_length=20, choices=Region.choices, blank=True, db_index=True
    )
    sector = models.CharField(
        _("sector"), max_length=20, choices=Sector.choices, blank=True, db_index=True
    )
    audiences = ParentalManyToManyField(
        "events.Audience", verbose_name=_("who it is for"), blank=True, related_name="events"
    )
    course = models.ForeignKey(
        "events.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    follows_up = models.ForeignKey(
        "self",
        verbose_name=_("follows up"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        help_text=_("The earlier event this is a follow-up day for."),
    )
    materials = ParentalManyToManyField(
        "cms.CustomDocument",
        verbose_name=_("materials used"),
        blank=True,
        related_name="events",
    )
    booking = models.CharField(
        _("booking"), max_length=20, choices=Booking.choices, default=Booking.NONE
    )
    booking_url = models.URLField(_("booking link"), blank=True)
    booking_email = models.EmailField(_("enquiry email"), blank=True)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("For registration on this site: when these are taken, people join a waitlist."),
    )
    price = models.CharField(
        _("price"),
        max_length=100,
        blank=True,
        help_text=_('For example "£40". Leave empty when the event is free.'),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    # iCalendar SEQUENCE: raised when the date, place or status of a published event changes.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = EventManager()

    content_panels = [
        *SitePage.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("all_day"),
                FieldPanel("status"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("format"),
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldPanel("venue_postcode"),
                FieldPanel("region"),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("audiences"),
                FieldPanel("sector"),
                PageChooserPanel("course", "events.CoursePage"),
                PageChooserPanel("follows_up", "events.EventPage"),
                FieldPanel("materials"),
            ],
            heading=_("Who and what"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("booking"),
                FieldPanel("booking_url"),
                FieldPanel("booking_email"),
                FieldPanel("capacity"),
                FieldPanel("price"),
            ],
            heading=_("Booking"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *SitePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("venue_name"),
        index.SearchField("body"),
        index.FilterField("start"),
        index.FilterField("status"),
        index.FilterField("region"),
        index.FilterField("sector"),
        index.FilterField("format"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("An event cannot end before it starts.")})
        if self.booking == Booking.EXTERNAL and not self.booking_url:
            raise ValidationError({"booking_url": _("Give the link people book through.")})
        if self.booking == Booking.ENQUIRE and not self.booking_email:
            raise ValidationError({"booking_email": _("Give the email people enquire to.")})
        if self.booking == Booking.REGISTER and not self.capacity:
            raise ValidationError(
                {"capacity": _("Give the number of places for registration on this site.")}
            )

    def default_listing_date(self):
        return self.local_start.date() if self.start else None

    @property
    def local_start(self):
        return timezone.localtime(self.start, LONDON)

    @property
    def local_end(self):
        return timezone.localtime(self.end, LONDON)

    @property
    def is_multi_day(self):
        return self.local_start.date() != self.local_end.date()

    @property
    def is_cancelled(self):
        return self.status == Status.CANCELLED

    def has_ended(self, now=None):
        now = now or timezone.now()
        if self.end >= now:
            tagged.expires_at(self.end)  # a cached page showing it changes when it ends
        return self.end < now

    def get_meta_description(self):
        return self.search_description or self.intro

    def search_summary_text(self):
        return f"{self.intro} {stream_plain_text(self.body)}"

    def save(self, *args, **kwargs):
        self._bump_sequence(kwargs)
        return super().save(*args, **kwargs)

    def _bump_sequence(self, save_kwargs):
        """Raise `sequence` by one when the date, place, format or status of a published
        event changes. The stored row is the baseline: a revision may carry an older value."""
        update_fields = save_kwargs.get("update_fields")
        if self.pk is None or (
            update_fields is not None and not set(update_fields) & set(SEQUENCE_FIELDS)
        ):
            return
        stored = (
            EventPage.objects.filter(pk=self.pk)
            .values("live", "sequence", *SEQUENCE_FIELDS)
            .first()
        )
        if stored is None:
            return
        changed = stored["live"] and any(
            getattr(self, name) != stored[name] for name in SEQUENCE_FIELDS
        )
        self.sequence = stored["sequence"] + (1 if changed else 0)
        if update_fields is not None and "sequence" not in update_fields:
            save_kwargs["update_fields"] = [*update_fields, "sequence"]

    def get_context(self, request, *args, **kwargs):
        # The audiences are shown and put in the structured data: read once.
        prefetch_related_objects([self], "audiences")
        context = super().get_context(request, *args, **kwargs)
        # One read of the view restrictions for the three pages this one links to.
        public = Page.objects.public().values("pk")
        context["follow_ups"] = self.follow_ups.live().filter(pk__in=public).order_by("start", "pk")
        context["course"] = (
            CoursePage.objects.live().filter(pk=self.course_id, pk__in=public).first()
            if self.course_id
            else None
        )
        context["earlier_event"] = (
            EventPage.objects.live().filter(pk=self.follows_up_id, pk__in=public).first()
            if self.follows_up_id
            else None
        )
        return context


def all_day_bounds(first_day, last_day):
    """(start, end) as aware datetimes for an all-day event from `first_day` to `last_day`
    inclusive, in UK time."""
    start = datetime.combine(first_day, time.min, tzinfo=LONDON)
    end = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=LONDON) - timedelta(
        seconds=1
    )
    return start, end

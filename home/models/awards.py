"""Awards: organisations holding (or working towards) the Working with Trauma Quality Mark,
prison units recognised under the Working with Trauma framework for secure settings, and the
directory page that lists them both."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.jsonld import script_tag
from cms.models import SitePage
from home.awards_jsonld import directory_data
from home.awards_listing import AwardsListing

__all__ = ["AwardsDirectoryPage", "QualityMarkAward", "SecureSettingsAward"]

FIRST_YEAR, LAST_YEAR = 2000, 2100
YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


class AwardQuerySet(models.QuerySet):
    """What both schemes' directories ask: rows for a locale, by level and year awarded."""

    def localized(self, locale):
        """The rows of `locale`, and the default locale's rows that have no translation in
        it (so a directory in a language editors have not translated yet is not empty)."""
        default = Locale.get_default()
        if locale.pk == default.pk:
            return self.filter(locale=locale)
        translated = self.model.objects.filter(locale=locale).values("translation_key")
        return self.filter(
            Q(locale=locale) | Q(locale=default) & ~Q(translation_key__in=translated)
        )

    def at_level(self, level):
        return self.filter(level=level)

    def awarded_in(self, year):
        return self.filter(awarded_year=year)

    def awarded(self):
        return self.exclude(level="")

    def counts_by_level_and_year(self):
        """{(level, year awarded): number of rows}, in one query; ("", None) counts those
        still working towards a level."""
        rows = self.order_by().values("level", "awarded_year").annotate(n=Count("pk"))
        return {(row["level"], row["awarded_year"]): row["n"] for row in rows}

    def counts_by_level(self):
        """{level: number of rows} ("" for those working towards it), in one query."""
        rows = self.order_by().values("level").annotate(n=Count("pk"))
        return {row["level"]: row["n"] for row in rows}


class QualityMarkQuerySet(AwardQuerySet):
    def working_towards(self):
        return self.filter(level="")

    def in_sector(self, sector):
        return self.filter(sector=sector)

    def in_region(self, region):
        return self.filter(region=region)

    def began_in(self, year):
        return self.filter(began_year=year)

    def counts_by_year_began(self):
        """{year: number of organisations that began their journey that year}, one query."""
        rows = self.order_by().values("began_year").annotate(n=Count("pk"))
        return {row["began_year"]: row["n"] for row in rows}


def validate_awarded(award):
    """The year awarded goes with a level: required with one, empty without."""
    if award.level and award.awarded_year is None:
        raise ValidationError({"awarded_year": _("Enter the year this level was awarded.")})
    if not award.level and award.awarded_year is not None:
        raise ValidationError(
            {"awarded_year": _("Leave the year empty until a level is awarded, or choose one.")}
        )


def awarded_constraint(name):
    """The database's side of `validate_awarded`, for rows saved outside a form."""
    return models.CheckConstraint(
        condition=Q(level="", awarded_year__isnull=True)
        | (~Q(level="") & Q(awarded_year__isnull=False)),
        name=name,
    )


class QualityMarkAward(TranslatableMixin, models.Model):
    """An organisation on its Working with Trauma Quality Mark journey, with the level it
    was awarded, if any. A snippet, edited by the Quality Mark team."""

    class Level(models.TextChoices):
        BRONZE = "bronze", _("Bronze")
        SILVER = "silver", _("Silver")
        GOLD = "gold", _("Gold")

    class Sector(models.TextChoices):
        WOMENS_CENTRE = "womens-centre", _("Women's centre")
        NHS_TRUST = "nhs-trust", _("NHS trust")
        VOLUNTARY = "voluntary", _("Voluntary sector organisation")
        UNIVERSITY = "university", _("University")
        YOUTH = "youth-development", _("Youth development agency")
        PRISON_PROBATION = "prison-probation", _("Prison or probation")
        LOCAL_AUTHORITY = "local-authority", _("Local authority")
        OTHER = "other", _("Other")

    class Region(models.TextChoices):
        NORTH_EAST = "north-east", _("North East")
        NORTH_WEST = "north-west", _("North West")
        YORKSHIRE = "yorkshire", _("Yorkshire and the Humber")
        EAST_MIDLANDS = "east-midlands", _("East Midlands")
        WEST_MIDLANDS = "west-midlands", _("West Midlands")
        EAST = "east", _("East of England")
        LONDON = "london", _("London")
        SOUTH_EAST = "south-east", _("South East")
        SOUTH_WEST = "south-west", _("South West")
        WALES = "wales", _("Wales")
        SCOTLAND = "scotland", _("Scotland")
        NORTHERN_IRELAND = "northern-ireland", _("Northern Ireland")

    organisation = models.CharField(
        _("organisation"), max_length=255, help_text=_("The organisation's name, as it uses it.")
    )
    sector = models.CharField(
        _("sector"),
        max_length=30,
        choices=Sector.choices,
        help_text=_("The kind of organisation; the directory can be filtered by it."),
    )
    region = models.CharField(
        _("region"),
        max_length=30,
        choices=Region.choices,
        help_text=_("Where the organisation mainly works."),
    )
    began_year = models.PositiveSmallIntegerField(
        _("year the journey began"),
        validators=YEAR_VALIDATORS,
        help_text=_("The year the organisation began working towards the Quality Mark."),
    )
    level = models.CharField(
        _("level"),
        max_length=10,
        choices=Level.choices,
        blank=True,
        help_text=_("The level awarded. Leave empty while the organisation works towards it."),
    )
    awarded_year = models.PositiveSmallIntegerField(
        _("year awarded"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Required when a level is chosen: the year it was awarded."),
    )
    link = models.URLField(
        _("link"),
        blank=True,
        help_text=_("Optional: the organisation's website or its page about the award."),
    )

    objects = QualityMarkQuerySet.as_manager()

    # The name may have a Welsh form; the facts stay the same in every language.
    translatable_fields = [
        TranslatableField("organisation"),
        SynchronizedField("sector"),
        SynchronizedField("region"),
        SynchronizedField("began_year"),
        SynchronizedField("level"),
        SynchronizedField("awarded_year"),
        SynchronizedField("link"),
    ]

    panels = [
        FieldPanel("organisation"),
        FieldPanel("sector"),
        FieldPanel("region"),
        FieldPanel("began_year"),
        MultiFieldPanel([FieldPanel("level"), FieldPanel("awarded_year")], heading=_("Award")),
        FieldPanel("link"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["organisation"]
        verbose_name = _("Quality Mark award")
        verbose_name_plural = _("Quality Mark awards")
        constraints = [awarded_constraint("quality_mark_year_goes_with_level")]

    def __str__(self):
        return self.organisation

    def clean(self):
        super().clean()
        validate_awarded(self)
        if self.awarded_year and self.began_year and self.awarded_year < self.began_year:
            raise ValidationError(
                {"awarded_year": _("The award cannot come before the journey began.")}
            )


class SecureSettingsAward(TranslatableMixin, models.Model):
    """A unit in a prison or other secure setting recognised under the Working with Trauma
    framework for secure settings. A snippet, edited by the Quality Mark team."""

    class Level(models.TextChoices):
        ONE = "level-one", _("Level One")
        TWO = "level-two", _("Level Two")
        THREE = "level-three", _("Level Three")

    unit = models.CharField(
        _("unit"), max_length=255, help_text=_("The unit or wing, e.g. a specialist unit.")
    )
    establishment = models.CharField(
        _("establishment"),
        max_length=255,
        help_text=_("The prison or secure setting the unit belongs to, e.g. HMP Brixton."),
    )
    level = models.CharField(
        _("level"), max_length=15, choices=Level.choices, help_text=_("The level awarded.")
    )
    awarded_year = models.PositiveSmallIntegerField(
        _("year awarded"), validators=YEAR_VALIDATORS, help_text=_("The year it was awarded.")
    )
    pilot = models.BooleanField(
        _("pilot"), default=False, help_text=_("Tick if the unit took part in the pilot.")
    )

    objects = AwardQuerySet.as_manager()

    translatable_fields = [
        TranslatableField("unit"),
        TranslatableField("establishment"),
        SynchronizedField("level"),
        SynchronizedField("awarded_year"),
        SynchronizedField("pilot"),
    ]

    panels = [
        FieldPanel("unit"),
        FieldPanel("establishment"),
        FieldPanel("level"),
        FieldPanel("awarded_year"),
        FieldPanel("pilot"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["establishment", "unit"]
        verbose_name = _("secure settings award")
        verbose_name_plural = _("secure settings awards")

    def __str__(self):
        return f"{self.unit}, {self.establishment}"


class AwardsDirectoryPage(SitePage):
    """The directory of both award schemes, filterable by scheme, level, year, sector and
    region, with counts. Sits under the home page or a section page (the Quality Mark's);
    has no children: the awards themselves are snippets. Edited by the Quality Mark team."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=600,
        help_text=_("A sentence or two above the directory saying what it lists."),
    )

    content_panels = [*SitePage.content_panels, FieldPanel("intro")]
    search_fields = [*SitePage.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("awards directory")

    def get_meta_description(self):
        return self.search_description or self.intro

    def search_summary_text(self):
        return self.intro

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listing = AwardsListing(
            QualityMarkAward.objects.localized(self.locale),
            SecureSettingsAward.objects.localized(self.locale),
            request.GET,
            cache_scope=f"{self.pk}:{self.locale_id}",
        )
        context.update(listing.context())
        context["jsonld"] = script_tag(directory_data(self, context["awards"], request))
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # A filter or page number that makes no sense: the directory says so, with a 400.
        if response.context_data["listing"].errors:
            response.status_code = 400
        return response

"""The fixed vocabularies events and courses are described and filtered by."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended")


class Status(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    FULL = "full", _("Fully booked")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class Sector(models.TextChoices):
    CUSTODY = "custody", _("Prisons and secure settings")
    PROBATION = "probation", _("Probation")
    HEALTH = "health", _("Health and the NHS")
    COMMUNITY = "community", _("Community and voluntary sector")
    POLICY = "policy", _("Policy and government")
    EDUCATION = "education", _("Education and youth work")


class Region(models.TextChoices):
    LONDON = "london", _("London")
    SOUTH_EAST = "south-east", _("South East")
    SOUTH_WEST = "south-west", _("South West")
    EAST = "east", _("East of England")
    MIDLANDS = "midlands", _("Midlands")
    NORTH_WEST = "north-west", _("North West")
    NORTH_EAST = "north-east", _("North East and Yorkshire")
    WALES = "wales", _("Wales")
    SCOTLAND = "scotland", _("Scotland")
    NORTHERN_IRELAND = "northern-ireland", _("Northern Ireland")
    NATIONAL = "national", _("National or online")


class Booking(models.TextChoices):
    NONE = "none", _("No booking needed")
    EXTERNAL = "external", _("Book through an external link")
    REGISTER = "register", _("Register on this site")
    ENQUIRE = "enquire", _("Enquire by email")

"""The events plugin's models, one concept per module."""

from events.models.audiences import Audience
from events.models.bookings import Registration
from events.models.choices import Booking, Format, Region, Sector, Status
from events.models.courses import CourseIndexPage, CoursePage
from events.models.events import EventIndexPage, EventPage, EventQuerySet, all_day_bounds
from events.models.materials import MaterialsLibraryPage

__all__ = [
    "Audience",
    "Booking",
    "CourseIndexPage",
    "CoursePage",
    "EventIndexPage",
    "EventPage",
    "EventQuerySet",
    "Format",
    "MaterialsLibraryPage",
    "Region",
    "Registration",
    "Sector",
    "Status",
    "all_day_bounds",
]

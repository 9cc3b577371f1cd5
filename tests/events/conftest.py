"""Events fixtures: a course index with a course, an event index, and a maker of events."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from events.models import Audience, CourseIndexPage, CoursePage, EventIndexPage, EventPage
from events.models.events import LONDON


@pytest.fixture
def audiences(db):
    names = ["Prison staff", "NHS", "Women's centres", "Leaders and policymakers", "Trainers"]
    return {
        name: Audience.objects.create(name=name, slug=name.lower().replace(" ", "-").strip("'"))
        for name in names
    }


@pytest.fixture
def course_index(home):
    index = CourseIndexPage(title="Training courses", slug="courses", intro="Our courses.")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def course(course_index, audiences):
    course = CoursePage(
        title="Becoming trauma-informed",
        slug="becoming-trauma-informed",
        intro="A one-day introduction for people who work with women in the justice system.",
        duration="One day",
        cost="£150 per person",
        delivered_by="One Small Thing's trainers",
    )
    course_index.add_child(instance=course)
    course.audiences.set([audiences["Prison staff"], audiences["NHS"]])
    course.save_revision().publish()
    return course


@pytest.fixture
def event_index(home):
    index = EventIndexPage(title="Events", slug="events-listing", intro="Dates for the diary.")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def make_event(event_index):
    """make_event(title, start=..., **fields): a published event under the event index.
    `start` is an aware datetime or a naive one in UK time; the end defaults to 6 hours on."""
    counter = iter(range(1, 100_000))

    def make(title="Trauma-informed practice day", start=None, end=None, audiences=(), **fields):
        start = start or timezone.now() + timedelta(days=30)
        if isinstance(start, datetime) and timezone.is_naive(start):
            start = start.replace(tzinfo=LONDON)
        end = end or start + timedelta(hours=6)
        if timezone.is_naive(end):
            end = end.replace(tzinfo=LONDON)
        event = EventPage(
            title=title, slug=f"event-{next(counter)}", start=start, end=end, **fields
        )
        event_index.add_child(instance=event)
        if audiences:
            event.audiences.set(audiences)
        event.save_revision().publish()
        return event

    return make

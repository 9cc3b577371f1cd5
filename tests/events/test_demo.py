"""The events plugin's demo: the training section with its courses, the 2015–2017 programme's
events and the 2025 and 2027 dates, a private prison cohort, real training files with their
text, a full event with a waitlist; built once however often load_demo runs."""

import zipfile
from datetime import date
from io import BytesIO, StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction

from cms.models import CustomDocument
from events.models import (
    Audience,
    Booking,
    CourseIndexPage,
    CoursePage,
    EventIndexPage,
    EventPage,
    MaterialsLibraryPage,
    Registration,
)
from events.models.events import LONDON

pytestmark = pytest.mark.django_db

SLIDES = "Becoming trauma-informed: slides from the September 2015 national event"
HANDOUT = "Grounding techniques: a handout for staff"
WORKBOOK = "Trauma-informed supervision: a workbook for team leaders"


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def event(slug):
    return EventPage.objects.get(slug=slug)


def local_date(moment):
    return moment.astimezone(LONDON).date()


def counts():
    return {
        "pages": Page.objects.count(),
        "documents": CustomDocument.objects.count(),
        "audiences": Audience.objects.count(),
        "registrations": Registration.objects.count(),
        "restrictions": PageViewRestriction.objects.count(),
        "groups": Group.objects.count(),
        "event materials": EventPage.materials.through.objects.count(),
    }


def test_demo_builds_courses_events_and_materials_under_training_with_progress(home):
    output = load_demo()
    assert "[events: courses and events 1/" in output
    training = Page.objects.get(slug="training")
    assert training.specific_class.__name__ == "StandardPage"
    children = {page.slug: page.specific_class for page in training.get_children()}
    assert children == {
        "programme-2015-2017": type(training.specific),
        "courses": CourseIndexPage,
        "events": EventIndexPage,
        "materials": MaterialsLibraryPage,
    }
    courses = CoursePage.objects.child_of(Page.objects.get(slug="courses"))
    assert {"team-leadership-programme", "trauma-informed-network"} <= set(
        courses.values_list("slug", flat=True)
    )
    for course in courses:
        assert course.audiences.exists() and course.duration and course.learning_outcomes
        assert course.delivered_by


def test_demo_events_carry_the_programmes_dates(home):
    load_demo()
    day_one, day_two = event("national-day-one"), event("national-day-two")
    assert (local_date(day_one.start), day_one.all_day, day_one.region) == (
        date(2015, 9, 7),
        True,
        "london",
    )
    assert local_date(day_two.start) == date(2015, 9, 8)
    assert day_one.audiences.get().name == "Leaders and policymakers"
    assert day_two.audiences.get().name == "Trainers"
    assert day_one.year == 2015

    workshops = EventPage.objects.filter(slug__startswith="workshop-")
    assert workshops.count() == 10
    assert {(local_date(w.start).year, local_date(w.start).month) for w in workshops} == {(2015, 9)}
    follow_ups = EventPage.objects.filter(follows_up__isnull=False)
    assert {local_date(f.start).year for f in follow_ups} == {2016, 2017}
    assert event("follow-up-may-2016").follows_up == day_one
    assert local_date(event("high-secure-june-2017").start) == date(2017, 6, 6)
    headlines = event("headlines-june-2017")
    assert (headlines.end - headlines.start).total_seconds() <= 4 * 3600  # half a day

    leadership, network = event("leadership-2025"), event("network-march-2025")
    assert local_date(leadership.start) == date(2025, 2, 5)
    assert local_date(network.start) == date(2025, 3, 6) and network.region == "london"
    for booked in (leadership, network, event("leadership-2027"), event("network-2027")):
        assert booked.booking == Booking.REGISTER and booked.capacity, booked.slug
    assert leadership.course.slug == "team-leadership-programme"
    assert network.course.slug == "trauma-informed-network"


def test_the_private_cohort_is_restricted_to_its_establishments_staff(client, home):
    load_demo()
    private = EventPage.objects.exclude(pk__in=EventPage.objects.public()).get()
    restriction = PageViewRestriction.objects.get(page=private)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert list(restriction.groups.values_list("name", flat=True)) == [
        "Partner prison staff (overseas territories)"
    ]
    assert private.live and private.revisions.count() == 1
    response = client.get(private.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_full_event_has_a_waitlist_registered_through_the_booking_workflow(home):
    load_demo()
    full = event("leadership-2027")
    states = list(full.registrations.values_list("state", flat=True))
    assert states.count(Registration.State.CONFIRMED) == full.capacity
    assert states.count(Registration.State.WAITLISTED) == 2
    emails = full.registrations.values_list("email", flat=True)
    assert all(email.endswith("@example.org") for email in emails)
    assert len(set(emails)) == len(states)  # one registration per person


def test_demo_materials_are_real_files_with_their_text_extracted(
    home, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # extraction runs after commit
        load_demo()
    slides = CustomDocument.objects.get(title=SLIDES)
    handout = CustomDocument.objects.get(title=HANDOUT)
    workbook = CustomDocument.objects.get(title=WORKBOOK)
    with handout.file.open("rb") as f:
        assert f.read(5) == b"%PDF-"
    for document, part in [(slides, "ppt/presentation.xml"), (workbook, "word/document.xml")]:
        with document.file.open("rb") as f:
            assert part in zipfile.ZipFile(BytesIO(f.read())).namelist()

    assert (slides.material_kind, slides.author) == ("slides", "Dr Stephanie Covington")
    assert (handout.material_kind, workbook.material_kind) == ("handout", "workbook")
    for document, phrase in [
        (slides, "window of tolerance"),
        (handout, "5-4-3-2-1"),
        (workbook, "reflective supervision"),
    ]:
        assert document.extraction_status == CustomDocument.Extraction.DONE, document.title
        assert phrase in document.extracted_text.lower(), document.title
        assert document.language == "en"
    assert (slides.page_count, handout.page_count) == (5, 2)  # a DOCX has no fixed pages
    assert set(slides.events.values_list("slug", flat=True)) >= {
        "national-day-one",
        "national-day-two",
        "workshop-1",
    }
    assert workbook.events.filter(slug="leadership-2027").exists()


def test_running_the_demo_twice_creates_nothing_and_keeps_an_editors_changes(home):
    load_demo()
    first = counts()
    day_one = event("national-day-one")
    day_one.intro = "Rewritten by the communications team."
    day_one.save_revision().publish()
    Registration.objects.filter(event__slug="network-2027").first().delete()
    output = load_demo()
    second = counts()
    assert second == {**first, "registrations": first["registrations"] - 1}
    assert event("national-day-one").intro == "Rewritten by the communications team."
    assert "kept the registrations" in output

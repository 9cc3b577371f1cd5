"""A private cohort (an event kept, with Wagtail's page privacy, for one establishment's
staff) never shows to the public: not in search on any backend, the event listing, the
course page, the calendar feeds, the sitemap or the materials library, and its page asks
an anonymous visitor to sign in instead of showing its content. Each test has a public
twin that is found, so a test that finds nothing anywhere cannot pass by accident."""

import re

import icalendar
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from events import actions
from events.models import MaterialsLibraryPage
from tests.factories import DocumentFactory
from tests.search import conftest as search_fixtures

pytestmark = pytest.mark.django_db

# The search tests' backends (database, Elasticsearch, OpenSearch) and their set-up.
search_setup = search_fixtures.search_setup
_database_index = search_fixtures._database_index_as_the_site_configures_it
_close_engine_breaker = search_fixtures._close_engine_breaker
_lift_write_pause = search_fixtures._lift_write_pause

SECRET = "quetzalcohort"
PUBLIC = "kingfisherpublic"
STAFF_GROUP = "HMP establishment staff"


@pytest.fixture
def cohort(make_event, course, audiences):
    """A private workshop inside one prison (and its public twin), both upcoming, both of
    the same course."""
    private = make_event(
        f"Workshop for establishment staff {SECRET}",
        intro=f"Only for this prison's staff: {SECRET}.",
        venue_name=f"Wing {SECRET}",
        course=course,
        audiences=[audiences["Prison staff"]],
    )
    restriction = PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name=STAFF_GROUP))
    make_event(
        f"Open workshop {PUBLIC}",
        intro=f"Open to all: {PUBLIC}.",
        course=course,
        audiences=[audiences["Prison staff"]],
    )
    return private


def search_page(client, word):
    response = client.get("/search/", {"q": word})
    assert response.status_code == 200
    return response.content.decode()


def result_count(html):
    match = re.search(r'class="result-count">(\d+) result', html)
    assert match, "no result count on the page"
    return int(match.group(1))


def test_private_cohort_is_never_found_by_public_search(client, cohort, search_setup):
    search_setup.refresh()
    assert result_count(search_page(client, PUBLIC)) == 1
    echoes = search_page(client, "nothingmatchesthis").count("nothingmatchesthis")
    html = search_page(client, SECRET)
    assert result_count(html) == 0
    assert html.count(SECRET) == echoes  # only the search box and title echo the query
    assert client.get("/search/suggest/", {"q": SECRET[:6]}).json()["suggestions"] == []


def test_private_cohort_is_absent_from_the_event_listing(client, cohort, event_index):
    response = client.get(event_index.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert PUBLIC in html
    assert SECRET not in html


def test_private_cohort_is_absent_from_its_courses_upcoming_dates(client, cohort, course):
    assert list(course.upcoming_events()) == [cohort.get_next_sibling().specific]
    html = client.get(course.url).content.decode()
    assert PUBLIC in html and SECRET not in html


def test_private_cohort_is_absent_from_the_calendar_feeds(client, cohort):
    response = client.get(reverse("events:calendar"))
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert any(PUBLIC in summary for summary in summaries)
    assert SECRET not in response.content.decode()

    own_feed = client.get(reverse("events:event_ical", args=[cohort.pk]))
    assert own_feed.status_code in {302, 403, 404}
    assert SECRET not in own_feed.content.decode()


def test_private_cohort_is_absent_from_the_sitemap(client, cohort):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert cohort.get_next_sibling().url in sitemap  # the public twin
    assert cohort.url not in sitemap and SECRET not in sitemap


def test_anonymous_visitor_is_asked_to_sign_in_not_shown_the_cohort(client, cohort):
    response = client.get(cohort.url)
    assert response.status_code == 302
    assert "login" in response["Location"] and "next=" in response["Location"]
    login_page = client.get(cohort.url, follow=True)
    assert login_page.status_code == 200
    assert SECRET not in login_page.content.decode()


def test_only_the_establishments_staff_see_the_cohort(client, cohort):
    outsider = get_user_model().objects.create_user("outsider", password="a-long-password-1")
    client.force_login(outsider)
    assert SECRET not in client.get(cohort.url, follow=True).content.decode()

    member = get_user_model().objects.create_user("officer", password="a-long-password-2")
    member.groups.add(Group.objects.get(name=STAFF_GROUP))
    client.force_login(member)
    response = client.get(cohort.url)
    assert response.status_code == 200 and SECRET in response.content.decode()


def test_private_cohort_takes_no_registration_through_the_public_workflow(make_event):
    # Registration is for public events; a cohort's places are arranged with the prison.
    event = make_event("Private cohort", booking="register", capacity=10)
    PageViewRestriction.objects.create(page=event, restriction_type=PageViewRestriction.LOGIN)
    with pytest.raises(actions.BookingError):
        actions.register(event, name="Test Person", email="test@example.org")
    assert not event.registrations.exists()


def test_private_cohort_is_absent_from_the_materials_library(client, cohort, home):
    library = MaterialsLibraryPage(title="Training materials", slug="materials")
    home.add_child(instance=library)
    library.save_revision().publish()
    handout = DocumentFactory(title="Grounding handout", material_kind="handout")
    cohort.materials.add(handout)
    cohort.save_revision().publish()
    response = client.get(library.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Grounding handout" in html
    assert SECRET not in html  # not even as the name of an event to filter by

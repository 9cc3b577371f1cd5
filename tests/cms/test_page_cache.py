"""The anonymous page cache: hits, what is never cached, and purges by what changed."""

import logging
import os
import uuid
from datetime import date, timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms import cache as tagged
from cms.models import SiteSettings
from events.models import EventIndexPage, EventPage
from events.models.choices import Booking
from home.models import PublicationIndexPage, PublicationPage, StandardPage
from tests.conftest import service_missing
from tests.factories import (
    DocumentFactory,
    ImageFactory,
    MenuFactory,
    MenuItemFactory,
    StandardPageFactory,
)
from tests.home.articles_factories import make_article, make_author, make_index

pytestmark = pytest.mark.django_db

HEADER = "X-Page-Cache"


@pytest.fixture(autouse=True)
def page_cache_on(settings, home):
    settings.PAGE_CACHE = True
    SiteSettings.for_site(home.get_site())  # made on first use otherwise, which purges
    tagged.availability.paused_until = 0.0
    tagged.availability.warned_at = 0.0
    yield
    tagged.availability.paused_until = 0.0


def get(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.content.decode()


def publish_title(page, title):
    page = page.specific
    page.title = title
    page.save_revision().publish()


def test_second_anonymous_visit_is_a_hit_with_the_same_bytes_and_no_queries(client, home):
    page = StandardPageFactory(parent=home, title="Trauma-informed courts")
    first = client.get(page.url)
    assert first[HEADER] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(page.url)
    assert second[HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert len(queries) == 0


def test_the_query_string_and_host_are_part_of_the_key(client, home):
    assert client.get("/?a=1")[HEADER] == "miss"
    assert client.get("/?a=2")[HEADER] == "miss"
    assert client.get("/?a=1")[HEADER] == "hit"
    assert client.get("/?a=1", HTTP_HOST="localhost")[HEADER] == "miss"


@pytest.mark.parametrize(
    "path",
    [
        "/?q=%00%F0%9F%98%80",
        "/?%E2%80%AE=%D8%A7",
        "/%F0%9F%98%80/",
        "/?" + "x" * 5000,
        "/?bad=%ff%fe",
    ],
)
def test_odd_addresses_are_answered_not_crashed(client, home, path):
    first = client.get(path)
    second = client.get(path)
    assert first.status_code in (200, 404)
    assert second.status_code == first.status_code
    assert second.content == first.content


def test_a_signed_in_editor_is_never_served_or_stored(admin_client, client, home):
    response = admin_client.get("/")
    assert HEADER not in response
    assert client.get("/")[HEADER] == "miss"
    assert HEADER not in admin_client.get("/")


def test_the_admin_and_previews_are_never_cached(admin_client, client, home):
    page = StandardPageFactory(parent=home)
    assert HEADER not in admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert HEADER not in client.get("/admin/")  # not even looked up


def test_a_password_protected_page_is_never_cached(client, home):
    page = StandardPageFactory(parent=home, title="Members' briefing")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="a-long-password"
    )
    for _ in range(2):
        response, text = get(client, page.url)
        assert response[HEADER] == "bypass"
        assert "Members&#x27; briefing" not in text or "password" in text.lower()


def test_restricting_a_cached_page_purges_it(client, home):
    page = StandardPageFactory(parent=home, title="Was public")
    client.get(page.url)
    assert client.get(page.url)[HEADER] == "hit"
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(page.url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_response_that_sets_a_cookie_or_uses_a_csrf_token_is_not_stored(client, home):
    page = StandardPageFactory(parent=home)
    client.get(page.url)
    # A visitor with a session or a flash message waiting is served afresh, and not stored.
    for cookie in ("messages", "sessionid"):
        client.cookies[cookie] = "x"
        assert HEADER not in client.get(page.url)
        del client.cookies[cookie]
    assert client.get(page.url)[HEADER] == "hit"


def test_a_page_with_a_form_is_not_stored(client, home):
    index = EventIndexPage(title="Events", slug="events-listing")
    home.add_child(instance=index)
    start = timezone.now() + timedelta(days=30)
    event = EventPage(
        title="Open day",
        slug="open-day",
        start=start,
        end=start + timedelta(hours=3),
        booking=Booking.REGISTER,
        capacity=20,
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    for _ in range(2):
        response, text = get(client, event.url)
        assert "csrfmiddlewaretoken" in text
        assert response[HEADER] == "bypass"


def test_search_with_a_query_is_not_cached(client, home):
    StandardPageFactory(parent=home, title="Trauma-informed training")
    for _ in range(2):
        assert client.get("/search/?q=trauma")[HEADER] == "bypass"


def test_publishing_an_edit_purges_the_page_and_its_parent_listing(client, home):
    page = StandardPageFactory(parent=home, title="Before the edit")
    client.get(page.url)
    client.get("/")
    publish_title(page, "After the edit")
    response, text = get(client, page.url)
    assert response[HEADER] == "miss"
    assert "After the edit" in text


def test_a_new_child_appears_in_its_parents_listing(client, home):
    StandardPageFactory(parent=home, title="First section")
    _, before = get(client, "/")
    assert client.get("/")[HEADER] == "hit"
    StandardPageFactory(parent=home, title="Brand new section")
    response, after = get(client, "/")
    assert response[HEADER] == "miss"
    assert "Brand new section" in after
    assert "Brand new section" not in before


def test_saving_a_draft_does_not_purge_the_live_page(client, home):
    page = StandardPageFactory(parent=home, title="Live title")
    client.get(page.url)
    draft = page.specific
    draft.title = "Draft title"
    draft.save_revision()
    response, text = get(client, page.url)
    assert response[HEADER] == "hit"
    assert "Live title" in text


def test_unpublishing_and_deleting_purge(client, home):
    gone = StandardPageFactory(parent=home, title="To be unpublished")
    deleted = StandardPageFactory(parent=home, title="To be deleted")
    for page in (gone, deleted):
        client.get(page.url)
        assert client.get(page.url)[HEADER] == "hit"
    url = deleted.url
    gone.unpublish()
    deleted.delete()
    assert client.get(gone.url).status_code == 404
    assert client.get(url).status_code == 404


def test_moving_a_page_purges_its_old_address_and_its_children(client, home):
    section = StandardPageFactory(parent=home, title="Old section", slug="old-section")
    other = StandardPageFactory(parent=home, title="New section", slug="new-section")
    child = StandardPageFactory(parent=section, title="The child", slug="child")
    for url in ("/old-section/", "/old-section/child/", "/new-section/"):
        assert client.get(url).status_code == 200
    child.move(other, pos="last-child")
    old = client.get("/old-section/child/")  # Wagtail leaves a redirect, not the old page
    assert old.status_code in (301, 404)
    assert old.status_code == 404 or old["Location"] == "/new-section/child/"
    assert client.get("/new-section/child/").status_code == 200
    assert "The child" in client.get("/new-section/").content.decode()


def test_a_menu_change_purges_every_page_that_shows_the_menu(client, home):
    page = StandardPageFactory(parent=home, title="About us")
    menu = MenuFactory()
    MenuItemFactory(menu=menu, link_page=page)
    client.get(page.url)
    assert client.get(page.url)[HEADER] == "hit"
    target = StandardPageFactory(parent=home, title="Get involved")
    MenuItemFactory(menu=menu, link_page=target, label="Volunteer with us")
    response, text = get(client, page.url)
    assert response[HEADER] == "miss"
    assert "Volunteer with us" in text


def test_renaming_a_page_purges_pages_whose_menu_links_to_it(client, home):
    linked = StandardPageFactory(parent=home, title="Old link title")
    reader = StandardPageFactory(parent=home, title="Reader")
    MenuItemFactory(menu=MenuFactory(), link_page=linked)
    assert "Old link title" in client.get(reader.url).content.decode()
    publish_title(linked, "Renamed link")
    assert "Renamed link" in client.get(reader.url).content.decode()


def test_site_settings_change_purges_pages(client, home):
    page = StandardPageFactory(parent=home)
    client.get(page.url)
    site_settings = SiteSettings.for_site(home.get_site())
    site_settings.contact_email = "hello-new@example.org"
    site_settings.save()
    response, text = get(client, page.url)
    assert response[HEADER] == "miss"
    assert "hello-new@example.org" in text


def test_a_snippet_change_purges_the_pages_that_show_it(client, home):
    index = make_index(home)
    author = make_author(name="Alex Original")
    article = make_article(index, title="Awards for 2024", image=False, author=author)
    assert "Alex Original" in client.get(article.url).content.decode()
    assert client.get(article.url)[HEADER] == "hit"
    author.name = "Alex Renamed"
    author.save()
    response, after = get(client, article.url)
    assert response[HEADER] == "miss"
    assert "Alex Renamed" in after


def test_a_new_article_purges_the_news_listing(client, home):
    index = make_index(home)
    make_article(index, title="The first article", image=False)
    client.get(index.url)
    assert client.get(index.url)[HEADER] == "hit"
    make_article(index, title="A later article", image=False, date=date(2025, 1, 5))
    response, text = get(client, index.url)
    assert response[HEADER] == "miss"
    assert "A later article" in text


def test_a_document_change_purges_the_pages_that_list_it(client, home):
    research = PublicationIndexPage(title="Research", slug="research")
    home.add_child(instance=research)
    research.save_revision().publish()
    document = DocumentFactory(title="Annual report")
    briefing = PublicationPage(
        title="What works for women",
        slug="what-works",
        publication_date=date(2024, 5, 1),
        pdf=document,
    )
    research.add_child(instance=briefing)
    briefing.save_revision().publish()
    assert "Download Annual report" in client.get(briefing.url).content.decode()
    assert client.get(briefing.url)[HEADER] == "hit"
    document.title = "Annual report (second edition)"
    document.save()
    response, after = get(client, briefing.url)
    assert response[HEADER] == "miss"
    assert "Download Annual report (second edition)" in after


def test_making_an_image_rendition_does_not_purge_anything(client, home):
    index = make_index(home)
    article = make_article(index, image=ImageFactory(file__width=1200, file__height=800))
    client.get(article.url)  # renditions are made here
    assert client.get(article.url)[HEADER] == "hit"
    other = make_article(index, title="Another", image=ImageFactory())
    client.get(other.url)  # makes renditions of another image
    assert client.get(other.url)[HEADER] == "hit"


def test_purge_page_cache_command_purges_everything(client, home):
    from django.core.management import call_command

    client.get("/")
    assert client.get("/")[HEADER] == "hit"
    call_command("purge_page_cache")
    assert client.get("/")[HEADER] == "miss"


def test_an_unreachable_cache_serves_pages_uncached_and_warns_once_a_minute(
    client, home, settings, caplog
):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        },
    }
    try:
        with caplog.at_level(logging.WARNING, logger="cms.cache"):
            for _ in range(5):
                response = client.get("/")
                assert response.status_code == 200
                assert response[HEADER] == "bypass"
                tagged.availability.paused_until = 0.0  # try the cache again each time
        warnings = [r for r in caplog.records if "cannot be reached" in r.getMessage()]
        assert len(warnings) == 1
        assert "REDIS_URL" in warnings[0].getMessage()
    finally:
        tagged.availability.paused_until = 0.0


def test_memo_is_rebuilt_only_when_what_it_read_changes(home):
    built = []

    def build():
        built.append(1)
        return [page.title for page in StandardPage.objects.child_of(home).order_by("path")]

    StandardPageFactory(parent=home, title="One")
    assert tagged.memo("test-children", build) == ["One"]
    assert tagged.memo("test-children", build) == ["One"]
    assert len(built) == 1
    StandardPageFactory(parent=home, title="Two")
    assert tagged.memo("test-children", build) == ["One", "Two"]
    assert len(built) == 2
    assert caches["pages"].get("memo:test-children") is not None


class CountingBuild:
    """A memo's build that counts its runs: the children of `parent`, by title."""

    def __init__(self, parent):
        self.parent, self.runs = parent, 0

    def __call__(self):
        self.runs += 1
        return [page.title for page in StandardPage.objects.child_of(self.parent).order_by("path")]


def test_a_memo_is_served_from_the_process_while_nothing_anywhere_changed(home):
    StandardPageFactory(parent=home, title="One")
    build = CountingBuild(home)
    with tagged.request_scope():
        assert tagged.memo("test-children", build) == ["One"]
    # The shared copy gone (evicted), the clock unchanged: this process's copy still serves.
    caches["pages"].delete("memo:test-children")
    with tagged.request_scope():
        assert tagged.memo("test-children", build) == ["One"]
    assert build.runs == 1
    # A change elsewhere moves the clock: the copy is checked against its own tags, and
    # kept, as none of them changed.
    tagged.purge("table:some_other_table")
    with tagged.request_scope():
        assert tagged.memo("test-children", build) == ["One"]
    assert build.runs == 1
    StandardPageFactory(parent=home, title="Two")
    with tagged.request_scope():
        assert tagged.memo("test-children", build) == ["One", "Two"]
    assert build.runs == 2


def test_a_memo_copy_is_a_new_object_each_time(home):
    StandardPageFactory(parent=home, title="One")
    build = CountingBuild(home)
    first = tagged.memo("test-children", build)
    first.append("changed by one request")
    assert tagged.memo("test-children", build) == ["One"]
    assert build.runs == 1


def test_a_request_sees_its_own_change_and_the_next_request_sees_another_process_change(home):
    StandardPageFactory(parent=home, title="One")
    build = CountingBuild(home)
    with tagged.request_scope():
        assert tagged.memo("test-children", build) == ["One"]
        StandardPageFactory(parent=home, title="Two")  # this request's own write
        assert tagged.memo("test-children", build) == ["One", "Two"]
        assert build.runs == 2
    # Another process bumps the tag: the clock it moves is read again by the next request.
    shared = caches["pages"]
    tick = shared.incr(tagged.CLOCK_KEY)
    shared.set(f"tag:{tagged.table_tag(StandardPage)}", tick, timeout=None)
    with tagged.request_scope():
        assert tagged.memo("test-children", build) == ["One", "Two"]
    assert build.runs == 3


def test_the_shared_cache_on_a_real_redis(client, home, settings):
    url = os.environ.get("REDIS_URL")
    if not url:
        service_missing(
            "Redis", "Start it with `make redis` and set REDIS_URL=redis://127.0.0.1:6379/0."
        )
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        },
    }
    page = StandardPageFactory(parent=home, title="Kept in Redis")
    assert client.get(page.url)[HEADER] == "miss"
    assert client.get(page.url)[HEADER] == "hit"
    redis = caches["pages"].client.get_client()
    assert redis.keys(f"{prefix}:*response:*")
    publish_title(page, "Changed in Redis")
    response, text = get(client, page.url)
    assert response[HEADER] == "miss"
    assert "Changed in Redis" in text
    for key in redis.scan_iter(f"{prefix}:*"):
        redis.delete(key)


def test_a_page_that_changes_with_time_is_kept_only_until_then(client, home):
    index = EventIndexPage(title="Events", slug="events-listing")
    home.add_child(instance=index)
    index.save_revision().publish()
    client.get(index.url)
    assert client.get(index.url)[HEADER] == "hit"
    key = next(k for k in caches["pages"]._cache if "response:" in k)
    since, tags, value = caches["pages"].get(key.split(":", 2)[-1])
    (until,) = [int(tag[6:]) for tag in tags if tag.startswith("until:")]
    assert 0 < until - timezone.now().timestamp() <= 10 * 60
    assert tagged.is_fresh(tags, since)
    assert not tagged.is_fresh((*tags, "until:1"), since)  # a moment already past


def test_publishing_an_unrelated_page_leaves_other_pages_cached(client, home):
    index = make_index(home)
    article = make_article(index, title="Kept while others change", image=False)
    section = StandardPageFactory(parent=home, title="Elsewhere")
    deep = StandardPageFactory(parent=section, title="Deep page")
    client.get(article.url)
    assert client.get(article.url)[HEADER] == "hit"
    publish_title(deep, "Deep page, edited")
    assert client.get(article.url)[HEADER] == "hit"
    assert "Deep page, edited" in client.get(deep.url).content.decode()


def test_a_value_read_inside_a_transaction_that_rolls_back_is_not_kept(home):
    from django.db import transaction

    page = StandardPageFactory(parent=home, title="Private later")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    page = StandardPage.objects.get(pk=page.pk)

    class RolledBack(Exception):
        pass

    with pytest.raises(RolledBack):
        with transaction.atomic():
            PageViewRestriction.objects.filter(page=page).delete()
            assert not page.get_view_restrictions().exists()  # read, but not kept
            raise RolledBack
    fresh = StandardPage.objects.get(pk=page.pk)
    assert fresh.get_view_restrictions().exists()

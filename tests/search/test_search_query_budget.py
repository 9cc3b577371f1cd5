"""The public search's SQL query budget, and the query log written after the response.

Counted through the test client, so the middleware and the base template (menus, site
settings) are in the count, as a visitor's request has them. The query log task runs when
the response is closed (inline on the tests' immediate task backend, still inside
`client.get`), so its queries are told apart by the task's own start and finish signals.
"""

import re

from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django_tasks.signals import task_finished, task_started
from django_tasks_db.models import DBTaskResult
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from cms.models import Topic
from search.views import search
from tests.factories import DocumentFactory, StandardPageFactory

SEARCH_QUERY_BUDGET = 10
# The search's own queries on the worst of SEARCHES; the rest of the budget is the base
# template's (menus, site settings).
SEARCH_OWN_BUDGET = 8
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|SAVEPOINT)\b", re.IGNORECASE)


def add_items(home, up_to, word="kestrel"):
    """Pages and documents with `word`, until there are `up_to` pages (and a tenth as
    many documents), with a topic and more than one results page."""
    topic = Topic.objects.get_or_create(slug="prisons", defaults={"name": "Prisons"})[0]
    have = StandardPageFactory._meta.model.objects.filter(title__startswith="Kestrel").count()
    for n in range(have, up_to):
        StandardPageFactory(
            parent=home, title=f"{word.title()} page {n}", intro=f"{word} {n}", topic=topic
        )
        if n % 10 == 0:
            DocumentFactory(title=f"{word.title()} handout {n}", description=word, topic=topic)


class QueryCounter:
    """The SQL a request makes before its response is closed, and what runs in tasks."""

    def __init__(self):
        self.request, self.in_tasks = [], []

    def get(self, client, url, params):
        windows = []

        def started(**kwargs):
            windows.append([len(captured), None])

        def finished(**kwargs):
            windows[-1][1] = len(captured)

        task_started.connect(started)
        task_finished.connect(finished)
        try:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, params)
        finally:
            task_started.disconnect(started)
            task_finished.disconnect(finished)
        assert response.status_code == 200, (url, params, response.status_code)
        sql = [query["sql"] for query in captured.captured_queries]
        in_tasks = {i for start, end in windows for i in range(start, end)}
        self.request = [q for i, q in enumerate(sql) if i not in in_tasks]
        self.in_tasks = [q for i, q in enumerate(sql) if i in in_tasks]
        return response


SEARCHES = [
    {"q": "kestrel"},
    {"q": "kestrel", "page": "2"},
    {"q": "kestrel", "type": "home.standardpage"},
    {"q": "kestrel", "type": "document"},
    {"q": "kestrel", "topic": "prisons"},
    {"q": "kestrel", "year": "2024"},
]


def test_search_stays_within_its_query_budget_as_content_grows(client, home, search_setup):
    """At most SEARCH_QUERY_BUDGET queries a results page, the same for 10 and 200
    matches, with filters and past the first page, none of them a write."""
    counter = QueryCounter()
    counter.get(client, "/search/", {})
    counter.get(client, "/search/", {})
    # The search page without a query: the base template's menus and settings only.
    furniture = len(counter.request)
    counts, sql = {}, {}
    for size in (10, 200):
        add_items(home, size)
        search_setup.refresh()
        for params in SEARCHES:
            counter.get(client, "/search/", params)  # warm: cached reads are built once
            counter.get(client, "/search/", params)
            key = (size, *params.items())
            counts[key], sql[key] = len(counter.request), counter.request
            assert not [q for q in counter.request if WRITE.match(q)], params
    # Flat: the worst case does not grow with the matches. (One search may differ by a
    # query between sizes: a source with no result on the page shown loads nothing.)
    assert max(n for key, n in counts.items() if key[0] == 200) <= max(
        n for key, n in counts.items() if key[0] == 10
    ), counts
    worst = max(counts, key=counts.get)
    # The search's own share, and the page as a whole (the base template's share is
    # the menus' and settings' to keep small).
    assert counts[worst] - furniture <= SEARCH_OWN_BUDGET, "\n".join(sql[worst])
    assert counts[worst] <= SEARCH_QUERY_BUDGET, (furniture, "\n".join(sql[worst]))


def test_suggestions_stay_within_the_budget_as_content_grows(client, home, search_setup):
    counter = QueryCounter()
    counts = []
    for size in (10, 200):
        add_items(home, size)
        search_setup.refresh()
        counter.get(client, "/search/suggest/", {"q": "kest"})
        response = counter.get(client, "/search/suggest/", {"q": "kest"})
        assert response.json()["suggestions"]
        counts.append(len(counter.request))
    assert counts[0] == counts[1] <= 3, counts


def test_the_query_log_is_written_after_the_response_is_sent(client, home, search_setup):
    """The view renders its page without a write; closing the response (what a WSGI or
    ASGI server does once the last byte is sent) counts the search."""
    add_items(home, 3)
    search_setup.refresh()
    client.get("/search/")  # the site settings row the base template makes on first use
    request = RequestFactory().get("/search/", {"q": "Kestrel"})
    with CaptureQueriesContext(connection) as during:
        response = search(request)
        response.render()
    assert response.status_code == 200
    assert b"kestrel" in response.content.lower()
    assert not [q["sql"] for q in during.captured_queries if WRITE.match(q["sql"])]
    assert not Query.objects.filter(query_string="kestrel").exists()

    # Closing also sends request_finished, which would close the test's own database
    # connection (inside its transaction); Django's test client holds it open the same way.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    assert Query.objects.get(query_string="kestrel").hits == 1


def test_a_failed_or_bad_request_is_not_logged(client, home):
    assert client.get("/search/", {"q": "kestrel", "page": "x"}).status_code == 400
    assert not Query.objects.exists()


def test_on_the_database_task_queue_the_log_waits_for_the_worker(client, home, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert client.get("/search/", {"q": "kestrel"}).status_code == 200
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "search.tasks.log_search_query"
    assert not Query.objects.exists()


def test_editors_picks_still_come_first(client, home, search_setup):
    add_items(home, 3)
    pick = StandardPageFactory(parent=home, title="Hope Street referrals", intro="referrals")
    SearchPromotion.objects.create(query=Query.get("kestrel"), page=pick, sort_order=0)
    search_setup.refresh()
    html = client.get("/search/", {"q": "kestrel"}).content.decode()
    assert "Hope Street referrals" in html[html.index("Recommended") : html.index("result-count")]


# What the search reads once and caches (search.sources) goes stale with the change.


def found(client, word):
    html = client.get("/search/", {"q": word}).content.decode()
    match = re.search(r'class="result-count">(\d+) result', html)
    assert match, "no result count on the page"
    return int(match.group(1))


def test_a_page_restricted_after_a_search_is_hidden_at_once(client, home, search_setup):
    page = StandardPageFactory(parent=home, title="Kestrel restricted", intro="kestrel")
    search_setup.refresh()
    assert found(client, "kestrel") == 1
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert found(client, "kestrel") == 0


def test_a_page_moved_into_a_private_section_is_hidden_at_once(client, home, search_setup):
    section = StandardPageFactory(parent=home, title="Members")
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    page = StandardPageFactory(parent=home, title="Kestrel moving", intro="kestrel")
    search_setup.refresh()
    assert found(client, "kestrel") == 1
    page.move(section, pos="last-child")
    assert found(client, "kestrel") == 0


def test_an_unpublished_page_is_hidden_at_once(client, home, search_setup):
    page = StandardPageFactory(parent=home, title="Kestrel withdrawn", intro="kestrel")
    search_setup.refresh()
    assert found(client, "kestrel") == 1
    page.unpublish()
    assert found(client, "kestrel") == 0


def test_a_document_moved_into_a_private_collection_is_hidden_at_once(client, home, search_setup):
    document = DocumentFactory(title="Kestrel minutes", description="kestrel")
    search_setup.refresh()
    assert found(client, "kestrel") == 1
    private = Collection.get_first_root_node().add_child(name="Board")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document.collection = private
    document.save()
    assert found(client, "kestrel") == 0

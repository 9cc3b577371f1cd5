"""Public pages ask the database a fixed number of times, however much content there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MenuFactory, MenuItemFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def warm(client, url):
    """Fill the per-process caches and the cached menus and settings. Twice: the first
    request creates the site settings row, and a value read while its table changes is
    not kept."""
    client.get(url)
    client.get(url)


def add_pages(home, count, menu):
    for _ in range(count):
        page = StandardPageFactory(parent=home, intro="Trauma-informed training for staff")
        MenuItemFactory(menu=menu, link_page=page)


def test_home_page_query_count_is_bounded_and_flat(client, home, django_assert_max_num_queries):
    menu = MenuFactory()
    add_pages(home, 3, menu)
    warm(client, "/")
    few = queries_for(client, "/")
    add_pages(home, 20, menu)
    warm(client, "/")  # the menu changed: read again once, then cached
    many = queries_for(client, "/")
    assert many == few
    # The menus and settings are cached until changed (tests/cms/test_query_budgets.py
    # holds every page type to its budget).
    with django_assert_max_num_queries(10):
        client.get("/")


def test_search_listing_query_count_does_not_grow(client, home, django_assert_max_num_queries):
    menu = MenuFactory()
    add_pages(home, 3, menu)
    warm(client, "/search/?q=trauma")
    few = queries_for(client, "/search/?q=trauma")
    add_pages(home, 7, menu)  # still one page of results, but more of everything
    warm(client, "/search/?q=trauma")
    many = queries_for(client, "/search/?q=trauma")
    assert many == few
    with django_assert_max_num_queries(25):
        client.get("/search/?q=trauma")


def test_sitemap_query_count_does_not_grow(client, home):
    menu = MenuFactory()
    add_pages(home, 3, menu)
    client.get("/sitemap.xml")
    few = queries_for(client, "/sitemap.xml")
    add_pages(home, 20, menu)
    assert queries_for(client, "/sitemap.xml") == few

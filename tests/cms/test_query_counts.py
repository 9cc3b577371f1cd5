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


def add_pages(home, count, menu):
    for _ in range(count):
        page = StandardPageFactory(parent=home, intro="Trauma-informed training for staff")
        MenuItemFactory(menu=menu, link_page=page)


def test_home_page_query_count_is_bounded_and_flat(client, home, django_assert_max_num_queries):
    menu = MenuFactory()
    add_pages(home, 3, menu)
    client.get("/")  # warm the per-process caches (site root paths, locales)
    few = queries_for(client, "/")
    add_pages(home, 20, menu)
    many = queries_for(client, "/")
    assert many == few
    # 12 for the page, menus and settings; 3 for the section listing (view restrictions,
    # children, their specific pages).
    with django_assert_max_num_queries(15):
        client.get("/")


def test_search_listing_query_count_does_not_grow(client, home, django_assert_max_num_queries):
    menu = MenuFactory()
    add_pages(home, 3, menu)
    client.get("/search/?q=trauma")
    few = queries_for(client, "/search/?q=trauma")
    add_pages(home, 7, menu)  # still one page of results, but more of everything
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

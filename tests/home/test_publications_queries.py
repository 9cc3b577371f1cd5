"""The publication listing asks the database as often for 200 publications as for 10."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import PublicationPage
from tests.factories import ImageFactory
from tests.home.publications_factories import pdf_document, publication_index, topic

pytestmark = pytest.mark.django_db


def add_publications(index, topics, image, document, count, offset):
    """`count` live publications over two years, each with two topics, an image and a PDF."""
    for n in range(offset, offset + count):
        page = PublicationPage(
            title=f"Paper {n}",
            slug=f"paper-{n}",
            summary="A summary of the paper.",
            publication_date=date(2023, 1, 1) + timedelta(days=n * 3),
            lead_image=image,
            pdf=document,
            live=True,
        )
        index.add_child(instance=page)
        page.topics.set([topics[n % 3], topics[(n + 1) % 3]])
        page.save()


def queries_for(client, url, params):
    # Warm the per-process and cached values (twice: the first view creates the
    # settings row, and what is read while a table changes is not kept).
    client.get(url, params)
    client.get(url, params)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    assert b"Paper" in response.content, params
    return len(captured)


VIEWS = {
    "listing": {},
    "topic": {"topic": "mothers"},
    "topic and year": {"topic": "mothers", "year": "2023"},
    "second page": {"page": "2"},
}


def counts(client, index):
    return {name: queries_for(client, index.url, params) for name, params in VIEWS.items()}


def test_query_count_is_flat_from_10_to_200_publications(client, home):
    index = publication_index(home)
    topics = [topic("Mothers"), topic("Community"), topic("Health")]
    image, document = ImageFactory(), pdf_document()
    add_publications(index, topics, image, document, 12, 0)
    few = counts(client, index)
    add_publications(index, topics, image, document, 188, 12)
    assert PublicationPage.objects.live().count() == 200
    assert counts(client, index) == few


def test_listing_query_count_is_bounded(client, home):
    index = publication_index(home)
    add_publications(index, [topic("Mothers")] * 3, ImageFactory(), pdf_document(), 12, 0)
    # The page itself (site, menus, settings, breadcrumbs), then the view restrictions,
    # the topic check, the count, the rows, their topics, images and renditions, and one
    # query for each filter's counts.
    assert queries_for(client, index.url, {"topic": "mothers"}) <= 30

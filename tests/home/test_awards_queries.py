"""The awards directory asks the database as often for 200 awards as for 10."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .awards_factories import (
    directory_fixture,  # noqa: F401 - the directory fixture
    many_quality_marks,
    secure_setting,
)

pytestmark = pytest.mark.django_db

VIEWS = [
    {},
    {"scheme": "quality-mark", "page": "2"},
    {"level": "silver", "year": "2024", "sector": "voluntary"},
    {"region": "london"},
    {"level": "level-one"},
    {"year": "abc"},
]


def queries(client, url, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code in (200, 400)
    assert b"award__name" in response.content, params
    return len(captured)


def counts(client, directory):
    # Warm the per-process and cached values (twice: the first view creates the
    # settings row, and what is read while a table changes is not kept).
    client.get(directory.url)
    client.get(directory.url)
    return [queries(client, directory.url, params) for params in VIEWS]


def test_query_count_is_flat_from_10_to_200_awards(client, directory):
    for n in range(3):
        secure_setting(f"Unit {n}", f"HMP {n}")
    many_quality_marks(10)
    few = counts(client, directory)
    many_quality_marks(190, offset=10)
    assert counts(client, directory) == few
    # The page itself (site, menus, settings, breadcrumbs) and the directory: the results
    # and their count, two for the counts by level and year, two for the sector and
    # region choices, one for the journeys begun.
    assert max(few) <= 25

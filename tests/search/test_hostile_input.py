"""Hostile parameters get a page or a 400, never a 500, on every backend; a search that
worked once works again (the query log never fails it).

The values are generated: digits of every script Unicode has (which str.isdigit() accepts
and int() may refuse), fullwidth and superscript digits, huge numbers, signs, whitespace,
control characters, very long strings, characters whose lower case is longer ('İ'), RTL
marks and emoji; each in q, page, year, topic and type, on /search/, /search/suggest/ and
the Welsh /cy/search/.
"""

import logging
import re
import sys
import unicodedata

import pytest
from django.db import connection
from django.test import Client
from wagtail.contrib.search_promotions.models import Query

from search.query import MAX_PAGE, clean_query
from search.query_log import query_log_key
from tests.conftest import IN_CI
from tests.factories import StandardPageFactory

URLS = ["/search/", "/search/suggest/", "/cy/search/"]


def _script_digits():
    """'2024' and '2' written in each script's own decimal digits (66 scripts)."""
    values = []
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if unicodedata.category(char) == "Nd" and unicodedata.decimal(char) == 0 and code > 127:
            two, four = chr(code + 2), chr(code + 4)
            values += [f"{two}{char}{two}{four}", two]
    return values


def _digit_lookalikes():
    """Characters str.isdigit() accepts that are not decimal digits: '²', '①', '⒈'..."""
    return [
        char
        for char in map(chr, range(0x10000))
        if char.isdigit() and unicodedata.category(char) != "Nd"
    ]


ODD = [
    "",
    " ",
    "0",
    "-0",
    "00000000002",
    "２０２４",
    "²⁰²⁴",
    "٢٠٢٤",
    "9" * 5000,
    "1" + "0" * 30,
    "99999999999",
    "+1",
    "-1",
    "\u22121",
    "1e3",
    "0x10",
    "1.0",
    "1_000",
    " 1",
    "1\n",
    "\t2",
    "\u00a02",
    "\u20032",
    "\x00",
    "1\x00",
    "\x1b[31m",
    "\u200f2024",
    "\u202e2024",
    "\u200b",
    "a" * 10_000,
    "İ" * 200,
    "ß" * 200,
    "ﬃ" * 150,
    "🙂",
    "1\ufe0f\u20e3",
    "🔟",
    "\U0001f600" * 300,
    "home.standardpage\x00",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "'; DROP TABLE wagtailcore_page; --",
]
HOSTILE = _script_digits() + _digit_lookalikes() + ODD
# Bytes that are not UTF-8 at all, sent as they are.
RAW = ["%FF", "%ED%A0%80", "%C0%AE", "%00", "%F4%90%80%80"]


def _expected(param, value):
    """The statuses a parameter value may get on the search page."""
    if param == "q":
        return {200}
    text = value.strip(" \t\r\n")
    if param in {"page", "year"} and text:
        valid = re.fullmatch(r"[0-9]{1,9}", text) and (
            1 <= int(text) <= MAX_PAGE if param == "page" else 1900 <= int(text) <= 2200
        )
        return {200} if valid else {400}
    return {200, 400}


@pytest.fixture
def hostile_client(home, welsh_home, search_setup):
    StandardPageFactory(parent=home, title="Trauma training", intro="training for staff")
    search_setup.refresh()
    client = Client(raise_request_exception=False)
    return client


@pytest.mark.parametrize("param", ["q", "page", "year", "topic", "type"])
def test_hostile_values_get_a_page_or_a_400_and_the_same_again(hostile_client, param):
    problems = []
    for value in HOSTILE:
        params = {"q": "training", param: value}
        for url in URLS:
            if url.endswith("suggest/") and param != "q":
                continue  # suggest reads q only
            statuses = [hostile_client.get(url, params).status_code for _repeat in range(2)]
            allowed = {200} if url.endswith("suggest/") else _expected(param, value)
            if statuses[0] not in allowed or statuses[1] != statuses[0]:
                problems.append((url, param, value[:20], statuses))
    assert not problems, f"{len(problems)} of {len(HOSTILE) * len(URLS)}: {problems[:10]}"


def test_bytes_that_are_not_utf8_get_a_page(hostile_client):
    for raw in RAW:
        for param in ("q", "page", "year", "topic", "type"):
            for url in URLS:
                response = hostile_client.get(f"{url}?q=training&{param}={raw}")
                assert response.status_code in {200, 400}, (url, param, raw)


def test_a_400_says_what_was_wrong(hostile_client):
    for params in ({"page": "²"}, {"year": "２０２４"}, {"page": "9" * 5000}, {"year": "①"}):
        response = hostile_client.get("/search/", {"q": "training", **params})
        assert response.status_code == 400, params
        alert = re.search(r'role="alert"><p>([^<]+)</p>', response.content.decode())
        assert alert and ("page" in alert.group(1) or "year" in alert.group(1)), params


# 'İ' lower-cases to two characters; the others are odd in other ways (sharp s, titlecase).
@pytest.mark.parametrize("query", ["İ" * 200, "İstanbul " * 30, "ẞİ" * 100, "ǅ" * 199 + "İ"])
def test_a_query_that_lengthens_when_lower_cased_is_logged_and_repeats(client, home, query):
    for repeat in (1, 2, 3):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200, repeat
    logged = Query.objects.get(query_string=query_log_key(clean_query(query)))
    assert logged.hits == 3
    assert len(logged.query_string) <= 255


@pytest.fixture
def refusing_query_log(db):
    """A real database that refuses every new query-log row (a trigger), as a full disk,
    a lock timeout or a read-only replica would."""
    table = Query._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_query_log() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'query log refused'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER refuse_query_log BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION refuse_query_log()"
            )
        else:
            cursor.execute(
                f"CREATE TEMP TRIGGER refuse_query_log BEFORE INSERT ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'query log refused'); END"
            )
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER IF EXISTS refuse_query_log ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS refuse_query_log()")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS refuse_query_log")


def test_a_query_log_the_database_refuses_does_not_fail_the_search(
    client, home, search_setup, refusing_query_log, caplog
):
    StandardPageFactory(parent=home, title="Quality mark", intro="quality")
    search_setup.refresh()
    with caplog.at_level(logging.WARNING, logger="search.query_log"):
        for _repeat in range(2):
            response = client.get("/search/", {"q": "quality mark"})
            assert response.status_code == 200
            assert 'class="result-count">1 result' in response.content.decode()
    assert "Could not log the search query" in caplog.text
    assert not Query.objects.filter(query_string="quality mark").exists()


@pytest.mark.postgres
def test_query_log_on_postgresql_keeps_within_its_column(client, home):
    """PostgreSQL enforces the column's 255 characters, which SQLite does not."""
    if connection.vendor != "postgresql":
        if IN_CI:
            pytest.fail("CI=true but the suite is not running on PostgreSQL (DATABASE_URL).")
        pytest.skip("Running on SQLite; set DATABASE_URL=postgres://... to run on PostgreSQL.")
    for query in ("İ" * 200, "xİ" * 100):
        for _repeat in range(2):
            assert client.get("/search/", {"q": query}).status_code == 200
        assert Query.objects.get(query_string=query_log_key(query)).hits == 2

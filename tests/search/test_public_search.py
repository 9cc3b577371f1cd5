"""Public search on each backend: what it finds, what it never shows, and how it answers
awkward input."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import Group
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from cms.models import Topic
from search.highlight import plain_text, snippet
from tests.factories import DocumentFactory, StandardPageFactory


def search(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def result_count(html):
    match = re.search(r'class="result-count">(\d+) result', html)
    assert match, "no result count on the page"
    return int(match.group(1))


def restricted_page(home, word, restriction_type, **extra):
    page = StandardPageFactory(parent=home, title=f"Restricted {word}", intro=word)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=restriction_type, **extra
    )
    return page, restriction


def test_leak_matrix_finds_only_the_live_public_twin(client, home, search_setup):
    """One unique word in each kind of non-public content; none is found, not even by
    title or in a count; the live public twin is."""
    StandardPageFactory(parent=home, title="Public zebrafinch", intro="zebrafinch")

    StandardPageFactory(parent=home, title="Draft quokkadraft", intro="quokkadraft", live=False)

    pending = StandardPageFactory(parent=home, title="Visible page", intro="Nothing new")
    pending.intro = "narwhalpending"
    pending.title = "Pending narwhalpending"
    pending.save_revision()  # a draft of unpublished changes; the live page stays as it was

    gone = StandardPageFactory(
        parent=home, title="Withdrawn tapirunpublished", intro="tapirunpublished"
    )
    gone.unpublish()

    restricted_page(home, "ocelotlogin", PageViewRestriction.LOGIN)
    restricted_page(home, "axolotlpassword", PageViewRestriction.PASSWORD, password="secret-pw")
    _, group_restriction = restricted_page(home, "pangolingroup", PageViewRestriction.GROUPS)
    group_restriction.groups.add(Group.objects.create(name="Trainers"))
    parent, _ = restricted_page(home, "parentlocked", PageViewRestriction.LOGIN)
    StandardPageFactory(parent=parent, title="Child okapichild", intro="okapichild")

    private = Collection.get_first_root_node().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    DocumentFactory(title="Minutes lemurprivate", description="lemurprivate", collection=private)
    DocumentFactory(title="Handout gibbonpublic", description="gibbonpublic")
    search_setup.refresh()

    assert result_count(search(client, "zebrafinch")) == 1
    assert result_count(search(client, "gibbonpublic")) == 1
    # How often a word that matches nothing is echoed back (title, search boxes, count).
    echoes = search(client, "nothingmatchesthis").count("nothingmatchesthis")
    for word in [
        "quokkadraft",
        "narwhalpending",
        "tapirunpublished",
        "ocelotlogin",
        "axolotlpassword",
        "pangolingroup",
        "okapichild",
        "lemurprivate",
    ]:
        html = search(client, word)
        assert result_count(html) == 0, word
        assert html.count(word) == echoes, word
        assert "Restricted" not in html and "Minutes" not in html
        suggestions = client.get("/search/suggest/", {"q": word[:5]}).json()["suggestions"]
        assert suggestions == [], word


def test_results_show_type_date_highlighted_snippet_and_link(client, home, search_setup):
    page = StandardPageFactory(
        parent=home,
        title="Follow-up days for prison staff",
        intro="Staff reported back on their trauma-informed practice.",
        listing_date=date(2016, 5, 12),
    )
    search_setup.refresh()
    html = search(client, "trauma-informed practice")
    assert f'href="{page.url}"' in html
    assert "Standard page" in html
    assert '<time datetime="2016-05-12">12 May 2016</time>' in html
    assert "<mark>practice</mark>" in html


def test_facets_count_by_type_year_and_topic_and_filters_combine(client, home, search_setup):
    health = Topic.objects.create(name="Women's health", slug="womens-health")
    for number, year in enumerate((2015, 2015, 2016)):
        StandardPageFactory(
            parent=home,
            title=f"Workshop {number}",
            intro="capybara workshop",
            listing_date=date(year, 9, 7),
            topic=health,
        )
    StandardPageFactory(
        parent=home, title="Workshop 2017", intro="capybara workshop", listing_date=date(2017, 6, 1)
    )
    DocumentFactory(
        title="Workshop slides", description="capybara slides", listing_date=date(2015, 9, 7)
    )
    search_setup.refresh()

    html = search(client, "capybara")
    assert result_count(html) == 5
    assert re.search(r"2015 <span class=\"count\">\(3\)</span>", html)
    assert re.search(r"Women&#x27;s health <span class=\"count\">\(3\)</span>", html)
    assert re.search(r"Standard page <span class=\"count\">\(4\)</span>", html)
    assert re.search(r"Document <span class=\"count\">\(1\)</span>", html)

    assert result_count(search(client, "capybara", year=2015)) == 3
    assert result_count(search(client, "capybara", year=2015, type="home.standardpage")) == 2
    assert result_count(search(client, "capybara", topic="womens-health", year=2016)) == 1
    assert result_count(search(client, "capybara", type="document")) == 1


def test_pagination_walks_through_every_result_once(client, home, search_setup):
    titles = {
        StandardPageFactory(parent=home, title=f"Meerkat {n}", intro="meerkat").title
        for n in range(23)
    }
    search_setup.refresh()
    seen = []
    for number in (1, 2, 3):
        html = search(client, "meerkat", page=number)
        assert result_count(html) == 23
        seen += re.findall(r">(Meerkat \d+)</a></h2>", html)
    assert len(seen) == 23
    assert set(seen) == titles
    assert "Page 3 of 3" in search(client, "meerkat", page=3)


def test_suggest_returns_titles_for_a_prefix(client, home, search_setup):
    page = StandardPageFactory(parent=home, title="Leadership programme for team leaders")
    search_setup.refresh()
    data = client.get("/search/suggest/", {"q": "leaders"}).json()
    assert {"title": page.title, "url": page.url} in data["suggestions"]


def test_search_is_scoped_to_the_visitors_language(client, home, welsh_home, search_setup):
    StandardPageFactory(
        parent=welsh_home, title="Gwasanaeth cymraegunigryw", intro="cymraegunigryw"
    )
    StandardPageFactory(parent=home, title="English englishunique", intro="englishunique")
    search_setup.refresh()
    assert result_count(search(client, "cymraegunigryw")) == 0
    welsh = client.get("/cy/search/", {"q": "cymraegunigryw"}).content.decode()
    assert result_count_welsh(welsh) == 1
    assert (
        result_count_welsh(client.get("/cy/search/", {"q": "englishunique"}).content.decode()) == 0
    )


def result_count_welsh(html):
    match = re.search(r'class="result-count">(\d+) ', html)
    assert match
    return int(match.group(1))


def test_promoted_results_come_first_and_only_if_public(client, home, search_setup):
    promoted = StandardPageFactory(parent=home, title="Hope Street referrals")
    hidden = StandardPageFactory(parent=home, title="Unfinished draft", live=False)
    query = Query.get("mother and baby")
    SearchPromotion.objects.create(query=query, page=promoted, sort_order=0)
    SearchPromotion.objects.create(query=query, page=hidden, sort_order=1)
    search_setup.refresh()
    html = search(client, "mother and baby")
    recommended = html[html.index("Recommended") : html.index("result-count")]
    assert "Hope Street referrals" in recommended
    assert "Unfinished draft" not in html


def test_queries_are_logged_for_editors(client, home, search_setup):
    search(client, "quality mark")
    search(client, "quality mark")
    assert Query.get("quality mark").hits == 2


AWKWARD_QUERIES = [
    "",
    " ",
    "a" * 10_000,
    'AND OR NOT * ? ~ ^ : \\ / "',
    '"unbalanced',
    "(((brackets",
    "title:secret",
    "\x00\x01\x1b control",
    "مرحبا بالعالم",
    "женщины",
    "女性 司法",
    "🙂 emoji",
    "<script>alert(1)</script>",
    "'; DROP TABLE pages; --",
    "-",
    "*",
]


@pytest.mark.parametrize("query", AWKWARD_QUERIES, ids=range(len(AWKWARD_QUERIES)))
def test_awkward_queries_get_a_normal_page(client, home, search_setup, query):
    StandardPageFactory(parent=home, title="Trauma training", intro="training")
    search_setup.refresh()
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "Traceback" not in html and "TransportError" not in html
    assert client.get("/search/suggest/", {"q": query}).status_code == 200


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"page": "999"}, 400),
        ({"page": "abc"}, 400),
        ({"page": "-1"}, 400),
        ({"year": "twenty"}, 400),
        ({"page": "2"}, 200),
        ({"type": "no.such"}, 200),
        ({"topic": "unknown-topic"}, 200),
        ({"year": "1850"}, 400),
    ],
)
def test_bad_page_numbers_and_filters_get_a_page_or_a_400(
    client, home, search_setup, params, status
):
    StandardPageFactory(parent=home, title="Trauma training", intro="training")
    search_setup.refresh()
    response = client.get("/search/", {"q": "training", **params})
    assert response.status_code == status
    if status == 400:
        assert 'role="alert"' in response.content.decode()


def test_snippets_escape_rich_text_once(client, home, search_setup):
    """Rich text stores "&" as "&amp;"; the snippet must show "&", escaped once."""
    StandardPageFactory(
        parent=home,
        title="Mothers and babies",
        intro="Hope Street & partners",
        body=[
            {"type": "heading", "value": {"text": "Mums & babies", "level": "h2"}},
            {
                "type": "paragraph",
                "value": "<p>Keeping <b>mothers &amp; babies</b> together &lt;always&gt;.</p>"
                "<p>Second paragraph.</p>",
            },
        ],
    )
    search_setup.refresh()
    html = search(client, "babies")
    snippet = re.search(r'<p class="snippet">(.*?)</p>', html, re.S).group(1)
    assert "Hope Street &amp; partners" in snippet
    assert "Mums &amp; <mark>babies</mark>" in snippet
    assert "mothers &amp; <mark>babies</mark> together &lt;always&gt;. Second" in snippet
    assert "&amp;amp;" not in snippet and "&amp;lt;" not in snippet and "<b>" not in snippet


def test_summaries_are_plain_text_and_rich_text_is_decoded_once():
    assert plain_text("<p>Mothers &amp; babies</p><p>together</p>") == "Mothers & babies together"
    assert plain_text("Plain: 1 < 2 & <always> &amp;") == "Plain: 1 < 2 & <always> &amp;"
    assert snippet(plain_text("<p>Tea &amp; cake</p>"), "cake") == "Tea &amp; <mark>cake</mark>"

"""The contract between the core and the plugins' public search sources holds in code."""

import pytest
from wagtail import hooks
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Collection, CollectionViewRestriction, Locale

from cms.checks import check_public_search_sources
from cms.models import CustomDocument, SitePage
from cms.search import HOOK_NAME, PublicSearchSource, public_search_sources
from tests.factories import DocumentFactory, StandardPageFactory


def test_the_sources_installed_today_keep_the_contract():
    assert check_public_search_sources() == []


def test_a_source_without_the_listing_fields_fails_the_start_up_check():
    def register():
        return [PublicSearchSource(key="queries", model=Query)]

    with hooks.register_temporarily(HOOK_NAME, register):
        errors = check_public_search_sources()
    assert [error.id for error in errors] == ["cms.E001"]
    assert "wagtailsearchpromotions.Query" in errors[0].msg


@pytest.mark.django_db
def test_public_documents_leave_out_private_collections_and_their_children():
    root = Collection.get_first_root_node()
    board = root.add_child(name="Board papers")
    minutes = board.add_child(name="Minutes")
    CollectionViewRestriction.objects.create(
        collection=board, restriction_type=CollectionViewRestriction.LOGIN
    )
    public = DocumentFactory(title="Handout")
    in_board = DocumentFactory(title="Agenda", collection=board)
    in_minutes = DocumentFactory(title="Minutes of May", collection=minutes)
    found = set(CustomDocument.objects.public())
    assert public in found
    assert in_board not in found
    assert in_minutes not in found


@pytest.mark.django_db
def test_public_pages_are_live_public_and_in_the_visitors_language(home, welsh_home):
    live = StandardPageFactory(parent=home, title="Live")
    draft = StandardPageFactory(parent=home, title="Draft", live=False)
    pages = next(s for s in public_search_sources() if s.model is SitePage)
    english = set(pages.public_queryset(Locale.get_default()).values_list("pk", flat=True))
    welsh = set(pages.public_queryset(welsh_home.locale).values_list("pk", flat=True))
    assert live.pk in english and draft.pk not in english
    assert welsh == {welsh_home.pk}


@pytest.mark.django_db
def test_a_documents_own_date_gives_its_year_and_result_line(client):
    from datetime import date

    document = DocumentFactory(title="Workshop handout", listing_date=date(2015, 9, 7))
    assert document.year == 2015
    undated = DocumentFactory(title="Undated handout")
    assert undated.year == undated.created_at.year
    html = client.get("/search/", {"q": "workshop"}).content.decode()
    assert '<time datetime="2015-09-07">' in html

"""The materials library page: public training materials, filtered by kind, topic, event,
year and language with counts; what each file is before download; stable file URLs."""

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from cms.models import CustomDocument, Topic
from events.models import MaterialsLibraryPage
from tests.events.material_files import pdf_bytes, pptx_bytes, save_document

Kind = CustomDocument.Kind


@pytest.fixture
def library(home, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = MaterialsLibraryPage(title="Training materials", slug="materials", intro="Free.")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def topics(db):
    return {
        slug: Topic.objects.create(name=name, slug=slug)
        for slug, name in [("mothers", "Mothers and babies"), ("staff", "Staff wellbeing")]
    }


def material(title, kind=Kind.SLIDES, **fields):
    data = pptx_bytes(title) if kind == Kind.SLIDES else pdf_bytes(title)
    extension = "pptx" if kind == Kind.SLIDES else "pdf"
    return save_document(
        f"{title.lower().replace(' ', '-')}.{extension}",
        data,
        title=title,
        material_kind=kind,
        **fields,
    )


@pytest.fixture
def shelf(library, topics, make_event):
    """Five public materials, one private one, one document that is no material, and events."""
    docs = {
        "deck": material(
            "Deck 2016",
            Kind.SLIDES,
            topic=topics["mothers"],
            listing_date=date(2016, 5, 1),
            author="A. Trainer",
        ),
        "handout": material(
            "Handout 2016", Kind.HANDOUT, topic=topics["staff"], listing_date=date(2016, 6, 1)
        ),
        "workbook": material(
            "Workbook 2017", Kind.WORKBOOK, topic=topics["mothers"], listing_date=date(2017, 1, 1)
        ),
        "welsh": material(
            "Sleidiau 2017", Kind.SLIDES, language="cy", listing_date=date(2017, 3, 1)
        ),
        "report": material("Report 2015", Kind.REPORT, listing_date=date(2015, 9, 1)),
        "plain": save_document("policy.pdf", pdf_bytes("Not a material"), title="Policy"),
    }
    private = Collection.get_first_root_node().add_child(name="Cohort only")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    docs["private"] = material(
        "Private deck", Kind.SLIDES, collection=private, listing_date=date(2016, 1, 1)
    )
    national_day = make_event("London national day", start=datetime(2015, 9, 10, 10))
    national_day.materials.set([docs["deck"], docs["handout"], docs["private"]])
    national_day.save_revision().publish()
    cohort = make_event("Prison cohort", start=datetime(2016, 2, 1, 10))
    cohort.materials.set([docs["workbook"]])
    cohort.save_revision().publish()
    PageViewRestriction.objects.create(page=cohort, restriction_type="login")
    return docs, national_day, cohort


def titles(response):
    return [document.title for document in response.context["library"].page.object_list]


def counts(response, facet_name):
    (facet,) = [f for f in response.context["library"].facets if f.name == facet_name]
    return {option.label: option.count for option in facet.options}


def test_lists_public_materials_newest_first(client, shelf, library):
    response = client.get(library.url)
    assert response.status_code == 200
    assert titles(response) == [
        "Sleidiau 2017",
        "Workbook 2017",
        "Handout 2016",
        "Deck 2016",
        "Report 2015",
    ]


def test_private_collection_materials_are_absent(client, shelf, library):
    response = client.get(library.url)
    assert "Private deck" not in response.content.decode()
    assert "Private deck" not in str(response.context["library"].facets)


def test_documents_without_a_kind_are_absent(client, shelf, library):
    assert "Policy" not in titles(client.get(library.url))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "slides"}, ["Sleidiau 2017", "Deck 2016"]),
        ({"topic": "mothers"}, ["Workbook 2017", "Deck 2016"]),
        ({"year": "2016"}, ["Handout 2016", "Deck 2016"]),
        ({"language": "cy"}, ["Sleidiau 2017"]),
        ({"kind": "slides", "topic": "mothers", "year": "2016"}, ["Deck 2016"]),
        ({"topic": "no-such-topic"}, []),
    ],
)
def test_filters_combine(client, shelf, library, params, expected):
    response = client.get(library.url, params)
    assert response.status_code == 200
    assert titles(response) == expected


def test_event_filter_lists_only_public_live_events(client, shelf, library):
    docs, national_day, cohort = shelf
    response = client.get(library.url, {"event": national_day.pk})
    assert titles(response) == ["Handout 2016", "Deck 2016"]
    assert counts(response, "event") == {"London national day (10 Sep 2015)": 2}
    private_event = client.get(library.url, {"event": cohort.pk})
    assert titles(private_event) == []


def test_counts_follow_the_other_filters(client, shelf, library):
    response = client.get(library.url, {"year": "2016"})
    assert counts(response, "kind") == {"Slides": 1, "Handout": 1}
    assert counts(response, "topic") == {"Mothers and babies": 1, "Staff wellbeing": 1}
    # A facet counts as if its own filter were not set, so other years stay choosable.
    assert counts(response, "year") == {"2017": 2, "2016": 2, "2015": 1}
    assert counts(response, "language") == {"English": 2}


def test_option_links_keep_the_other_filters(client, shelf, library):
    response = client.get(library.url, {"kind": "slides", "page": "1"})
    (year,) = [f for f in response.context["library"].facets if f.name == "year"]
    option = next(o for o in year.options if o.value == "2016")
    assert option.url == "?kind=slides&year=2016"
    (kind,) = [f for f in response.context["library"].facets if f.name == "kind"]
    selected = next(o for o in kind.options if o.selected)
    assert selected.url == "?"


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "weapons"},
        {"year": "20x6"},
        {"year": "99999999999999999999999"},
        {"event": "-1"},
        {"event": "9" * 40},
        {"language": "xx"},
        {"topic": "a\x00b"},
        {"topic": "<script>"},
    ],
)
def test_bad_filter_values_answer_400_not_500(client, shelf, library, params):
    response = client.get(library.url, params)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize("page", ["0", "-3", "abc", "99999999999999999999", "2"])
def test_odd_page_numbers_still_answer(client, shelf, library, page):
    assert client.get(library.url, {"page": page}).status_code == 200


def test_each_item_says_what_it_is_before_download(client, shelf, library):
    docs, national_day, _cohort = shelf
    docs["deck"].description = "Slides from the first national day."
    docs["deck"].page_count = 14
    docs["deck"].save()
    html = client.get(library.url, {"kind": "slides", "year": "2016"}).content.decode()
    assert "Deck 2016" in html and "A. Trainer" in html and "English" in html
    assert "Slides from the first national day." in html
    assert '<time datetime="2016-05-01">1 May 2016</time>' in html
    size = docs["deck"].file_size
    link = re.search(r'<a href="([^"]+)" download>Download(.*?)</a>', html, re.S)
    assert link.group(1) == docs["deck"].url
    text = re.sub(r"<[^>]+>", "", link.group(2))
    assert "(PowerPoint slides, " in text and "14 slides)" in text
    assert ("KB" in text) if size >= 1024 else ("bytes" in text)
    assert f'href="{national_day.url}"' in html


def test_query_count_is_flat_from_10_to_200_materials(client, library, topics):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(library.url).status_code == 200
        return len(captured)

    for number in range(10):
        save_document(
            f"m{number}.pdf",
            b"%PDF-1.4\n",
            title=f"M{number}",
            material_kind="handout",
            topic=topics["mothers"],
        )
    queries()  # the first request makes the settings row, which the caches then wait out
    queries()  # the second fills the site's caches (settings, menus)
    few = queries()
    for number in range(10, 200):
        save_document(
            f"m{number}.pdf",
            b"%PDF-1.4\n",
            title=f"M{number}",
            material_kind="handout",
            topic=topics["staff"],
        )
    queries()  # new documents purge the cached facts that read them: the next view refills
    assert queries() == few
    assert few <= 25


def replace_file(client, document, name, data):
    return client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": document.title,
            "file": SimpleUploadedFile(name, data),
            "collection": document.collection_id,
            "language": document.language,
        },
    )


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "e@example.org", "pw-12345678")
    admin = Client()
    admin.force_login(user)
    return admin


def test_old_url_redirects_to_the_replaced_file_and_old_file_is_gone(client, editor, library):
    document = material("Stable deck", Kind.SLIDES)
    old_url, old_path = document.url, document.file.path
    new_data = pdf_bytes("Version two")
    response = replace_file(editor, document, "stable-deck-v2.pdf", new_data)
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.url != old_url
    assert not Path(old_path).exists()
    moved = client.get(old_url)
    assert moved.status_code == 302
    assert moved["Location"] == document.url
    served = client.get(moved["Location"])
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == new_data


def test_a_private_documents_old_url_is_not_redirected(client, editor, library):
    private = Collection.get_first_root_node().add_child(name="Private")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    document = material("Hidden deck", Kind.SLIDES, collection=private)
    old_url = document.url
    assert replace_file(editor, document, "hidden-v2.pdf", pdf_bytes("v2")).status_code == 302
    document.refresh_from_db()
    response = client.get(old_url)
    assert response.status_code == 404
    assert "hidden-v2" not in response.content.decode()
    # The current URL still asks for a login, as Wagtail's serve view does.
    assert client.get(document.url).status_code == 302
    assert "login" in client.get(document.url)["Location"]


def test_an_unknown_document_id_is_404(client, library):
    assert client.get("/documents/999999/nothing.pdf").status_code == 404
    assert client.get("/documents/" + "9" * 30 + "/nothing.pdf").status_code == 404


def test_media_files_are_not_served_directly(client, library):
    document = material("Direct deck", Kind.SLIDES)
    assert client.get(document.file.url).status_code == 404

"""A phrase from inside a PDF, a DOCX or a PPTX finds that file through public search, on
every backend, with the passage around the phrase highlighted; a file in a private
collection is never found."""

import re

import pytest
from wagtail.models import Collection, CollectionViewRestriction

from search.highlight import snippet
from tests.events.material_files import docx_bytes, pdf_bytes, pptx_bytes, save_document
from tests.search.conftest import (  # noqa: F401 - fixtures shared with the search tests
    _close_engine_breaker,
    _database_index_as_the_site_configures_it,
    _lift_write_pause,
    search_setup,
)

FILLER = "Staff talked about the week on the wing and what helped them. " * 8
# The first word also appears alone early on: the snippet must centre on the whole phrase.
TEXTS = {
    "pdf": ("Quillwort appears here alone. " + FILLER, "quillwort lanternfish harbour"),
    "docx": ("Marrowbone appears here alone. " + FILLER, "marrowbone kestrel lullaby"),
    "pptx": ("Thistledown appears here alone. " + FILLER, "thistledown ferryman compass"),
}
MAKERS = {
    "pdf": lambda before, phrase: pdf_bytes(f"{before} The {phrase} exercise calms the room."),
    "docx": lambda before, phrase: docx_bytes(f"{before} The {phrase} exercise calms the room."),
    "pptx": lambda before, phrase: pptx_bytes(
        "Opening slide", f"{before} The {phrase} exercise calms the room."
    ),
}


def search_html(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def snippets(html):
    return re.findall(r'<p class="snippet">(.*?)</p>', html, re.S)


def upload(extension, collection=None, django_capture_on_commit_callbacks=None):
    before, phrase = TEXTS[extension]
    fields = {"collection": collection} if collection else {}
    with django_capture_on_commit_callbacks(execute=True):
        document = save_document(
            f"material.{extension}",
            MAKERS[extension](before, phrase),
            title=f"Material {extension.upper()}",
            material_kind="handout",
            **fields,
        )
    document.refresh_from_db()
    assert document.extraction_status == "done", document.extraction_error
    return document, phrase


@pytest.mark.parametrize("extension", ["pdf", "docx", "pptx"])
def test_a_phrase_inside_the_file_finds_it_highlighted(
    client,
    search_setup,  # noqa: F811 - the imported fixture
    django_capture_on_commit_callbacks,
    extension,
):
    document, phrase = upload(
        extension, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks
    )
    search_setup.refresh()
    html = search_html(client, phrase)
    assert document.title in html
    marked = " ".join(f"<mark>{word}</mark>" for word in phrase.split())
    assert any(marked in s.lower() for s in snippets(html)), snippets(html)


def test_a_private_collection_file_is_not_found(
    client,
    search_setup,  # noqa: F811 - the imported fixture
    django_capture_on_commit_callbacks,
):
    private = Collection.get_first_root_node().add_child(name="Prison cohort only")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    document, phrase = upload(
        "pptx",
        collection=private,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    search_setup.refresh()
    html = search_html(client, phrase)
    assert document.title not in html
    assert snippets(html) == []


def test_snippet_centres_on_the_whole_phrase_not_the_first_word():
    text = "Quillwort alone at the start. " + FILLER + " the quillwort lanternfish harbour."
    result = snippet(text, "quillwort lanternfish harbour")
    assert "<mark>quillwort</mark> <mark>lanternfish</mark> <mark>harbour</mark>" in result
    assert result.startswith("… ")


def test_snippet_without_the_phrase_falls_back_to_the_first_word():
    result = snippet("Only lanternfish here. " + FILLER, "quillwort lanternfish")
    assert result.startswith("Only <mark>lanternfish</mark>")

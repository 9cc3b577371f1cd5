"""Upload rules: a document's content must match its extension (magic bytes), in the
single upload form, the multiple uploader and when a file is replaced; refused files are
not stored and the message names the problem and the fix."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Collection

from cms.models import CustomDocument
from tests.events.material_files import docx_bytes, pdf_bytes, pptx_bytes, truncated, zip_bytes

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


@pytest.fixture
def editor(client, django_user_model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw-12345678")
    client.force_login(user)
    return client


def stored_files(settings):
    folder = settings.MEDIA_ROOT / "documents"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def add(client, name, data, title="A material"):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": title,
            "file": SimpleUploadedFile(name, data),
            "collection": Collection.get_first_root_node().pk,
            "language": "en-gb",
        },
    )


def add_multiple(client, name, data):
    return client.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "files[]": SimpleUploadedFile(name, data),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def form_errors(response):
    return " ".join(response.context["form"].errors.get("file", []))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.pdf", pdf_bytes("A real report")),
        ("handout.docx", docx_bytes("A real handout")),
        ("slides.pptx", pptx_bytes("A real deck")),
        ("figures.csv", b"name,count\nHolloway,12\n"),
        ("notes.txt", "Plain notes, with “curly” quotes.".encode()),
    ],
)
def test_good_files_are_accepted(editor, settings, name, data):
    response = add(editor, name, data)
    assert response.status_code == 302, form_errors(response)
    document = CustomDocument.objects.get()
    assert document.file.read() == data


def test_a_file_named_pdf_that_is_not_a_pdf_is_refused(editor, settings):
    response = add(editor, "report.pdf", docx_bytes("I am Word"))
    assert response.status_code == 200
    assert "This file says it is a PDF but its content is not a PDF." in form_errors(response)
    assert "Save it again as PDF and upload it." in form_errors(response)
    assert not CustomDocument.objects.exists()
    assert stored_files(settings) == []


def test_a_renamed_program_is_refused(editor, settings):
    response = add(editor, "handout.docx", EXE)
    assert "This file is a program, not a document" in form_errors(response)
    assert not CustomDocument.objects.exists()
    assert stored_files(settings) == []


def test_a_renamed_zip_is_refused_as_a_deck(editor):
    response = add(editor, "slides.pptx", zip_bytes({"a.txt": b"hi"}))
    assert "says it is a PowerPoint presentation (.pptx)" in form_errors(response)


def test_a_word_file_renamed_pptx_is_refused(editor):
    response = add(editor, "slides.pptx", docx_bytes("Word inside"))
    assert "says it is a PowerPoint presentation" in form_errors(response)


def test_a_damaged_docx_is_refused_as_damaged(editor):
    response = add(editor, "handout.docx", truncated(docx_bytes("Half a file")))
    assert "This file is damaged" in form_errors(response)


def test_a_csv_that_is_not_utf8_is_refused_with_the_fix(editor):
    response = add(editor, "figures.csv", "name\nCafé\n".encode("cp1252"))
    assert "not plain UTF-8 text" in form_errors(response)
    assert "CSV UTF-8" in form_errors(response)


def test_a_text_file_with_nul_bytes_is_refused(editor):
    response = add(editor, "notes.txt", b"abc\x00def")
    assert "not plain UTF-8 text" in form_errors(response)


def test_a_disallowed_extension_is_refused(editor, settings):
    response = add(editor, "tool.exe", EXE)
    assert response.status_code == 200
    assert form_errors(response)
    assert not CustomDocument.objects.exists()


def test_an_oversize_file_is_refused(editor, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1000
    response = add(editor, "report.pdf", pdf_bytes("x " * 2000, "y " * 2000))
    assert "This file is too big" in form_errors(response)
    assert not CustomDocument.objects.exists()


def test_an_odd_unicode_filename_is_stored_and_served(editor, client):
    name = "Trauma‐informed ✨ care – Cymraeg ŵŷ 😀.pdf"
    data = pdf_bytes("Unicode name")
    response = add(editor, name, data, title="Unicode")
    assert response.status_code == 302, form_errors(response)
    document = CustomDocument.objects.get()
    served = client.get(document.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == data


def test_the_multiple_uploader_accepts_a_good_file(editor):
    response = add_multiple(editor, "deck.pptx", pptx_bytes("Multiple upload deck"))
    assert response.json()["success"] is True
    document = CustomDocument.objects.get()
    assert document.language == "en-gb"
    assert document.file_extension == "pptx"


def test_the_multiple_uploader_refuses_a_mismatched_file(editor, settings):
    response = add_multiple(editor, "report.pdf", EXE)
    data = response.json()
    assert data["success"] is False
    assert "This file is a program" in data["error_message"]
    assert not CustomDocument.objects.exists()
    assert stored_files(settings) == []


def test_replacing_a_file_with_a_mismatched_one_is_refused(editor):
    assert add(editor, "report.pdf", pdf_bytes("Original")).status_code == 302
    document = CustomDocument.objects.get()
    response = editor.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": document.title,
            "file": SimpleUploadedFile("report.pdf", b"not a pdf at all"),
            "collection": document.collection_id,
            "language": "en-gb",
        },
    )
    assert "content is not a PDF" in form_errors(response)
    document.refresh_from_db()
    assert document.file.read().startswith(b"%PDF-")


def test_the_edit_form_shows_why_the_text_could_not_be_read(editor):
    document = CustomDocument.objects.create(
        title="Locked",
        file=SimpleUploadedFile("locked.pdf", pdf_bytes("x")),
        extraction_status=CustomDocument.Extraction.FAILED,
        extraction_error="This PDF is protected by a password.",
    )
    response = editor.get(reverse("wagtaildocs:edit", args=[document.pk]))
    html = response.content.decode()
    assert "Text extraction: Could not be read." in html
    assert "This PDF is protected by a password." in html

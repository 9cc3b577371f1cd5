"""Text extraction from training materials: each file type, and every way a file can fail
to be read, which records a reason and keeps the file served."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from cms.models import CustomDocument
from events.extraction import extract, extract_bytes
from tests.events.material_files import (
    docx_bytes,
    encrypted_pdf_bytes,
    image_only_pdf_bytes,
    pdf_bytes,
    pptx_bytes,
    save_document,
    truncated,
    zip_bytes,
)

DONE = CustomDocument.Extraction.DONE
FAILED = CustomDocument.Extraction.FAILED
UNSUPPORTED = CustomDocument.Extraction.UNSUPPORTED
PENDING = CustomDocument.Extraction.PENDING


def test_reads_every_page_of_a_pdf():
    result = extract_bytes(pdf_bytes("Hello from page one.", "Safe spaces on page two."))
    assert result.status == DONE
    assert result.page_count == 2
    assert "page one" in result.text and "Safe spaces on page two" in result.text
    assert result.error == ""


def test_reads_paragraphs_and_tables_of_a_docx():
    result = extract_bytes(
        docx_bytes("Grounding exercise for staff", table_cell="window of tolerance")
    )
    assert result.status == DONE
    assert "Grounding exercise for staff" in result.text
    assert "window of tolerance" in result.text


def test_reads_slides_tables_and_speaker_notes_of_a_pptx():
    data = pptx_bytes(
        "Relational security", "Co-regulation", notes="Pause for questions", table_cell="cell text"
    )
    result = extract_bytes(data)
    assert result.status == DONE
    assert result.page_count == 2
    for words in ("Relational security", "Co-regulation", "Pause for questions", "cell text"):
        assert words in result.text


def test_reads_utf8_text_files():
    result = extract_bytes("Café, naïve – “quotes”\n".encode())
    assert result.status == DONE
    assert "naïve" in result.text


def test_type_comes_from_the_content_not_the_name(db):
    document = save_document("slides.pdf", pptx_bytes("Deck named like a PDF"))
    result = extract(document)
    assert result.status == DONE
    assert "Deck named like a PDF" in result.text


def test_a_corrupt_pdf_fails_with_a_reason():
    result = extract_bytes(truncated(pdf_bytes("x" * 3000)))
    assert result.status == FAILED
    assert "damaged" in result.error


def test_a_corrupt_pptx_fails_with_a_reason():
    result = extract_bytes(truncated(pptx_bytes("Some slide")))
    assert result.status == FAILED
    assert "damaged" in result.error


def test_a_zip_claiming_to_be_a_deck_but_missing_its_parts_fails():
    content_types = (
        b'<?xml version="1.0"?><Types><Override PartName="/ppt/presentation.xml" ContentType='
        b'"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>'
        b"</Types>"
    )
    result = extract_bytes(zip_bytes({"[Content_Types].xml": content_types}))
    assert result.status == FAILED
    assert "damaged" in result.error


def test_an_encrypted_pdf_fails_saying_it_has_a_password():
    result = extract_bytes(encrypted_pdf_bytes("Secret words"))
    assert result.status == FAILED
    assert "password" in result.error
    assert result.text == ""


def test_a_pdf_encrypted_with_an_empty_password_is_read():
    result = extract_bytes(encrypted_pdf_bytes("Open to all readers", password=""))
    assert result.status == DONE
    assert "Open to all readers" in result.text


def test_an_image_only_pdf_fails_saying_it_has_no_text():
    result = extract_bytes(image_only_pdf_bytes())
    assert result.status == FAILED
    assert "no text" in result.error


def test_a_pdf_over_the_page_limit_is_not_read(settings):
    settings.EVENTS_EXTRACTION_MAX_PAGES = 3
    result = extract_bytes(pdf_bytes("a", "b", "c", "d"))
    assert result.status == FAILED
    assert "4 pages" in result.error and "over 3" in result.error


def test_a_deck_over_the_slide_limit_is_not_read(settings):
    settings.EVENTS_EXTRACTION_MAX_PAGES = 1
    result = extract_bytes(pptx_bytes("a", "b"))
    assert result.status == FAILED
    assert "2 slides" in result.error


def test_text_over_the_length_cap_is_cut_and_says_so(settings):
    settings.EVENTS_EXTRACTION_MAX_CHARS = 50
    result = extract_bytes(("word " * 100).encode())
    assert result.status == DONE
    assert len(result.text) == 50
    assert "first 50 characters" in result.error


@pytest.mark.parametrize(
    "data",
    [b"ID3\x03\x00\x00\x00" + b"\x00" * 200, b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 200],
    ids=["mp3", "mp4"],
)
def test_audio_and_video_are_unsupported_not_failed(data):
    result = extract_bytes(data)
    assert result.status == UNSUPPORTED
    assert "Audio and video" in result.error


def test_an_unknown_type_is_unsupported():
    result = extract_bytes(zip_bytes({"notes.txt": b"hello"}))
    assert result.status == UNSUPPORTED


def test_a_missing_file_fails_saying_so(db):
    document = save_document("gone.pdf", pdf_bytes("Soon gone"))
    document.file.storage.delete(document.file.name)
    result = extract(document)
    assert result.status == FAILED
    assert "missing" in result.error


def test_upload_queues_extraction_and_saves_the_text(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = save_document("deck.pptx", pptx_bytes("Trauma responses in custody"))
    document.refresh_from_db()
    assert document.extraction_status == DONE
    assert document.page_count == 1
    assert "Trauma responses in custody" in document.extracted_text
    assert document.extracted_at is not None


def test_a_failed_file_is_saved_and_still_served(db, client, django_capture_on_commit_callbacks):
    data = encrypted_pdf_bytes("Locked")
    with django_capture_on_commit_callbacks(execute=True):
        document = save_document("locked.pdf", data)
    document.refresh_from_db()
    assert document.extraction_status == FAILED
    assert "password" in document.extraction_error
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data


def test_replacing_the_file_extracts_again(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = save_document("handout.docx", docx_bytes("First version words"))
    document = CustomDocument.objects.get(pk=document.pk)
    with django_capture_on_commit_callbacks(execute=True):
        document.file = ContentFile(docx_bytes("Second version words"), name="handout-v2.docx")
        document._set_document_file_metadata()
        document.save()
    document.refresh_from_db()
    assert "Second version words" in document.extracted_text
    assert "First version" not in document.extracted_text


def test_saving_other_fields_does_not_extract_again(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = save_document("handout.docx", docx_bytes("Words"))
    document = CustomDocument.objects.get(pk=document.pk)
    document.title = "A new title"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document.save()
    assert callbacks == []


def test_command_reads_waiting_documents_with_progress(db):
    first = save_document("one.pdf", pdf_bytes("Command reads one"))
    second = save_document("two.pdf", image_only_pdf_bytes())
    out = io.StringIO()
    call_command("extract_document_text", stdout=out)
    output = out.getvalue()
    assert f"[1/2] document {first.pk}: done" in output
    assert f"[2/2] document {second.pk}: failed (This PDF has no text" in output
    first.refresh_from_db()
    assert "Command reads one" in first.extracted_text
    again = io.StringIO()
    call_command("extract_document_text", stdout=again)
    assert "No documents to read." in again.getvalue()

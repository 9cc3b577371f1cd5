"""Reading the text inside training materials (PDF, DOCX, PPTX) so that search finds it.

``extract(document)`` never raises for a bad file: it returns a ``Result`` whose status says
what happened (``CustomDocument.Extraction``) and whose error is a reason an editor can act
on. The file itself is kept and served whatever the result.
"""

import io
import logging
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from docx import Document as open_docx
from docx.opc.exceptions import PackageNotFoundError as DocxPackageNotFoundError
from lxml import etree
from pptx import Presentation as open_pptx
from pptx.exc import PackageNotFoundError as PptxPackageNotFoundError
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

from cms.documents import detect_type
from cms.models import CustomDocument

logger = logging.getLogger(__name__)

Extraction = CustomDocument.Extraction

DEFAULT_MAX_PAGES = 500
# About 250 dense pages of text; past that the words added to the index help little.
DEFAULT_MAX_CHARS = 1_000_000
# An OOXML file that unpacks to more than this is refused before parsing (a "zip bomb").
MAX_UNPACKED_BYTES = 300 * 1024 * 1024

PARSER_ERRORS = (
    PyPdfError,
    zipfile.BadZipFile,
    DocxPackageNotFoundError,
    PptxPackageNotFoundError,
    etree.XMLSyntaxError,
    KeyError,
    ValueError,
)
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True)
APP_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"


@dataclass(frozen=True)
class Result:
    text: str
    page_count: int | None
    status: str
    error: str = ""


class Unreadable(Exception):
    """The file cannot be read; the message is the reason shown to editors."""


def max_pages() -> int:
    return getattr(settings, "EVENTS_EXTRACTION_MAX_PAGES", DEFAULT_MAX_PAGES)


def max_chars() -> int:
    return getattr(settings, "EVENTS_EXTRACTION_MAX_CHARS", DEFAULT_MAX_CHARS)


def _check_page_count(count: int, unit_singular: str, unit_plural: str):
    limit = max_pages()
    if count > limit:
        raise Unreadable(
            _(
                "This file has %(count)d %(units)s; files over %(limit)d are not read, so "
                "search cannot find its words. Split it into smaller files to make it searchable."
            )
            % {
                "count": count,
                "units": unit_plural if count != 1 else unit_singular,
                "limit": limit,
            }
        )


def _pdf(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        # Many PDFs are "encrypted" only to restrict printing, with an empty open password.
        try:
            opened = reader.decrypt("")
        except (DependencyError, FileNotDecryptedError, NotImplementedError):
            opened = 0
        if not opened:
            raise Unreadable(
                _(
                    "This PDF is protected by a password, so its text cannot be read. Save "
                    "a copy without a password and upload it to make it searchable."
                )
            )
    count = len(reader.pages)
    _check_page_count(count, _("page"), _("pages"))
    limit = max_chars()
    parts, length = [], 0
    for page in reader.pages:
        text = page.extract_text() or ""
        parts.append(text)
        length += len(text)
        if length >= limit:
            break
    text = "\n".join(parts)
    if not text.strip():
        raise Unreadable(
            _(
                "This PDF has no text in it, only images (perhaps it was scanned). Upload a "
                "PDF with text (run text recognition, OCR, on it) to make it searchable."
            )
        )
    return text, count


def _check_unpacked_size(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise Unreadable(
            _("This file unpacks to more than %(size)d MB, too large to read.")
            % {"size": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )


def _docx_table_text(table) -> list[str]:
    lines = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            cells.append(cell.text)
            for nested in cell.tables:
                lines.extend(_docx_table_text(nested))
        lines.append(" | ".join(cells))
    return lines


def _positive(element) -> bool:
    text = (element.text or "").strip() if element is not None else ""
    return text.isdigit() and int(text) > 0


def _docx(data: bytes) -> tuple[str, int | None]:
    _check_unpacked_size(data)
    document = open_docx(io.BytesIO(data))
    # Word and LibreOffice record the page count they last laid out in docProps/app.xml.
    # Files from libraries (python-docx) carry a template's copy, Pages 1 and Words 0: a
    # count is trusted only beside a word count.
    pages = None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "docProps/app.xml" in archive.namelist():
            app = etree.fromstring(archive.read("docProps/app.xml"), SAFE_XML)
            found, words = app.find(f"{APP_NS}Pages"), app.find(f"{APP_NS}Words")
            if _positive(found) and _positive(words):
                pages = int(found.text)
    if pages is not None:
        _check_page_count(pages, _("page"), _("pages"))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        lines.extend(_docx_table_text(table))
    return "\n".join(line for line in lines if line.strip()), pages


def _shape_text(shape) -> list[str]:
    lines = []
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        lines.append(shape.text_frame.text)
    if getattr(shape, "has_table", False) and shape.has_table:
        for row in shape.table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    # Group shapes hold shapes of their own.
    for child in getattr(shape, "shapes", ()):
        lines.extend(_shape_text(child))
    return lines


def _pptx(data: bytes) -> tuple[str, int]:
    _check_unpacked_size(data)
    presentation = open_pptx(io.BytesIO(data))
    count = len(presentation.slides)
    _check_page_count(count, _("slide"), _("slides"))
    lines = []
    for slide in presentation.slides:
        for shape in slide.shapes:
            lines.extend(_shape_text(shape))
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            lines.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(line for line in lines if line.strip()), count


def _text(data: bytes) -> tuple[str, None]:
    return data.decode("utf-8-sig"), None


READERS = {"pdf": _pdf, "docx": _docx, "pptx": _pptx, "text": _text}
# Types kept and served, but without text to read (or without a reader here).
NO_TEXT = {
    "mp3": _("Audio and video files have no text to read."),
    "mpeg4": _("Audio and video files have no text to read."),
}


def extract_bytes(data: bytes, name: str = "") -> Result:
    """Read the text in `data`, a file's content; `name` only labels the log."""
    kind = detect_type(io.BytesIO(data))
    if kind in NO_TEXT:
        return Result("", None, Extraction.UNSUPPORTED, str(NO_TEXT[kind]))
    reader = READERS.get(kind)
    if reader is None:
        if kind == "broken":
            return Result(
                "",
                None,
                Extraction.FAILED,
                _("This file is damaged and cannot be opened. Save it again and upload it."),
            )
        return Result(
            "",
            None,
            Extraction.UNSUPPORTED,
            _(
                "Text is read from PDF, Word (.docx), PowerPoint (.pptx) and plain text files; "
                "this file is served, but search cannot find the words inside it."
            ),
        )
    try:
        text, pages = reader(data)
    except Unreadable as reason:
        return Result("", None, Extraction.FAILED, str(reason))
    except PARSER_ERRORS as error:
        logger.warning("Could not read %s (%s): %r", name, kind, error)
        return Result("", None, Extraction.FAILED, _damaged(error))
    except RecursionError as error:
        logger.warning("Could not read %s (%s): nesting too deep", name, kind)
        return Result("", None, Extraction.FAILED, _damaged(error))
    # The parsers raise other errors on malformed input too (TypeError, AttributeError,
    # AssertionError...); one bad file must not stop the queue, so log it and record why.
    except Exception as error:
        logger.exception("Unexpected error reading %s (%s)", name, kind)
        return Result("", None, Extraction.FAILED, _damaged(error))
    note = ""
    if len(text) > max_chars():
        text = text[: max_chars()]
        note = _("Only the first %(count)d characters of this file are searchable.") % {
            "count": max_chars()
        }
    return Result(text, pages, Extraction.DONE, note)


def _damaged(error: Exception) -> str:
    return _(
        "This file looks damaged and its text could not be read (%(error)s). Open it, save it "
        "again and upload the new copy."
    ) % {"error": type(error).__name__}


def extract(document) -> Result:
    """Read the text in `document`'s file. Missing or unreadable files give a failed result."""
    try:
        with document.open_file() as file:
            data = file.read()
    except (FileNotFoundError, OSError, ValueError):
        return Result(
            "",
            None,
            Extraction.FAILED,
            _("The file is missing from storage. Upload it again."),
        )
    return extract_bytes(data, name=document.file.name)

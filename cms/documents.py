"""Upload rules for documents, and stable document URLs.

Every document upload (the single "add" form, the multiple uploader and replacing a file)
goes through ``DocumentForm`` (``WAGTAILDOCS_DOCUMENT_FORM_BASE``): its extension must be
allowed (Wagtail checks ``WAGTAILDOCS_EXTENSIONS``), its size under
``WAGTAILDOCS_MAX_UPLOAD_SIZE`` (Wagtail's ``WagtailDocumentField``), and its content must be
what the extension says, read from the bytes themselves (``detect_type``).

``serve`` keeps a public document's URL working after its file is replaced.
"""

import codecs
import re
import zipfile

import filetype
from django import forms
from django.conf import settings
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.documents.forms import BaseDocumentForm
from wagtail.documents.views import serve as wagtaildocs_serve

HEAD_BYTES = 8192
# A [Content_Types].xml or ODF mimetype part is a few kilobytes; read no more than this of it
# (a crafted archive could unpack a huge part).
MAX_PART_BYTES = 1024 * 1024
TEXT_CHUNK = 64 * 1024

# Office Open XML: the content type of the main part, declared in [Content_Types].xml.
# Macro-enabled files (.docm, .pptm, .xlsm) declare another main type and are refused.
OOXML_MAIN_PARTS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
# OpenDocument: the "mimetype" part, stored first in the archive.
ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "odp": b"application/vnd.oasis.opendocument.presentation",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
MPEG4_KINDS = {"mp4", "m4a", "m4v"}

# The content types (from ``detect_type``) each allowed extension may hold.
EXTENSION_CONTENT = {
    "pdf": {"pdf"},
    "docx": {"docx"},
    "pptx": {"pptx"},
    "xlsx": {"xlsx"},
    "odt": {"odt"},
    "odp": {"odp"},
    "ods": {"ods"},
    "rtf": {"rtf"},
    "txt": {"text"},
    "csv": {"text"},
    "mp3": {"mp3"},
    "m4a": {"mpeg4"},
    "mp4": {"mpeg4"},
    "wav": {"wav"},
    "ogg": {"ogg"},
}

# What to call each extension in messages: "This file says it is a PDF...".
EXTENSION_NAMES = {
    "pdf": _("a PDF"),
    "docx": _("a Word document (.docx)"),
    "pptx": _("a PowerPoint presentation (.pptx)"),
    "xlsx": _("an Excel spreadsheet (.xlsx)"),
    "odt": _("an OpenDocument text file (.odt)"),
    "odp": _("an OpenDocument presentation (.odp)"),
    "ods": _("an OpenDocument spreadsheet (.ods)"),
    "rtf": _("a Rich Text file (.rtf)"),
    "txt": _("a plain text file (.txt)"),
    "csv": _("a CSV file"),
    "mp3": _("an MP3 audio file"),
    "m4a": _("an M4A audio file"),
    "mp4": _("an MP4 video"),
    "wav": _("a WAV audio file"),
    "ogg": _("an Ogg audio file"),
}
EXTENSION_FORMATS = {
    "pdf": "PDF",
    "docx": "Word (.docx)",
    "pptx": "PowerPoint (.pptx)",
    "xlsx": "Excel (.xlsx)",
    "odt": "OpenDocument text (.odt)",
    "odp": "OpenDocument presentation (.odp)",
    "ods": "OpenDocument spreadsheet (.ods)",
    "rtf": "Rich Text (.rtf)",
    "txt": "UTF-8 text",
    "csv": "CSV UTF-8",
    "mp3": "MP3",
    "m4a": "M4A",
    "mp4": "MP4",
    "wav": "WAV",
    "ogg": "Ogg",
}
PROGRAM_SIGNATURES = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")


def _zip_type(fileobj) -> str:
    """The kind of ZIP archive `fileobj` is: an OOXML or ODF type, or "zip"."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as part:
                    mimetype = part.read(MAX_PART_BYTES).strip()
                for kind, expected in ODF_MIMETYPES.items():
                    if mimetype == expected:
                        return kind
            if "[Content_Types].xml" in names:
                with archive.open("[Content_Types].xml") as part:
                    content_types = part.read(MAX_PART_BYTES).decode("utf-8", "replace")
                for kind, main in OOXML_MAIN_PARTS.items():
                    if re.search(rf'ContentType\s*=\s*"{re.escape(main)}"', content_types):
                        return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError):
        return "broken"
    return "zip"


def _is_utf8_text(fileobj) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := fileobj.read(TEXT_CHUNK):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_type(fileobj) -> str | None:
    """What `fileobj` (a seekable binary file) holds, read from its bytes, not its name:

    "pdf", "docx", "pptx", "xlsx", "odt", "odp", "ods", "rtf", "mp3", "mpeg4" (MP4/M4A),
    "wav", "ogg", "text" (UTF-8 without NUL bytes), "program" (an executable or script),
    "zip" (another archive), "broken" (a damaged archive), or None (anything else). Leaves it
    at the start.
    """
    fileobj.seek(0)
    head = fileobj.read(HEAD_BYTES)
    fileobj.seek(0)
    try:
        # Readers accept the header anywhere in the first kilobyte, after junk (PDF 1.7 annex H).
        if b"%PDF-" in head[:1024]:
            return "pdf"
        if head.startswith(PROGRAM_SIGNATURES):
            return "program"
        if head.startswith(b"{\\rtf"):
            return "rtf"
        if head.startswith(b"PK\x03\x04"):
            return _zip_type(fileobj)
        if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
            return "wav"
        if head.startswith(b"OggS"):
            return "ogg"
        guess = filetype.guess(head)
        if guess is not None:
            if guess.extension == "mp3":
                return "mp3"
            if guess.extension in MPEG4_KINDS:
                return "mpeg4"
            return None
        return "text" if _is_utf8_text(fileobj) else None
    finally:
        fileobj.seek(0)


def content_problem(fileobj, extension: str) -> str | None:
    """Why a file named with `extension` may not be uploaded with this content, or None."""
    extension = extension.lower()
    found = detect_type(fileobj)
    if found in EXTENSION_CONTENT.get(extension, ()):
        return None
    if found == "program":
        return _(
            "This file is a program, not a document, and programs cannot be uploaded. "
            "Upload the document itself (for example a PDF)."
        )
    if found == "broken":
        return _(
            "This file is damaged: it cannot be opened as %(name)s. Open it, save it again "
            "and upload the new copy."
        ) % {"name": EXTENSION_NAMES.get(extension, extension.upper())}
    if extension in {"txt", "csv"}:
        return _(
            "This file is not plain UTF-8 text. Save it again as %(format)s (in Excel: "
            '"CSV UTF-8") and upload it.'
        ) % {"format": EXTENSION_FORMATS[extension]}
    name = EXTENSION_NAMES.get(extension, extension.upper())
    return _(
        "This file says it is %(name)s but its content is not %(name)s. "
        "Save it again as %(format)s and upload it."
    ) % {"name": name, "format": EXTENSION_FORMATS.get(extension, extension.upper())}


class DocumentForm(BaseDocumentForm):
    """The document form for every upload: checks the file's content against its extension,
    and shows editors how text extraction went."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The multiple uploader posts only the title and collection: let the language
        # default apply rather than park every upload for a missing field.
        if "language" in self.fields:
            self.fields["language"].required = False
        if self.instance.pk and "file" in self.fields:
            self.fields["file"].help_text = " ".join(
                str(part)
                for part in (self.fields["file"].help_text, self.extraction_note())
                if part
            )

    def extraction_note(self) -> str:
        """The extraction state of the saved file, for the editor: "Text extraction: Could not
        be read: This PDF is protected by a password..."."""
        document = self.instance
        status = getattr(document, "get_extraction_status_display", None)
        if status is None:
            return ""
        note = _("Text extraction: %(status)s.") % {"status": status()}
        if document.extraction_error:
            note = f"{note} {document.extraction_error}"
        return note

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            extension = file.name.rpartition(".")[2] if "." in file.name else ""
            if extension.lower() in EXTENSION_CONTENT:
                problem = content_problem(file, extension)
                if problem:
                    raise forms.ValidationError(problem, code="content_mismatch")
        return file

    def clean_language(self):
        return self.cleaned_data.get("language") or settings.LANGUAGE_CODE


def serve(request, document_id, document_filename):
    """Wagtail's document serve view, keeping old links to a public document working after
    its file is replaced (a new file name): they are redirected to its current URL.

    A temporary redirect (302), not a permanent one: a browser caches a 301 for good, so an
    editor who later puts back a file of the old name would leave those browsers in a loop.
    Private documents are left to Wagtail (a 404 for a stale name), so the redirect never
    tells anyone the new file name of a document they may not see.
    """
    document = get_document_model().objects.public().filter(pk=document_id).first()
    if document is not None and document.filename != document_filename:
        return redirect(document.url)
    return wagtaildocs_serve.serve(request, document_id, document_filename)

"""Real PDF, DOCX and PPTX files made on the fly for the materials tests and benchmark."""

import io
import zipfile

from docx import Document as DocxDocument
from fpdf import FPDF
from pptx import Presentation
from pptx.util import Inches
from pypdf import PdfReader, PdfWriter


def pdf_bytes(*pages: str) -> bytes:
    """A PDF with one page per string, each page holding that text."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages or ("",):
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def image_only_pdf_bytes() -> bytes:
    """A PDF whose page holds a drawing and no text, like a scan."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(40, 40, 40)
    pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())


def encrypted_pdf_bytes(text: str, password: str = "secret-pw") -> bytes:  # noqa: S107
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf_bytes(text))).pages:
        writer.add_page(page)
    writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(paragraph: str, table_cell: str = "") -> bytes:
    document = DocxDocument()
    document.add_heading("Handout", level=1)
    document.add_paragraph(paragraph)
    if table_cell:
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "Question"
        table.cell(1, 1).text = table_cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pptx_bytes(*slides: str, notes: str = "", table_cell: str = "") -> bytes:
    """A deck with one titled slide per string; `notes` on the first slide's speaker notes,
    `table_cell` in a table on the last slide."""
    presentation = Presentation()
    layout = presentation.slide_layouts[1]
    for index, text in enumerate(slides or ("",)):
        slide = presentation.slides.add_slide(layout)
        slide.shapes.title.text = f"Slide {index + 1}"
        slide.placeholders[1].text = text
        if index == 0 and notes:
            slide.notes_slide.notes_text_frame.text = notes
    if table_cell:
        shape = slide.shapes.add_table(2, 2, Inches(1), Inches(4), Inches(6), Inches(1))
        shape.table.cell(1, 1).text = table_cell
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


def zip_bytes(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def truncated(data: bytes) -> bytes:
    """The first half of a file, as an interrupted upload or a damaged disk leaves it."""
    return data[: len(data) // 2]


def save_document(name: str, data: bytes, title: str = "", **fields):
    """A document saved through the model API, as an import or the demo does (uploads through
    the admin are tested in test_uploads)."""
    from django.core.files.base import ContentFile

    from cms.models import CustomDocument

    document = CustomDocument(title=title or name, file=ContentFile(data, name=name), **fields)
    document._set_document_file_metadata()
    document.save()
    return document

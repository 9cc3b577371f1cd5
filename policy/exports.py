"""A response as a document: DOCX (python-docx) and Markdown.

Both formats render one plain :class:`Outline`, built either from the live draft
(:func:`outline_from_response`) or from a frozen named version
(:func:`outline_from_version`), so the two sources and the two formats cannot drift apart.

Rich text is read with a real HTML parser (``html.parser``) into paragraphs of runs (bold,
italic, links) and list items; Wagtail's internal links and embeds are expanded first, so a
link to a page keeps its URL and an image keeps its alt text. Characters that XML cannot
hold (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are dropped everywhere: Word and
LibreOffice refuse a file that has them.
"""

import io
import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.text import slugify
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml.parser import OxmlElement
from wagtail.rich_text import expand_db_html

from policy.models import CoalitionActivity, Organisation

# XML 1.0 allows tab, line feed and carriage return below U+0020, and no surrogates.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# Letters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and their forms).
RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
LTR = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")
MAX_FILENAME = 80


def clean(text) -> str:
    return NOT_XML.sub("", str(text or ""))


def is_rtl(text: str) -> bool:
    """Whether `text` reads right to left: its first strong letter is from an RTL script."""
    rtl, ltr = RTL.search(text), LTR.search(text)
    return bool(rtl) and (not ltr or rtl.start() < ltr.start())


# --- Rich text as blocks -------------------------------------------------------------


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    link: str = ""


@dataclass
class Block:
    """A paragraph, a heading, or a list item (`list_kind` "ul" or "ol", `depth` from 0)."""

    kind: str = "p"  # "p", "h" or "li"
    runs: list[Run] = field(default_factory=list)
    list_kind: str = ""
    depth: int = 0

    @property
    def text(self):
        return "".join(run.text for run in self.runs)


BLOCK_TAGS = {"p", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre"}


class _RichTextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.current: Block | None = None
        self.lists: list[str] = []
        self.bold = 0
        self.italic = 0
        self.links: list[str] = []
        self.skip = 0  # inside <script>/<style>

    def _block(self, kind="p"):
        self._end_block()
        self.current = Block(
            kind=kind,
            list_kind=self.lists[-1] if kind == "li" and self.lists else "",
            depth=max(len(self.lists) - 1, 0) if kind == "li" else 0,
        )

    def _end_block(self):
        if self.current is not None and self.current.text.strip():
            # Whitespace at the edges of a block is layout, not text.
            self.current.runs[0].text = self.current.runs[0].text.lstrip()
            self.current.runs[-1].text = self.current.runs[-1].text.rstrip()
            self.blocks.append(self.current)
        self.current = None

    def _text(self, text):
        if self.skip or not text:
            return
        if self.current is None:
            if not text.strip():
                return
            self._block()
        self.current.runs.append(
            Run(
                clean(text),
                bold=self.bold > 0,
                italic=self.italic > 0,
                link=self.links[-1] if self.links else "",
            )
        )

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in ("ul", "ol"):
            self._end_block()
            self.lists.append(tag)
        elif tag in BLOCK_TAGS:
            self._block("li" if tag == "li" else ("h" if re.fullmatch(r"h\d", tag) else "p"))
        elif tag in ("b", "strong"):
            self.bold += 1
        elif tag in ("i", "em"):
            self.italic += 1
        elif tag == "a":
            self.links.append(attributes.get("href") or "")
        elif tag == "br":
            self._text("\n")
        elif tag == "img":
            alt = (attributes.get("alt") or "").strip()
            self._text(f"[{_('Image')}: {alt}]" if alt else f"[{_('Image')}]")
        elif tag in ("iframe", "embed"):
            source = attributes.get("src") or attributes.get("url") or ""
            self._text(f"[{_('Embedded media')}: {source}]" if source else "")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img", "iframe", "embed"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(self.skip - 1, 0)
        elif tag in ("ul", "ol"):
            self._end_block()
            if self.lists:
                self.lists.pop()
        elif tag in BLOCK_TAGS:
            self._end_block()
        elif tag in ("b", "strong"):
            self.bold = max(self.bold - 1, 0)
        elif tag in ("i", "em"):
            self.italic = max(self.italic - 1, 0)
        elif tag == "a" and self.links:
            self.links.pop()

    def handle_data(self, data):
        self._text(data)


def rich_text_blocks(html: str) -> list[Block]:
    """Wagtail rich text (database or front-end HTML) as blocks of formatted runs."""
    parser = _RichTextParser()
    parser.feed(expand_db_html(clean(html)))
    parser.close()
    parser._end_block()
    return parser.blocks


# --- The outline ---------------------------------------------------------------------


@dataclass
class Reference:
    title: str
    source: str = ""
    link: str = ""
    note: str = ""


@dataclass
class Item:
    number: int
    question: str
    answer: list[Block]
    references: list[int] = field(default_factory=list)  # numbers in Outline.references


@dataclass
class Outline:
    title: str
    consultation: str
    organisation: str
    date: date
    summary: list[Block]
    items: list[Item]
    references: list[Reference]
    co_signatories: list[str]
    version_name: str = ""


def _outline(*, consultation, organisation, when, summary, answers, co_signatories, version=""):
    """`answers`: (number, question, body html, [citation dicts]) in question order."""
    references: list[Reference] = []
    items = []
    for number, question, body, citations in answers:
        numbers = []
        for citation in citations:
            references.append(
                Reference(
                    title=clean(citation.get("title")),
                    source=clean(citation.get("source")),
                    link=clean(citation.get("link")),
                    note=clean(citation.get("note")),
                )
            )
            numbers.append(len(references))
        items.append(Item(int(number), clean(question), rich_text_blocks(body), numbers))
    names = [clean(name.get("name") if isinstance(name, dict) else name) for name in co_signatories]
    return Outline(
        title=clean(_("Response to %(title)s") % {"title": consultation}),
        consultation=clean(consultation),
        organisation=clean(organisation),
        date=when,
        summary=rich_text_blocks(summary),
        items=items,
        references=references,
        co_signatories=[name for name in names if name],
        version_name=clean(version),
    )


def outline_from_response(response) -> Outline:
    """The live draft of `response`: every question of its consultation, in order, with its
    answer (or none yet), the citations of each answer and the co-signatories of the
    coalition work on the consultation."""
    consultation = response.consultation
    answers = {
        answer.question_id: answer
        for answer in response.answers.prefetch_related("citations__evidence")
    }
    rows = []
    for question in consultation.questions.order_by("number"):
        answer = answers.get(question.pk)
        citations = []
        if answer is not None:
            citations = [
                {
                    "title": citation.evidence.title,
                    "source": citation.evidence.source,
                    "link": citation.evidence.link,
                    "note": citation.note,
                }
                for citation in answer.citations.all()
            ]
        rows.append((question.number, question.text, answer.body if answer else "", citations))
    signed = CoalitionActivity.co_signatories.through.objects.filter(
        coalitionactivity__consultations=consultation
    ).values("organisation_id")
    co_signatories = Organisation.objects.filter(pk__in=signed).values_list("name", flat=True)
    return _outline(
        consultation=consultation.title,
        organisation=consultation.organisation.name if consultation.organisation else "",
        when=response.submitted_on or timezone.localdate(),
        summary=response.summary,
        answers=rows,
        co_signatories=list(co_signatories),
    )


def outline_from_version(version) -> Outline:
    """The frozen text of a named version, exactly as it was submitted."""
    content = version.content or {}
    rows = [
        (
            answer.get("number") or position,
            answer.get("question", ""),
            answer.get("body", ""),
            answer.get("citations") or [],
        )
        for position, answer in enumerate(content.get("answers") or [], start=1)
    ]
    return _outline(
        consultation=content.get("consultation", ""),
        organisation=content.get("organisation", ""),
        when=timezone.localtime(version.created_at).date(),
        summary=content.get("summary", ""),
        answers=rows,
        co_signatories=content.get("co_signatories") or [],
        version=version.name,
    )


def filename(outline: Outline, extension: str) -> str:
    """An ASCII file name from the consultation's title, e.g. ``sentencing-of-mothers.docx``."""
    stem = slugify(outline.consultation)[:MAX_FILENAME].strip("-") or "response"
    return f"{stem}.{extension}"


# --- DOCX ----------------------------------------------------------------------------


def _right_to_left(paragraph, text):
    """Mark a paragraph (and its runs) as right-to-left, so Arabic and Hebrew read properly."""
    if not is_rtl(text):
        return
    properties = paragraph._p.get_or_add_pPr()
    properties.append(OxmlElement("w:bidi"))
    for run in paragraph.runs:
        run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))


def _paragraph(document, block: Block, style=None):
    if block.kind == "li":
        base = "List Number" if block.list_kind == "ol" else "List Bullet"
        style = base if block.depth == 0 else f"{base} {min(block.depth + 1, 3)}"
    paragraph = document.add_paragraph(style=style)
    for run in block.runs:
        text = run.text
        if run.link and run.link not in text:
            text = f"{text} ({run.link})"
        pieces = text.split("\n")
        for position, piece in enumerate(pieces):
            added = paragraph.add_run(piece)
            added.bold = run.bold or None
            added.italic = run.italic or None
            if position < len(pieces) - 1:
                added.add_break()
    _right_to_left(paragraph, block.text)
    return paragraph


def _text_paragraph(document, text, style=None, bold=False):
    paragraph = document.add_paragraph(style=style)
    paragraph.add_run(text).bold = bold or None
    _right_to_left(paragraph, text)
    return paragraph


def _heading(document, text, level):
    heading = document.add_heading(text, level)
    _right_to_left(heading, text)
    return heading


def _reference_text(number, reference: Reference):
    parts = [f"[{number}] {reference.title}"]
    parts += [part for part in (reference.source, reference.link, reference.note) if part]
    return ". ".join(parts)


def render_docx(outline: Outline) -> bytes:
    document = Document()
    properties = document.core_properties
    properties.title = outline.title[:255]
    properties.subject = outline.consultation[:255]

    # Title page.
    _heading(document, outline.title, 0)
    _text_paragraph(document, outline.consultation, bold=True)
    if outline.organisation:
        _text_paragraph(document, _("Consultation by %(name)s") % {"name": outline.organisation})
    _text_paragraph(document, format_date(outline.date, "j F Y"))
    if outline.version_name:
        _text_paragraph(document, _("Version: %(name)s") % {"name": outline.version_name})
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    if outline.summary:
        _heading(document, _("Summary"), 1)
        for block in outline.summary:
            _paragraph(document, block, "Heading 3" if block.kind == "h" else None)

    for item in outline.items:
        _heading(document, _("Question %(number)d") % {"number": item.number}, 1)
        _text_paragraph(document, item.question, bold=True)
        if not item.answer:
            _text_paragraph(document, _("No answer."))
        for block in item.answer:
            _paragraph(document, block, "Heading 3" if block.kind == "h" else None)
        if item.references:
            cited = ", ".join(f"[{number}]" for number in item.references)
            _text_paragraph(document, _("Evidence: %(cited)s") % {"cited": cited})

    if outline.references:
        _heading(document, _("References"), 1)
        for number, reference in enumerate(outline.references, start=1):
            _text_paragraph(document, _reference_text(number, reference))

    if outline.co_signatories:
        _heading(document, _("Co-signatories"), 1)
        for name in outline.co_signatories:
            _text_paragraph(document, name, style="List Bullet")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- Markdown ------------------------------------------------------------------------

MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
# What would start a heading, a list or a quote at the beginning of a line.
MARKDOWN_LINE_START = re.compile(r"^(\s*)(#|[-+]\s|\d+[.)]\s|=+\s*$)", re.MULTILINE)


def _escape(text: str) -> str:
    text = MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return MARKDOWN_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _markdown_runs(runs: list[Run]) -> str:
    out = []
    for run in runs:
        text = _escape(run.text).replace("\n", "  \n")
        stripped = text.strip()
        if stripped and (run.bold or run.italic):
            marker = ("**" if run.bold else "") + ("*" if run.italic else "")
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            text = f"{lead}{marker}{stripped}{marker[::-1]}{trail}"
        if run.link and stripped:
            text = f"[{text}](<{run.link.replace('>', '%3E')}>)"
        out.append(text)
    return "".join(out)


def _markdown_blocks(blocks: list[Block]) -> list[str]:
    lines = []
    previous_list = False
    for block in blocks:
        text = _markdown_runs(block.runs)
        if block.kind == "li":
            marker = "1." if block.list_kind == "ol" else "-"
            lines.append(f"{'   ' * block.depth}{marker} {text}")
            previous_list = True
            continue
        if previous_list:
            lines.append("")
            previous_list = False
        lines.append(f"### {text}" if block.kind == "h" else text)
        lines.append("")
    if previous_list:
        lines.append("")
    return lines


def render_markdown(outline: Outline) -> str:
    lines = [f"# {_escape(outline.title)}", ""]
    lines.append(f"**{_escape(outline.consultation)}**  ")
    if outline.organisation:
        lines.append(_escape(_("Consultation by %(name)s") % {"name": outline.organisation}) + "  ")
    lines.append(_escape(format_date(outline.date, "j F Y")))
    if outline.version_name:
        lines[-1] += "  "
        lines.append(_escape(_("Version: %(name)s") % {"name": outline.version_name}))
    lines.append("")
    if outline.summary:
        lines += [f"## {_('Summary')}", ""]
        lines += _markdown_blocks(outline.summary)
    for item in outline.items:
        lines += [f"## {_('Question %(number)d') % {'number': item.number}}", ""]
        lines += [f"**{_escape(item.question)}**", ""]
        lines += _markdown_blocks(item.answer) or [_("No answer."), ""]
        if item.references:
            cited = ", ".join(f"\\[{number}\\]" for number in item.references)
            lines += [_("Evidence: %(cited)s") % {"cited": cited}, ""]
    if outline.references:
        lines += [f"## {_('References')}", ""]
        for number, reference in enumerate(outline.references, start=1):
            lines += [_escape(_reference_text(number, reference)), ""]
    if outline.co_signatories:
        lines += [f"## {_('Co-signatories')}", ""]
        lines += [f"- {_escape(name)}" for name in outline.co_signatories]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"

"""Highlighted snippets for search results, the same on every backend."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.rich_text import get_text_for_indexing

SNIPPET_LENGTH = 220
# What a rich text value looks like: it opens with a tag (<p>, <h2>, <ul>...).
RICH_TEXT = re.compile(r"\s*<[a-zA-Z][a-zA-Z0-9]*[\s/>]")


def plain_text(text: str) -> str:
    """`text` as plain words, whitespace collapsed.

    A source's ``search_summary_text()`` is plain text, kept as it is: an "&" or a "<" in it
    is the reader's, and the snippet escapes it once. Rich text (HTML, as a RichTextField
    holds it) is accepted too: its tags are stripped and its entities decoded, so "&amp;"
    shows as "&", not "&amp;amp;" (Wagtail's get_text_for_indexing, which also keeps the
    words of separate paragraphs apart).
    """
    if RICH_TEXT.match(text):
        text = get_text_for_indexing(text)
    return " ".join(text.split())


def result_text(obj) -> str:
    text = obj.search_summary_text() if hasattr(obj, "search_summary_text") else ""
    return plain_text(text or "")


def phrase_pattern(query: str) -> str | None:
    """A pattern for the query's words in order, across any spaces or punctuation between
    them ("trauma-informed  care" matches "Trauma informed care"); None for one word."""
    in_order = [w for w in re.findall(r"\w+", query.lower()) if len(w) > 1]
    if len(in_order) < 2:
        return None
    return r"\W+".join(re.escape(w) for w in in_order)


def snippet(text: str, query: str, length: int = SNIPPET_LENGTH) -> str:
    """Up to `length` characters of `text` around the whole query where it occurs as a
    phrase, else around the first query word found, escaped, with every query word wrapped
    in <mark>."""
    words = sorted(
        {w for w in re.findall(r"\w+", query.lower()) if len(w) > 1}, key=len, reverse=True
    )
    if not text:
        return ""
    start = 0
    if words:
        pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
        phrase = phrase_pattern(query)
        first = (re.search(phrase, text, re.IGNORECASE) if phrase else None) or pattern.search(text)
        if first and first.start() > length // 3:
            start = text.rfind(" ", 0, first.start() - length // 3) + 1
    piece = text[start : start + length]
    if start + length < len(text):
        piece = piece[: piece.rfind(" ")] + " …" if " " in piece else piece + "…"
    if start:
        piece = "… " + piece
    if not words:
        return escape(piece)
    parts = []
    last = 0
    for match in pattern.finditer(piece):
        parts.append(escape(piece[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(piece[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above

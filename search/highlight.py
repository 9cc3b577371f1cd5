"""Highlighted snippets for search results, the same on every backend."""

import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

SNIPPET_LENGTH = 220


def result_text(obj) -> str:
    text = obj.search_summary_text() if hasattr(obj, "search_summary_text") else ""
    return " ".join(strip_tags(text or "").split())


def snippet(text: str, query: str, length: int = SNIPPET_LENGTH) -> str:
    """Up to `length` characters of `text` around the first query word found, escaped, with
    every query word wrapped in <mark>."""
    words = sorted(
        {w for w in re.findall(r"\w+", query.lower()) if len(w) > 1}, key=len, reverse=True
    )
    if not text:
        return ""
    start = 0
    if words:
        pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
        first = pattern.search(text)
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

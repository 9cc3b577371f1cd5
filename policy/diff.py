"""A readable word-level diff of two texts, for the history and the lost-update screens.

Rich text is compared as the words a reader sees (``rich_text_as_text``), never as HTML
tags. The template marks insertions and deletions with <ins> and <del> and words for
screen readers, so the change is not shown by colour alone.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Chunk:
    op: str  # "equal", "insert" or "delete"
    text: str


def word_diff(old: str, new: str) -> list[Chunk]:
    """The chunks that turn `old` into `new`, word by word (spacing kept)."""
    a = TOKEN.findall(old or "")
    b = TOKEN.findall(new or "")
    chunks: list[Chunk] = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            chunks.append(Chunk("equal", "".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            chunks.append(Chunk("delete", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            chunks.append(Chunk("insert", "".join(b[j1:j2])))
    return chunks


def has_changes(chunks: list[Chunk]) -> bool:
    return any(chunk.op != "equal" for chunk in chunks)

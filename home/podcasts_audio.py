"""An episode's audio as players and podcast apps need it: a URL, its length in bytes and its
MIME type, read from the uploaded document (its file in storage) or from the editor's
external link. A document whose file is gone gives no audio, so no player and no feed item
points at a broken link."""

import logging
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# The types a document is served with (WAGTAILDOCS_CONTENT_TYPES says the same), which the
# feed's enclosures and the page's <source> announce. Apple's own names where it has them.
AUDIO_TYPES = {
    "mp3": "audio/mpeg",
    "m4a": "audio/x-m4a",
    "wav": "audio/wav",
    "ogg": "audio/ogg",
}
FORMAT_NAMES = {"audio/mpeg": "MP3", "audio/x-m4a": "M4A", "audio/wav": "WAV", "audio/ogg": "Ogg"}
MIME_TYPE_CHOICES = [
    ("audio/mpeg", _("MP3 (audio/mpeg)")),
    ("audio/x-m4a", _("M4A (audio/x-m4a)")),
    ("audio/wav", _("WAV (audio/wav)")),
    ("audio/ogg", _("Ogg (audio/ogg)")),
]


@dataclass(frozen=True)
class Audio:
    url: str  # the document's site-relative URL, or the external absolute one
    length: int  # bytes
    mime_type: str
    external: bool = False

    @property
    def format_name(self):
        return FORMAT_NAMES.get(self.mime_type, self.mime_type)


def is_audio_document(document) -> bool:
    return document.file_extension.lower() in AUDIO_TYPES


def document_audio(document) -> Audio | None:
    """The audio in `document`, or None when it is not an audio file or its file is missing
    from storage (deleted by hand, or lost in a move between storages)."""
    if document is None or not document.file.name or not is_audio_document(document):
        return None
    storage, name = document.file.storage, document.file.name
    try:
        if not storage.exists(name):
            logger.warning("Podcast audio file %s (document %s) is missing", name, document.pk)
            return None
        length = document.file_size if document.file_size is not None else storage.size(name)
    except OSError:
        logger.exception("Podcast audio file %s (document %s) cannot be read", name, document.pk)
        return None
    return Audio(document.url, length, AUDIO_TYPES[document.file_extension.lower()])

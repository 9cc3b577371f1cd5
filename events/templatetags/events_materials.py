"""What a training material is, in words, for the listing before anyone downloads it."""

from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

register = template.Library()

FORMATS = {
    "pdf": _("PDF"),
    "docx": _("Word document"),
    "pptx": _("PowerPoint slides"),
    "xlsx": _("Excel spreadsheet"),
    "odt": _("OpenDocument text"),
    "odp": _("OpenDocument slides"),
    "ods": _("OpenDocument spreadsheet"),
    "rtf": _("Rich Text document"),
    "txt": _("Text file"),
    "csv": _("CSV spreadsheet"),
    "mp3": _("MP3 audio"),
    "m4a": _("M4A audio"),
    "mp4": _("MP4 video"),
}
SLIDE_EXTENSIONS = {"pptx", "odp"}


@register.filter
def file_format(document) -> str:
    """ "PDF", "PowerPoint slides"...: the kind of file, from its (checked) extension."""
    extension = document.file_extension.lower()
    return str(FORMATS.get(extension, extension.upper()))


@register.filter
def page_count_text(document) -> str:
    """ "14 slides" or "3 pages"; empty when the count is not known."""
    count = document.page_count
    if not count:
        return ""
    if document.file_extension.lower() in SLIDE_EXTENSIONS:
        return ngettext("%(count)d slide", "%(count)d slides", count) % {"count": count}
    return ngettext("%(count)d page", "%(count)d pages", count) % {"count": count}

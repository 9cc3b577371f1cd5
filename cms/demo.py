"""Helpers the plugins' demo-content builders share.

Every helper creates what is missing and leaves what exists alone, so running the demo
load twice duplicates nothing and never overwrites an editor's change.
"""

import io
import textwrap

from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.models import Locale, Page, Site

from cms.models import CustomImage


class Progress:
    """Prints one line per step: '[home 3/12] created About us'."""

    def __init__(self, stdout, label, total):
        self.stdout, self.label, self.total, self.done = stdout, label, total, 0

    def step(self, message):
        self.done += 1
        self.stdout.write(f"[{self.label} {self.done}/{self.total}] {message}")


def placeholder_image(title, alt_text, colour=(91, 42, 134), size=(1200, 630)):
    """A generated image (a flat colour with its title), created once and then reused."""
    existing = CustomImage.objects.filter(title=title).first()
    if existing:
        return existing, False
    picture = PillowImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(picture)
    lines = textwrap.wrap(title, width=32)
    y = size[1] // 2 - 20 * len(lines)
    for line in lines:
        draw.text((60, y), line, fill=(255, 255, 255), font_size=44)
        y += 56
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    slug = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")
    image = CustomImage(title=title, alt_text=alt_text)
    image.file = ImageFile(buffer, name=f"{slug}.png")
    image.save()
    return image, True


def child_page(parent, model, slug, **fields):
    """Return (page, created): the child of `parent` with `slug`, created and published if
    missing. An existing page is returned untouched, whatever an editor did to it."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def translation(page, language_code, **fields):
    """Return (translated_page, created): the page's translation into `language_code`,
    created from the English page with the given fields and published if missing.
    The parent must already be translated."""
    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    existing = page.get_translation_or_none(locale)
    if existing:
        return existing.specific, False
    translated = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated, True


def default_locale():
    """The default language's Locale, created if a flushed database has lost it."""
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    return locale


def site_root(model, **fields):
    """The default site's root page: the existing one, or a new `model` page under the
    tree root made the default site's root (after a flush, for instance)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site and site.root_page.depth == 2:
        return site.root_page.specific
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=default_locale())
    )
    page = root.add_child(instance=model(locale=default_locale(), **fields))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": page},
    )
    return page

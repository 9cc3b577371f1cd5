"""Helpers the plugins' demo-content builders share.

Every helper creates what is missing and leaves what exists alone, so running the demo
load twice duplicates nothing and never overwrites an editor's change.
"""

import io
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.models import Locale, Page, Site

from cms.models import CustomImage, Menu, MenuItem

# StreamField values for cms.blocks.BodyBlock -------------------------------------------


def p(*paragraphs):
    return {"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in paragraphs)}


def h(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def quote(text, attribution=""):
    return {"type": "quote", "value": {"quote": text, "attribution": attribution}}


def image(picture, caption=""):
    return {"type": "image", "value": {"image": picture.pk, "caption": caption}}


def cta(heading, text, button, page):
    """A call to action linking to `page` (stored as a page link, so it follows the page)."""
    return {
        "type": "call_to_action",
        "value": {
            "heading": heading,
            "text": text,
            "button_text": button,
            "link": {"page": page.pk, "url": ""},
        },
    }


def donation():
    """The donation appeal block: its words and link come from the site settings."""
    return {"type": "donation", "value": None}


# Builders ------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class DemoPage:
    """A demo page: its slug, title, introduction, the date its facts belong to, and a
    function from its illustration to its StreamField body."""

    slug: str
    title: str
    intro: str
    listing_date: date
    body: Callable
    parent: str | None = None  # slug of a page built earlier in the same list


def build_pages(root, model, pages, progress):
    """Create each missing DemoPage (with an illustration) under `root` or its `parent`;
    return {slug: page}, existing pages included and left as they are."""
    built = {}
    for demo in pages:
        parent = built[demo.parent] if demo.parent else root
        picture, _ = placeholder_image(
            demo.title, f"Illustration for {demo.title}.", colour=(63, 29, 94)
        )
        page, created = child_page(
            parent,
            model,
            demo.slug,
            title=demo.title,
            intro=demo.intro,
            listing_date=demo.listing_date,
            body=demo.body(picture),
            og_image=picture,
            search_description=demo.intro,
        )
        built[demo.slug] = page
        progress.step(("created " if created else "kept ") + demo.title)
    return built


def build_section(stdout, label, model_label, pages, menu_position, extra_steps=0):
    """Build a plugin's top-level section of DemoPages (the first is the section's page)
    under the default site's root, as `model_label` pages (e.g. "home.StandardPage", named
    so that one plugin imports nothing of another's), and link the section from the main
    menu at `menu_position` when it is first created. Returns (pages by slug, Progress),
    or (None, None) when there is no page tree or no such model."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    app_label = model_label.split(".")[0]
    if site is None or not apps.is_installed(app_label):
        stdout.write(f"[{label}] skipped: the {app_label} plugin builds the page tree first.")
        return None, None
    progress = Progress(stdout, label, len(pages) + 1 + extra_steps)
    section = pages[0].slug
    existed = site.root_page.get_children().filter(slug=section).exists()
    built = build_pages(site.root_page.specific, apps.get_model(model_label), pages, progress)
    if not existed:
        add_menu_link("main", built[section], position=menu_position)
    progress.step(f"{section} is in the main menu" if not existed else "kept the menus")
    return built, progress


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
    hostname, port = site_address(settings.WAGTAILADMIN_BASE_URL)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": hostname, "port": port, "root_page": page},
    )
    return page


def site_address(url):
    """(hostname, port) of a base URL such as http://127.0.0.1:8000."""
    parts = urlsplit(url)
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)


def point_default_site_at(url):
    """Make the default Site's hostname and port those of `url` (SITE_URL), so canonical
    links, sharing links and the sitemap name the address the site is served at.
    Returns True if it changed."""
    hostname, port = site_address(url)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return True


def add_menu_link(handle, page, position):
    """Link `page` from every language's `handle` menu at `position` (0 is first), unless
    it is linked already. Plugins call it when they create a page, so a link an editor
    later removes stays removed."""
    for menu in Menu.objects.filter(handle=handle):
        items = list(menu.items.order_by("sort_order"))
        if any(item.link_page_id == page.pk for item in items):
            continue
        items.insert(min(position, len(items)), MenuItem(menu=menu, link_page=page))
        for order, item in enumerate(items):
            item.sort_order = order
            item.save()

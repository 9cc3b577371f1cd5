"""Builders for the articles tests: an index, categories, authors and published articles."""

from datetime import date
from itertools import count

from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Locale

from home.models import ArticleCategory, ArticleIndexPage, ArticlePage, ArticleTag, Author
from tests.factories import ImageFactory

_slugs = count(1)


def make_index(parent, slug="news", title="News and blog"):
    index = ArticleIndexPage(title=title, slug=slug, intro="What we have been doing.")
    parent.add_child(instance=index)
    index.save_revision().publish()
    return index


def make_category(name, slug=None, *, is_blog=False, locale=None):
    return ArticleCategory.objects.create(
        name=name,
        slug=slug or name.lower(),
        description=f"Articles filed under {name}.",
        is_blog=is_blog,
        locale=locale or Locale.get_default(),
    )


def make_author(name="Morgan Example", role="Communications Officer", photo=None):
    return Author.objects.create(
        name=name, role=role, photo=photo, bio="Looks after our news.", locale=Locale.get_default()
    )


def make_article(
    index,
    title="Twenty-eight organisations began their journey",
    *,
    categories=(),
    tags=(),
    image=True,
    publish=True,
    **fields,
):
    """A published article under `index`; `image=True` gives it a new lead image."""
    fields.setdefault("date", date(2024, 12, 2))
    fields.setdefault("summary", "Eight Silver and five Bronze awards were made in 2024.")
    fields.setdefault(
        "body",
        [{"type": "paragraph", "value": "<p>Staff changed how they greet and listen.</p>"}],
    )
    if image is True:
        image = ImageFactory()
    article = ArticlePage(
        title=title,
        slug=fields.pop("slug", f"article-{next(_slugs)}"),
        lead_image=image or None,
        categories=list(categories),
        tagged_items=[
            ArticleTag(
                tag=Tag.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0]
            )
            for name in tags
        ],
        live=publish,
        **fields,
    )
    index.add_child(instance=article)
    if publish:
        article.save_revision().publish()
    return article

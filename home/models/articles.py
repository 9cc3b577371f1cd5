"""News and blog: an article index with its dated articles, their authors, categories and
tags; the index lists them with filters and serves RSS and Atom feeds."""

import logging

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, TranslatableMixin
from wagtail.search import index

from cms import cache as tagged
from cms.blocks import BodyBlock, stream_plain_text
from cms.jsonld import script_tag
from cms.models import CustomImage, SitePage, SitePageQuerySet
from home import articles_feeds, articles_jsonld
from home.articles_listing import SLUG, ArticleListing

__all__ = [
    "ArticleCategory",
    "ArticleIndexPage",
    "ArticlePage",
    "ArticleQuerySet",
    "ArticleRelatedLink",
    "ArticleTag",
    "Author",
]

logger = logging.getLogger(__name__)

# The renditions listing cards and article pages show, prefetched with the articles.
CARD_IMAGE = "fill-480x270"
LEAD_IMAGE = "width-1200"
AUTHOR_PHOTO = "fill-160x160"
RELATED_COUNT = 3


def image_is_available(image):
    """Whether the image's file is still in storage (a row can outlive its file): checked
    when editors save, so they hear of it, and before sharing links name the file."""
    if image is None:
        return True
    if image.file and image.file.storage.exists(image.file.name):
        return True
    logger.warning("Image %s has no file in storage", image.pk)
    return False


class Author(TranslatableMixin, models.Model):
    """Someone who writes articles (a staff member, the Women's Involvement Advisor); a
    snippet the communications team keeps, translated with the articles."""

    name = models.CharField(
        _("name"),
        max_length=120,
        help_text=_("As shown under article titles. A role alone (e.g. an advisor) is fine."),
    )
    role = models.CharField(
        _("role"), max_length=120, blank=True, help_text=_("Their job or role at the charity.")
    )
    photo = models.ForeignKey(
        CustomImage,
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional. Only with the person's consent; a square photo works best."),
    )
    bio = models.TextField(
        _("short biography"),
        max_length=600,
        blank=True,
        help_text=_("One or two sentences shown at the foot of their articles."),
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("photo"), FieldPanel("bio")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if not image_is_available(self.photo):
            raise ValidationError({"photo": _("This photo's file is missing; upload it again.")})


class ArticleCategory(TranslatableMixin, models.Model):
    """A kind of article ("News", "Blog") readers filter the listing and subscribe to
    feeds by; a snippet the communications team keeps, one set per language."""

    name = models.CharField(
        _("name"), max_length=100, help_text=_('A short plural or mass noun, e.g. "News".')
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        allow_unicode=True,
        help_text=_("The category's name in web addresses and feed links; unique per language."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=600,
        help_text=_("What readers find in this category; shown in its feed."),
    )
    is_blog = models.BooleanField(
        _("blog posts"),
        default=False,
        help_text=_("Articles in this category are blog posts (so marked for search engines)."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("is_blog"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("article category")
        verbose_name_plural = _("article categories")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_article_category_slug_per_locale"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.slug and not SLUG.fullmatch(self.slug):
            raise ValidationError({"slug": _("Use letters, numbers, hyphens and underscores.")})


class ArticleTag(TaggedItemBase):
    """Links an article to a free tag (taggit's shared Tag)."""

    content_object = ParentalKey(
        "home.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("article tag")
        verbose_name_plural = _("article tags")


class ArticleQuerySet(SitePageQuerySet):
    def newest_first(self):
        return self.order_by("-date", "-pk")

    def for_listing(self):
        """What a card shows (author, categories, image and its rendition) in a fixed
        number of queries whatever the number of articles."""
        renditions = CustomImage.get_rendition_model().objects.filter(filter_spec=CARD_IMAGE)
        return (
            self.select_related("author", "lead_image")
            .prefetch_related(
                "categories",
                # As CustomImage.objects.prefetch_renditions(), with the image joined.
                Prefetch(
                    "lead_image__renditions", queryset=renditions, to_attr="prefetched_renditions"
                ),
            )
            .defer_streamfields()
        )

    def for_feed(self):
        return self.select_related("author").prefetch_related("categories").defer_streamfields()

    def in_category(self, category):
        """Articles in `category` or in any of its translations."""
        through = self.model.categories.through
        return self.filter(
            pk__in=through.objects.filter(
                articlecategory__translation_key=category.translation_key
            ).values("articlepage_id")
        )


ArticleManager = PageManager.from_queryset(ArticleQuerySet)


class ArticleIndexPage(RoutablePageMixin, SitePage):
    """ "News and blog": lists the articles under it, newest first, with filters by
    category, tag and year, and serves RSS and Atom feeds of them (all, or one category's).
    Sits under the home page or a section page; edited by the communications team."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=600,
        help_text=_("A sentence or two above the listing; also the feeds' description."),
    )

    content_panels = [*SitePage.content_panels, FieldPanel("intro")]
    search_fields = [*SitePage.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.ArticlePage"]

    class Meta:
        verbose_name = _("article index")

    def get_meta_description(self):
        return self.search_description or self.intro

    def search_summary_text(self):
        return self.intro

    def articles(self):
        """The live, public articles under this index."""
        return ArticlePage.objects.child_of(self).live().public()

    def listing(self, request):
        return ArticleListing(
            self.articles(),
            request.GET,
            categories=ArticleCategory.objects.all(),
            tags=Tag.objects.all(),
            locale=self.locale_id,  # its filters need only the key: no query for the locale
            cache_scope=f"{self.pk}:{self.locale_id}",
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listing = self.listing(request)
        articles = listing.page()
        context.update(
            listing=listing,
            articles=articles,
            links=listing.links(articles),
            facets=listing.facets(),
        )
        return context

    @path("", name="listing")
    def listing_view(self, request):
        response = self.render(request)
        # A filter or page number that makes no sense: the listing says so, with a 400.
        if response.context_data["listing"].errors:
            response.status_code = 400
        return response

    def category_by_slug(self, slug):
        """The category with `slug` in this index's language (else in any), or 404."""
        if not SLUG.fullmatch(slug):
            raise Http404
        found = ArticleCategory.objects.filter(slug=slug).order_by(
            models.Case(models.When(locale=self.locale_id, then=0), default=1)
        )
        category = found.first()
        if category is None:
            raise Http404
        return category

    @path("feed/rss/", name="rss")
    def rss_feed(self, request):
        return articles_feeds.feed_response(self, request, articles_feeds.RSS)

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        return articles_feeds.feed_response(self, request, articles_feeds.ATOM)

    @path("category/<str:slug>/feed/rss/", name="category_rss")
    def category_rss_feed(self, request, slug):
        category = self.category_by_slug(slug)
        return articles_feeds.feed_response(self, request, articles_feeds.RSS, category)

    @path("category/<str:slug>/feed/atom/", name="category_atom")
    def category_atom_feed(self, request, slug):
        category = self.category_by_slug(slug)
        return articles_feeds.feed_response(self, request, articles_feeds.ATOM, category)


class ArticlePage(SitePage):
    """One news item or blog post, under an article index. Has an author, a date, categories
    and tags, and chosen related articles. Edited by the communications team."""

    author = models.ForeignKey(
        Author,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text=_("Leave empty for articles from the charity as a whole."),
    )
    date = models.DateField(
        _("date"),
        default=timezone.localdate,
        help_text=_("The date the article is published under; listings and feeds sort by it."),
    )
    categories = ParentalManyToManyField(
        ArticleCategory,
        verbose_name=_("categories"),
        blank=True,
        related_name="articles",
        help_text=_("News, blog or both."),
    )
    tags = ClusterTaggableManager(
        through=ArticleTag,
        verbose_name=_("tags"),
        blank=True,
        help_text=_("Subjects readers may want to find more articles on."),
    )
    lead_image = models.ForeignKey(
        CustomImage,
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown at the top of the article and in listings (16:9 works best)."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=600,
        blank=True,
        help_text=_("One or two sentences for listings, feeds and search results."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    objects = ArticleManager()

    content_panels = [
        *SitePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("date"), FieldPanel("author")]),
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading=_("About this article"),
        ),
        FieldPanel("lead_image"),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel(
            "related_links",
            label=_("Related articles"),
            help_text=_("Leave empty to show up to three recent articles in the same category."),
        ),
    ]
    # The article's own date is its listing date, so the settings tab has no second one.
    settings_panels = [FieldPanel("topic"), *Page.settings_panels]
    search_fields = [
        *SitePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.RelatedFields("author", [index.SearchField("name")]),
    ]
    parent_page_types = ["home.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")

    def clean(self):
        super().clean()
        if not image_is_available(self.lead_image):
            raise ValidationError(
                {"lead_image": _("This image's file is missing; upload it again.")}
            )

    def save(self, *args, **kwargs):
        self.listing_date = self.date
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "date" in update_fields:
            kwargs["update_fields"] = {*update_fields, "listing_date", "year"}
        return super().save(*args, **kwargs)

    def default_listing_date(self):
        return self.date

    @property
    def sharing_image(self):
        """The sharing image, else the lead image. (One whose file is gone gives a
        rendition without a width, which base.html leaves out: no storage check here.)"""
        return self.og_image or self.lead_image

    def get_meta_description(self):
        return self.search_description or self.summary

    def search_summary_text(self):
        return f"{self.summary} {stream_plain_text(self.body)}".strip()

    @property
    def is_blog_post(self):
        return any(category.is_blog for category in self.categories.all())

    def load_for_page(self):
        """Read, in four queries, what the page and its structured data show of this article:
        its categories and tags (each read several times), its author with their photo, and
        its lead and sharing images, rather than one query per use."""
        prefetch_related_objects([self], "categories", "tags")
        if self.author_id:
            self.author = Author.objects.select_related("photo").get(pk=self.author_id)
        images = CustomImage.objects.in_bulk(
            {pk for pk in (self.lead_image_id, self.og_image_id) if pk}
        )
        if self.lead_image_id in images:
            self.lead_image = images[self.lead_image_id]
        if self.og_image_id in images:
            self.og_image = images[self.og_image_id]

    def related_articles(self):
        """The chosen related articles that are live and public, in the editor's order;
        else up to three recent ones sharing a category with this one."""
        links = ArticleRelatedLink.objects.filter(page=self.pk, article=models.OuterRef("pk"))
        shown = ArticlePage.objects.live().public().filter(pk=models.OuterRef("pk"))
        # The live chosen ones, each marked whether the public may see it: one query.
        chosen = list(
            ArticlePage.objects.live()
            .filter(models.Exists(links))
            .annotate(
                link_order=models.Subquery(links.values("sort_order")[:1]),
                # Links added in code have no sort order: they keep the order they were made.
                link_id=models.Subquery(links.values("pk")[:1]),
                shown=models.Exists(shown),
            )
            .order_by("link_order", "link_id")
            .defer_streamfields()
        )
        if chosen:
            # Chosen, live, but all private: none to show, and no others.
            return [article for article in chosen if article.shown]
        keys = {category.translation_key for category in self.categories.all()}
        if not keys:
            return []
        return list(
            ArticlePage.objects.live()
            .public()
            .filter(locale=self.locale_id, categories__translation_key__in=keys)
            .exclude(pk=self.pk)
            .distinct()
            .newest_first()
            .defer_streamfields()[:RELATED_COUNT]
        )

    def _related_for(self, request):
        """The related articles, cached until an article, a link or a restriction changes;
        a preview reads the draft's own links and categories."""
        if getattr(request, "is_preview", False):
            return self.related_articles()
        return tagged.memo(f"related-articles:{self.pk}", self.related_articles)

    def get_context(self, request, *args, **kwargs):
        self.load_for_page()
        context = super().get_context(request, *args, **kwargs)
        index_page = self.get_parent().specific
        context.update(
            index_page=index_page,
            related_articles=self._related_for(request),
            jsonld=script_tag(articles_jsonld.article_data(self, request)),
        )
        return context


class ArticleRelatedLink(Orderable):
    """An article an editor chose to show under another."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_links")
    article = models.ForeignKey(
        ArticlePage,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("An article readers of this one would want next."),
    )

    panels = [PageChooserPanel("article", "home.ArticlePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related article")
        verbose_name_plural = _("related articles")

    def clean(self):
        super().clean()
        if self.article_id and self.article_id == self.page_id:
            raise ValidationError({"article": _("An article cannot be related to itself.")})

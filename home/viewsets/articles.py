"""Admin for news and the blog: authors and categories as snippets in one menu, and a flat
listing of every article with its date, author and categories."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.models import ArticleCategory, ArticlePage, Author


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    list_display = ["name", "role", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "role"]


class ArticleCategoryViewSet(SnippetViewSet):
    model = ArticleCategory
    icon = "tag"
    menu_label = _("Categories")
    list_display = ["name", "slug", "is_blog", "locale"]
    list_filter = ["locale", "is_blog"]
    search_fields = ["name", "slug"]


class ArticleSnippetGroup(SnippetViewSetGroup):
    items = (AuthorViewSet, ArticleCategoryViewSet)
    menu_icon = "doc-full"
    menu_label = _("News and blog")
    menu_name = "articles"


register_snippet(ArticleSnippetGroup)


class CategoriesColumn(Column):
    def get_value(self, instance):
        return ", ".join(category.name for category in instance.categories.all())


class ArticleListingViewSet(PageListingViewSet):
    """Every article, newest first, with its date, author and categories."""

    model = ArticlePage
    icon = "doc-full-inverse"
    menu_label = _("Articles")
    name = "articles"
    add_to_admin_menu = True
    columns = [
        *PageListingViewSet.columns,
        DateColumn("date", label=_("Date"), sort_key="date"),
        Column("author", label=_("Author"), accessor="author"),
        CategoriesColumn("categories", label=_("Categories")),
    ]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(default_ordering="-date", **kwargs)


@hooks.register("register_admin_viewset")
def register_article_listing():
    return ArticleListingViewSet()

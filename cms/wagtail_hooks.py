from django.http import Http404
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import CustomDocument, Menu, SitePage, Topic
from cms.search import HOOK_NAME, PublicSearchSource


class MenuViewSet(SnippetViewSet):
    model = Menu
    icon = "list-ul"
    menu_label = "Menus"
    list_display = ["handle", "locale"]
    list_filter = ["handle", "locale"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Topics"
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(MenuViewSet)
register_snippet(TopicViewSet)


@hooks.register(HOOK_NAME)
def public_pages_and_documents():
    return [
        PublicSearchSource(key="pages", model=SitePage, split_by_content_type=True),
        PublicSearchSource(key="document", model=CustomDocument),
    ]


@hooks.register("before_serve_page")
def refuse_pages_without_a_model(page, request, serve_args, serve_kwargs):
    """A page of a plugin removed from CMS_PLUGINS keeps its row but has no model or
    template any more: it is not found, rather than served as an empty document."""
    if page.specific_class is None:
        raise Http404

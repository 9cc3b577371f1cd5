from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import Menu


class MenuViewSet(SnippetViewSet):
    model = Menu
    icon = "list-ul"
    menu_label = "Menus"
    list_display = ["handle", "locale"]
    list_filter = ["handle", "locale"]
    add_to_admin_menu = False


register_snippet(MenuViewSet)

"""Admin for awards: the Quality Mark organisations and the secure settings units, as
snippets in one "Awards" menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.models import QualityMarkAward, SecureSettingsAward


class QualityMarkAwardViewSet(SnippetViewSet):
    model = QualityMarkAward
    icon = "pick"
    menu_label = _("Quality Mark")
    list_display = ["organisation", "level", "awarded_year", "began_year", "sector", "region"]
    list_filter = ["level", "awarded_year", "began_year", "sector", "region"]
    search_fields = ["organisation"]
    list_export = ["organisation", "sector", "region", "began_year", "level", "awarded_year"]
    ordering = ["organisation"]


class SecureSettingsAwardViewSet(SnippetViewSet):
    model = SecureSettingsAward
    icon = "pick"
    menu_label = _("Secure settings")
    list_display = ["unit", "establishment", "level", "awarded_year", "pilot"]
    list_filter = ["level", "awarded_year", "pilot"]
    search_fields = ["unit", "establishment"]
    ordering = ["establishment", "unit"]


class AwardsViewSetGroup(SnippetViewSetGroup):
    items = (QualityMarkAwardViewSet, SecureSettingsAwardViewSet)
    menu_icon = "pick"
    menu_label = _("Awards")
    menu_name = "awards"


register_snippet(AwardsViewSetGroup)

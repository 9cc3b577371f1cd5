"""Admin for publications: a flat list of every publication page, newest first, under
Pages in the admin menu, so editors find a briefing without walking the page tree."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.pages import PageListingViewSet

from home.models import PublicationPage


class PublicationListingViewSet(PageListingViewSet):
    model = PublicationPage
    icon = "doc-full"
    menu_label = _("Publications")
    add_to_admin_menu = True
    menu_order = 210
    columns = [
        *PageListingViewSet.columns,
        Column("publication_date", label=_("Published"), sort_key="publication_date"),
    ]


publication_listing_viewset = PublicationListingViewSet("publications")


@hooks.register("register_admin_viewset")
def register_publication_listing():
    return publication_listing_viewset

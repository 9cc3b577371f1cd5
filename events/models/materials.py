"""The training materials library page: the free slides, handouts and workbooks."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from cms.models import SitePage
from events import materials
from events.models.events import EventPage


class MaterialsLibraryPage(SitePage):
    """ "Training materials": lists the public documents that are training materials (those
    with a material kind), with filters. Sits under the home page or a section page; edited
    by the communications team, who describe each file in Documents."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*SitePage.content_panels, FieldPanel("intro")]
    search_fields = [*SitePage.search_fields, index.SearchField("intro")]
    subpage_types = []

    class Meta:
        verbose_name = _("materials library")

    def get_meta_description(self):
        return self.search_description or self.intro

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["library"] = materials.browse(request.GET, events=EventPage.objects.live().public())
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # A filter that makes no sense: the page says so, with a 400.
        if response.context_data["library"].errors:
            response.status_code = 400
        return response

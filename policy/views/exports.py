"""Download a response as DOCX or Markdown: the live draft, or a frozen named version
(``?version=<pk>``)."""

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from policy import exports
from policy.models import Response
from policy.views.access import workspace_view

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class BadExportRequest(ValueError):
    pass


def _outline(request, pk):
    response = get_object_or_404(
        Response.objects.select_related("consultation__organisation"), pk=pk
    )
    raw = request.GET.get("version", "").strip()
    if not raw:
        return exports.outline_from_response(response)
    if not raw.isascii() or not raw.isdigit() or len(raw) > 12:
        raise BadExportRequest(_("The version to export must be given by its number."))
    version = response.versions.filter(pk=int(raw)).first()
    if version is None:
        raise Http404(_("This response has no such named version."))
    return exports.outline_from_version(version)


def _download(content, content_type, name):
    download = HttpResponse(content, content_type=content_type)
    download["Content-Disposition"] = content_disposition_header(True, name)
    download["Cache-Control"] = "private, no-store"
    download["X-Content-Type-Options"] = "nosniff"
    return download


@workspace_view
@require_GET
def export_docx(request, pk):
    try:
        outline = _outline(request, pk)
    except BadExportRequest as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    return _download(exports.render_docx(outline), DOCX, exports.filename(outline, "docx"))


@workspace_view
@require_GET
def export_markdown(request, pk):
    try:
        outline = _outline(request, pk)
    except BadExportRequest as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    return _download(
        exports.render_markdown(outline).encode(),
        "text/markdown; charset=utf-8",
        exports.filename(outline, "md"),
    )


urlpatterns = [
    path("response/<int:pk>/export.docx", export_docx, name="export_docx"),
    path("response/<int:pk>/export.md", export_markdown, name="export_markdown"),
]

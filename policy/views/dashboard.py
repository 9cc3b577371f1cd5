from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _

from policy.views.access import workspace_view


@workspace_view
def dashboard(request):
    return TemplateResponse(request, "policy/dashboard.html", {"page_title": _("Policy workspace")})


urlpatterns = [path("", dashboard, name="dashboard")]

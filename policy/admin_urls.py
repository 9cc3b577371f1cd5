"""The workspace's own admin URLs, mounted at /admin/policy/ in the ``policy`` namespace."""

from policy.views import dashboard

app_name = "policy"
urlpatterns = [
    *dashboard.urlpatterns,
]

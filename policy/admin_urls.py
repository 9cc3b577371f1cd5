"""The workspace's own admin URLs, mounted at /admin/policy/ in the ``policy`` namespace."""

from policy.views import answers, calendar, consultation, dashboard, exports, history, search

app_name = "policy"
urlpatterns = [
    *dashboard.urlpatterns,
    *history.urlpatterns,
    *consultation.urlpatterns,
    *answers.urlpatterns,
    *exports.urlpatterns,
    *calendar.urlpatterns,
    *search.urlpatterns,
]

"""The workspace's public URLs, mounted at /policy/ (inside the language prefix): only the
deadline calendar feed, which calendar apps fetch without a session; its token is the key."""

from django.urls import path

from policy.views import calendar

urlpatterns = [
    path("calendar/<str:token>.ics", calendar.feed, name="policy_calendar_feed"),
]

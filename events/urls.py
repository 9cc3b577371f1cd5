"""The events plugin's public URLs, mounted at /events/ (inside the language prefix): booking
on the site, and calendar feeds that calendar apps fetch without a session."""

from django.urls import path

from events import feeds
from events.views import bookings

app_name = "events"
urlpatterns = [
    path("<int:page_id>/register/", bookings.register, name="register"),
    path("<int:page_id>/registered/", bookings.registered, name="registered"),
    path("bookings/<str:token>/cancel/", bookings.cancel, name="cancel"),
    path("calendar.ics", feeds.calendar_feed, name="calendar"),
    path("<int:page_id>/event.ics", feeds.event_ical, name="event_ical"),
]

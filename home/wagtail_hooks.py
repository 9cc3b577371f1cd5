"""Wagtail admin registrations of the public content plugin; each kind of content keeps its
own in home/viewsets/<kind>.py, imported here so Wagtail finds them."""

from home.viewsets import articles, awards, podcasts, publications, services  # noqa: F401

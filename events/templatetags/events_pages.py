"""Tags for the public course and event pages: structured data and calendar links."""

from django import template
from django.urls import reverse

from cms.jsonld import script_tag
from events import feeds, jsonld

register = template.Library()


@register.simple_tag(takes_context=True)
def event_jsonld(context, event):
    """The event's schema.org JSON-LD, in a <script type="application/ld+json">."""
    return script_tag(jsonld.event_data(event, context["request"]))


@register.simple_tag(takes_context=True)
def google_calendar_url(context, event):
    return feeds.google_calendar_url(event, event.get_full_url(context["request"]))


@register.simple_tag
def event_ical_url(event):
    return reverse("events:event_ical", args=[event.pk])

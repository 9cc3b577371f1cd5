from django import template
from django.utils.http import urlencode
from wagtail.models import Page

register = template.Library()


@register.simple_tag(takes_context=True)
def result_url(context, obj):
    if isinstance(obj, Page):
        return obj.get_url(context.get("request"))
    return obj.url


@register.filter
def result_type(obj):
    return str(obj._meta.verbose_name).capitalize()


@register.filter
def result_date(obj):
    if hasattr(obj, "display_date"):
        return obj.display_date
    created = getattr(obj, "created_at", None)
    return created.date() if created else None


@register.simple_tag
def search_url(query, params, **changes):
    """The search URL for `query` with the current filters, changed by `changes`
    (a value of "" removes that filter); always back to the first page unless given."""
    merged = {"q": query, **(params or {})}
    for key, value in changes.items():
        if value in ("", None):
            merged.pop(key, None)
        else:
            merged[key] = value
    return "?" + urlencode(merged)

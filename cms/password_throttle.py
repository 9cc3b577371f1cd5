"""Throttle guesses at page and document passwords, as django-axes throttles the admin login.

Wagtail's password forms for a restricted page or collection accept any number of tries.
Wrapped here, a client address that fails LOGIN_FAILURE_LIMIT times on one restriction is
refused (429) for LOGIN_COOLOFF_HOURS; a right password clears its count. Counts live in
the cache, so production needs a cache shared by every web process.
"""

from functools import wraps

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.template.response import TemplateResponse


def _key(request, kwargs):
    restriction = kwargs.get("page_view_restriction_id") or kwargs.get("restriction_id")
    kind = request.resolver_match.url_name if request.resolver_match else "password"
    return f"password-guesses:{kind}:{restriction}:{get_client_ip_address(request)}"


def throttle_password_guesses(view):
    """Wrap a Wagtail password view: a POST that does not redirect is a wrong guess."""

    @wraps(view)
    def throttled(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        key = _key(request, kwargs)
        if cache.get(key, 0) >= settings.AXES_FAILURE_LIMIT:
            return TemplateResponse(request, "cms/password_locked.html", status=429)
        response = view(request, *args, **kwargs)
        if response.status_code == 302:
            cache.delete(key)
        else:
            cache.add(key, 0, timeout=settings.AXES_COOLOFF_TIME * 3600)
            cache.incr(key)
        return response

    return throttled

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.views.defaults import permission_denied

from policy.actions import check_may_use_workspace


def workspace_view(view):
    """Only for the policy team (and superusers): anyone else gets a plain 403. Wagtail's
    admin URL wrapper has already sent anonymous visitors to the login page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            check_may_use_workspace(request.user)
            return view(request, *args, **kwargs)
        except PermissionDenied as error:
            return permission_denied(request, error)

    return wrapped

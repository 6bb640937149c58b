"""The request the views see."""

from django.http import HttpRequest

from kimphuong.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request past LoginRequiredMiddleware: its user is signed in, so views and the permission helpers
    work with `User`, never `AnonymousUser` (only the views marked login_not_required take HttpRequest)."""

    user: User

from typing import Any

from django.http import HttpRequest

from reform.models import Notification, Status


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The bell in the page header: how many notices the signed-in user has not read (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_count": Notification.objects.filter(recipient=user).unread().count()}


def choices(request: HttpRequest) -> dict[str, Any]:
    """The workflow's statuses by name in every template: {% if assessment.status == Status.RETURNED %}."""
    return {"Status": Status}

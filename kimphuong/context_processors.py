from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from reform.models import Notification


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The navigation shows only the pages the user's role may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [(reverse("reform:task_list"), _("Nhiệm vụ của tôi"))]
    if user.can_oversee:
        items.insert(0, (reverse("reform:dashboard"), _("Tổng hợp tiến độ")))
    if user.is_office:
        items.append((reverse("reform:plan_import"), _("Nhập danh sách nhiệm vụ")))
    path = request.path
    return {
        "nav_items": [{"url": url, "label": label, "active": path.startswith(url)} for url, label in items],
        "nav_admin": user.is_staff,
        "unread_count": Notification.objects.filter(recipient=user).unread().count(),
    }

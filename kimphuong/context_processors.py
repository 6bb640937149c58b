from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from kimphuong.permissions import can_oversee, is_office


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The navigation shows only the pages the user's role may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [(reverse("reform:task_list"), _("Nhiệm vụ của tôi")), (reverse("indicators:indicator_list"), _("Số liệu"))]
    if can_oversee(user):
        items.insert(0, (reverse("reform:dashboard"), _("Tiến độ")))
    if can_oversee(user):
        items.append((reverse("indicators:index_list"), _("Chỉ số CCHC")))
        items.append((reverse("emulation:commendation_list"), _("Thi đua")))
        items.append((reverse("reports:workspace"), _("Báo cáo")))
    if is_office(user):
        items.append((reverse("reform:plan_import"), _("Nhập kế hoạch")))
    path = request.path
    # The most specific entry is active: /indicators/indices/ is not also “Số liệu”.
    current = max((url for url, _label in items if path.startswith(url)), key=len, default=None)
    return {
        "nav_items": [{"url": url, "label": label, "active": url == current} for url, label in items],
        "nav_admin": user.is_staff,
    }

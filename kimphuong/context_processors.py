from typing import Any

from django.http import HttpRequest

from kimphuong import communes
from kimphuong.navigation import entries_for as navigation_entries


def commune_choices(request: HttpRequest) -> dict[str, Any]:
    """The communes a user who works for several may switch between (read from the session: no query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "session"):
        return {}
    choices = communes.choices(request)
    if not choices:
        return {}
    return {"commune_choices": choices, "commune_active": communes.active_commune_id(request, user)}


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The navigation shows only the pages the user's role may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = navigation_entries(user)  # each app contributes its own pages (kimphuong.navigation)
    path = request.path
    # The most specific entry is active: /indicators/indices/ is not also “Số liệu”.
    current = max((url for url, _label in items if path.startswith(url)), key=len, default=None)
    return {
        "nav_items": [{"url": url, "label": label, "active": url == current} for url, label in items],
        "nav_admin": user.is_staff,
    }

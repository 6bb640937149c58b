"""Who may open the province's pages: users of Sở Nội vụ (no commune), each view's first line."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from kimphuong.models import Commune, User


def require_province(user: User) -> None:
    """The province reviewer and the province administrator (users of Sở Nội vụ, who belong to no commune)."""
    if not (user.is_authenticated and user.is_province):
        raise PermissionDenied


def require_province_admin(user: User) -> None:
    """The province administrator: creates communes and their first office accounts."""
    if not (user.is_authenticated and user.is_province and user.is_province_admin):
        raise PermissionDenied


def get_commune_for_user(user: User, code: str) -> Commune:
    """A commune of the province, for a province user; 403 for anyone else, 404 for an unknown code."""
    require_province(user)
    return get_object_or_404(Commune, code=code)

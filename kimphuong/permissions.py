"""The roles, one meaning each, and the checks every view starts with.

"Office" (Văn phòng - thống kê) and "leadership" (Lãnh đạo) are group memberships, read through
`User.is_office` / `User.is_leadership` (a superuser counts as both); no view tests a Django permission
for them. Each app's own `permissions.py` builds its `get_<obj>_for_user()` helpers on these.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from kimphuong.models import User


def is_signed_in(user: User) -> bool:
    return user.is_authenticated


def is_office(user: User) -> bool:
    return user.is_authenticated and user.is_office


def is_leadership(user: User) -> bool:
    return user.is_authenticated and user.is_leadership


def can_oversee(user: User) -> bool:
    """Office and leadership see the whole review (dashboard, every handed-in assessment, reports)."""
    return user.is_authenticated and user.can_oversee


def require_signed_in(user: User) -> None:
    """Pages every signed-in user may open (their own tasks, their notifications)."""
    if not user.is_authenticated:
        raise PermissionDenied


def is_commune_member(user: User) -> bool:
    return user.is_authenticated and (user.commune_id is not None or user.is_superuser)


def require_commune_member(user: User) -> None:
    """A commune's own pages (tasks, figures): its people; a province user reads them through /province/."""
    if not is_commune_member(user):
        raise PermissionDenied


def require_oversight(user: User) -> None:
    """Office and leadership only (dashboard, review lists, exports)."""
    if not can_oversee(user):
        raise PermissionDenied


def require_office(user: User) -> None:
    """The office only (accept and return, the plan, the catalogue, the report draft)."""
    if not is_office(user):
        raise PermissionDenied


def require_leadership(user: User) -> None:
    """Leadership only (approving a report version, recording its signature)."""
    if not is_leadership(user):
        raise PermissionDenied


def require_administrator(user: User) -> None:
    """The administrator who installs the product (a superuser), or a commune's administrator: the first-run
    guide of their commune."""
    if not (user.is_authenticated and user.is_commune_admin):
        raise PermissionDenied

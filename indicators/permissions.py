"""Who may read, enter and manage figures. Each view calls one of these on its first line."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from indicators.models import Indicator
from kimphuong.models import User
from kimphuong.permissions import can_oversee, is_office


def editable_indicators(user: User, indicators: list[Indicator]) -> list[Indicator]:
    """The office enters every figure; an official enters those of their position (chủ trì nhập)."""
    if is_office(user):
        return indicators
    return [ind for ind in indicators if ind.responsible_id and ind.responsible_id == user.position_id]


def get_indicator_for_user(user: User, pk: int, *, to_manage: bool = False) -> Indicator:
    """An indicator its reader may open; with to_manage, only the office (catalogue and targets)."""
    indicator = get_object_or_404(
        Indicator.objects.select_related("group", "responsible", "numerator", "denominator"), pk=pk
    )
    if to_manage and not is_office(user):
        raise PermissionDenied
    if not (can_oversee(user) or indicator.responsible_id == user.position_id):
        raise PermissionDenied
    return indicator

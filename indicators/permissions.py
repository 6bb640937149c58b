"""Who may read, enter and manage figures. Each view calls one of these on its first line."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from indicators.models import Aggregation, Indicator, IndicatorValue
from kimphuong.models import TaskGroup, User
from kimphuong.permissions import can_oversee, is_office, require_commune_member, require_office


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


def visible_indicators(user: User, indicators: list[Indicator]) -> list[Indicator]:
    """Office and leadership read every figure; an official reads the ones they enter."""
    require_commune_member(user)
    if can_oversee(user):
        return indicators
    return [ind for ind in indicators if ind.responsible_id and ind.responsible_id == user.position_id]


def get_area_for_user(user: User, code: str) -> tuple[TaskGroup, list[Indicator]]:
    """An area's grid: the area and the typed-in figures `user` may enter there (every one for the office).
    404 for an unknown area; 403 when there is nothing of theirs, rather than an empty grid."""
    group = get_object_or_404(TaskGroup, code=code)
    members = list(
        Indicator.objects.filter(group=group)
        .exclude(aggregation=Aggregation.RATIO)
        .select_related("responsible")
        .prefetch_related(Prefetch("values", queryset=IndicatorValue.objects.select_related("updated_by")))
    )
    editable = editable_indicators(user, members)
    if not editable:
        require_office(user)
    return group, editable

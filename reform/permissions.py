"""Who may see what. Each view calls one of these on its first line."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from reform.models import VISIBLE_TO_OFFICE, Assessment, Evidence, Indicator


def require_oversight(user: Any) -> None:
    """Office and leadership only (dashboard, review lists, exports)."""
    if not user.can_oversee:
        raise PermissionDenied


def is_co_owner(user: Any, assessment: Assessment) -> bool:
    """This causes a query unless `task.co_owners` was prefetched."""
    return any(u.pk == user.pk for u in assessment.task.co_owners.all())


def can_open_task(user: Any, assessment: Assessment) -> bool:
    """The task page: its lead, its co-owners (phối hợp), and the office and leadership."""
    return assessment.task.lead_id == user.pk or user.can_oversee or is_co_owner(user, assessment)


def can_read_content(user: Any, assessment: Assessment) -> bool:
    """The self-assessment text: the lead always; others once handed in (drafts stay private)."""
    if assessment.task.lead_id == user.pk:
        return True
    return assessment.status in VISIBLE_TO_OFFICE and can_open_task(user, assessment)


def can_review(user: Any) -> bool:
    """Accept, return and reopen: the office (the group holds the permission)."""
    return user.is_active and user.has_perm("reform.review_assessment")


def get_assessment_for_user(user: Any, pk: int, *, for_edit: bool = False, to_review: bool = False) -> Assessment:
    """Return the assessment if `user` may open its page, fill it in (for_edit) or review it; else 404/403.

    Reviewing a draft is not a permission problem: the transition refuses it with a message.
    """
    assessment = get_object_or_404(
        Assessment.objects.select_related("task__group", "task__lead", "task__plan", "reviewed_by").prefetch_related(
            "task__co_owners"
        ),
        pk=pk,
    )
    if to_review:
        allowed = can_review(user)
    elif for_edit:
        allowed = assessment.task.lead_id == user.pk
    else:
        allowed = can_open_task(user, assessment)
    if not allowed:
        raise PermissionDenied
    return assessment


def get_evidence_for_user(user: Any, pk: int) -> Evidence:
    """An evidence file may be downloaded by whoever may read the assessment it belongs to."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("assessment__task").prefetch_related("assessment__task__co_owners"), pk=pk
    )
    if not evidence.file or not can_read_content(user, evidence.assessment):
        raise PermissionDenied
    return evidence


def editable_indicators(user: Any, indicators: list[Indicator]) -> list[Indicator]:
    """The office enters every figure; an official enters those of their position (chủ trì nhập)."""
    if user.is_office:
        return indicators
    return [ind for ind in indicators if ind.responsible_id and ind.responsible_id == user.position_id]


def get_indicator_for_user(user: Any, pk: int, *, to_manage: bool = False) -> Indicator:
    """An indicator its reader may open; with to_manage, only the office (catalogue and targets)."""
    indicator = get_object_or_404(
        Indicator.objects.select_related("group", "responsible", "numerator", "denominator"), pk=pk
    )
    if to_manage and not user.is_office:
        raise PermissionDenied
    if not (user.can_oversee or indicator.responsible_id == user.position_id):
        raise PermissionDenied
    return indicator


def require_office(user: Any) -> None:
    if not user.is_office:
        raise PermissionDenied

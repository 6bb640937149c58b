"""Who may see what. Each view calls one of these on its first line."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from reform.models import VISIBLE_TO_OFFICE, Assessment, Evidence


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


def get_assessment_for_user(user: Any, pk: int, *, for_edit: bool = False) -> Assessment:
    """Return the assessment if `user` may open its page (or, with for_edit, fill it in); else 404/403."""
    assessment = get_object_or_404(
        Assessment.objects.select_related("task__group", "task__lead", "task__plan", "reviewed_by").prefetch_related(
            "task__co_owners"
        ),
        pk=pk,
    )
    allowed = assessment.task.lead_id == user.pk if for_edit else can_open_task(user, assessment)
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

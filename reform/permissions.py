"""Who may see what. Each view calls one of these on its first line."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from reform.models import VISIBLE_TO_OFFICE, Assessment


def require_oversight(user: Any) -> None:
    """Office and leadership only (dashboard, review lists, exports)."""
    if not user.can_oversee:
        raise PermissionDenied


def can_view_assessment(user: Any, assessment: Assessment) -> bool:
    """The lead always; office, leadership and co-owners once it has been handed in (drafts stay private)."""
    task = assessment.task
    if task.lead_id == user.pk:
        return True
    if assessment.status not in VISIBLE_TO_OFFICE:
        return False
    return user.can_oversee or task.co_owners.filter(pk=user.pk).exists()


def get_assessment_for_user(user: Any, pk: int, *, for_edit: bool = False) -> Assessment:
    """Return the assessment if `user` may see it (or, with for_edit, fill it in); else 404/403."""
    assessment = get_object_or_404(
        Assessment.objects.select_related("task__group", "task__lead", "task__plan", "reviewed_by"), pk=pk
    )
    allowed = assessment.task.lead_id == user.pk if for_edit else can_view_assessment(user, assessment)
    if not allowed:
        raise PermissionDenied
    return assessment

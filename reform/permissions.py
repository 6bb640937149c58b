"""Who may see what. Each view calls one of these on its first line."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from kimphuong.models import User
from kimphuong.permissions import can_oversee, is_office, require_signed_in
from reform.models import VISIBLE_TO_OFFICE, Assessment, Evidence, Notification


def is_co_owner(user: User, assessment: Assessment) -> bool:
    """This causes a query unless `task.co_owners` was prefetched."""
    return any(u.pk == user.pk for u in assessment.task.co_owners.all())


def can_open_task(user: User, assessment: Assessment) -> bool:
    """The task page: its lead, its co-owners (phối hợp), and the office and leadership."""
    return assessment.task.lead_id == user.pk or can_oversee(user) or is_co_owner(user, assessment)


def can_read_content(user: User, assessment: Assessment) -> bool:
    """The self-assessment text: the lead always; others once handed in (drafts stay private)."""
    if assessment.task.lead_id == user.pk:
        return True
    return assessment.status in VISIBLE_TO_OFFICE and can_open_task(user, assessment)


def can_review(user: User) -> bool:
    """Accept, return and reopen: the office."""
    return is_office(user)


def get_assessment_for_user(user: User, pk: int, *, for_edit: bool = False, to_review: bool = False) -> Assessment:
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


def get_evidence_for_user(user: User, pk: int) -> Evidence:
    """An evidence file may be downloaded by whoever may read the assessment it belongs to."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("assessment__task").prefetch_related("assessment__task__co_owners"), pk=pk
    )
    if not evidence.file or not can_read_content(user, evidence.assessment):
        raise PermissionDenied
    return evidence


def get_notification_for_user(user: User, pk: int) -> Notification:
    """A notice of the bell: only its recipient may open it (404 for anyone else's)."""
    require_signed_in(user)
    return get_object_or_404(Notification, pk=pk, recipient=user)

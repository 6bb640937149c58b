"""Who may read and change the conference. Each view calls one of these on its first line.

The office edits everything; leadership reads and downloads; an official sees the conference they are
invited to on their own page (a panel of the task list), not these pages.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from conference.models import Conference, DocumentKind
from kimphuong.models import User
from kimphuong.permissions import require_office, require_oversight
from reform.models import Review


def get_review_for_user(user: User, *, to_edit: bool = False) -> tuple[Review, Conference | None]:
    """The current review and its conference (None until the office plans it)."""
    (require_office if to_edit else require_oversight)(user)
    review = Review.current()
    if review is None:
        raise Http404(_("Chưa có đợt tổng kết đang thực hiện."))
    return review, Conference.read_for_review(review)


def get_conference_for_user(user: User, *, to_edit: bool = False) -> Conference:
    """The current review's conference, once planned (404 before)."""
    _review, conference = get_review_for_user(user, to_edit=to_edit)
    if conference is None:
        raise Http404(_("Hội nghị tổng kết chưa được lập kế hoạch."))
    return conference


def get_document_for_user(user: User, kind: str, *, to_edit: bool = False) -> tuple[Conference, DocumentKind]:
    """One of the conference's documents: office and leadership read and download it, the office edits it."""
    conference = get_conference_for_user(user, to_edit=to_edit)
    if kind not in DocumentKind.values:
        raise Http404(_("Không có văn bản này."))
    return conference, DocumentKind(kind)


def invited_conference(user: User) -> Conference | None:
    """The conference `user` is invited to (their own page shows it), or None."""
    if not user.is_authenticated:
        return None
    return (
        Conference.objects.filter(review__is_active=True, participants__user=user)
        .select_related("chair__position")
        .first()
    )

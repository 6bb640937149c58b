"""Who may read and change the report. Each view calls one of these on its first line."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from kimphuong.models import User
from kimphuong.permissions import require_leadership, require_office, require_oversight
from reform.models import Review
from reports.models import Report, ReportSection, ReportVersion


def _current_review() -> Review:
    review = Review.current()
    if review is None:
        raise Http404(_("Chưa có đợt tổng kết đang thực hiện."))
    return review


def get_report_for_user(user: User, *, to_edit: bool = False, create: bool = False) -> Report:
    """The current review's report: office and leadership read it, the office edits it (to_edit). Only a
    write (create, from a POST) creates its row; reading gives an unsaved report until then."""
    (require_office if to_edit else require_oversight)(user)
    if not create and (report := Report.read_current()) is not None:
        return report
    review = _current_review()
    return Report.for_review(review) if create else Report.read_for_review(review)


def get_section_for_user(user: User, pk: int) -> ReportSection:
    """A part of the working draft: the office edits it."""
    require_office(user)
    return get_object_or_404(ReportSection.objects.select_related("report"), pk=pk)


def get_version_for_user(user: User, pk: int, *, to_approve: bool = False, to_sign: bool = False) -> ReportVersion:
    """An issued version: office and leadership read it; leadership approves it and corrects its signature
    data (to_approve); the office records the signed copy (to_sign)."""
    if to_approve:
        require_leadership(user)
    elif to_sign:
        require_office(user)
    else:
        require_oversight(user)
    return get_object_or_404(ReportVersion.objects.select_related("report__review", "created_by", "approved_by"), pk=pk)

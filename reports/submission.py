"""Who hears about the report's journey to the province, and what they read (the bell and an email).

The transitions (ReportVersion.send_to_province, Report.return_to_commune / accept / reopen) call
`notify_submission` inside their transaction: the notices roll back with it, the emails wait for the commit.
Province users belong to no commune, and the province acts under `all_communes()`: every notice is written
with the report's commune explicitly, and the people are read with the unscoped base manager.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext

from kimphuong.models import LEADERSHIP_GROUP, OFFICE_GROUP, PROVINCE_ADMIN_GROUP, PROVINCE_REVIEWER_GROUP, User
from reform.models import Notification
from reform.models.notices import deliver_emails

if TYPE_CHECKING:
    from reports.models import SubmissionEvent

MESSAGE_LENGTH = 500  # Notification.message


def province_reviewers() -> list[User]:
    """Every active user of Sở Nội vụ (no commune) who receives the communes' reports."""
    return list(
        User._base_manager.filter(
            is_active=True, commune__isnull=True, groups__name__in=[PROVINCE_REVIEWER_GROUP, PROVINCE_ADMIN_GROUP]
        ).distinct()
    )


def commune_officers(commune_id: int) -> list[User]:
    """The commune's office and leadership, who prepare, approve and send the report."""
    return list(
        User._base_manager.filter(
            is_active=True, commune_id=commune_id, groups__name__in=[OFFICE_GROUP, LEADERSHIP_GROUP]
        ).distinct()
    )


def submission_message(event: SubmissionEvent) -> tuple[str, list[User], str]:
    """The sentence, the people concerned and the page to open, for one event of the report's journey."""
    report = event.report
    commune = report.commune
    names = {
        "unit": capfirst(commune.unit_name),
        "body": province.issuing_body if (province := commune.province) else gettext("Sở Nội vụ"),
        "n": event.version.number,
        "reason": event.reason,
    }
    kind = event.Kind
    if event.kind == kind.SENT:
        message = gettext("%(unit)s đã gửi báo cáo tổng kết (phiên bản %(n)s) lên tỉnh.") % names
        link = reverse("province:report_detail", args=[commune.code])
        return message, province_reviewers(), link
    if event.kind == kind.RETURNED:
        message = gettext("%(body)s trả lại báo cáo tổng kết (phiên bản %(n)s), đề nghị xã bổ sung. Lý do: %(reason)s")
    elif event.kind == kind.ACCEPTED:
        message = gettext("%(body)s đã tiếp nhận báo cáo tổng kết (phiên bản %(n)s) của %(unit)s.")
    else:
        message = gettext("%(body)s mở lại báo cáo tổng kết (phiên bản %(n)s) để xã sửa. Lý do: %(reason)s")
    return message % names, commune_officers(commune.pk), reverse("reports:workspace")


def notify_submission(event: SubmissionEvent) -> list[Notification]:
    """Called inside the transition's transaction: one notice per person concerned (never the actor), in the
    report's commune; the emails go after the commit."""
    message, recipients, path = submission_message(event)
    recipients = [u for u in recipients if u.pk != event.by_id]
    if not recipients:
        return []
    message = Truncator(message).chars(MESSAGE_LENGTH)
    subject = gettext("[Tổng kết CCHC] Báo cáo tổng kết %(unit)s: %(status)s") % {
        "unit": event.report.commune.unit_name,
        "status": event.get_kind_display(),
    }
    details = gettext("Xem chi tiết: %(link)s") % {"link": f"{settings.SITE_URL}{path}"}
    body = f"{message}\n\n{details}"
    notices = Notification.objects.bulk_create(
        Notification(
            commune_id=event.report.commune_id, recipient=u, message=message, created_at=event.at,
            email_subject=subject if u.email else "", email_body=body if u.email else "",
        )
        for u in recipients
    )  # fmt: skip
    ids = [n.pk for n in notices if n.email_subject]
    if ids:
        transaction.on_commit(lambda: deliver_emails(Notification.objects.filter(pk__in=ids)))
    return notices

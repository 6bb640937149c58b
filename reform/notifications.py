"""Who hears about a status change: a bell notice in the app now, an email once the change commits."""

from __future__ import annotations

import logging
import smtplib
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kimphuong.models import OFFICE_GROUP, User

if TYPE_CHECKING:
    from reform.models import AssessmentEvent

logger = logging.getLogger(__name__)


def _office_users() -> list[User]:
    return list(User.objects.filter(is_active=True, groups__name=OFFICE_GROUP).distinct())


def transition_message(event: AssessmentEvent) -> tuple[str, list[User]]:
    """The sentence and the people concerned by one transition (none for starting a draft)."""
    from reform.models import Status

    assessment = event.assessment
    task = assessment.task
    lead = task.lead
    names = {"code": task.code, "lead": lead.display_name, "actor": event.actor.display_name, "reason": event.reason}
    if event.to_status == Status.SUBMITTED:
        return _("%(lead)s đã nộp bản tự đánh giá nhiệm vụ %(code)s.") % names, _office_users()
    if event.to_status == Status.RETURNED and event.from_status == Status.ACCEPTED:
        return _("%(actor)s mở lại nhiệm vụ %(code)s để bổ sung. Lý do: %(reason)s") % names, [lead]
    if event.to_status == Status.RETURNED:
        return _("%(actor)s trả lại nhiệm vụ %(code)s, yêu cầu bổ sung. Lý do: %(reason)s") % names, [lead]
    if event.to_status == Status.ACCEPTED:
        return _("%(actor)s đã duyệt bản tự đánh giá nhiệm vụ %(code)s.") % names, [lead]
    return "", []


def notify_transition(event: AssessmentEvent) -> None:
    """Called inside the transition's transaction: the notices roll back with it, emails wait for commit."""
    from reform.models import Notification

    message, recipients = transition_message(event)
    recipients = [u for u in recipients if u.pk != event.actor_id]
    if not message or not recipients:
        return
    link = f"{settings.SITE_URL}{event.assessment.get_absolute_url()}"
    subject = _("[Tổng kết CCHC] Nhiệm vụ %(code)s: %(status)s") % {
        "code": event.assessment.task.code,
        "status": event.get_to_status_display(),
    }
    details = _("Xem chi tiết: %(link)s") % {"link": link}
    body = f"{message}\n\n{details}"  # no trailing newline: XML fixtures (backup) strip it
    notices = Notification.objects.bulk_create(
        Notification(
            recipient=u, assessment=event.assessment, message=message, created_at=event.at,
            email_subject=subject if u.email else "", email_body=body if u.email else "",
        )
        for u in recipients
    )  # fmt: skip
    ids = [n.pk for n in notices if n.email_subject]
    if ids:
        transaction.on_commit(lambda: deliver_emails(Notification.objects.filter(pk__in=ids)))


def deliver_emails(notices=None) -> int:  # noqa: ANN001
    """Send the emails of notices not yet emailed; each one sent is marked at once, so that a mail server
    that is down (or fails half-way) leaves the rest pending for the next `send_reminders`. Returns the
    number sent; never raises: the transition that caused the notice has already committed."""
    from reform.models import Notification

    pending = list((notices if notices is not None else Notification.objects.all()).email_pending().select_related(
        "recipient"
    ))  # fmt: skip
    if not pending:
        return 0
    sent = 0
    try:
        with get_connection() as connection:
            for notice in pending:
                EmailMessage(notice.email_subject, notice.email_body, to=[notice.recipient.email],
                             connection=connection).send()  # fmt: skip
                Notification.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
                sent += 1
    except (OSError, smtplib.SMTPException) as exc:
        logger.warning("Email server unavailable, %s notice email(s) left for send_reminders: %s",
                       len(pending) - sent, exc)  # fmt: skip
    return sent

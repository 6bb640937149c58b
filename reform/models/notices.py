"""Notices in the app (the bell), their emails after commit, and the once-a-day reminders.

Who hears about a status change is decided here; the transition (Assessment._move) calls
`notify_transition` inside its transaction, and the emails wait for the commit.
"""

from __future__ import annotations

import logging
import smtplib
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kimphuong.models import OFFICE_GROUP, User
from kimphuong.scoping import CommuneManager, CommuneOwned, ScopedQuerySet
from reform.models.plan import Status

if TYPE_CHECKING:
    from reform.models.assessment import AssessmentEvent


class NotificationQuerySet(ScopedQuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def mark_read(self) -> int:
        return self.unread().update(read_at=timezone.now())

    def email_pending(self) -> NotificationQuerySet:
        return self.exclude(email_subject="").filter(emailed_at__isnull=True).exclude(recipient__email="")


class Notification(CommuneOwned):
    """An in-app notice (the bell); the same news also goes out by email after commit."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="notifications"
    )
    assessment = models.ForeignKey(
        "reform.Assessment",
        verbose_name=_("tự đánh giá"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    message = models.CharField(_("nội dung"), max_length=500)
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    # The email of the same news: sent after the transition commits; if the mail server is down it stays
    # pending (emailed_at empty) and `send_reminders` sends it again.
    email_subject = models.CharField(_("tiêu đề email"), max_length=300, blank=True)
    email_body = models.TextField(_("nội dung email"), blank=True)
    emailed_at = models.DateTimeField(_("đã gửi email lúc"), null=True, blank=True)

    objects = CommuneManager.from_queryset(NotificationQuerySet)()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.message

    def mark_read(self) -> None:
        if self.read_at is None:
            self.read_at = timezone.now()
            self.save(update_fields=["read_at"])


class ReminderKind(models.TextChoices):
    OFFICIAL = "official", _("Nhắc cán bộ, công chức")
    DIGEST = "digest", _("Tổng hợp gửi Văn phòng")


class ReminderQuerySet(ScopedQuerySet["Reminder"]):
    def unseen_by(self, user: User) -> ReminderQuerySet:
        return self.filter(user=user, kind=ReminderKind.OFFICIAL, seen_at__isnull=True)

    def latest_unseen(self, user: User) -> Reminder | None:
        """The latest reminder the official has not dismissed yet (reading it changes nothing)."""
        return self.unseen_by(user).order_by("-sent_on").first()

    def mark_seen(self, user: User) -> int:
        """The official dismissed the banner (a POST): every reminder shown so far counts as seen."""
        return self.unseen_by(user).update(seen_at=timezone.now())


class Reminder(CommuneOwned):
    """One reminder per person, kind and day: sending twice the same day does nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("loại"), max_length=10, choices=ReminderKind)
    sent_on = models.DateField(_("ngày gửi"))
    body = models.TextField(_("nội dung"))
    seen_at = models.DateTimeField(_("đã xem lúc"), null=True, blank=True)

    objects = CommuneManager.from_queryset(ReminderQuerySet)()

    class Meta:
        verbose_name = _("lời nhắc")
        verbose_name_plural = _("lời nhắc")
        ordering = ["-sent_on", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "sent_on"], name="reminder_once_a_day"),
            models.CheckConstraint(condition=Q(kind__in=ReminderKind.values), name="reminder_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.sent_on}"


logger = logging.getLogger(__name__)


def _office_users() -> list[User]:
    return list(User.objects.filter(is_active=True, groups__name=OFFICE_GROUP).distinct())


def transition_message(event: AssessmentEvent) -> tuple[str, list[User]]:
    """The sentence and the people concerned by one transition (none for starting a draft)."""
    assessment = event.assessment
    task = assessment.task
    lead = task.lead
    names = {"code": task.code, "lead": lead.display_name, "actor": event.actor.display_name, "reason": event.reason}
    if event.to_status == Status.SUBMITTED:
        return gettext("%(lead)s đã nộp bản tự đánh giá nhiệm vụ %(code)s.") % names, _office_users()
    if event.to_status == Status.RETURNED and event.from_status == Status.ACCEPTED:
        return gettext("%(actor)s mở lại nhiệm vụ %(code)s để bổ sung. Lý do: %(reason)s") % names, [lead]
    if event.to_status == Status.RETURNED:
        return gettext("%(actor)s trả lại nhiệm vụ %(code)s, yêu cầu bổ sung. Lý do: %(reason)s") % names, [lead]
    if event.to_status == Status.ACCEPTED:
        return gettext("%(actor)s đã duyệt bản tự đánh giá nhiệm vụ %(code)s.") % names, [lead]
    return "", []


def notify_transition(event: AssessmentEvent) -> None:
    """Called inside the transition's transaction: the notices roll back with it, emails wait for commit."""
    message, recipients = transition_message(event)
    recipients = [u for u in recipients if u.pk != event.actor_id]
    if not message or not recipients:
        return
    link = f"{settings.SITE_URL}{event.assessment.get_absolute_url()}"
    subject = gettext("[Tổng kết CCHC] Nhiệm vụ %(code)s: %(status)s") % {
        "code": event.assessment.task.code,
        "status": event.get_to_status_display(),
    }
    details = gettext("Xem chi tiết: %(link)s") % {"link": link}
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

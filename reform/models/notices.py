"""Notices in the app (the bell) and the once-a-day reminders."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reform.models.assessment import Assessment


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def email_pending(self) -> NotificationQuerySet:
        return self.exclude(email_subject="").filter(emailed_at__isnull=True).exclude(recipient__email="")


class Notification(models.Model):
    """An in-app notice (the bell); the same news also goes out by email after commit."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="notifications"
    )
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("tự đánh giá"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    message = models.CharField(_("nội dung"), max_length=500)
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    # The email of the same news: sent after the transition commits; if the mail server is down it stays
    # pending (emailed_at empty) and `send_reminders` sends it again.
    email_subject = models.CharField(_("tiêu đề email"), max_length=300, blank=True)
    email_body = models.TextField(_("nội dung email"), blank=True)
    emailed_at = models.DateTimeField(_("đã gửi email lúc"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.message


class ReminderKind(models.TextChoices):
    OFFICIAL = "official", _("Nhắc cán bộ, công chức")
    DIGEST = "digest", _("Tổng hợp gửi Văn phòng")


class ReminderQuerySet(models.QuerySet):
    def take_unseen(self, user: Any) -> Reminder | None:
        """The latest reminder the official has not seen yet, marked as seen (shown once, at next login)."""
        reminder = self.filter(user=user, kind=ReminderKind.OFFICIAL, seen_at__isnull=True).order_by("-sent_on").first()
        if reminder is not None:
            self.filter(user=user, kind=ReminderKind.OFFICIAL, seen_at__isnull=True).update(seen_at=timezone.now())
        return reminder


class Reminder(models.Model):
    """One reminder per person, kind and day: sending twice the same day does nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("loại"), max_length=10, choices=ReminderKind)
    sent_on = models.DateField(_("ngày gửi"))
    body = models.TextField(_("nội dung"))
    seen_at = models.DateTimeField(_("đã xem lúc"), null=True, blank=True)

    objects = ReminderQuerySet.as_manager()

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

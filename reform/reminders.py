"""Reminders to officials who have not handed in, and a digest for the office; once a day at most."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from kimphuong.formats import date_short
from kimphuong.models import OFFICE_GROUP, User
from reform.models import EDITABLE_STATUSES, Reminder, ReminderKind, Status, Task


@dataclass
class ReminderRun:
    sent: list[User] = field(default_factory=list)  # reminded now
    already: list[User] = field(default_factory=list)  # reminded earlier today: skipped
    digest_to: list[User] = field(default_factory=list)
    emails: int = 0


def _task_lines(tasks: list[Task], today: dt.date) -> list[str]:
    lines = []
    for task in tasks:
        days = (task.due_date - today).days
        when = _("quá hạn %(n)s ngày") % {"n": -days} if days < 0 else _("còn %(n)s ngày") % {"n": days}
        state = _(" (Văn phòng yêu cầu bổ sung)") if task.status == Status.RETURNED else ""
        due = _("hạn %(date)s") % {"date": date_short(task.due_date)}
        lines.append(f"- {task.code}: {task.content[:90]} — {due}, {when}{state}")
    return lines


@transaction.atomic
def reminders_send(*, today: dt.date, dry_run: bool = False) -> ReminderRun:
    """Email each official their unsubmitted or returned tasks and the office a digest, once per day."""
    run = ReminderRun()
    pending = (
        Task.objects.filter(lead__is_active=True)
        .filter(assessment__status__in=EDITABLE_STATUSES)
        .select_related("lead", "assessment")
        .order_by("due_date", "code")
    )
    by_user: dict[User, list[Task]] = defaultdict(list)
    for task in pending:
        by_user[task.lead].append(task)
    done_today = set(
        Reminder.objects.filter(sent_on=today, kind=ReminderKind.OFFICIAL).values_list("user_id", flat=True)
    )
    link = f"{settings.SITE_URL}{reverse('reform:task_list')}"
    mails = []
    for user, tasks in sorted(by_user.items(), key=lambda item: item[0].display_name):
        if user.pk in done_today:
            run.already.append(user)
            continue
        run.sent.append(user)
        body = "\n".join(
            [
                _("Kính gửi %(name)s,") % {"name": user.display_name},
                _("Các nhiệm vụ sau chưa được nộp bản tự đánh giá:"),
                *_task_lines(tasks, today),
                _("Mở “Nhiệm vụ của tôi” để hoàn thành: %(link)s") % {"link": link},
            ]
        )
        if not dry_run:
            Reminder.objects.create(user=user, kind=ReminderKind.OFFICIAL, sent_on=today, body=body)
            if user.email:
                mails.append((_("[Tổng kết CCHC] Nhắc nộp bản tự đánh giá"), body, None, [user.email]))

    late = [(u, [t for t in ts if t.due_date < today]) for u, ts in by_user.items()]
    late = [(u, ts) for u, ts in late if ts]
    digest = "\n".join(
        [
            _("Tổng hợp ngày %(day)s: %(n)s nhiệm vụ chưa nộp, của %(people)s người.")
            % {"day": date_short(today), "n": sum(len(ts) for ts in by_user.values()), "people": len(by_user)},
            _("Chậm hạn:") if late else _("Không có ai chậm hạn."),
            *(f"- {u.display_name}: {len(ts)}" for u, ts in sorted(late, key=lambda x: -len(x[1]))),
        ]
    )
    office = User.objects.filter(is_active=True, groups__name=OFFICE_GROUP).distinct()
    done_digest = set(
        Reminder.objects.filter(sent_on=today, kind=ReminderKind.DIGEST).values_list("user_id", flat=True)
    )
    for user in office:
        if user.pk in done_digest:
            continue
        run.digest_to.append(user)
        if not dry_run:
            Reminder.objects.create(user=user, kind=ReminderKind.DIGEST, sent_on=today, body=digest, seen_at=None)
            if user.email:
                mails.append((_("[Tổng kết CCHC] Tổng hợp tiến độ tự đánh giá"), digest, None, [user.email]))
    run.emails = len(mails)
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=False))
    return run

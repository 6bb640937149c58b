"""Background work of the reform app (kimphuong.jobs): reminders (one job per commune, run by
`send_reminders`) and the import of the plan's task list from Excel."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from kimphuong import jobs
from reform.models import Notification, Review
from reform.models.notices import deliver_emails
from reform.plan_excel import describe, import_plan
from reform.reminders import reminders_send

REMINDERS = "reminders"
PLAN_IMPORT = "plan_import"


def _reminders(job: jobs.Job) -> dict[str, Any]:
    """The command's report, line by line (the last one is the summary)."""
    dry_run = bool(job.args.get("dry_run"))
    lines = []
    # Notice emails that could not go out when their transition happened (mail server down) go now.
    jobs.progress(job.pk, _("Gửi lại email thông báo"), 10)
    if dry_run:
        pending = Notification.objects.email_pending().count()
        lines.append(f"[thử] {pending} email thông báo đang chờ gửi lại.")
    else:
        retried = deliver_emails()
        left = Notification.objects.email_pending().count()
        lines.append(f"Gửi lại {retried} email thông báo; còn {left} email chờ gửi.")
    jobs.progress(job.pk, _("Nhắc cán bộ chưa nộp"), 50)
    run = reminders_send(today=timezone.localdate(), dry_run=dry_run)
    prefix = "[thử] " if dry_run else ""
    lines += [f"{prefix}Nhắc: {user.display_name} <{user.email or 'không có email'}>" for user in run.sent]
    lines += [f"Đã nhắc hôm nay, bỏ qua: {user.display_name}" for user in run.already]
    lines += [f"{prefix}Tổng hợp gửi Văn phòng: {user.display_name}" for user in run.digest_to]
    summary = f"{len(run.sent)} người được nhắc, {len(run.already)} người đã nhắc hôm nay, {run.emails} email."
    lines.append(prefix + summary)
    return {"lines": lines, "message": prefix + summary}


@task()
def reminders_task(job_id: int) -> dict[str, Any]:
    return jobs.run(job_id, _reminders)


def _plan_import(job: jobs.Job) -> dict[str, Any]:
    """The uploaded workbook (kept in the storage, so that any server's worker reads it) checked and imported;
    the outcome is the import's own: the new, updated and unchanged tasks, or the errors row by row."""
    review = Review.objects.select_related("plan").get(pk=job.args["review"])
    name = job.args["file"]
    with default_storage.open(name, "rb") as upload:
        data = upload.read()
    result = import_plan(
        data,
        plan=review.plan,
        dry_run=bool(job.args.get("dry_run")),
        default_due=review.self_assessment_deadline,
        step=lambda what, percent: jobs.progress(job.pk, what, percent),
    )
    default_storage.delete(name)  # read and acted on (a failed run keeps it for "Thử lại")
    return {
        "message": describe(result),
        "ok": result.ok,
        "dry_run": result.dry_run,
        "created": result.created,
        "updated": result.updated,
        "unchanged": len(result.unchanged),
        "errors": [{"row": e.row, "message": e.message} for e in result.errors],
    }


@task()
def plan_import_task(job_id: int) -> dict[str, Any]:
    return jobs.run(job_id, _plan_import)

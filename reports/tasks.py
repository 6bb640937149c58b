"""The report's background work: compiling the sections and issuing a version (kimphuong.jobs)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from kimphuong import jobs
from reports.compile import compile_report
from reports.models import Report, ReportError
from reports.services import version_issue

COMPILE = "report_compile"
ISSUE = "version_issue"
KINDS = (COMPILE, ISSUE)


def _compile(job: jobs.Job) -> dict[str, Any]:
    report = Report.objects.get(pk=job.args["report"])
    jobs.progress(job.pk, _("Thu thập số liệu và soạn các phần"), 10)
    with transaction.atomic():
        sections = compile_report(report, by=job.created_by)
    jobs.progress(job.pk, _("Lưu các phần"), 90)
    stale = [s.title for s in sections if s.is_stale]
    return {
        "sections": len(sections),
        "stale": stale,
        "message": _("Đã tổng hợp %(n)s phần từ dữ liệu mới nhất.") % {"n": len(sections)},
    }


@task()
def report_compile_task(job_id: int) -> dict[str, Any]:
    return jobs.run(job_id, _compile, expected=(ReportError,))


def _issue(job: jobs.Job) -> dict[str, Any]:
    report = Report.objects.get(pk=job.args["report"])
    if job.created_by is None:
        raise ReportError(_("Không rõ người phát hành."))
    version = version_issue(
        report=report,
        by=job.created_by,
        confirmed=job.args.get("confirmed", []),
        step=lambda what, percent: jobs.progress(job.pk, what, percent),
    )
    return {
        "version": version.pk,
        "number": version.number,
        "message": _("Đã phát hành phiên bản %(n)s.") % {"n": version.number},
    }


@task()
def version_issue_task(job_id: int) -> dict[str, Any]:
    return jobs.run(job_id, _issue, expected=(ReportError,))

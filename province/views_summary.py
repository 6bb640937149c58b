"""Sở Nội vụ's summary of the communes' reviews: on screen, and as Word, PDF and Excel files built on request."""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kimphuong import jobs
from kimphuong.excel import XLSX
from kimphuong.http import AuthenticatedHttpRequest
from province import summary_document, summary_xlsx
from province.permissions import require_province
from province.summary import ProvinceSummary, current_province, from_snapshot
from province.tasks import KINDS, SUMMARY, latest_summary, province_summary_task

FORMATS: dict[str, tuple[Callable[[ProvinceSummary], bytes], str]] = {
    "docx": (summary_document.render_word, summary_document.CONTENT_TYPES["docx"]),
    "pdf": (summary_document.render_pdf_file, summary_document.CONTENT_TYPES["pdf"]),
    "xlsx": (summary_xlsx.render, XLSX),
}


@require_GET
def summary(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The summary as last built (reading every commune takes a while: it is built in the background, on
    request, and kept with its job), and the button to build it again with today's data."""
    require_province(request.user)
    province = current_province()
    latest = latest_summary() if province else None
    data = from_snapshot(province, latest.result["snapshot"]) if province and latest else None
    job = jobs.job_of_request(request, kinds=KINDS)
    return render(
        request,
        "province/summary.html",
        {"province": province, "summary": data, "built": latest, **_job_context(job)},
    )


def _job_context(job: jobs.Job | None) -> dict:
    if job is None:
        return {"job": None}
    links = []
    if job.state == jobs.Job.State.DONE:
        links = [
            (label, reverse("province:summary_file", args=[job.pk, fmt]))
            for fmt, label in (("docx", _("Tải Word (.docx)")), ("pdf", _("Tải PDF")), ("xlsx", _("Tải Excel")))
        ]
    return jobs.page_context(job, status="province:summary_job", retry="province:summary_job_retry", links=links)


def _start(request: AuthenticatedHttpRequest) -> HttpResponse:
    job = jobs.start(SUMMARY, label=_("Lập báo cáo tổng hợp"), user=request.user, commune=None,
                     task=province_summary_task)  # fmt: skip
    return redirect(f"{reverse('province:summary')}?job={job.pk}#job-{job.pk}")


@require_POST
def summary_build(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Build the Word, PDF and Excel files in the background; the page follows the job's progress."""
    require_province(request.user)
    return _start(request)


@require_GET
def summary_job(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = jobs.get_job_for_user(request.user, pk, kinds=KINDS)
    context = _job_context(job)
    return jobs.render_status(
        request, job, status_url=context["job_status_url"], retry_url=context["job_retry_url"],
        result={"links": context["job_links"]},
    )  # fmt: skip


@require_POST
def summary_job_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    jobs.get_job_for_user(request.user, pk, kinds=KINDS)
    return _start(request)


@require_GET
def summary_file(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> FileResponse:
    """A file built by a summary job, for province users."""
    job = jobs.get_job_for_user(request.user, pk, kinds=KINDS)
    name = job.result.get("files", {}).get(fmt) if job.state == jobs.Job.State.DONE else None
    if name is None:
        raise Http404(_("Không có tệp này."))
    return FileResponse(
        default_storage.open(name), as_attachment=True, filename=summary_document.file_name(fmt),
        content_type=FORMATS[fmt][1],
    )  # fmt: skip


@require_GET
def summary_download(request: AuthenticatedHttpRequest, fmt: str) -> FileResponse:
    """A file of the summary as last built (the page's downloads)."""
    require_province(request.user)
    if fmt not in FORMATS:
        raise Http404(_("Không có định dạng này."))
    latest = latest_summary() if current_province() else None
    if latest is None:
        raise Http404(_("Chưa lập báo cáo tổng hợp."))
    return summary_file(request, latest.pk, fmt)

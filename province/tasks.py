"""The province summary, built in the background (kimphuong.jobs): its files kept in the storage, and its data
kept with the job (the page shows the summary as last built)."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django_tasks import task

from kimphuong import jobs
from province import summary_document, summary_xlsx
from province.summary import build, current_province, to_snapshot

SUMMARY = "province_summary"
KINDS = (SUMMARY,)


def _summary_files(job: jobs.Job) -> dict[str, Any]:
    province = current_province()
    if province is None:
        raise LookupError(_("Chưa khai báo thông tin tỉnh."))
    jobs.progress(job.pk, _("Thu thập số liệu của các xã"), 5)
    data = build(province)
    files: dict[str, str] = {}
    for fmt, writer, step, percent in (
        ("docx", summary_document.render_word, _("Dựng tệp Word"), 30),
        ("pdf", summary_document.render_pdf_file, _("Dựng tệp PDF"), 50),
        ("xlsx", summary_xlsx.render, _("Dựng tệp Excel"), 75),
    ):
        jobs.progress(job.pk, step, percent)
        content = writer(data)
        jobs.progress(job.pk, _("Lưu các tệp"), percent + 10)
        files[fmt] = default_storage.save(f"province/summary/{job.pk}/{summary_document.file_name(fmt)}",
                                          ContentFile(content))  # fmt: skip
    return {"files": files, "snapshot": to_snapshot(data), "message": _("Đã lập báo cáo tổng hợp.")}


@task()
def province_summary_task(job_id: int) -> dict[str, Any]:
    return jobs.run(job_id, _summary_files, expected=(LookupError,))


def latest_summary() -> jobs.Job | None:
    """The newest summary job that finished: what the page shows and the downloads serve."""
    return jobs.Job.objects.filter(kind=SUMMARY, commune=None, state=jobs.Job.State.DONE).order_by("-pk").first()

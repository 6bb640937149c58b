"""The tracking table (one row per task) for the office's Excel export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import timezone

from kimphuong.formats import date_short
from reform.models import Status, TaskQuerySet

TITLE = "Theo dõi tự đánh giá"
HEADERS = [
    "Lĩnh vực",
    "Mã",
    "Nhiệm vụ",
    "Chủ trì",
    "Phối hợp",
    "Hạn nộp",
    "Trạng thái",
    "Thao tác gần nhất",
    "Lý do trả lại",
    "Số tài liệu kiểm chứng",
]
WIDTHS = [34, 10, 60, 22, 30, 12, 18, 28, 40, 12]
DATE_COLUMNS = {5}


@dataclass(frozen=True)
class Row:
    area: str
    code: str
    task: str
    lead: str
    co_owners: str
    due_date: dt.date
    status: str
    last_event: str
    return_reason: str
    evidence_count: int


def build(tasks: TaskQuerySet) -> Iterator[Row]:
    """Rows streamed in chunks: one query for the tasks and one for co-owners per chunk, never one per row."""
    for task in tasks.for_tracking().prefetch_related("co_owners").iterator(chunk_size=500):
        status = task.status
        co_owners = ", ".join(u.display_name for u in task.co_owners.all()) or task.coordination_text
        last = ""
        if task.last_event_at and task.last_event_status:  # both from the same (last) event
            local = timezone.localtime(task.last_event_at)
            last = f"{Status(task.last_event_status).label}, {date_short(local.date())} {local:%H:%M}"
        yield Row(
            area=task.group.name,
            code=task.code,
            task=task.content,
            lead=task.lead.display_name,
            co_owners=co_owners,
            due_date=task.due_date,
            status=str(Status(status).label),
            last_event=last,
            return_reason=task.assessment.return_reason if status == Status.RETURNED else "",
            evidence_count=task.evidence_count,
        )

"""The tracking table (one row per task): the office's list page and its Excel export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import Truncator

from kimphuong.excel import Sheet, sheets_to_xlsx
from kimphuong.formats import date_short, datetime_short
from kimphuong.links import pk_link
from kimphuong.models import User
from reform.models import DONE_STATUSES, Status, TaskQuerySet

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
CHUNK = 500

# The columns of one task, read as plain values (no model instance per task, per lead, per assessment).
_PERSON = ("full_name", "first_name", "last_name", "username")
_FIELDS = (
    "pk", "group__name", "code", "content", *(f"lead__{f}" for f in _PERSON), "coordination_text", "due_date",
    "assessment__status", "assessment__return_reason", "last_event_at", "last_event_status", "evidence_count",
)  # fmt: skip


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


def _display_name(full_name: str, first_name: str, last_name: str, username: str) -> str:
    """`User.display_name` from the values it reads."""
    return full_name or f"{first_name} {last_name}".strip() or username


def _co_owners(task_ids: list[int]) -> dict[int, list[str]]:
    """Each task's co-owners' names, in the users' own order, in one query."""
    names: dict[int, list[str]] = {}
    people = User.objects.filter(co_owned_tasks__in=task_ids).values_list("co_owned_tasks", *_PERSON)
    for task_id, *person in people:
        names.setdefault(task_id, []).append(_display_name(*person))
    return names


def _after(group_order: int, order: int, code: str, pk: int) -> Q:
    """The tasks after this one in the table's order (area, order, code, pk): the next chunk's condition."""
    return (
        Q(group__order__gt=group_order)
        | Q(group__order=group_order, order__gt=order)
        | Q(group__order=group_order, order=order, code__gt=code)
        | Q(group__order=group_order, order=order, code=code, pk__gt=pk)
    )


def build(tasks: TaskQuerySet) -> Iterator[Row]:
    """Rows streamed in chunks: one query for the tasks and one for co-owners per chunk, never one per row.

    A chunk is the next CHUNK tasks after the last one read (keyset paging), not a server-side cursor: a
    commune's plan fits in one chunk, read in one round trip instead of a cursor's four."""
    labels = {status: str(status.label) for status in Status}
    tracked = tasks.for_tracking().order_by("group__order", "order", "code", "pk")
    after = Q()  # the first chunk: from the start
    while True:
        chunk = list(tracked.filter(after).values_list("group__order", "order", *_FIELDS)[:CHUNK])
        if not chunk:
            break
        co_owners = _co_owners([v[2] for v in chunk])
        for row in chunk:
            pk, area, code, content, *lead, coordination, due, status, reason, at, last_status, evidence = row[2:]
            status = status or Status.NOT_STARTED  # a task whose record is missing counts as not started
            last = ""
            if at and last_status:  # both from the same (last) event
                local = timezone.localtime(at)
                last = f"{labels[last_status]}, {date_short(local.date())} {local:%H:%M}"
            yield Row(
                area=area,
                code=code,
                task=content,
                lead=_display_name(*lead),
                co_owners=", ".join(co_owners.get(pk, ())) or coordination,
                due_date=due,
                status=labels[status],
                last_event=last,
                return_reason=reason if status == Status.RETURNED else "",
                evidence_count=evidence,
            )
        if len(chunk) < CHUNK:
            break
        group_order, order, pk, _area, code, *_values = chunk[-1]
        after = _after(group_order, order, code, pk)


def sheet(tasks: TaskQuerySet) -> Sheet:
    """The tracking table as the one sheet of its workbook (rows streamed from the database)."""
    return Sheet(TITLE, HEADERS, build(tasks), list(WIDTHS), frozenset(DATE_COLUMNS))


def to_xlsx(tasks: TaskQuerySet) -> bytes:
    """The tracking workbook, written row by row (write-only mode): memory stays flat whatever its size."""
    return sheets_to_xlsx([sheet(tasks)])


# The list page's columns of one task, read as plain values as well.
_LIST_FIELDS = (
    "code", "content", "assessment__pk", "assessment__status", "assessment__return_reason",
    *(f"lead__{f}" for f in _PERSON), "due_date", "last_event_at", "evidence_count",
)  # fmt: skip


@dataclass(frozen=True)
class ListRow:
    """One row of the tracking list, its values ready to show."""

    code: str
    content: str  # shortened as the list shows it
    url: str
    status: str
    status_label: str
    returned: bool
    return_reason: str  # shortened; shown only when `returned`
    lead: str
    due_date: str
    overdue: bool
    last_event: str
    evidence_count: int


def list_rows(tasks: QuerySet[Any], *, today: dt.date) -> list[ListRow]:
    """A page of the list (`for_tracking()`, filtered, ordered and sliced by the caller) as rows, read as plain
    values: no model instance, no URL reversed, no label translated per row."""
    labels = {status: str(status.label) for status in Status}
    detail = pk_link("reform:assessment_detail")
    rows = []
    for code, content, pk, status, reason, *lead, due, at, evidence in tasks.values_list(*_LIST_FIELDS):
        status = status or Status.NOT_STARTED  # a task whose record is missing counts as not started
        rows.append(
            ListRow(
                code=code,
                content=Truncator(content).chars(110),
                url=detail(pk),
                status=status,
                status_label=labels[status],
                returned=status == Status.RETURNED,
                return_reason=Truncator(reason).chars(140) if status == Status.RETURNED else "",
                lead=_display_name(*lead),
                due_date=date_short(due),
                overdue=status not in DONE_STATUSES and due < today,
                last_event=datetime_short(at),
                evidence_count=evidence,
            )
        )
    return rows

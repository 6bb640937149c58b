"""The province's overview of the communes as an Excel workbook: rows in, .xlsx bytes out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from kimphuong.excel import Sheet, sheets_to_xlsx
from kimphuong.models import CommuneKind
from province.overview import Overview, ReportStatus


def headers() -> list[str]:
    return [
        _("Tên xã, phường"),
        _("Mã"),
        _("Loại"),
        _("Số liệu mẫu"),
        _("Số nhiệm vụ"),
        _("Đã nộp"),
        _("Tỷ lệ đã nộp (%)"),
        _("Đã duyệt"),
        _("Tỷ lệ đã duyệt (%)"),
        _("Hạn nộp tự đánh giá"),
        _("Hạn gửi báo cáo"),
        _("Tình trạng báo cáo"),
        _("Quá hạn"),
    ]


WIDTHS = [28, 10, 10, 10, 10, 10, 12, 10, 12, 14, 14, 18, 10]
DATE_COLUMNS = frozenset({9, 10})


@dataclass(frozen=True)
class Row:
    name: str
    code: str
    kind: str
    sample: str
    tasks: int
    submitted: int
    percent_submitted: float
    accepted: int
    percent_accepted: float
    self_assessment_deadline: dt.date | None
    report_deadline: dt.date | None
    status: str
    overdue: str


def rows(overview: Overview) -> Iterator[Row]:
    yes = _("Có")
    # The labels translated once, not once a commune (as get_kind_display() and status.label would).
    kinds = {kind.value: str(kind.label) for kind in CommuneKind}
    statuses = {status: str(status.label) for status in ReportStatus}
    for r in overview.rows:
        yield Row(
            name=r.commune.name,
            code=r.commune.code,
            kind=kinds.get(r.commune.kind, r.commune.kind),
            sample=yes if r.commune.is_sample else "",
            tasks=r.tasks,
            submitted=r.submitted,
            percent_submitted=round(r.percent_submitted, 1),
            accepted=r.accepted,
            percent_accepted=round(r.percent_accepted, 1),
            self_assessment_deadline=r.self_assessment_deadline,
            report_deadline=r.report_deadline,
            status=statuses[r.status],
            overdue=yes if r.overdue else "",
        )


def sheet(overview: Overview) -> Sheet:
    """The overview's rows (as filtered on the page) as the one sheet of its workbook."""
    title = _("Tiến độ tổng kết CCHC của các xã, phường (ngày %(day)s)") % {"day": f"{overview.today:%d/%m/%Y}"}
    return Sheet(_("Các xã, phường"), headers(), rows(overview), WIDTHS, DATE_COLUMNS, title=title)


def overview_xlsx(overview: Overview) -> bytes:
    """The overview's rows in one formatted sheet."""
    return sheets_to_xlsx([sheet(overview)])

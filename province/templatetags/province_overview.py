"""The overview's table body: a line per commune (a hundred or more), built here in one pass rather than by
a template loop (the same markup as a template would give; the labels translated once a page)."""

from __future__ import annotations

from html import escape  # what Django's escape does, without its check for lazy strings

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext

from kimphuong.formats import date_short, percent_vi
from kimphuong.links import key_link
from kimphuong.models import CommuneKind
from province.overview import CommuneRow, ReportStatus

register = template.Library()


def _progress(part: int, whole: int, label: str) -> str:
    percent = percent_vi(part, whole)
    return (
        f'<td class="text-end text-nowrap" data-label="{label}">{percent}'
        f'<div class="small text-muted">{part}/{whole}</div></td>'
    )


@register.simple_tag
def overview_rows(rows: list[CommuneRow]) -> SafeString:
    """The communes' lines: name (with its link and badges), code, kind, tasks, handed in, accepted, the two
    deadlines, the report's status."""
    link = key_link("province:commune")
    kinds = {kind.value: escape(capfirst(str(kind.label))) for kind in CommuneKind}
    statuses = {status: escape(str(status.label)) for status in ReportStatus}
    sample = f' <span class="badge text-bg-warning" data-testid="sample">{escape(gettext("số liệu mẫu"))}</span>'
    overdue = f' <span class="badge text-bg-danger">{escape(gettext("quá hạn"))}</span>'
    late = ' class="table-danger" data-overdue'
    # each cell's column, shown before it when the table is stacked on a phone (the page's headers)
    code_l, kind_l, submitted_l, accepted_l, assessment_l, report_l, status_l = (
        escape(gettext(label))
        for label in ("Mã", "Loại", "Đã nộp", "Đã duyệt", "Hạn tự đánh giá", "Hạn báo cáo", "Tình trạng báo cáo")
    )
    tasks_l = escape(pgettext("number of tasks", "Nhiệm vụ"))
    no_review = f'<span class="text-muted small">{escape(gettext("chưa có đợt tổng kết"))}</span>'
    lines = []
    for row in rows:
        commune = row.commune
        code = escape(commune.code)
        href = escape(link(commune.code))
        kind = kinds.get(commune.kind) or escape(capfirst(commune.kind))
        assessment_due = date_short(row.self_assessment_deadline) or "—"
        report_due = date_short(row.report_deadline) or "—"
        lines.append(
            f'<tr data-commune="{code}"{late if row.overdue else ""}>'
            f'<td class="stack-head"><a href="{href}">{escape(commune.name)}</a>'
            f"{sample if commune.is_sample else ''}{overdue if row.overdue else ''}</td>"
            f'<td data-label="{code_l}">{code}</td>'
            f'<td data-label="{kind_l}">{kind}</td>'
            f'<td class="text-end" data-label="{tasks_l}">{row.tasks if row.has_review else no_review}</td>'
            f"{_progress(row.submitted, row.tasks, submitted_l)}"
            f"{_progress(row.accepted, row.tasks, accepted_l)}"
            f'<td class="text-nowrap" data-label="{assessment_l}">{assessment_due}</td>'
            f'<td class="text-nowrap" data-label="{report_l}">{report_due}</td>'
            f'<td data-label="{status_l}"><span class="badge text-bg-{row.status_badge}" '
            f'data-status="{row.status.value}">{statuses[row.status]}</span></td></tr>'
        )
    return mark_safe("".join(lines))  # noqa: S308 (every value above is escaped)

"""The summary page's per-commune breakdown by area (ten or so lines for each of a hundred communes), formatted
in one pass rather than by a template loop."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from kimphuong.templatetags.vn import vn_date
from province.summary import CommuneSummary
from reports.compile import AreaResult

register = template.Library()


@register.simple_tag
def area_items(areas: list[AreaResult]) -> SafeString:
    """One <li> per area: “Cải cách thể chế: 9/10”."""
    return format_html_join("", "<li>{}: {}/{}</li>", ((a.name, a.done, a.total) for a in areas))


_STATE_BADGES = {"accepted": "success", "returned": "warning", "sent": "primary", "approved": "info", "issued": "info"}


@register.simple_tag
def state_rows(communes: list[CommuneSummary]) -> SafeString:
    """The status table's lines: number, name, the report's state, and the note (no review, the number of the
    report received, no data yet)."""
    state_label, note_label = gettext("Tình trạng báo cáo"), gettext("Ghi chú")
    no_review, no_data = gettext("Chưa có đợt tổng kết"), gettext("Chưa có số liệu")
    lines = []
    for n, c in enumerate(communes, start=1):
        note = SafeString("")
        if not c.has_review:
            note = format_html("{}", no_review)
        elif c.sent_number:
            note = format_html("{}", gettext("Báo cáo số %(number)s") % {"number": c.sent_number})
            if c.sent_date:
                note = format_html("{} · {}", note, vn_date(c.sent_date))
        elif not c.has_data:
            note = format_html("{}", no_data)
        lines.append(
            format_html(
                '<tr data-commune="{}"><td>{}</td><td class="stack-head">{}</td><td data-label="{}"><span class="badge '
                'text-bg-{}" data-testid="state">{}</span></td><td data-label="{}">{}</td></tr>',
                c.code,
                n,
                c.name,
                state_label,
                _STATE_BADGES.get(c.state, "secondary"),
                c.state_label,
                note_label,
                note,
            )  # fmt: skip
        )
    return mark_safe("".join(lines))  # noqa: S308 (each line is format_html's)


@register.simple_tag
def result_rows(communes: list[CommuneSummary]) -> SafeString:
    """The results table's lines: name (with its areas folded), tasks done, rate, and the targets' outcomes."""
    labels = [
        gettext("Nhiệm vụ hoàn thành"), gettext("Tỷ lệ"), gettext("Chỉ tiêu vượt"), gettext("Đạt"),
        gettext("Không đạt"), gettext("Chưa có số liệu"),
    ]  # fmt: skip
    by_area = gettext("Theo lĩnh vực")
    lines = []
    for n, c in enumerate(communes, start=1):
        areas = (
            format_html(
                '<details class="small text-muted"><summary>{}</summary><ul class="mb-0 ps-3">{}</ul></details>',
                by_area, area_items(c.areas),
            )
            if c.areas
            else ""
        )  # fmt: skip
        lines.append(
            format_html(
                '<tr data-commune="{}"><td>{}</td><td class="stack-head">{}{}</td>'
                '<td class="text-end" data-label="{}" data-testid="done">{}/{}</td>'
                '<td class="text-end" data-label="{}" data-testid="completion">{}</td>'
                '<td class="text-end" data-label="{}">{}</td><td class="text-end" data-label="{}">{}</td>'
                '<td class="text-end" data-label="{}">{}</td><td class="text-end" data-label="{}">{}</td></tr>',
                c.code,
                n,
                c.name,
                areas,
                labels[0],
                c.done,
                c.tasks,
                labels[1],
                c.completion,
                labels[2],
                c.exceeded,
                labels[3],
                c.met,
                labels[4],
                c.missed,
                labels[5],
                c.no_data,
            )  # fmt: skip
        )
    return mark_safe("".join(lines))  # noqa: S308 (each line is format_html's)

"""The summary page's tables (a line for each of a hundred communes, ten or so areas under each), formatted in
one pass rather than by a template loop, with the standard library's escape (what Django's does, without its
check for lazy strings on every value: a thousand cells a page)."""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from kimphuong.templatetags.vn import vn_date
from province.summary import CommuneSummary
from reports.compile import AreaResult

register = template.Library()


def _e(value: object) -> str:
    return escape(str(value))


def _area_items(areas: list[AreaResult]) -> str:
    return "".join(f"<li>{_e(a.name)}: {_e(a.done)}/{_e(a.total)}</li>" for a in areas)


@register.simple_tag
def area_items(areas: list[AreaResult]) -> SafeString:
    """One <li> per area: “Cải cách thể chế: 9/10”."""
    return mark_safe(_area_items(areas))  # noqa: S308 (every value escaped)


_STATE_BADGES = {"accepted": "success", "returned": "warning", "sent": "primary", "approved": "info", "issued": "info"}


@register.simple_tag
def state_rows(communes: list[CommuneSummary]) -> SafeString:
    """The status table's lines: number, name, the report's state, and the note (no review, the number of the
    report received, no data yet)."""
    state_label, note_label = _e(gettext("Tình trạng báo cáo")), _e(gettext("Ghi chú"))
    no_review, no_data = _e(gettext("Chưa có đợt tổng kết")), _e(gettext("Chưa có số liệu"))
    lines = []
    for n, c in enumerate(communes, start=1):
        note = ""
        if not c.has_review:
            note = no_review
        elif c.sent_number:
            note = _e(gettext("Báo cáo số %(number)s") % {"number": c.sent_number})
            if c.sent_date:
                note = f"{note} · {_e(vn_date(c.sent_date))}"
        elif not c.has_data:
            note = no_data
        lines.append(
            f'<tr data-commune="{_e(c.code)}"><td>{n}</td><td class="stack-head">{_e(c.name)}</td>'
            f'<td data-label="{state_label}"><span class="badge text-bg-{_STATE_BADGES.get(c.state, "secondary")}" '
            f'data-testid="state">{_e(c.state_label)}</span></td><td data-label="{note_label}">{note}</td></tr>'
        )
    return mark_safe("".join(lines))  # noqa: S308 (every value escaped)


@register.simple_tag
def result_rows(communes: list[CommuneSummary]) -> SafeString:
    """The results table's lines: name (with its areas folded), tasks done, rate, and the targets' outcomes."""
    done, rate, exceeded, met, missed, no_data = (
        _e(gettext(label))
        for label in ("Nhiệm vụ hoàn thành", "Tỷ lệ", "Chỉ tiêu vượt", "Đạt", "Không đạt", "Chưa có số liệu")
    )
    by_area = _e(gettext("Theo lĩnh vực"))
    lines = []
    for n, c in enumerate(communes, start=1):
        areas = (
            f'<details class="small text-muted"><summary>{by_area}</summary><ul class="mb-0 ps-3">'
            f"{_area_items(c.areas)}</ul></details>"
            if c.areas
            else ""
        )
        lines.append(
            f'<tr data-commune="{_e(c.code)}"><td>{n}</td><td class="stack-head">{_e(c.name)}{areas}</td>'
            f'<td class="text-end" data-label="{done}" data-testid="done">{_e(c.done)}/{_e(c.tasks)}</td>'
            f'<td class="text-end" data-label="{rate}" data-testid="completion">{_e(c.completion)}</td>'
            f'<td class="text-end" data-label="{exceeded}">{_e(c.exceeded)}</td>'
            f'<td class="text-end" data-label="{met}">{_e(c.met)}</td>'
            f'<td class="text-end" data-label="{missed}">{_e(c.missed)}</td>'
            f'<td class="text-end" data-label="{no_data}">{_e(c.no_data)}</td></tr>'
        )
    return mark_safe("".join(lines))  # noqa: S308 (every value escaped)

"""The lines of the province's figures: a line per code, a cell per year (hundreds of cells a page), built
here in one pass rather than by a template loop per cell (the same markup as a template would give; the
labels translated once an area)."""

from __future__ import annotations

from html import escape  # what Django's escape does, without its check for lazy strings

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from kimphuong.formats import figure_vi
from province.figures import CodeFigures, Method, YearFigure

register = template.Library()

_NO_VALUE = '<span class="text-muted">—</span>'


def _cell(figure: YearFigure, *, percent: bool, reported: str) -> str:
    if not figure.expected:
        return f'<td class="text-end" data-year="{figure.year}"></td>'
    # A figure is digits, dots and a comma: nothing to escape.
    value = _NO_VALUE if figure.value is None else figure_vi(figure.value) + ("%" if percent else "")
    colour = "text-muted" if figure.complete else "text-danger"
    parts = [
        f'<td class="text-end" data-year="{figure.year}">',
        f"<div data-value>{value}</div>",
        f'<div class="small {colour}" data-reported>{reported % {"n": figure.reported, "m": figure.expected}}</div>',
    ]
    if figure.missing:
        n = len(figure.missing)
        summary = ngettext("%(n)s xã chưa có", "%(n)s xã chưa có", n) % {"n": n}
        names = "".join(f"<li>{escape(name)}</li>" for name in figure.missing)
        parts.append(
            f'<details class="small text-start" data-missing><summary>{summary}</summary>'
            f'<ul class="list-unstyled mb-0">{names}</ul></details>'
        )
    parts.append("</td>")
    return "".join(parts)


@register.simple_tag
def figure_rows(rows: list[CodeFigures]) -> SafeString:
    """An area's lines: the code, its name and how the province value is made, its unit, then a cell a year
    (the province value, “n/m xã” reported, the names of the communes missing)."""
    methods: dict[str, str] = {method: escape(str(method.label)) for method in Method}
    reported = gettext("%(n)s/%(m)s xã")
    lines = []
    for row in rows:
        percent = row.is_percent
        cells = "".join(_cell(figure, percent=percent, reported=reported) for figure in row.years)
        lines.append(
            f'<tr data-code="{escape(row.code)}"><td class="text-nowrap">{escape(row.code)}</td>'
            f'<td>{escape(row.name)}<div class="small text-muted">{methods[row.method]}</div></td>'
            f"<td>{escape(row.unit) or '—'}</td>{cells}</tr>"
        )
    return mark_safe("".join(lines))  # noqa: S308 (every value above is escaped)

from functools import cache
from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@cache
def _list_url() -> str:
    # Reversed once per process: the dashboard matrix asks for it once per cell.
    return reverse("reform:tracking_list")


@register.simple_tag
def tracking_url(filters: Any, **changes: Any) -> str:
    """The tracking list behind a number: the page's filters, with some values replaced."""
    query = filters.query(**changes)
    return _list_url() + (f"?{query}" if query else "")


@register.simple_tag
def matrix_rows(board: Any, filters: Any) -> SafeString:
    """The officials × areas matrix, built in Python: at scale it has thousands of cells, and a template
    loop with a tag per cell costs more than the whole rest of the dashboard (bench)."""
    base = _list_url()
    params = {k: v for k, v in (filters.data or {}).items() if v and k in filters.fields}
    rows = []
    for user, total, cells in board.matrix:
        tds = []
        for group, counts in cells:
            if counts.total:
                query = urlencode({**params, "lead": user.pk, "group": group.code})
                tds.append(
                    f'<td class="cell-{counts.level}"><a href="{base}?{query}">{counts.done}/{counts.total}</a></td>'
                )
            else:
                tds.append('<td class="cell-empty"></td>')
        query = urlencode({**params, "lead": user.pk})
        last = (
            f'<td class="cell-{total.level} fw-semibold"><a href="{base}?{query}">{total.done}/{total.total}</a></td>'
        )
        name = str(escape(user.display_name))
        position = user.position
        if position is not None:  # the position's name, its code in the tooltip
            title = escape(f"{_('Mã chức danh')}: {position.code}")
            shown = escape(position.short_title or position.title)
            name += f' <span class="text-muted small" title="{title}">({shown})</span>'
        rows.append(f'<tr><th scope="row" class="text-start fw-normal">{name}</th>{"".join(tds)}{last}</tr>')
    return mark_safe("".join(rows))  # noqa: S308 - the free texts (name, position) are escaped


@register.simple_tag
def sort_header(filters: Any, key: str, label: str, css: str = "") -> SafeString:
    """A column header of the tracking list that sorts by its column (and back), with aria-sort."""
    query, state = filters.sort_link(key)
    arrow = {"ascending": " ▲", "descending": " ▼"}.get(state, "")
    css_attr = f' class="{escape(css)}"' if css else ""
    return mark_safe(  # noqa: S308 - every piece is escaped
        f'<th scope="col" aria-sort="{state}"{css_attr}>'
        f'<a href="?{escape(query)}" class="link-dark text-decoration-none">{escape(label)}{arrow}</a></th>'
    )

"""The workspace's long lists of links (the tasks not accepted yet, a section's sources): formatted in one pass,
not by a template loop over rows (a plan has many tasks)."""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def unaccepted_items(tasks: list[Any]) -> SafeString:
    """One <li> per task: its code linking to its self-assessment, its content and status as the title. Every
    value is escaped (the standard library's escape: what Django's does, without its check for lazy strings)."""
    lines = []
    for t in tasks:
        label = escape(str(t.status_label))
        lines.append(
            f'<li class="list-inline-item"><a href="{escape(t.detail_url)}" title="{escape(t.content)} · {label}">'
            f'{escape(t.code)}</a> <span class="text-muted">({label})</span></li>'
        )
    return mark_safe("".join(lines))  # noqa: S308 (every value above is escaped)


@register.simple_tag
def source_links(links: list[tuple[str, str]]) -> SafeString:
    """A section's sources: each task code linking to its self-assessment, comma-separated."""
    return mark_safe(", ".join(f'<a href="{escape(url)}">{escape(code)}</a>' for code, url in links))  # noqa: S308

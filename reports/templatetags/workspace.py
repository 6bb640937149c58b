"""The workspace's long lists of links (the tasks not accepted yet, a section's sources): formatted in one pass,
not by a template loop over rows (a plan has many tasks)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def unaccepted_items(tasks: list[Any]) -> SafeString:
    """One <li> per task: its code linking to its self-assessment, its content and status as the title."""
    return format_html_join(
        "",
        '<li class="list-inline-item"><a href="{}" title="{} · {}">{}</a> <span class="text-muted">({})</span></li>',
        ((t.detail_url, t.content, t.status_label, t.code, t.status_label) for t in tasks),
    )

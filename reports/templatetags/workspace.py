"""The workspace's long lists (the tasks not accepted yet, a section's sources, the draft's sections): formatted in
one pass, not by a template loop over rows (a plan has many tasks, a draft some twenty-five sections)."""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

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


def _source_links(links: list[tuple[str, str]]) -> str:
    """A section's sources: each task code linking to its self-assessment, comma-separated."""
    return ", ".join(f'<a href="{escape(url)}">{escape(code)}</a>' for code, url in links)


@register.simple_tag
def section_cards(sections: list[Any], *, can_change: bool) -> SafeString:
    """The draft's sections, one card each: its title with its badges (edited, source data moved), the edit
    link for the office, its text (or the note that it is empty) and its sources. Every value is escaped."""
    edited = f'<span class="badge text-bg-info">{escape(_("đã sửa"))}</span>'
    stale = f'<span class="badge text-bg-warning" data-testid="stale">{escape(_("dữ liệu nguồn đã thay đổi"))}</span>'
    empty = escape(_("Chưa có nội dung: phần này không in vào văn bản cho đến khi Văn phòng viết."))
    edit, sources = escape(_("Sửa")), escape(_("Nguồn"))
    cards = []
    for s in sections:
        moved = bool(getattr(s, "data_moved", False))
        badges = (edited if s.is_edited else "") + (stale if moved else "")
        action = (
            f'<a class="btn btn-outline-primary btn-sm no-print" href="{escape(s.edit_url)}">{edit}</a>'
            if can_change
            else ""
        )
        body = (
            f'<div style="white-space: pre-line">{escape(s.text)}</div>'
            if s.text.strip()
            else f'<p class="text-muted fst-italic mb-0">{empty}</p>'
        )
        links = getattr(s, "source_links", None)
        if links:
            body += f'<div class="small text-muted mt-2">{sources}: {_source_links(links)}</div>'
        cards.append(
            f'<section class="card mb-3{" border-warning" if moved else ""}" id="section-{s.pk}" '
            f'data-section="{escape(s.key)}"><div class="card-header d-flex justify-content-between '
            f'align-items-center"><h2 class="h6 mb-0">{escape(s.title)} {badges}</h2>{action}</div>'
            f'<div class="card-body">{body}</div></section>'
        )
    return mark_safe("\n".join(cards))  # noqa: S308 (every value above is escaped)

"""The top navigation, assembled from what each app contributes.

The core knows none of the pages above it: every app adds its own entries from its AppConfig.ready()
(`contribute("reform", [...])`), each with the role that may open the page, so the bar shows only what the
user may open and a new app (the conference, the province) adds itself without touching the core.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from kimphuong.models import User


@dataclass(frozen=True)
class Entry:
    order: int  # place in the bar, left to right
    url_name: str
    label: StrOrPromise
    allowed: Callable[[User], bool]  # who sees it (the page itself still checks its permission)


_entries: dict[str, list[Entry]] = {}


def contribute(app: str, entries: Iterable[Entry]) -> None:
    """An app's entries (from its AppConfig.ready(); a second call replaces the first)."""
    _entries[app] = list(entries)


def entries_for(user: User) -> list[tuple[str, StrOrPromise]]:
    """(url, label) of the pages `user` may open, in the bar's order."""
    entries = sorted((e for app in _entries.values() for e in app), key=lambda e: e.order)
    return [(reverse(e.url_name), e.label) for e in entries if e.allowed(user)]

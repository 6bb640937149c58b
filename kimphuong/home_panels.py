"""Panels on an official's own page (“Nhiệm vụ của tôi”), contributed by the apps above the core.

The page belongs to reform, but what else an official should see there (the review conference they are
invited to) belongs to apps above it. Each contributes a provider from its AppConfig.ready(): given the
user, it returns the template to include and its context, or None when it has nothing for that user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kimphuong.models import User


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


Provider = Callable[["User"], Panel | None]

_providers: dict[str, Provider] = {}


def contribute(app: str, provider: Provider) -> None:
    """An app's panel (from its AppConfig.ready(); a second call replaces the first)."""
    _providers[app] = provider


def panels_for(user: User) -> list[Panel]:
    return [panel for provider in _providers.values() if (panel := provider(user)) is not None]

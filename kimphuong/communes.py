"""A user who works for several communes (rare) chooses the one they work in; the choice lives in the session.

The list of the user's communes is read once, when they sign in, and kept in the session, so no page pays a
query for it; a change of the user's communes applies from their next sign-in."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from kimphuong.models import Commune, User

CHOICES_KEY = "kimphuong.communes"
ACTIVE_KEY = "kimphuong.commune"


def communes_of(user: User) -> list[Commune]:
    """The user's own commune first, then the others they may work in."""
    if user.commune_id is None:
        return []
    others = Commune.objects.filter(pk__in=user.other_communes.values("pk")).exclude(pk=user.commune_id)
    return [Commune.objects.get(pk=user.commune_id), *others.order_by("name")]


@receiver(user_logged_in)
def remember_communes(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    communes = communes_of(user)
    request.session.pop(ACTIVE_KEY, None)
    if len(communes) > 1:
        request.session[CHOICES_KEY] = [[c.pk, c.unit_name] for c in communes]
    else:
        request.session.pop(CHOICES_KEY, None)


def choices(request: HttpRequest) -> list[tuple[int, str]]:
    return [(pk, name) for pk, name in request.session.get(CHOICES_KEY, [])]


def active_commune_id(request: HttpRequest, user: User) -> int | None:
    """The commune the request works in: the one chosen in the session if the user may, else their own."""
    chosen = request.session.get(ACTIVE_KEY)
    if chosen and any(pk == chosen for pk, _name in choices(request)):
        return int(chosen)
    return user.commune_id


def choose(request: HttpRequest, commune_id: int) -> bool:
    if not any(pk == commune_id for pk, _name in choices(request)):
        return False
    request.session[ACTIVE_KEY] = commune_id
    return True

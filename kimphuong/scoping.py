"""One installation, many communes: every query of a commune's data is scoped to one commune.

The scope lives in a context variable set for the length of a request (``CommuneScopeMiddleware``), a
management command or a test, and every model that holds a commune's work (``CommuneOwned``) reads it in its
default manager:

- inside ``commune_scope(commune)`` a query returns that commune's rows only, and a new row is written with
  that commune;
- inside ``all_communes()`` (the province's pages, backups, the admin of the whole installation) a query
  sees every commune, on purpose and visibly so in the code;
- outside both, a query raises ``ScopeError``: a forgotten scope fails loudly instead of leaking.

Why not django-scopes: the same idea (a scoped default manager that refuses to run unscoped), but it
filters by a declared path and leaves new rows to the caller; here every commune row carries its commune
itself (so database triggers can keep related rows in one commune), the scope fills it on save and bulk
create, and the scope is a ``ContextVar`` (correct under threads and async) with no extra dependency.

Forward foreign keys (``assessment.task``) read through the plain base manager: a row already in hand
leads only to rows of its own commune, which the database constraints guarantee.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.db import models

if TYPE_CHECKING:
    from kimphuong.models import Commune


class ScopeError(RuntimeError):
    """A commune's data was queried (or written) outside any commune scope."""


class _AllCommunes:
    def __repr__(self) -> str:
        return "ALL_COMMUNES"


ALL = _AllCommunes()

_scope: ContextVar[int | _AllCommunes | None] = ContextVar("commune_scope", default=None)


@contextlib.contextmanager
def commune_scope(commune: Commune | int) -> Iterator[None]:
    """Queries inside see `commune`'s rows only, and rows created inside belong to it."""
    commune_id = commune if isinstance(commune, int) else commune.pk
    if commune_id is None:
        raise ScopeError("commune_scope() needs a saved commune")
    token = _scope.set(commune_id)
    try:
        yield
    finally:
        _scope.reset(token)


@contextlib.contextmanager
def all_communes() -> Iterator[None]:
    """Queries inside see every commune (the province, backups, the installation's administrator)."""
    token = _scope.set(ALL)
    try:
        yield
    finally:
        _scope.reset(token)


@contextlib.contextmanager
def no_scope() -> Iterator[None]:
    """Leave every scope (a test proving that an unscoped query fails)."""
    token = _scope.set(None)
    try:
        yield
    finally:
        _scope.reset(token)


def current_scope() -> int | _AllCommunes | None:
    return _scope.get()


def current_commune_id() -> int:
    """The commune in scope; a write outside one commune's scope has no commune to belong to."""
    scope = _scope.get()
    if not isinstance(scope, int):
        raise ScopeError("no single commune in scope: a commune's row cannot be written here")
    return scope


_M = TypeVar("_M", bound=models.Model)


def scope_filter(queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """Filter by the scope now, or (no scope yet: a form field's queryset built when Python loads the module)
    mark the queryset so that the scope in force when it runs is applied then, and refused if there is none."""
    scope = _scope.get()
    if scope is None:
        queryset._scope_pending = True  # type: ignore[attr-defined]
        return queryset
    scoped = queryset if scope is ALL else queryset.filter(commune_id=scope)
    scoped._bound_scope = scope  # type: ignore[attr-defined]
    return scoped


def within_commune_row(manager: Any) -> bool:
    """A related manager of a row that belongs to a commune (``review.tasks``, ``task.co_owners``): its rows
    are that commune's (the database keeps related rows together), so it is not filtered again. This is also
    what keeps prefetching cheap: Django asks such a manager for a queryset once per prefetched row."""
    instance = getattr(manager, "instance", None)
    return instance is not None and getattr(instance, "commune_id", None) is not None


class ScopedQuerySetMixin:
    """Runs a queryset made outside any scope in the scope of the moment it is evaluated, or raises."""

    _scope_pending = False
    _bound_scope: int | _AllCommunes | None = None

    def _resolve_scope(self) -> None:
        """Before the query runs: apply a pending scope, or check that the scope it was made in still holds.

        A queryset made in one commune's scope and run in another's (a module-level queryset built during a
        request, kept past it) would show the first commune's rows: it raises instead. Run in the province's
        scope it keeps its narrower filter."""
        scope = _scope.get()
        label = self.model._meta.label  # type: ignore[attr-defined]
        if self._scope_pending:
            if scope is None:
                raise ScopeError(
                    f"{label} queried outside a commune scope "
                    "(use commune_scope(commune) or, for the whole province, all_communes())"
                )
            if scope is not ALL:
                self.query.add_q(models.Q(commune_id=scope))  # type: ignore[attr-defined]
            self._scope_pending, self._bound_scope = False, scope
        elif self._bound_scope is not None and scope is not ALL and scope != self._bound_scope:
            raise ScopeError(f"{label} queried in the scope {scope!r} with a queryset made in {self._bound_scope!r}")

    def _clone(self) -> Any:
        clone = super()._clone()  # type: ignore[misc]
        clone._scope_pending, clone._bound_scope = self._scope_pending, self._bound_scope
        return clone

    def resolve_expression(self, *args: Any, **kwargs: Any) -> Any:
        self._resolve_scope()  # used inside another query (``pk__in=queryset``)
        return super().resolve_expression(*args, **kwargs)  # type: ignore[misc]

    def _fetch_all(self) -> None:
        self._resolve_scope()
        super()._fetch_all()  # type: ignore[misc]

    def _iterator(self, *args: Any, **kwargs: Any) -> Any:
        self._resolve_scope()
        return super()._iterator(*args, **kwargs)  # type: ignore[misc]

    def count(self) -> int:
        self._resolve_scope()
        return super().count()  # type: ignore[misc]

    def exists(self) -> bool:
        self._resolve_scope()
        return super().exists()  # type: ignore[misc]

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._resolve_scope()
        return super().aggregate(*args, **kwargs)  # type: ignore[misc]

    def update(self, **kwargs: Any) -> int:
        self._resolve_scope()
        return super().update(**kwargs)  # type: ignore[misc]

    def delete(self) -> tuple[int, dict[str, int]]:
        self._resolve_scope()
        return super().delete()  # type: ignore[misc]


class ScopedQuerySet(ScopedQuerySetMixin, models.QuerySet[_M]):
    """The base of every commune model's QuerySet (its default manager: ``CommuneManager.from_queryset(…)``)."""


class CommuneManager(models.Manager[_M], Generic[_M]):
    """The default manager of a commune's rows: filtered by the scope, refusing to run without one."""

    _queryset_class = ScopedQuerySet

    def get_queryset(self) -> models.QuerySet[_M]:
        queryset = super().get_queryset()
        return queryset if within_commune_row(self) else scope_filter(queryset)

    def bulk_create(self, objs: Iterable[_M], *args: Any, **kwargs: Any) -> list[_M]:
        objs = list(objs)
        for obj in objs:
            if getattr(obj, "commune_id", None) is None:
                obj.commune_id = current_commune_id()  # type: ignore[attr-defined]
        return super().bulk_create(objs, *args, **kwargs)


class CommuneOwned(models.Model):
    """A row of one commune's work. Its commune is set from the scope when it is first saved."""

    commune = models.ForeignKey(
        "kimphuong.Commune", verbose_name="xã", on_delete=models.PROTECT, editable=False, related_name="+"
    )

    objects: Any = CommuneManager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.commune_id is None:
            self.commune_id = current_commune_id()
        super().save(*args, **kwargs)

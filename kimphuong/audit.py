"""Field-level history: who changed which field of which record, from what to what, and when.

One table for every audited model (assessments, figures, report sections, the commune profile). Callers
record the changes of a save inside the same transaction as the save, so the history can never say
something that did not happen. Reading it: `history_of(obj)`, newest first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from kimphuong.models import FieldChange, User


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def changes_between(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """{field: (old, new)} for the fields whose value differs."""
    return {name: (before.get(name), value) for name, value in after.items() if before.get(name) != value}


def record(obj: models.Model, changes: Mapping[str, tuple[Any, Any]], *, by: User | None, label: str = "") -> int:
    """Write one row per changed field; returns how many. Unchanged fields are skipped."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    rows = [
        FieldChange(
            content_type=content_type,
            object_id=str(obj.pk),
            field=name,
            label=label,
            old=_text(old),
            new=_text(new),
            changed_by=by if getattr(by, "pk", None) else None,
        )
        for name, (old, new) in changes.items()
        if _text(old) != _text(new)
    ]
    FieldChange.objects.bulk_create(rows)
    return len(rows)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def history_of(obj: models.Model) -> models.QuerySet[FieldChange]:
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return FieldChange.objects.filter(content_type=content_type, object_id=str(obj.pk)).select_related("changed_by")

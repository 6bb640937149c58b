"""Saving a self-assessment: the main text, its evidence and recommendation rows and its figures.

This spans several models (and files), so it lives here rather than on Assessment (STYLE §7.0.2).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from reform.models import (
    EDITABLE_STATUSES,
    Assessment,
    Evidence,
    IndicatorValue,
    InvalidTransition,
    Recommendation,
    Status,
)


class StaleEdit(Exception):
    """Someone saved this assessment after the form was opened; nothing was overwritten."""

    def __init__(self, current: Assessment) -> None:
        super().__init__(_("Bản tự đánh giá đã được lưu ở nơi khác sau khi bạn mở trang."))
        self.current = current


class NotEditable(InvalidTransition):
    """The assessment has been handed in and is read-only until it is returned."""


@dataclass
class AssessmentChanges:
    """What one save brings: main fields, rows keyed by the browser's row keys, figures."""

    fields: dict[str, Any]
    evidence: list[tuple[uuid.UUID, dict[str, Any]]] = field(default_factory=list)
    recommendations: list[tuple[uuid.UUID, dict[str, Any]]] = field(default_factory=list)
    figures: dict[tuple[int, int], Decimal | None] = field(default_factory=dict)


@transaction.atomic
def assessment_save(
    *, assessment: Assessment, by: Any, expected_version: int, changes: AssessmentChanges
) -> Assessment:
    """Write a draft under a row lock; refuse a stale version or a handed-in assessment."""
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if current.status not in EDITABLE_STATUSES:
        raise NotEditable(
            _("Bản tự đánh giá đang ở trạng thái “%(status)s”, không sửa được nữa.")
            % {"status": current.get_status_display()}
        )
    if current.version != expected_version:
        raise StaleEdit(current)
    for name, value in changes.fields.items():
        setattr(current, name, value)
    current.version += 1
    current.updated_by = by
    current.save(update_fields=[*changes.fields, "version", "updated_by", "updated_at"])
    _sync_rows(current.evidence.all(), Evidence, current, changes.evidence)
    _sync_rows(current.recommendations.all(), Recommendation, current, changes.recommendations)
    indicator_values_save(values=changes.figures, by=by)
    if current.status == Status.NOT_STARTED:
        current.start_drafting(by=by)
    return current


def _sync_rows(existing_qs, model, assessment: Assessment, rows) -> None:
    """Upsert rows by the key the browser gave them (an autosave never duplicates a row); drop the rest."""
    existing = {row.client_key: row for row in existing_qs}
    seen = set()
    for order, (key, values) in enumerate(rows, start=1):
        seen.add(key)
        row = existing.get(key) or model(assessment=assessment, client_key=key)
        remove_file = values.pop("remove_file", False)
        for name, value in values.items():
            if name == "file" and not value:
                continue  # no new upload: keep the stored file
            setattr(row, name, value)
        if model is Evidence:
            upload = values.get("file")
            if upload and hasattr(upload, "size"):
                row.original_name = upload.name
                row.file_size = upload.size
            elif remove_file and row.file:
                _delete_file_on_commit(row.file.name, row.file.storage)
                row.file, row.original_name, row.file_size = "", "", None
        row.order = order
        row.save()
    for key, row in existing.items():
        if key not in seen:
            if isinstance(row, Evidence) and row.file:
                _delete_file_on_commit(row.file.name, row.file.storage)
            row.delete()


def _delete_file_on_commit(name: str, storage) -> None:
    transaction.on_commit(lambda: storage.delete(name))


def indicator_values_save(*, values: dict[tuple[int, int], Decimal | None], by: Any) -> int:
    """Write typed figures (None clears a cell); returns how many cells changed. Who and when are kept."""
    figures = values
    if not figures:
        return 0
    changed = 0
    indicator_ids = {ind for ind, _year in figures}
    stored = {(v.indicator_id, v.year): v for v in IndicatorValue.objects.filter(indicator_id__in=indicator_ids)}
    for (indicator_id, year), value in figures.items():
        row = stored.get((indicator_id, year))
        if value is None:
            if row is not None:
                row.delete()
                changed += 1
        elif row is None:
            IndicatorValue.objects.create(indicator_id=indicator_id, year=year, value=value, updated_by=by)
            changed += 1
        elif row.value != value:
            row.value, row.updated_by = value, by
            row.save(update_fields=["value", "updated_by", "updated_at"])
            changed += 1
    return changed

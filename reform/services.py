"""Saving a self-assessment: the main text, its evidence and recommendation rows and its figures.

This spans several models (and files), so it lives here rather than on Assessment (STYLE §7.0.2).
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.models import Cell, FigureEdit, Indicator, figure_text, figures_to_draft
from kimphuong import audit
from kimphuong.models import User
from kimphuong.workflow import InvalidTransition
from reform.models import EDITABLE_STATUSES, Assessment, Evidence, Recommendation, Status, Task


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
    figures: dict[Cell, FigureEdit] = field(default_factory=dict)  # only the cells the page sent
    # Rows the user removed on the page: only these are deleted, never a row the page did not show.
    evidence_removed: set[uuid.UUID] = field(default_factory=set)
    recommendations_removed: set[uuid.UUID] = field(default_factory=set)


def assessment_save(
    *, assessment: Assessment, by: User, expected_version: int, changes: AssessmentChanges
) -> Assessment:
    """Write a draft under a row lock; refuse a stale version or a handed-in assessment.

    Files uploaded by this save are stored as their rows are saved: if the save fails after that, they
    are deleted again, so a refused or failed save leaves no file behind in storage (or in backups).
    """
    stored: list[tuple[Storage, str]] = []
    try:
        with transaction.atomic():
            return _assessment_save(
                assessment=assessment, by=by, expected_version=expected_version, changes=changes, stored=stored
            )
    except BaseException:
        for storage, name in stored:
            storage.delete(name)
        raise


def _assessment_save(
    *,
    assessment: Assessment,
    by: User,
    expected_version: int,
    changes: AssessmentChanges,
    stored: list[tuple[Storage, str]],
) -> Assessment:
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if current.status not in EDITABLE_STATUSES:
        raise NotEditable(
            _("Bản tự đánh giá đang ở trạng thái “%(status)s”, không sửa được nữa.")
            % {"status": current.get_status_display()}
        )
    if current.version != expected_version:
        raise StaleEdit(current)
    # Figures first: a cell changed elsewhere refuses the whole save before anything is written. They stay
    # in the draft until the assessment is handed in.
    current.draft_figures, figure_changes = figures_to_draft(current.draft_figures, changes.figures)
    before = audit.snapshot(current, changes.fields)
    for name, value in changes.fields.items():
        setattr(current, name, value)
    current.version += 1
    current.updated_by = by
    current.save(update_fields=[*changes.fields, "draft_figures", "version", "updated_by", "updated_at"])
    # Field history, in the same transaction: who changed which field from what to what.
    audit.record(current, audit.changes_between(before, audit.snapshot(current, changes.fields)), by=by)
    for label, (old, new) in figure_changes.items():
        audit.record(current, {"figures": (figure_text(old), figure_text(new))}, by=by, label=label)
    _sync_rows(current.evidence.all(), Evidence, current, changes.evidence, changes.evidence_removed, stored=stored)
    _sync_rows(
        current.recommendations.all(),
        Recommendation,
        current,
        changes.recommendations,
        changes.recommendations_removed,
        stored=stored,
    )
    if current.status == Status.NOT_STARTED:
        current.start_drafting(by=by)
    return current


def _sync_rows(
    existing_qs, model, assessment: Assessment, rows, removed: set[uuid.UUID], *, stored: list[tuple[Storage, str]]
) -> None:
    """Upsert rows by the key the browser gave them (an autosave never duplicates a row); delete the rows
    the user removed. A stored row that is neither sent nor removed (another tab added it after this page
    was loaded) is kept, ordered after the sent ones."""
    existing = {row.client_key: row for row in existing_qs}
    seen = set()
    for order, (key, values) in enumerate(rows, start=1):
        seen.add(key)
        row = existing.get(key) or model(assessment=assessment, client_key=key)
        values = dict(values)
        remove_file = values.pop("remove_file", False)
        # The form gives back the stored file when nothing was chosen: only a real upload replaces it.
        upload = values.pop("file", None)
        for name, value in values.items():
            setattr(row, name, value)
        if model is Evidence:
            if isinstance(upload, UploadedFile):
                if row.file:
                    _delete_file_on_commit(row.file.name, row.file.storage)  # the replaced file
                row.file = upload
                row.original_name = unicodedata.normalize("NFC", PurePath(upload.name or "").name)[:255]
                row.file_size = upload.size
            elif remove_file and row.file:
                _delete_file_on_commit(row.file.name, row.file.storage)
                row.file, row.original_name, row.file_size = "", "", None
        row.order = order
        row.save()
        if model is Evidence and isinstance(upload, UploadedFile):
            stored.append((row.file.storage, row.file.name))
    kept = len(rows)
    for key, row in existing.items():
        if key in seen:
            continue
        if key in removed:
            if isinstance(row, Evidence) and row.file:
                _delete_file_on_commit(row.file.name, row.file.storage)
            row.delete()
        else:
            kept += 1
            if row.order != kept:
                row.order = kept
                row.save(update_fields=["order"])


def _delete_file_on_commit(name: str, storage) -> None:
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def indicator_tasks_set(*, indicator: Indicator, tasks: Iterable[Task], within: Iterable[Task]) -> None:
    """The tasks that report `indicator` become `tasks`; links to tasks outside `within` (another plan's) stay."""
    chosen, current = set(tasks), set(within)
    indicator.tasks.remove(*(current - chosen))
    indicator.tasks.add(*(chosen - current))

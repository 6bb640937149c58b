"""Faults while issuing a version: nothing half-written, no orphan files, earlier versions intact; the
database going away in the middle of a transition leaves the assessment and its events as they were."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError

from kimphuong.models import User
from reform.models import AssessmentEvent, Review, Status, Task
from reports import render_pdf
from reports.compile import compile_report
from reports.models import Report, ReportVersion
from reports.services import empty_sections, version_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(demo, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    report = Report.for_review(Review.current())
    compile_report(report, by=User.objects.get(username="vanphong"))
    return report


def _issue(report):
    return version_issue(
        report=report, by=User.objects.get(username="vanphong"), confirmed=[s.key for s in empty_sections(report)]
    )


def _files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_a_failed_build_changes_nothing(report, monkeypatch):
    first = _issue(report)
    before = _files()
    assert len(before) == 3

    def broken(doc, setup=None):
        raise RuntimeError("WeasyPrint crashed")

    monkeypatch.setattr(render_pdf, "render", broken)
    with pytest.raises(RuntimeError):
        _issue(report)
    assert list(ReportVersion.objects.values_list("number", flat=True)) == [1]
    assert _files() == before
    assert first.docx.read()  # the earlier version's files are intact


def test_a_failure_while_recording_deletes_the_files_already_stored(report, monkeypatch):
    original = ReportVersion.save

    def failing(self, *args, **kwargs):
        if self._state.adding:
            raise OperationalError("database went away")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ReportVersion, "save", failing)
    with pytest.raises(OperationalError):
        _issue(report)
    assert not ReportVersion.objects.exists()
    assert _files() == []  # no orphan in storage (nor in the next backup)


def test_database_going_away_mid_transition_leaves_no_half_written_assessment(demo, monkeypatch):
    task = Task.objects.filter(assessment__status=Status.SUBMITTED).select_related("assessment").first()
    assessment = task.assessment
    events = AssessmentEvent.objects.filter(assessment=assessment).count()
    office = User.objects.get(username="vanphong")

    def gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("reform.models.assessment.notify_transition", gone)
    with pytest.raises(OperationalError):
        assessment.accept(by=office)
    assessment.refresh_from_db()
    assert assessment.status == Status.SUBMITTED and assessment.reviewed_by is None
    assert AssessmentEvent.objects.filter(assessment=assessment).count() == events

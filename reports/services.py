"""Building the report's files and issuing versions: these span the report, its sections and files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kimphuong.excel import XLSX
from kimphuong.models import CommuneProfile, User
from reform.models import Level, Recommendation, Review, Status, Task
from reports import render_docx, render_pdf, render_xlsx
from reports.compose import PLACEHOLDER_MARKS, compose, is_placeholder, sections_as_dicts
from reports.figure_check import figure_mismatches
from reports.models import Report, ReportError, ReportSection, ReportVersion, sha256

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": XLSX,
}


@dataclass(frozen=True)
class Files:
    docx: bytes
    pdf: bytes
    xlsx: bytes


def build_file(report: Report, fmt: str, *, sections: list[dict[str, str]] | None = None,
               number: str = "", signed_on: dt.date | None = None,
               recipients: list[str] | None = None, distribution: list[str] | None = None) -> bytes:  # fmt: skip
    """One file of the working draft (or of the given frozen sections and addressees)."""
    if recipients is None or distribution is None:
        addressees, copies = report.addressing(signed_on or timezone.localdate())
        recipients = addressees if recipients is None else recipients
        distribution = copies if distribution is None else distribution
    doc = compose(
        report.review,
        sections if sections is not None else sections_as_dicts(report.section_rows()),
        number=number,
        signed_on=signed_on,
        recipients=recipients,
        distribution=distribution,
    )
    if fmt == "docx":
        return render_docx.render(doc)
    if fmt == "pdf":
        return render_pdf.render(doc)
    if fmt == "xlsx":
        return render_xlsx.render(doc)
    raise ValueError(fmt)


def empty_sections(report: Report, sections: Sequence[ReportSection] | None = None) -> list[ReportSection]:
    """Sections with nothing to print, or holding a placeholder the office has not replaced: each is named
    in the confirmation before a version is issued. `sections`: the report's, when already read."""
    return [s for s in (report.section_rows() if sections is None else sections) if _is_unfinished(s.text)]


def _is_unfinished(text: str) -> bool:
    """Nothing but blank lines, or a placeholder line (a text without any of its marks has none)."""
    if not any(mark in text for mark in PLACEHOLDER_MARKS):
        return not text.strip()
    lines = [line for line in text.splitlines() if line.strip()]
    return not lines or any(is_placeholder(line) for line in lines)


def file_name(report: Report, fmt: str, *, version: ReportVersion | None = None) -> str:
    """ASCII names with the document number and date when known: bao-cao-tong-ket-15-BC-UBND-20250505.docx."""
    if version is not None and version.is_signed:
        stem = f"bao-cao-tong-ket-{version.signed_number}-BC-UBND-{version.signed_date:%Y%m%d}"
    elif version is not None:
        stem = f"bao-cao-tong-ket-phien-ban-{version.number}-{timezone.localtime(version.created_at):%Y%m%d}"
    else:
        stem = "bao-cao-tong-ket-du-thao"
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in stem)
    return f"{safe}.{fmt}"


def version_file(version: ReportVersion, fmt: str) -> tuple[Any, str] | None:
    """A version's stored file and its download name: "docx", "pdf", "xlsx", or "signed" (the signed scan);
    None when there is no such file. Used by the commune's and the province's download views."""
    if fmt == "signed":
        if not version.signed_scan:
            return None
        return version.signed_scan, file_name(version.report, "pdf", version=version).replace(".pdf", "-ban-ky.pdf")
    if fmt in FORMATS:
        return getattr(version, fmt), file_name(version.report, fmt, version=version)
    return None


def version_issue(
    *,
    report: Report,
    by: User,
    confirmed: Iterable[str] | None = None,
    step: Callable[[str, int], None] | None = None,
) -> ReportVersion:
    """Freeze the current text, its addressees and its three files as the next version number (`step(what,
    percent)` hears of each stage: a background job shows it).

    Sections that are empty or hold a placeholder must be named in `confirmed` (their keys): the office
    confirms each one by name before such a version is issued. The files are built and written to storage
    before any lock is taken (a failed build changes nothing, and autosaves never wait behind it, nor behind
    a slow storage): the lock is held only to number the version and record its row, and the files written
    are deleted if that fails. Their stored names carry the number expected when they were written (and a
    random part, so they are unique); in the rare case another version took that number meanwhile, they are
    written again under the right one.
    """
    report.check_editable()  # before building the files; checked again under the lock
    if not report.sections.exists():
        raise ReportError(_("Chưa tổng hợp báo cáo: bấm “Tổng hợp” trước khi phát hành phiên bản."))
    unconfirmed = [s.title for s in empty_sections(report) if s.key not in set(confirmed or ())]
    if unconfirmed:
        raise UnconfirmedSections(unconfirmed)
    sections = sections_as_dicts(report.sections.all())
    recipients, distribution = report.addressing(timezone.localdate())
    step = step or (lambda _what, _percent: None)
    files = {}
    for fmt, what, percent in (
        ("docx", _("Dựng tệp Word"), 10), ("pdf", _("Dựng tệp PDF"), 30), ("xlsx", _("Dựng tệp Excel"), 80),
    ):  # fmt: skip
        step(what, percent)
        files[fmt] = build_file(report, fmt, sections=sections, recipients=recipients, distribution=distribution)
    step(_("Lưu tệp và ghi phiên bản"), 90)
    version = ReportVersion(
        report=report, number=_next_number(report), sections=sections, created_by=by, recipients=recipients,
        distribution=distribution, **{f"{fmt}_sha256": sha256(data) for fmt, data in files.items()},
    )  # fmt: skip
    stored: list[Any] = []  # (storage, name) of the files written so far
    try:
        _store(version, files, stored)  # outside the transaction: no lock is held while storage writes
        with transaction.atomic():
            report.lock_editable()
            number = _next_number(report)
            if number != version.number:  # another version was issued meanwhile: its number, not ours
                version.number = number
                _store(version, files, stored)
            version.save()
    except BaseException:
        for storage, name in stored:  # the row was not written: its files must not stay behind
            storage.delete(name)
        raise
    for storage, name in stored:  # names written under a number another version took meanwhile
        if name not in {getattr(version, fmt).name for fmt in files}:
            storage.delete(name)
    return version


def _next_number(report: Report) -> int:
    return (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1


def _store(version: ReportVersion, files: dict[str, bytes], stored: list[Any]) -> None:
    """Write the version's files under names of its number (each unique: see `version_upload_to`)."""
    for fmt, data in files.items():
        field = getattr(version, fmt)
        field.save(f"bao-cao-v{version.number}.{fmt}", ContentFile(data), save=False)
        stored.append((field.storage, field.name))


class UnconfirmedSections(ReportError):
    """Issuing would print a version with these sections empty or unfinished; the office must confirm."""

    def __init__(self, titles: list[str]) -> None:
        super().__init__(
            _("Các phần sau chưa có nội dung hoặc còn chỗ để trống, cần xác nhận trước khi phát hành: %(names)s")
            % {"names": "; ".join(titles)}
        )
        self.titles = titles


@dataclass
class WorkspaceChecks:
    """What the office must look at before issuing; shown in the workspace, never in the document."""

    unaccepted: list[Any]  # tasks without an accepted self-assessment (code, status, link)
    empty: list[ReportSection]  # sections empty or holding a placeholder
    readdress: list[Any]  # recommendations addressed to a level that no longer exists on the report's date
    mismatches: list[Any]  # numbers in result texts that differ from the figures entered

    @property
    def count(self) -> int:
        return len(self.unaccepted) + len(self.empty) + len(self.readdress) + len(self.mismatches)


@dataclass
class PlanTask:
    """A task of the plan as the workspace's checks read it, with its self-assessment's pk, status and result
    (plain values: a plan's sixty tasks and self-assessments as model instances cost more than their query).
    `detail_url` and `status_label` are filled by the page that lists it."""

    pk: int
    code: str
    content: str
    assessment_pk: int | None  # None: its record is missing (counts as not started)
    status: str
    result: str
    detail_url: str = ""
    status_label: str = ""


@dataclass(frozen=True)
class _HandedIn:
    """A self-assessment as the figure check reads it (`figure_mismatches(assessments=…)`)."""

    pk: int
    task_id: int
    status: str
    result: str
    task: PlanTask


def plan_tasks(review: Review) -> list[PlanTask]:
    """The plan's tasks in order, each with its self-assessment's status and result (and nothing else long):
    what the workspace's checks read."""
    rows = (
        Task.objects.filter(plan=review.plan)
        .order_by("group__order", "order", "code")
        .values_list("pk", "code", "content", "assessment__pk", "assessment__status", "assessment__result")
    )
    return [
        PlanTask(pk, code, content, assessment_pk, status or Status.NOT_STARTED, result or "")
        for pk, code, content, assessment_pk, status, result in rows
    ]


def workspace_checks(
    report: Report,
    *,
    sections: Sequence[ReportSection] | None = None,
    levels: set[str] | None = None,
    tasks: list[PlanTask] | None = None,
) -> WorkspaceChecks:
    """Every warning of the workspace, in a fixed number of queries. `sections`, `levels` (of the superior
    bodies in force today) and `tasks` (plan_tasks()): when the caller has read them already."""

    review = report.review
    # Every task with its self-assessment's status and result, once: the tasks not yet accepted, and the
    # result texts the figure check reads.
    tasks = plan_tasks(review) if tasks is None else tasks
    assessments = [_HandedIn(t.assessment_pk, t.pk, t.status, t.result, t) for t in tasks if t.assessment_pk]
    present = CommuneProfile.levels_on(timezone.localdate()) if levels is None else levels
    readdress = []
    if Level.DISTRICT not in present:  # kiến nghị to the level abolished on 01/7/2025, if any
        readdress = list(
            Recommendation.objects.filter(
                level=Level.DISTRICT, assessment__task__plan=review.plan, assessment__status=Status.ACCEPTED
            )
            .select_related("assessment__task")
            # what the warning shows: the text and its task's code (not the self-assessment's long texts)
            .only("content", "assessment__task__code")
            .order_by("assessment__task__order", "order")
        )
    return WorkspaceChecks(
        unaccepted=[t for t in tasks if t.status != Status.ACCEPTED],
        empty=empty_sections(report, sections),
        readdress=readdress,
        mismatches=figure_mismatches(review, assessments=assessments),
    )

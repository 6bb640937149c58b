"""The province's overview of its communes: each active commune's review progress and report status.

A fixed number of aggregate queries whatever the number of communes (pinned in tests): the communes, their
active reviews with their reports (the state of the latest version), the tasks of the reviews' plans counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db import models
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from kimphuong.models import Commune, CommuneKind, CommuneProfile, CommuneQuerySet, Predecessor
from kimphuong.scoping import commune_scope
from reform import dashboard
from reform.models import VISIBLE_TO_OFFICE, Review, Status, Task
from reports.models import ProvinceStatus, Report, ReportSection, ReportVersion


class ReportStatus(models.TextChoices):
    """Where a commune's report stands, as the province sees it (the first that applies, from the top)."""

    ACCEPTED = "accepted", _("Tỉnh tiếp nhận")
    RETURNED = "returned", _("Tỉnh trả lại")
    SENT = "sent", _("Đã gửi tỉnh")
    APPROVED = "approved", _("Đã duyệt")
    ISSUED = "issued", _("Đã phát hành")
    DRAFT = "draft", _("Dự thảo")
    NOT_COMPILED = "not_compiled", _("Chưa tổng hợp")


#: Statuses in which the commune has done its part: the report is with the province, or taken in.
DELIVERED = (ReportStatus.SENT, ReportStatus.ACCEPTED)

#: Bootstrap colour of each status's badge.
STATUS_BADGES = {
    ReportStatus.ACCEPTED: "success",
    ReportStatus.RETURNED: "danger",
    ReportStatus.SENT: "primary",
    ReportStatus.APPROVED: "info",
    ReportStatus.ISSUED: "info",
    ReportStatus.DRAFT: "secondary",
    ReportStatus.NOT_COMPILED: "light border",
}


def report_status(*, province_status: str, has_version: bool, latest_approved: bool, compiled: bool) -> ReportStatus:
    """The report's status by precedence: the province's word first, then the latest version, then the draft."""
    if province_status == ProvinceStatus.ACCEPTED:
        return ReportStatus.ACCEPTED
    if province_status == ProvinceStatus.RETURNED:
        return ReportStatus.RETURNED
    if province_status == ProvinceStatus.SENT:
        return ReportStatus.SENT
    if has_version and latest_approved:
        return ReportStatus.APPROVED
    if has_version:
        return ReportStatus.ISSUED
    if compiled:
        return ReportStatus.DRAFT
    return ReportStatus.NOT_COMPILED


def _percent(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0


class _Progress:
    """Self-assessments handed in and accepted, as shares of the tasks (a commune's line and the totals)."""

    tasks: int
    submitted: int
    accepted: int

    @property
    def percent_submitted(self) -> float:
        return _percent(self.submitted, self.tasks)

    @property
    def percent_accepted(self) -> float:
        return _percent(self.accepted, self.tasks)


@dataclass(frozen=True)
class CommuneLine:
    """What the overview shows of a commune, read as plain values: for a hundred communes, building the model
    instances cost more than their query."""

    pk: int
    name: str
    code: str
    kind: str
    is_sample: bool


@dataclass
class CommuneRow(_Progress):
    """One line of the overview: a commune, its current review's progress and its report's status."""

    commune: CommuneLine
    review_title: str = ""
    tasks: int = 0
    submitted: int = 0
    accepted: int = 0
    self_assessment_deadline: dt.date | None = None
    report_deadline: dt.date | None = None
    status: ReportStatus = ReportStatus.NOT_COMPILED
    overdue: bool = False

    @property
    def has_review(self) -> bool:
        return bool(self.review_title)

    @property
    def status_badge(self) -> str:
        return STATUS_BADGES[self.status]

    def is_overdue(self, today: dt.date) -> bool:
        """The report is late (deadline passed, not with the province), or the self-assessments are (their
        deadline passed and not every task handed in)."""
        report_late = self.report_deadline is not None and self.report_deadline < today and self.status not in DELIVERED
        assessments_late = (
            self.self_assessment_deadline is not None
            and self.self_assessment_deadline < today
            and self.submitted < self.tasks
        )
        return report_late or assessments_late


@dataclass
class Totals(_Progress):
    communes: int = 0
    tasks: int = 0
    submitted: int = 0
    accepted: int = 0
    overdue: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ReportStatus.values, 0))

    @property
    def delivered(self) -> int:
        return sum(self.by_status[s] for s in DELIVERED)

    def status_counts(self) -> list[tuple[ReportStatus, int]]:
        return [(s, self.by_status[s]) for s in ReportStatus]


@dataclass(frozen=True)
class OverviewFilters:
    """The overview's filters, read from the query string (anything unknown is ignored)."""

    status: str = ""
    kind: str = ""
    overdue: bool = False
    q: str = ""

    @classmethod
    def from_query(cls, params: Mapping[str, Any]) -> OverviewFilters:
        status = str(params.get("status", ""))
        kind = str(params.get("kind", ""))
        return cls(
            status=status if status in ReportStatus.values else "",
            kind=kind if kind in CommuneKind.values else "",
            overdue=str(params.get("overdue", "")) in {"1", "on", "true"},
            q=" ".join(str(params.get("q", "")).split())[:100],
        )

    @property
    def active(self) -> bool:
        return bool(self.status or self.kind or self.overdue or self.q)

    def query(self) -> str:
        """The filters as a query string (for the Excel link)."""
        pairs = {"status": self.status, "kind": self.kind, "overdue": "1" if self.overdue else "", "q": self.q}
        return urlencode({k: v for k, v in pairs.items() if v})

    def communes(self, communes: CommuneQuerySet) -> CommuneQuerySet:
        if self.kind:
            communes = communes.filter(kind=self.kind)
        if self.q:
            communes = communes.filter(Q(name__icontains=self.q) | Q(code__icontains=self.q))
        return communes

    def keep(self, row: CommuneRow) -> bool:
        return (not self.status or row.status == self.status) and (not self.overdue or row.overdue)


@dataclass
class Overview:
    rows: list[CommuneRow]
    totals: Totals
    today: dt.date


def _reviews(commune_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Each commune's active review (title, deadlines, plan) with its report, if any: the province's word,
    whether compiled, its latest version's approval. One query."""
    # The latest version's approval: None without a version.
    latest_approved = (
        ReportVersion.objects.filter(report_id=OuterRef("report__id"))
        .order_by("-number")
        .values(approved=ExpressionWrapper(Q(approved_at__isnull=False), output_field=BooleanField()))[:1]
    )
    rows = Review.objects.filter(commune_id__in=commune_ids, is_active=True).values(
        "commune_id",
        "plan_id",
        "title",
        "self_assessment_deadline",
        "report_deadline",
        report_id=F("report__id"),
        province_status=F("report__province_status"),
        compiled_at=F("report__compiled_at"),
        has_sections=Exists(ReportSection.objects.filter(report_id=OuterRef("report__id"))),
        latest_approved=Subquery(latest_approved),
    )
    return {r["commune_id"]: r for r in rows}


def _task_counts(plan_ids: list[int]) -> dict[int, tuple[int, int, int]]:
    """Plan → its tasks, those handed in and those accepted: one GROUP BY (a task has at most one
    self-assessment)."""
    rows = (
        Task.objects.filter(plan_id__in=plan_ids)
        .values_list("plan_id")
        .annotate(
            n=Count("id"),
            submitted=Count("id", filter=Q(assessment__status__in=VISIBLE_TO_OFFICE)),
            accepted=Count("id", filter=Q(assessment__status=Status.ACCEPTED)),
        )
        .order_by()
    )
    return {plan_id: (n, submitted, accepted) for plan_id, n, submitted, accepted in rows}


def build(*, today: dt.date, filters: OverviewFilters | None = None) -> Overview:
    """The overview's rows (filtered) and totals, in three queries whatever the number of communes.

    Run in the province's scope (`all_communes()`): the counts read every commune's rows."""
    filters = filters or OverviewFilters()
    communes = [
        CommuneLine(*values)
        for values in filters.communes(Commune.objects.active()).values_list("pk", "name", "code", "kind", "is_sample")
    ]
    reviews = _reviews([c.pk for c in communes])
    tasks = _task_counts([r["plan_id"] for r in reviews.values()])
    rows = []
    for commune in communes:
        row = CommuneRow(commune)
        if review := reviews.get(commune.pk):
            row.review_title = review["title"]
            row.self_assessment_deadline = review["self_assessment_deadline"]
            row.report_deadline = review["report_deadline"]
            if counts := tasks.get(review["plan_id"]):
                row.tasks, row.submitted, row.accepted = counts
            if review["report_id"] is not None:
                row.status = report_status(
                    province_status=review["province_status"],
                    has_version=review["latest_approved"] is not None,
                    latest_approved=bool(review["latest_approved"]),
                    compiled=bool(review["has_sections"] or review["compiled_at"]),
                )
        row.overdue = row.is_overdue(today)
        if filters.keep(row):
            rows.append(row)
    # Stable: within each part the communes keep the database's order (name, code; the database collates).
    rows.sort(key=lambda r: not r.overdue)
    totals = Totals(communes=len(rows))
    for row in rows:
        totals.tasks += row.tasks
        totals.submitted += row.submitted
        totals.accepted += row.accepted
        totals.overdue += row.overdue
        totals.by_status[row.status] += 1
    return Overview(rows=rows, totals=totals, today=today)


#: The newest report versions shown on a commune's page ("Xem tất cả" shows the rest), as on the commune's own
#: report workspace: the page does not grow with the report's history.
VERSIONS_SHOWN = 5


@dataclass
class CommunePage:
    """What the province reads of one commune: who it is, its current review's progress, its report."""

    commune: Commune
    predecessors: list[Predecessor]
    profile: CommuneProfile | None
    review: Review | None
    board: dashboard.Dashboard | None
    report: Report | None
    versions: list[ReportVersion]
    status: ReportStatus
    more_versions: bool = False

    @property
    def status_badge(self) -> str:
        return STATUS_BADGES[self.status]


def commune_page(commune: Commune, *, today: dt.date, every_version: bool = False) -> CommunePage:
    """The commune page's data, read in the commune's own scope with the commune's own functions (the
    dashboard of its current review: the tasks of the review's plan; only what the page shows: the totals, the
    areas and the late officials), the newest report versions (all of them with `every_version`)."""
    with commune_scope(commune):
        profile = CommuneProfile.load()
        review = Review.current()
        board = report = None
        versions: list[ReportVersion] = []
        compiled = False
        if review is not None:
            tasks = Task.objects.filter(plan_id=review.plan_id)
            board = dashboard.build(tasks, today=today, matrix=False, waiting=False)
            report = Report.read_for_review(review)
            shown = None if every_version else VERSIONS_SHOWN + 1
            versions = list(report.version_rows().defer("sections")[:shown])  # the frozen text: not shown
            compiled = report.compiled_at is not None or report.section_rows().exists()
        predecessors = list(Predecessor.objects.filter(commune=commune))
    more_versions = len(versions) > VERSIONS_SHOWN and not every_version
    status = report_status(
        province_status=report.province_status if report else "",
        has_version=bool(versions),
        latest_approved=bool(versions) and versions[0].is_approved,
        compiled=compiled,
    )
    return CommunePage(
        commune,
        predecessors,
        profile,
        review,
        board,
        report,
        versions[:VERSIONS_SHOWN] if more_versions else versions,
        status,
        more_versions,
    )

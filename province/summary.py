"""The province's summary of the communes' reviews: data in, rows out (no request, no document).

For each active commune of the province, inside its own scope, the same headline figures the commune's
report and speeches are drafted from (`reports.compile.review_headlines`), the state of its report with
the province, and the kiến nghị its accepted self-assessments address to the province or the central
level. The number of queries per commune does not depend on its number of tasks (it will later run as a
background task, one commune after the other).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.functional import Promise

from kimphuong.formats import date_cited, percent_vi
from kimphuong.models import Commune, CommuneProfile, Province, TaskGroup
from kimphuong.scoping import commune_scope
from province.overview import ReportStatus, report_status
from reform.models import Level, Recommendation, Review, Status
from reports.compile import AreaResult, addressed_level, review_headlines
from reports.models import Report, ReportSection, ReportVersion
from reports.prose import near_duplicate, normalise

#: The seven statuses and their labels, from the overview's one rule of precedence.
ReportState = ReportStatus
STATE_LABELS: dict[str, Promise] = {status.value: status.label for status in ReportStatus}
#: The reports the province has in hand (sent, returned for revision, or accepted).
RECEIVED = (ReportState.SENT, ReportState.RETURNED, ReportState.ACCEPTED)
#: The levels a kiến nghị must be addressed to for the province to answer it or pass it on.
ABOVE_COMMUNE = (Level.PROVINCE, Level.CENTRAL)


@dataclass
class CommuneSummary:
    """One commune's line of the summary: its report's state and, when its review has data, its figures."""

    name: str  # “xã Kim Phượng”
    code: str
    state: str
    has_review: bool = False
    period: str = ""  # “2021 - 2025”
    tasks: int = 0  # tasks of the reform areas
    done: int = 0  # of which done (accepted self-assessments, “hoàn thành” or “hoàn thành chậm”)
    areas: list[AreaResult] = field(default_factory=list)
    targets: int = 0
    outcomes: Counter = field(default_factory=Counter)
    collective: int = 0  # commendations in the movement (lượt)
    individual: int = 0
    sent_number: str = ""  # “15/BC-UBND”, the signed number of the version sent to the province
    sent_date: dt.date | None = None
    state_at: dt.datetime | None = None

    @property
    def state_label(self) -> Promise:
        return STATE_LABELS[self.state]

    @property
    def has_data(self) -> bool:
        return self.has_review and bool(self.tasks or self.targets)

    @property
    def completion(self) -> str:
        """“88,9%”, or empty when the commune has no task to count."""
        return percent_vi(self.done, self.tasks) if self.tasks else ""

    @property
    def exceeded(self) -> int:
        return self.outcomes["exceeded"]

    @property
    def met(self) -> int:
        return self.outcomes["met"]

    @property
    def missed(self) -> int:
        return self.outcomes["missed"]

    @property
    def no_data(self) -> int:
        return self.outcomes["no_data"]

    @property
    def note(self) -> str:
        """What the status table says besides the status (Vietnamese, as printed in the document)."""
        if not self.has_review:
            return "Chưa có đợt tổng kết"
        if self.sent_number:
            when = f" ngày {date_cited(self.sent_date)}" if self.sent_date else ""
            return f"Báo cáo số {self.sent_number}{when}"
        if not self.has_data:
            return "Chưa có số liệu"
        return ""


@dataclass
class RaisedRecommendation:
    """One kiến nghị, said once, with every commune that raised it (near-duplicates folded together)."""

    text: str
    level: str
    communes: list[str] = field(default_factory=list)


@dataclass
class Theme:
    """The kiến nghị about one area (the task's group)."""

    name: str
    order: int
    items: list[RaisedRecommendation] = field(default_factory=list)


@dataclass
class ProvinceSummary:
    province: Province
    communes: list[CommuneSummary]
    themes: list[Theme]
    on: dt.date

    @property
    def period(self) -> str:
        """The period the communes' reviews cover (the most common one; 2021 - 2025 before any review)."""
        periods = Counter(c.period for c in self.communes if c.period)
        return periods.most_common(1)[0][0] if periods else "2021 - 2025"

    def count(self, *states: str) -> int:
        return sum(1 for c in self.communes if c.state in states)

    @property
    def received(self) -> int:
        return self.count(*RECEIVED)

    @property
    def accepted(self) -> int:
        return self.count(ReportState.ACCEPTED)

    @property
    def returned(self) -> int:
        return self.count(ReportState.RETURNED)

    @property
    def with_data(self) -> list[CommuneSummary]:
        return [c for c in self.communes if c.has_data]

    @property
    def tasks(self) -> int:
        return sum(c.tasks for c in self.communes)

    @property
    def done(self) -> int:
        return sum(c.done for c in self.communes)

    @property
    def completion(self) -> str:
        return percent_vi(self.done, self.tasks) if self.tasks else ""

    @property
    def outcomes(self) -> Counter:
        total: Counter = Counter()
        for c in self.communes:
            total.update(c.outcomes)
        return total

    @property
    def targets(self) -> int:
        return sum(c.targets for c in self.communes)

    @property
    def state_counts(self) -> list[tuple[str, Promise, int]]:
        """(state, label, communes) for every state, in the order of precedence."""
        return [(state, label, self.count(state)) for state, label in STATE_LABELS.items()]


def build(province: Province, *, on: dt.date | None = None) -> ProvinceSummary:
    """The summary of every active commune of `province`, one commune scope after the other."""
    on = on or timezone.localdate()
    themes: dict[int, Theme] = {}
    present = CommuneProfile.levels_on(on)  # the superior bodies are shared by every commune
    rows = []
    communes = sorted(Commune.objects.active().filter(province=province), key=lambda c: (sort_key(c.name), c.code))
    for commune in communes:
        with commune_scope(commune):
            rows.append(_commune_summary(commune, themes, present))
    return ProvinceSummary(
        province=province,
        communes=rows,
        themes=sorted(themes.values(), key=lambda t: (t.order, t.name)),
        on=on,
    )


def to_snapshot(summary: ProvinceSummary) -> dict[str, Any]:
    """The summary as JSON-ready data: what a summary job keeps, so that the page shows the summary as last
    built (in the background) instead of reading every commune on each visit."""
    return {
        "on": summary.on.isoformat(),
        "communes": [
            {
                **asdict(c),
                "outcomes": dict(c.outcomes),
                "sent_date": c.sent_date.isoformat() if c.sent_date else None,
                "state_at": c.state_at.isoformat() if c.state_at else None,
            }
            for c in summary.communes
        ],
        "themes": [asdict(theme) for theme in summary.themes],
    }


def from_snapshot(province: Province, data: dict[str, Any]) -> ProvinceSummary:
    """The summary a job kept (to_snapshot), as it was built."""
    communes = [
        CommuneSummary(
            **{
                **c,
                "areas": [AreaResult(**a) for a in c["areas"]],
                "outcomes": Counter(c["outcomes"]),
                "sent_date": dt.date.fromisoformat(c["sent_date"]) if c["sent_date"] else None,
                "state_at": dt.datetime.fromisoformat(c["state_at"]) if c["state_at"] else None,
            }
        )
        for c in data["communes"]
    ]
    themes = [
        Theme(t["name"], t["order"], [RaisedRecommendation(**item) for item in t["items"]]) for t in data["themes"]
    ]
    return ProvinceSummary(province, communes, themes, dt.date.fromisoformat(data["on"]))


def _commune_summary(commune: Commune, themes: dict[int, Theme], present: set[str]) -> CommuneSummary:
    review = Review.current()
    if review is None:
        return CommuneSummary(commune.unit_name, commune.code, ReportState.NOT_COMPILED)
    row = CommuneSummary(commune.unit_name, commune.code, ReportState.NOT_COMPILED, has_review=True)
    report = _report_with_state(review)
    if report is not None:
        row.state = report_status(
            province_status=report.province_status,
            latest_approved=report.latest_approved_at is not None,  # type: ignore[attr-defined]
            has_version=report.latest_number is not None,  # type: ignore[attr-defined]
            compiled=bool(report.compiled_at) or report.has_sections,  # type: ignore[attr-defined]
        )
        row.state_at = report.province_status_at
        if row.state in RECEIVED and report.sent_version is not None:
            row.sent_number = report.sent_version.signed_number
            row.sent_date = report.sent_version.signed_date
    headlines = review_headlines(review)
    row.period = headlines.period
    row.tasks, row.done, row.areas = headlines.tasks, headlines.done, headlines.areas
    row.targets, row.outcomes = headlines.target_total, headlines.outcomes
    row.collective, row.individual = headlines.collective, headlines.individual
    _collect_recommendations(review, commune, themes, present)
    return row


def _report_with_state(review: Review) -> Report | None:
    """The review's report with what its status needs, in one query."""
    latest = ReportVersion.objects.filter(report=OuterRef("pk")).order_by("-number")
    return (
        Report.objects.filter(review=review)
        .select_related("sent_version")
        .annotate(
            has_sections=Exists(ReportSection.objects.filter(report=OuterRef("pk"))),
            latest_number=Subquery(latest.values("number")[:1]),
            latest_approved_at=Subquery(latest.values("approved_at")[:1]),
        )
        .first()
    )


def _collect_recommendations(review: Review, commune: Commune, themes: dict[int, Theme], present: set[str]) -> None:
    """The accepted self-assessments' kiến nghị to the province or the central level, into `themes` by area;
    one addressed to a level that no longer exists (the district) goes to the province, as in the report."""
    recommendations = (
        Recommendation.objects.filter(assessment__task__plan=review.plan, assessment__status=Status.ACCEPTED)
        .select_related("assessment__task__group")
        .order_by("assessment__task__group__order", "assessment__task__order", "order", "pk")
    )
    for rec in recommendations:
        level = addressed_level(rec.level, present)
        text = normalise(rec.content)
        if level not in ABOVE_COMMUNE or not text:
            continue
        group: TaskGroup = rec.assessment.task.group
        theme = themes.setdefault(group.pk, Theme(group.name, group.order))
        item = next((i for i in theme.items if i.level == level and near_duplicate(i.text, text)), None)
        if item is None:
            item = RaisedRecommendation(text, level)
            theme.items.append(item)
        if commune.unit_name not in item.communes:
            item.communes.append(commune.unit_name)


def sort_key(name: str) -> str:
    """Vietnamese alphabetical order, near enough: tone marks ignored, “Đ” after every “D”."""
    spelled = name.casefold().replace("đ", "d\uffff")
    return "".join(ch for ch in unicodedata.normalize("NFD", spelled) if not unicodedata.combining(ch))


def current_province() -> Province | None:
    """The province that hosts the installation (there is one)."""
    return Province.objects.first()

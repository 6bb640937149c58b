"""The progress overview for the office and leadership: a fixed number of queries, whatever the size."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Count, Min, Q, QuerySet

from kimphuong.models import TaskGroup, User
from reform.models import DONE_STATUSES, Assessment, Status, Task

STATUS_COLOURS = {
    Status.NOT_STARTED: "#6c757d",
    Status.DRAFTING: "#0d6efd",
    Status.SUBMITTED: "#6f42c1",
    Status.RETURNED: "#dc3545",
    Status.ACCEPTED: "#198754",
}


@dataclass
class Counts:
    """Tasks by status, with the overdue ones, for one slice (all, an area, an official, a cell)."""

    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Status.values, 0))
    overdue: int = 0

    def add(self, status: str, n: int, overdue: int) -> None:
        self.by_status[status] += n
        self.overdue += overdue
        self.__dict__.pop("total", None)
        self.__dict__.pop("done", None)

    # Cached: the matrix template asks each cell for these several times (bench).
    @cached_property
    def total(self) -> int:
        return sum(self.by_status.values())

    @cached_property
    def done(self) -> int:
        return sum(self.by_status[s] for s in DONE_STATUSES)

    @property
    def percent_done(self) -> float:
        return 100 * self.done / self.total if self.total else 0.0

    def cells(self) -> list[tuple[Status, int]]:
        return [(s, self.by_status[s]) for s in Status]

    def segments(self) -> list[dict[str, Any]]:
        """Stacked bar pieces (x and width in % of the bar) for the SVG chart."""
        pieces, x = [], 0.0
        for status in Status:
            n = self.by_status[status]
            if not n:
                continue
            width = 100 * n / self.total
            pieces.append({"x": x, "width": width, "colour": STATUS_COLOURS[status], "label": status.label, "n": n})
            x += width
        return pieces

    @property
    def level(self) -> str:
        """A colour class for the matrix: how far this slice is from done."""
        if not self.total:
            return "empty"
        if self.done == self.total:
            return "done"
        if self.overdue:
            return "late"
        return "progress" if self.done else "todo"


@dataclass
class LateOfficial:
    user: User
    overdue: int
    days_late: int


@dataclass
class Dashboard:
    totals: Counts
    areas: list[tuple[TaskGroup, Counts]]
    officials: list[User]
    matrix: list[tuple[User, Counts, list[tuple[TaskGroup, Counts]]]]
    late: list[LateOfficial]
    waiting: list[Assessment]
    today: dt.date


def build(tasks: QuerySet[Task], *, today: dt.date) -> Dashboard:
    """Everything on /dashboard/ for the given tasks, in five queries."""
    overdue_q = Q(due_date__lt=today) & ~Q(assessment__status__in=DONE_STATUSES)
    rows = (
        tasks.values("group_id", "lead_id", "assessment__status")
        .annotate(n=Count("id"), late=Count("id", filter=overdue_q))
        .order_by()
    )
    totals = Counts()
    by_area: dict[int, Counts] = defaultdict(Counts)
    by_lead: dict[int, Counts] = defaultdict(Counts)
    by_cell: dict[tuple[int, int], Counts] = defaultdict(Counts)
    for row in rows:
        status = row["assessment__status"] or Status.NOT_STARTED
        for counts in (
            totals,
            by_area[row["group_id"]],
            by_lead[row["lead_id"]],
            by_cell[row["lead_id"], row["group_id"]],
        ):
            counts.add(status, row["n"], row["late"])

    groups = [g for g in TaskGroup.objects.all() if g.pk in by_area]
    officials = list(User.objects.filter(pk__in=by_lead).select_related("position"))
    officials.sort(key=lambda u: (u.position.order if u.position else 999, u.display_name))
    matrix = [
        (user, by_lead[user.pk], [(g, by_cell.get((user.pk, g.pk), Counts())) for g in groups]) for user in officials
    ]

    oldest = tasks.filter(overdue_q).values("lead_id").annotate(n=Count("id"), oldest=Min("due_date")).order_by()
    users = {u.pk: u for u in officials}
    late = [
        LateOfficial(users[r["lead_id"]], r["n"], (today - r["oldest"]).days) for r in oldest if r["lead_id"] in users
    ]
    late.sort(key=lambda x: (-x.days_late, -x.overdue))

    waiting = list(
        Assessment.objects.filter(task__in=tasks).awaiting_review().select_related("task__lead", "task__group")[:50]
    )
    return Dashboard(
        totals=totals,
        areas=[(g, by_area[g.pk]) for g in groups],
        officials=officials,
        matrix=matrix,
        late=late,
        waiting=waiting,
        today=today,
    )

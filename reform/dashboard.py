"""The progress overview for the office and leadership: a fixed number of queries and a bounded page, whatever
the number of officials, tasks or events (the matrix by pages of officials, the first rows of the other lists)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Min, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Concat, NullIf, Trim

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


#: Officials per page of the matrix, and the first rows shown of "who is late" and of the review queue (each
#: with a link to the whole list): the page's size does not grow with the commune.
OFFICIALS_PER_PAGE = 25
LATE_SHOWN = 10
WAITING_SHOWN = 20


@dataclass
class LateOfficial:
    user: User
    overdue: int
    days_late: int


@dataclass
class Dashboard:
    totals: Counts
    areas: list[tuple[TaskGroup, Counts]]
    officials: Page[User]
    matrix: list[tuple[User, Counts, list[tuple[TaskGroup, Counts]]]]
    late: list[LateOfficial]
    more_late: bool
    waiting: list[Assessment]
    more_waiting: bool
    today: dt.date


def display_name_order() -> Coalesce:
    """`User.display_name` in SQL (the full name, else first and last name, else the username), to sort by."""
    both = Trim(Concat("first_name", Value(" "), "last_name"))
    return Coalesce(NullIf("full_name", Value("")), NullIf(both, Value("")), "username")


def officials_of(tasks: QuerySet[Task]) -> QuerySet[User]:
    """The leads of `tasks` in the matrix's order: by position, then by name."""
    return (
        User.objects.filter(pk__in=tasks.values("lead_id"))
        .select_related("position")
        .order_by(F("position__order").asc(nulls_last=True), display_name_order(), "pk")
    )


def build(
    tasks: QuerySet[Task], *, today: dt.date, page: int | str | None = 1, per_page: int = OFFICIALS_PER_PAGE
) -> Dashboard:
    """Everything on /dashboard/ for the given tasks, in a fixed number of queries whatever the number of
    officials, tasks or events: the totals and areas over every task (one aggregate), the matrix for one page of
    officials (a count, the page, its cells), the first late officials and the first assessments waiting."""
    overdue_q = Q(due_date__lt=today) & ~Q(assessment__status__in=DONE_STATUSES)
    rows = (
        tasks.values("group_id", "assessment__status")
        .annotate(n=Count("id"), late=Count("id", filter=overdue_q))
        .order_by()
    )
    totals = Counts()
    by_area: dict[int, Counts] = defaultdict(Counts)
    for row in rows:
        status = row["assessment__status"] or Status.NOT_STARTED
        for counts in (totals, by_area[row["group_id"]]):
            counts.add(status, row["n"], row["late"])
    groups = [g for g in TaskGroup.objects.all() if g.pk in by_area]

    officials = Paginator(officials_of(tasks), per_page).get_page(page)
    by_lead: dict[int, Counts] = defaultdict(Counts)
    by_cell: dict[tuple[int, int], Counts] = defaultdict(Counts)
    cells = (
        tasks.filter(lead_id__in=[u.pk for u in officials])
        .values("group_id", "lead_id", "assessment__status")
        .annotate(n=Count("id"), late=Count("id", filter=overdue_q))
        .order_by()
    )
    for row in cells:
        status = row["assessment__status"] or Status.NOT_STARTED
        for counts in (by_lead[row["lead_id"]], by_cell[row["lead_id"], row["group_id"]]):
            counts.add(status, row["n"], row["late"])
    matrix = [
        (user, by_lead[user.pk], [(g, by_cell.get((user.pk, g.pk), Counts())) for g in groups]) for user in officials
    ]

    # The officials with an overdue task, the longest late first: one query, the first few rows.
    overdue = Q(led_tasks__in=tasks.filter(overdue_q).values("pk"))
    late_rows = list(
        User.objects.annotate(n=Count("led_tasks", filter=overdue), oldest=Min("led_tasks__due_date", filter=overdue))
        .filter(n__gt=0)
        .select_related("position")
        .order_by("oldest", "-n", "pk")[: LATE_SHOWN + 1]
    )
    late = [LateOfficial(u, u.n, (today - u.oldest).days) for u in late_rows[:LATE_SHOWN]]

    waiting = list(
        Assessment.objects.filter(task__in=tasks)
        .awaiting_review()
        .select_related("task__lead", "task__group")[: WAITING_SHOWN + 1]
    )
    return Dashboard(
        totals=totals,
        areas=[(g, by_area[g.pk]) for g in groups],
        officials=officials,
        matrix=matrix,
        late=late,
        more_late=len(late_rows) > LATE_SHOWN,
        waiting=waiting[:WAITING_SHOWN],
        more_waiting=len(waiting) > WAITING_SHOWN,
        today=today,
    )

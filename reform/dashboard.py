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


_NO_TASKS = dict.fromkeys(Status.values, 0)  # `Status.values` builds its list on each call


@dataclass
class Counts:
    """Tasks by status, with the overdue ones, for one slice (all, an area, an official, a cell)."""

    by_status: dict[str, int] = field(default_factory=_NO_TASKS.copy)
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


#: The fields `User.display_name` reads.
_PERSON = ("full_name", "first_name", "last_name", "username")


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
    tasks: QuerySet[Task],
    *,
    today: dt.date,
    page: int | str | None = 1,
    per_page: int = OFFICIALS_PER_PAGE,
    groups: list[TaskGroup] | None = None,
    matrix: bool = True,
    waiting: bool = True,
) -> Dashboard:
    """Everything on /dashboard/ for the given tasks, in a fixed number of queries whatever the number of
    officials, tasks or events: one aggregate by area, lead and status (the totals, the areas, every row of the
    matrix and who is late), the areas' names (`groups`, when the caller has read them already), the leads in the
    matrix's order (paged here: the page shows a bounded number of them) and the first assessments waiting.

    A caller that does not show the officials' matrix (`matrix=False`: its page is empty, only the late officials
    are read) or the waiting list (`waiting=False`: empty) skips their reads."""
    overdue_q = Q(due_date__lt=today) & ~Q(assessment__status__in=DONE_STATUSES)
    rows = (
        tasks.values("group_id", "lead_id", "assessment__status")
        .annotate(n=Count("id"), late=Count("id", filter=overdue_q), oldest=Min("due_date", filter=overdue_q))
        .order_by()
    )
    totals = Counts()
    by_area: dict[int, Counts] = defaultdict(Counts)
    by_lead: dict[int, Counts] = defaultdict(Counts)
    by_cell: dict[tuple[int, int], Counts] = defaultdict(Counts)
    oldest: dict[int, dt.date] = {}  # each late lead's earliest due date among their overdue tasks
    for row in rows:
        status = row["assessment__status"] or Status.NOT_STARTED
        lead_id = row["lead_id"]
        for counts in (totals, by_area[row["group_id"]]):
            counts.add(status, row["n"], row["late"])
        if lead_id is None:
            continue
        for counts in (by_lead[lead_id], by_cell[lead_id, row["group_id"]]):
            counts.add(status, row["n"], row["late"])
        if row["oldest"] is not None and (lead_id not in oldest or row["oldest"] < oldest[lead_id]):
            oldest[lead_id] = row["oldest"]
    if groups is None:
        groups = list(TaskGroup.objects.all())
    groups = [g for g in groups if g.pk in by_area]

    # The officials with an overdue task, the longest late first (as in SQL: the oldest due date, the most
    # overdue tasks, the user's id), the first few rows.
    late_ids = sorted(oldest, key=lambda pk: (oldest[pk], -by_lead[pk].overdue, pk))
    shown_late = late_ids[:LATE_SHOWN]

    leads: list[User] = list(officials_of(tasks)) if matrix else []
    officials = Paginator(leads, per_page).get_page(page)
    rows_of_matrix = [
        (user, by_lead[user.pk], [(g, by_cell.get((user.pk, g.pk), Counts())) for g in groups]) for user in officials
    ]
    if matrix:
        people = {user.pk: user for user in leads}
    else:  # only the late officials shown, by their names
        late_users = User.objects.filter(pk__in=shown_late).only(*_PERSON).order_by() if shown_late else []
        people = {user.pk: user for user in late_users}
    late = [LateOfficial(people[pk], by_lead[pk].overdue, (today - oldest[pk]).days) for pk in shown_late]

    first_waiting: list[Assessment] = []
    if waiting:
        first_waiting = list(
            Assessment.objects.filter(task__in=tasks)
            .awaiting_review()
            .select_related("task__lead")
            .only("pk", "submitted_at", "task__code", "task__content", *(f"task__lead__{f}" for f in _PERSON))[
                : WAITING_SHOWN + 1
            ]
        )
    return Dashboard(
        totals=totals,
        areas=[(g, by_area[g.pk]) for g in groups],
        officials=officials,
        matrix=rows_of_matrix,
        late=late,
        more_late=len(late_ids) > LATE_SHOWN,
        waiting=first_waiting[:WAITING_SHOWN],
        more_waiting=len(first_waiting) > WAITING_SHOWN,
        today=today,
    )

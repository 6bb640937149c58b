"""The movement's summary tables (Phần II and Phụ lục II of the report): a fixed number of queries each."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count

from emulation.models import AwardForm, Commendation, Initiative, Proposal, RecipientKind
from kimphuong.models import GroupKind, TaskGroup

KINDS = (RecipientKind.COLLECTIVE, RecipientKind.INDIVIDUAL)


@dataclass
class YearFormTable:
    """Commendations: rows = years, columns = form × (tập thể, cá nhân), with totals both ways."""

    forms: list[AwardForm]
    years: list[int]
    counts: Counter

    def cell(self, year: int | None, form: AwardForm | None, kind: str | None) -> int:
        return sum(
            n
            for (y, f, k), n in self.counts.items()
            if (year is None or y == year) and (form is None or f == form.pk) and (kind is None or k == kind)
        )

    def rows(self) -> list[tuple[int | None, list[int], int]]:
        """(year, [n per form and kind], total); the last row (year None) sums every year."""
        # One look-up per cell (`cell` sums over every count: a square of the table's size in all)
        totals: Counter = Counter()
        for (_y, form_id, kind), n in self.counts.items():
            totals[form_id, kind] += n
        out: list[tuple[int | None, list[int], int]] = []
        for year in self.years:
            cells = [self.counts.get((year, f.pk, k), 0) for f in self.forms for k in KINDS]
            out.append((year, cells, sum(cells)))
        cells = [totals.get((f.pk, k), 0) for f in self.forms for k in KINDS]
        out.append((None, cells, sum(cells)))
        return out


def commendation_table(years: list[int], *, counts: Counter | None = None) -> YearFormTable:
    """The table of the years; `counts` ((year, form id, kind): n) when the caller already read the register."""
    if counts is None:
        rows = (
            Commendation.objects.filter(year__in=years)
            .values("year", "form_id", "kind")
            .annotate(n=Count("id"))
            .order_by()
        )
        counts = Counter({(r["year"], r["form_id"], r["kind"]): r["n"] for r in rows})
    used = {form_id for _y, form_id, _k in counts}
    forms = [f for f in AwardForm.objects.all() if f.pk in used]
    return YearFormTable(forms=forms, years=years, counts=counts)


@dataclass
class AreaYearTable:
    areas: list[TaskGroup]
    years: list[int]
    counts: Counter

    def rows(self) -> list[tuple[TaskGroup | None, list[int], int]]:
        out = []
        for area in [*self.areas, None]:
            cells = [
                sum(n for (a, y), n in self.counts.items() if y == year and (area is None or a == area.pk))
                for year in self.years
            ]
            out.append((area, cells, sum(cells)))
        return out


def initiative_table(years: list[int]) -> AreaYearTable:
    rows = Initiative.objects.filter(year__in=years).values("area_id", "year").annotate(n=Count("id")).order_by()
    counts = Counter({(r["area_id"], r["year"]): r["n"] for r in rows})
    areas = list(TaskGroup.objects.filter(kind=GroupKind.REFORM_AREA))
    return AreaYearTable(areas=areas, years=years, counts=counts)


@dataclass
class OnRecord:
    """Who has a commendation or an initiative in the period: the users, and the names (case-folded)."""

    users: set[int]
    names: set[str]

    @classmethod
    def read(cls, years: list[int]) -> OnRecord:
        """Three queries: the commendations, the initiatives and their authors with an account."""
        record = cls.commended(
            Commendation.objects.filter(year__in=years).values_list("recipient_user_id", "recipient_name")
        )
        for initiative in Initiative.objects.filter(year__in=years).prefetch_related("author_users"):
            record.add_initiative(initiative.authors, [u.pk for u in initiative.author_users.all()])
        return record

    @classmethod
    def commended(cls, recipients: Iterable[tuple[int | None, str]]) -> OnRecord:
        """Those commended, from (user id, name) pairs; the initiatives' authors are added after."""
        users: set[int] = set()
        names: set[str] = set()
        for user_id, name in recipients:
            if user_id:
                users.add(user_id)
            names.add(name.casefold())
        return cls(users, names)

    def add_initiative(self, authors: str, author_users: list[int]) -> None:
        self.users |= set(author_users)
        self.names |= {a.strip().casefold() for a in authors.split(",")}

    def has(self, user_id: int | None, name: str) -> bool:
        return (user_id is not None and user_id in self.users) or name.casefold() in self.names


def proposal_warning(kind: str, has_record: bool) -> bool:
    """An individual proposed with nothing on record: allowed, but the office should look twice."""
    return kind == RecipientKind.INDIVIDUAL and not has_record


@dataclass
class ProposalRow:
    proposal: Proposal
    has_record: bool  # a commendation or an initiative in the period

    @property
    def warning(self) -> bool:
        return proposal_warning(self.proposal.kind, self.has_record)


def proposal_rows(years: list[int]) -> list[ProposalRow]:
    proposals = list(Proposal.objects.select_related("form", "recipient_user").order_by("kind", "recipient_name"))
    record = OnRecord.read(years)
    return [ProposalRow(p, record.has(p.recipient_user_id, p.recipient_name)) for p in proposals]

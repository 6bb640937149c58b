"""The movement's summary tables (Phần II and Phụ lục II of the report): a fixed number of queries each."""

from __future__ import annotations

from collections import Counter
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
        out = []
        for year in [*self.years, None]:
            cells = [self.cell(year, f, k) for f in self.forms for k in KINDS]
            out.append((year, cells, sum(cells)))
        return out


def commendation_table(years: list[int]) -> YearFormTable:
    rows = (
        Commendation.objects.filter(year__in=years).values("year", "form_id", "kind").annotate(n=Count("id")).order_by()
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
class ProposalRow:
    proposal: Proposal
    has_record: bool  # a commendation or an initiative in the period

    @property
    def warning(self) -> bool:
        """An individual proposed with nothing on record: allowed, but the office should look twice."""
        return self.proposal.kind == RecipientKind.INDIVIDUAL and not self.has_record


def proposal_rows(years: list[int]) -> list[ProposalRow]:
    proposals = list(Proposal.objects.select_related("form", "recipient_user").order_by("kind", "recipient_name"))
    commended = Commendation.objects.filter(year__in=years).values_list("recipient_user_id", "recipient_name")
    users = {u for u, _n in commended if u}
    names = {n.casefold() for _u, n in commended}
    initiatives = Initiative.objects.filter(year__in=years).prefetch_related("author_users")
    for initiative in initiatives:
        users |= {u.pk for u in initiative.author_users.all()}
        names |= {a.strip().casefold() for a in initiative.authors.split(",")}
    return [
        ProposalRow(
            p,
            (p.recipient_user_id is not None and p.recipient_user_id in users) or p.recipient_name.casefold() in names,
        )
        for p in proposals
    ]

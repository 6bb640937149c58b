"""Figures across the province's communes, and the communes' index scores side by side with their ranks.

Each commune keeps its own indicator catalogue (loaded from the same template), so the province reads the
figures by indicator code: per code and year, the province value by the indicator's kind, how many communes
reported it, and which did not. Aggregate queries (GROUP BY code, year), a fixed number whatever the number
of communes; who should report what, and who did not, from one row per indicator with the years it covers as
bit masks (`_coverage`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Avg, BigIntegerField, Count, ExpressionWrapper, F, Max, Min, Q, Sum, Value
from django.db.models.expressions import Combinable, CombinedExpression
from django.db.models.functions import Cast, Coalesce, Least
from django.utils.translation import gettext_lazy as _

from indicators.figures import Figures, ratio
from indicators.grid import area_tables
from indicators.models import Aggregation, IndexKind, IndexScore, Indicator, IndicatorValue, ValueKind
from kimphuong.models import Commune, TaskGroup
from kimphuong.scoping import commune_scope


class Method(models.TextChoices):
    """How the province value of a code is made from the communes' values of a year."""

    SUM = "sum", _("Tổng các xã")  # counts, money: the communes' values added up
    MEAN = "mean", _("Trung bình các xã có số liệu")  # percentages and scores typed by each commune
    RATIO = "ratio", _("Tổng tử số / tổng mẫu số")  # computed ratios: numerators added up over denominators
    YES = "yes", _("Số xã trả lời “có”")  # yes/no: how many communes said yes


def method_of(aggregation: str, value_kind: str) -> str:
    if aggregation == Aggregation.RATIO:
        return Method.RATIO
    if value_kind in (ValueKind.PERCENT, ValueKind.SCORE):
        return Method.MEAN
    if value_kind == ValueKind.BOOLEAN:
        return Method.YES
    return Method.SUM


@dataclass
class YearFigure:
    year: int
    value: Decimal | None = None
    reported: int = 0
    expected: int = 0
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.reported >= self.expected


@dataclass
class CodeFigures:
    """One indicator code across the communes."""

    code: str
    name: str
    unit: str
    aggregation: str
    value_kind: str
    group_id: int
    order: int
    communes: int
    years: list[YearFigure]

    @property
    def method(self) -> str:
        return method_of(self.aggregation, self.value_kind)

    @property
    def method_label(self) -> str:
        return str(Method(self.method).label)

    @property
    def is_percent(self) -> bool:
        return self.method == Method.RATIO or self.value_kind == ValueKind.PERCENT


@dataclass
class AreaFigures:
    group: TaskGroup
    years: list[int]
    rows: list[CodeFigures]


def _catalogue() -> list[dict[str, Any]]:
    """Each code of the communes' catalogues (one GROUP BY code): its name, kind and place as most communes
    have it (the first by value where they differ), how many communes have it, its years."""
    return list(
        Indicator.objects.filter(commune__is_active=True)
        .values("code")
        .annotate(
            name=Min("name"),
            unit=Min("unit"),
            aggregation=Min("aggregation"),
            value_kind=Min("value_kind"),
            group_id=Min("group_id"),
            order=Min("order"),
            first_year=Min("first_year"),
            last_year=Max("last_year"),
            communes=Count("commune_id", distinct=True),
        )
        .order_by()
    )


def _typed_values() -> dict[tuple[str, int], dict[str, Any]]:
    """Per code and year: sum, mean, number of yes and of communes reporting (one GROUP BY code, year)."""
    rows = (
        IndicatorValue.objects.filter(commune__is_active=True)
        .values("indicator__code", "year")
        .annotate(
            total=Sum("value"),
            mean=Avg("value"),
            yes=Count("id", filter=Q(value=1)),
            reported=Count("commune_id", distinct=True),
        )
        .order_by()
    )
    return {(r["indicator__code"], r["year"]): r for r in rows}


def _ratio_values() -> dict[tuple[str, int], dict[str, Any]]:
    """Per ratio code and year, over the communes that have both parts that year: the numerators and the
    denominators added up (one GROUP BY code, year over the pairs of values)."""
    rows = (
        Indicator.objects.filter(commune__is_active=True, aggregation=Aggregation.RATIO)
        .filter(denominator__values__year=F("numerator__values__year"))
        .values("code", year=F("numerator__values__year"))
        .annotate(
            num=Sum("numerator__values__value"),
            den=Sum("denominator__values__value"),
            reported=Count("commune_id", distinct=True),
        )
        .order_by()
    )
    return {(r["code"], r["year"]): r for r in rows}


_ONE = Cast(Value(1), BigIntegerField())

#: Years per bit mask of `_coverage` (a signed 64-bit integer in both databases).
_MASK_YEARS = 62


def _years_covered(chunk: int, *, last: bool) -> ExpressionWrapper:
    """Bit (year − first year − 62·chunk) set for each year of the indicator's in that chunk with a value of its
    own, or (a ratio) a value of both its parts: an aggregate over the indicator's joined values. A year is one
    bit however many joined rows repeat it, so the distinct sum is an OR. In the `last` chunk every indicator
    ends before the chunk does."""
    low = F("first_year") + chunk * _MASK_YEARS if chunk else F("first_year")
    high = F("last_year") if last else Least(F("last_year"), low + (_MASK_YEARS - 1))

    def bits(year: str, *condition: Q) -> Coalesce:
        in_chunk = Q(*condition, **{f"{year}__gte": low, f"{year}__lte": high})
        bit = CombinedExpression(_ONE, Combinable.BITLEFTSHIFT, F(year) - low)
        total = Sum(bit, distinct=True, filter=in_chunk)
        return Coalesce(Cast(total, BigIntegerField()), 0)

    own = bits("values__year")
    pair = bits("numerator__values__year", Q(denominator__values__year=F("numerator__values__year")))
    return ExpressionWrapper(CombinedExpression(own, Combinable.BITOR, pair), output_field=BigIntegerField())


def _coverage(span: int) -> tuple[dict[tuple[str, int], int], dict[tuple[str, int], list[str]]]:
    """(code, year) → how many active communes should report the code that year (their catalogue has it for
    that year), and → the names of those that did not (no value; a ratio: not both of its parts), sorted.

    One row per indicator of the active communes (one GROUP BY indicator), with its years covered as bit
    masks (`span`: the most years an indicator has; one mask per 62 of them)."""
    chunks = (span + _MASK_YEARS - 1) // _MASK_YEARS
    covered = {f"has_{chunk}": _years_covered(chunk, last=chunk == chunks - 1) for chunk in range(chunks)}
    rows = (
        Indicator.objects.filter(commune__is_active=True)
        .values("id")
        .annotate(**covered)
        .values_list("code", "commune__name", "first_year", "last_year", *covered)
        .order_by()
    )
    expected: dict[tuple[str, int], int] = defaultdict(int)
    missing: dict[tuple[str, int], list[str]] = defaultdict(list)
    for code, name, first, last, *masks in rows:
        for offset in range(last - first + 1):
            key = (code, first + offset)
            expected[key] += 1
            if not masks[offset // _MASK_YEARS] >> (offset % _MASK_YEARS) & 1:
                missing[key].append(name)
    for names in missing.values():
        names.sort()
    return expected, missing


def _province_value(method: str, typed: dict[str, Any] | None, pair: dict[str, Any] | None) -> Decimal | None:
    if method == Method.RATIO:
        return ratio(pair["num"], pair["den"]) if pair else None
    if typed is None:
        return None
    if method == Method.MEAN:
        # Avg comes back as a float on SQLite, a Decimal on PostgreSQL.
        return Decimal(str(typed["mean"])).quantize(Decimal("0.01")) if typed["mean"] is not None else None
    if method == Method.YES:
        return Decimal(typed["yes"])
    return typed["total"]


def province_figures() -> list[AreaFigures]:
    """Every code of the active communes' catalogues by area (area order, then indicator order), per year:
    the province value, the communes that reported, and the names of those that did not.

    Five queries whatever the number of communes and codes (run in the province's scope)."""
    catalogue = _catalogue()
    if not catalogue:
        return []
    span = max(c["last_year"] - c["first_year"] for c in catalogue) + 1
    typed, pairs = _typed_values(), _ratio_values()
    expected, gaps = _coverage(span)
    groups = {g.pk: g for g in TaskGroup.objects.all()}
    by_group: dict[int, list[CodeFigures]] = defaultdict(list)
    for entry in catalogue:
        method = method_of(entry["aggregation"], entry["value_kind"])
        years = []
        for year in range(entry["first_year"], entry["last_year"] + 1):
            key = (entry["code"], year)
            typed_row, pair = typed.get(key), pairs.get(key)
            source = pair if method == Method.RATIO else typed_row
            years.append(
                YearFigure(
                    year=year,
                    value=_province_value(method, typed_row, pair),
                    reported=source["reported"] if source else 0,
                    expected=expected.get(key, 0),
                    missing=gaps.get(key, []),
                )
            )
        by_group[entry["group_id"]].append(
            CodeFigures(
                code=entry["code"],
                name=entry["name"],
                unit=entry["unit"],
                aggregation=entry["aggregation"],
                value_kind=entry["value_kind"],
                group_id=entry["group_id"],
                order=entry["order"],
                communes=entry["communes"],
                years=years,
            )
        )
    areas = []
    for group in sorted((groups[pk] for pk in by_group), key=lambda g: (g.order, g.code)):
        rows = sorted(by_group[group.pk], key=lambda r: (r.order, r.code))
        first = min(y.year for r in rows for y in r.years)
        last = max(y.year for r in rows for y in r.years)
        span = list(range(first, last + 1))
        for row in rows:  # one cell per year of the area's table, empty outside the code's years
            present = {y.year: y for y in row.years}
            row.years = [present.get(year) or YearFigure(year=year) for year in span]
        areas.append(AreaFigures(group=group, years=span, rows=rows))
    return areas


def commune_indicator_tables(commune: Commune) -> list[dict[str, Any]]:
    """One commune's indicator list (yearly values, period value, target results by area, the rows written
    out as on the commune's own list), read in its own scope with the commune pages' own functions; nothing
    editable."""
    with commune_scope(commune):
        figures = Figures.read()
        return area_tables(figures.indicators, can_edit=lambda members: False, figures=figures, lines=True)


@dataclass
class IndexCell:
    score: IndexScore | None = None
    rank: int | None = None


@dataclass
class IndexRow:
    commune: Commune
    cells: list[IndexCell]


@dataclass
class IndexTable:
    year: int | None
    years: list[int]
    kinds: list[IndexKind]
    rows: list[IndexRow]


def competition_ranks(values: dict[int, Decimal]) -> dict[int, int]:
    """Ranks by value, highest first; equal values share a rank and the next rank skips (1, 1, 3)."""
    ordered = sorted(values.values(), reverse=True)
    first_place: dict[Decimal, int] = {}
    for place, value in enumerate(ordered, start=1):
        first_place.setdefault(value, place)
    return {key: first_place[value] for key, value in values.items()}


def index_table(year: int | None = None) -> IndexTable:
    """The index scores of every active commune for one year (the latest by default), communes × indices,
    with each commune's rank per index among the communes scored (by score over the scale, so that scores on
    different scales compare). Three queries."""
    active = Commune.objects.active()
    years = sorted(
        set(IndexScore.objects.filter(commune__in=active.values("pk")).values_list("year", flat=True)), reverse=True
    )
    if year not in years:
        year = years[0] if years else None
    scores = list(IndexScore.objects.filter(commune__in=active.values("pk"), year=year)) if year else []
    by_cell = {(s.commune_id, s.index): s for s in scores}
    ranks = {
        kind: competition_ranks(
            {s.commune_id: s.score / s.max_score for s in scores if s.index == kind and s.max_score}
        )
        for kind in IndexKind.values
    }
    communes = list(active)
    rows = [
        IndexRow(
            commune,
            [IndexCell(by_cell.get((commune.pk, kind)), ranks[kind].get(commune.pk)) for kind in IndexKind.values],
        )
        for commune in communes
    ]
    return IndexTable(year=year, years=years, kinds=list(IndexKind), rows=rows)

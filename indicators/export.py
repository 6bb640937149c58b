"""Phụ lục-style grid of every indicator: one sheet per area, values per year, period, targets, results."""

from __future__ import annotations

from decimal import Decimal

from indicators.figures import Figures, IndicatorRow, indicator_rows
from indicators.models import Aggregation, Indicator
from kimphuong.excel import Sheet
from kimphuong.models import TaskGroup

FIXED_HEADERS = ["Mã", "Chỉ tiêu", "Đơn vị tính", "Cách tổng hợp"]
TAIL_HEADERS = ["Cả giai đoạn", "Mục tiêu", "Kết quả"]


def indicator_queryset():
    """Everything the grid touches, in a fixed number of queries whatever the number of indicators."""
    return Indicator.objects.select_related("group", "numerator", "denominator", "responsible").prefetch_related(
        "values", "targets", "numerator__values", "denominator__values"
    )


def group_years(group_indicators: list[Indicator]) -> list[int]:
    first = min(ind.first_year for ind in group_indicators)
    last = max(ind.last_year for ind in group_indicators)
    return list(range(first, last + 1))


def _number(value: Decimal | None) -> float | None:
    # Excel stores floats; round ratios for reading, keep typed values as they are.
    return None if value is None else float(round(value, 2))


def _row(row: IndicatorRow, years: list[int], aggregations: dict[str, str]) -> list[object]:
    ind = row.indicator
    targets = "; ".join(
        f"{r.target.get_comparison_display()} {_number(r.target.value):g}"
        + (f" ({r.target.year})" if r.target.year else "")
        + f" – {r.target.source}"
        + ("" if r.target.is_verified else " [chưa đối chiếu]")
        for r in row.results
    )
    results = "; ".join(r.label for r in row.results)
    return [
        ind.code,
        ind.name,
        ind.unit or ("%" if ind.aggregation == Aggregation.RATIO else ""),
        aggregations.get(ind.aggregation, ind.aggregation),
        *[_number(row.yearly.get(y)) for y in years],
        _number(row.period),
        targets,
        results,
    ]


def build() -> list[Sheet]:
    figures = Figures.read()
    aggregations = {value: str(label) for value, label in Aggregation.choices}  # translated once, not per row
    sheets = []
    for group in TaskGroup.objects.all():
        members = [ind for ind in figures.indicators if ind.group_id == group.pk]
        if not members:
            continue
        years = group_years(members)
        rows = indicator_rows(members, years=years, figures=figures)
        sheets.append(
            Sheet(
                name=group.code,
                title=f"{group.code} – {group.name}",
                headers=[*FIXED_HEADERS, *[str(y) for y in years], *TAIL_HEADERS],
                rows=[_row(r, years, aggregations) for r in rows],
                widths=[10, 60, 12, 18, *[10] * len(years), 13, 36, 16],
            )
        )
    return sheets

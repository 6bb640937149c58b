"""The pages' tables of figures, built here so that the views only fetch, call and render:

- `AreaGrid`: one area's year-by-column grid of the figures a user enters, its save with per-cell checks
  and versions, and the rows it shows (what was typed is kept on a refusal);
- `area_tables`: the five-year tables of the indicator list, by area;
- `index_sections`: the index scores pivoted by kind, year and component, with their trends.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from indicators import charts
from indicators import export as indicator_export
from indicators.figures import Figures, IndicatorRow, check_grid, display_value, format_value, indicator_rows
from indicators.models import (
    Cell,
    FigureConflict,
    FigureEdit,
    IndexKind,
    IndexScore,
    Indicator,
    StaleFigures,
    feed_url_name,
    figures_save,
    parse_shown,
)
from kimphuong.links import pk_link
from kimphuong.models import TaskGroup, User


def _version(text: str | None) -> int:
    """The version a page says it showed; a mangled one never matches, so the cell is refused."""
    try:
        return int(text or 0)
    except ValueError:
        return -1


@dataclass
class AreaGrid:
    """The cells of `indicators` (the ones the user may enter) over their years, named v-<id>-<year>.

    A fed indicator (counted from a record, `Indicator.feed`) is shown read-only: it has no input, and a value
    posted for it anyway is ignored (figures_save would refuse it)."""

    indicators: list[Indicator]
    years: list[int] = field(init=False)
    names: dict[Cell, str] = field(init=False)
    typed: dict[Cell, str] = field(default_factory=dict)
    errors: dict[Cell, str] = field(default_factory=dict)
    conflicts: dict[Cell, FigureConflict] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    status: int = 200

    def __post_init__(self) -> None:
        self.years = indicator_export.group_years(self.indicators) if self.indicators else []
        self.names = {
            (ind.pk, year): f"v-{ind.pk}-{year}"
            for ind in self.indicators
            for year in self.years
            if ind.first_year <= year <= ind.last_year and not ind.is_fed
        }

    def save(self, post: Mapping[str, Any], *, by: User) -> int | None:
        """Check and save the cells the page sent (a cell absent from the POST is left as it is, never
        cleared). Returns how many changed, or None when refused: `status` is 400 with `errors`/`general`
        for invalid cells, 409 with `conflicts` for cells changed elsewhere meanwhile."""
        self.typed = {cell: post[name] for cell, name in self.names.items() if name in post}
        result = check_grid(self.indicators, self.years, self.typed)
        if not result.ok:
            self.errors, self.general, self.status = result.errors, result.general, 400
            return None
        edits = {
            cell: FigureEdit(
                value=value,
                shown=parse_shown(post.get(f"{self.names[cell]}-orig")),
                version=_version(post.get(f"{self.names[cell]}-v")),
            )
            for cell, value in result.values.items()
        }
        try:
            return figures_save(edits=edits, by=by)
        except StaleFigures as exc:
            self.conflicts = {c.cell: c for c in exc.conflicts}
            self.status = 409
            return None

    def rows(self, post: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The grid as shown: stored values, or what was typed when a save was refused."""
        stored = {(v.indicator_id, v.year): v for ind in self.indicators for v in ind.values.all()}
        rows = []
        for ind in self.indicators:
            cells = []
            for year in self.years:
                cell = (ind.pk, year)
                value = stored.get(cell)
                name = self.names.get(cell, "")
                if cell in self.typed:  # re-shown after a refusal: what the page had shown stays the reference
                    orig, version = post.get(f"{name}-orig", ""), _version(post.get(f"{name}-v"))
                else:
                    orig, version = format_value(value.value if value else None), value.version if value else 0
                if cell in self.conflicts:
                    version = self.conflicts[cell].version  # seen now: saving again keeps the user's number
                shown = self.typed[cell] if cell in self.typed else format_value(value.value if value else None)
                cells.append(
                    {
                        "name": name,
                        "year": year,
                        "active": bool(name),
                        "value": shown,
                        "orig": orig,
                        "version": version,
                        "error": self.errors.get(cell, ""),
                        "conflict": self.conflicts.get(cell),
                        "who": value,
                        "fed": ind.is_fed and ind.first_year <= year <= ind.last_year,
                    }
                )
            feed_url = reverse(url_name) if ind.is_fed and (url_name := feed_url_name(ind.feed)) else ""
            rows.append({"indicator": ind, "cells": cells, "feed_note": ind.feed_note, "feed_url": feed_url})
        return rows


def matching(indicators: list[Indicator], query: str) -> list[Indicator]:
    """The catalogue's search: every word of `query` in the code or the name (case and accents as typed)."""
    words = query.casefold().split()
    return [ind for ind in indicators if all(w in f"{ind.code} {ind.name}".casefold() for w in words)]


@dataclass
class ListedRow:
    """A line of the indicator list with its figures already written out, once, in Python: the template
    only places them (a template tag per cell of a five-year table costs more than the rest of the page)."""

    row: IndicatorRow
    url: str
    cells: str  # the <td> of each year, escaped
    period: str

    @classmethod
    def of(cls, row: IndicatorRow, url: str) -> ListedRow:
        ind = row.indicator
        cells = "".join(
            '<td class="text-end text-muted small">—</td>'
            if value is None
            else f'<td class="text-end">{escape(display_value(value, ind))}</td>'
            for value in row.cells
        )
        return cls(row, url, mark_safe(cells), display_value(row.period, ind))  # noqa: S308 - escaped above


def area_tables(
    indicators: list[Indicator], *, can_edit: Any, figures: Figures | None = None, lines: bool = False
) -> list[dict[str, Any]]:
    """The indicator list: per area, its years, the rows with period values and target results, and whether
    `can_edit(members)` lets the reader open the area's grid; with `lines`, the same rows written out for the
    indicator list page too. The values and targets are read in `figures` (`Figures.read`) or, without,
    prefetched on the indicators."""
    # Every link differs only by the pk at its end: reversed once, not once per row.
    detail = pk_link("indicators:indicator_detail")
    tables = []
    for group in TaskGroup.objects.all():
        members = [ind for ind in indicators if ind.group_id == group.pk]
        if not members:
            continue
        years = indicator_export.group_years(members)
        rows = indicator_rows(members, years=years, figures=figures)
        tables.append(
            {
                "group": group,
                "years": years,
                "rows": rows,
                "lines": [ListedRow.of(row, detail(row.indicator.pk)) for row in rows] if lines else [],
                "can_edit": bool(can_edit(members)),
            }
        )
    return tables


def index_sections() -> list[dict[str, Any]]:
    """Each index (PAR INDEX, SIPAS, PAPI, Bộ chỉ số 766): its scores by year, its trend, and its components
    pivoted as name × year (two queries)."""
    by_kind: dict[str, list[IndexScore]] = defaultdict(list)
    for score in IndexScore.objects.prefetch_related("components").order_by("index", "year"):
        by_kind[score.index].append(score)
    sections = []
    for kind in IndexKind:
        rows = by_kind.get(kind.value, [])
        chart = charts.line_chart(
            [charts.Series(str(kind.label), [(s.year, s.score) for s in rows])],
            title=str(kind.label),
            unit=rows[0].unit if rows else "",
            y_max=max((s.max_score for s in rows), default=None),
        )
        names: list[str] = []
        for s in rows:
            names += [c.name for c in s.components.all() if c.name not in names]
        components = [
            (name, [next((c for c in s.components.all() if c.name == name), None) for s in rows]) for name in names
        ]
        sections.append({"kind": kind, "rows": rows, "chart": chart, "components": components})
    return sections

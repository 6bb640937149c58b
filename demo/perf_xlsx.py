"""The Excel exports against their floor: plain openpyxl writing the same cells, no styles (issue 16, item 2).

`measure_xlsx` times a build and its floor in interleaved runs (build, floor, build, floor, …), so that a
slower moment of the machine weighs on both alike, and gives the medians, their ratio and the spread of
the per-run ratios. `export_measurements` does it for the tracking, indicators and emulation exports of the
commune in scope, and for the province's overview of every commune; the bench calls it.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from dataclasses import astuple, is_dataclass, replace
from functools import partial
from io import BytesIO
from typing import Any

from django.utils import timezone
from openpyxl import Workbook

from demo.perf import timed
from emulation import export as emulation_export
from emulation.forms import movement_years
from indicators import export as indicators_export
from kimphuong.excel import Sheet, sheets_to_xlsx
from kimphuong.scoping import all_communes
from province import export as province_export
from province import overview as province_overview
from reform import export as tracking_export
from reform.models import Task


def xlsx_floor(rows: list[list[Any]], *more: list[list[Any]]) -> bytes:
    """The same cells written by openpyxl alone: `ws.append` of each row, no style, no width, no filter.

    `rows` fill the first sheet; each further list of rows is one more sheet."""
    wb = Workbook()
    worksheets = [wb.worksheets[0], *(wb.create_sheet() for _ in more)]
    for ws, sheet_rows in zip(worksheets, (rows, *more), strict=True):
        for row in sheet_rows:
            ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def measure_xlsx(build: Callable[[], bytes], floor: Callable[[], bytes], runs: int = 5) -> dict[str, float]:
    """Medians of `runs` interleaved runs of build and floor (after one warm-up of each), their ratio, and
    the spread of the per-run ratios (lowest and highest)."""
    build()
    floor()
    builds, floors = [], []
    for _ in range(max(1, runs)):
        builds.append(timed(build))
        floors.append(timed(floor))
    ratios = sorted(b / f for b, f in zip(builds, floors, strict=True))
    build_s, floor_s = statistics.median(builds), statistics.median(floors)
    return {
        "build_s": round(build_s, 4),
        "floor_s": round(floor_s, 4),
        "ratio": round(build_s / floor_s, 2),
        "ratio_min": round(ratios[0], 2),
        "ratio_max": round(ratios[-1], 2),
        "runs": max(1, runs),
    }


def sheet_cells(sheets: Iterable[Sheet]) -> list[list[list[Any]]]:
    """Each sheet's cells as plain rows (title line, header, rows), for the floor."""
    result = []
    for sheet in sheets:
        rows: list[list[Any]] = [[sheet.title]] if sheet.title else []
        rows.append(list(sheet.headers))
        rows.extend(list(astuple(r)) if is_dataclass(r) and not isinstance(r, type) else list(r) for r in sheet.rows)
        result.append(rows)
    return result


def _tracking_sheets() -> list[Sheet]:
    return [tracking_export.sheet(Task.objects.all())]


def _emulation_sheets() -> list[Sheet]:
    first, last = movement_years()
    return emulation_export.build(list(range(first, last + 1)))


def _province_xlsx() -> bytes:
    """The province's overview export as its view builds it (in the province's scope: every commune)."""
    with all_communes():
        return province_export.overview_xlsx(province_overview.build(today=timezone.localdate()))


def _province_sheets() -> list[Sheet]:
    with all_communes():
        return [province_export.sheet(province_overview.build(today=timezone.localdate()))]


EXPORTS: dict[str, tuple[Callable[[], bytes], Callable[[], list[Sheet]]]] = {
    # name: (the export as its view builds it, the sheets it writes)
    "tracking": (lambda: tracking_export.to_xlsx(Task.objects.all()), _tracking_sheets),
    "indicators": (lambda: sheets_to_xlsx(indicators_export.build()), indicators_export.build),
    "emulation": (lambda: sheets_to_xlsx(_emulation_sheets()), _emulation_sheets),
    "province": (_province_xlsx, _province_sheets),
}


def export_measurements(runs: int = 5, names: Iterable[str] = EXPORTS) -> dict[str, dict[str, Any]]:
    """Each export against openpyxl alone writing the cells it wrote (gathered once, before timing), inside
    the commune scope of the caller: {name: {"cells", "export": the whole export from the database to bytes,
    "writer": `sheets_to_xlsx` alone on the same rows already read}}, each a `measure_xlsx` result."""
    result = {}
    for name in names:
        build, make_sheets = EXPORTS[name]
        sheets = [replace(s, rows=list(s.rows)) for s in make_sheets()]
        cells = sheet_cells(sheets)
        floor = partial(xlsx_floor, *cells)
        result[name] = {
            "cells": sum(len(row) for rows in cells for row in rows),
            "export": measure_xlsx(build, floor, runs=runs),
            "writer": measure_xlsx(partial(sheets_to_xlsx, sheets), floor, runs=runs),
        }
    return result

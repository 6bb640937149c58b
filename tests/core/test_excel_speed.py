"""The one Excel writer at openpyxl's floor (issue 16, item 2): the same workbooks as the straightforward
per-cell writer it replaced, byte for byte; the tracking export streamed from plain values; the floor measure."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import astuple, dataclass, is_dataclass, replace
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.utils import get_column_letter

from demo.perf_xlsx import EXPORTS, export_measurements, measure_xlsx, sheet_cells, xlsx_floor
from demo.scale import grow
from dissemination import export as dissemination_export
from kimphuong.excel import (
    BOX,
    CELL_STYLE,
    FONT,
    HEADER_STYLE,
    TITLE_STYLE,
    Sheet,
    as_text,
    header_style,
    register_styles,
    sheets_to_xlsx,
)
from kimphuong.text import clean_text
from reform import export as tracking
from reform.models import Status, Task


def _reference_xlsx(sheets: list[Sheet]) -> bytes:
    """The writer as it was before issue 16: a cell, its named style set by name, then as_text, per cell."""
    wb = Workbook(write_only=True)
    register_styles(
        wb,
        header_style(),
        NamedStyle(TITLE_STYLE, font=Font(name=FONT, bold=True, size=13)),
        NamedStyle(CELL_STYLE, font=Font(name=FONT), border=BOX, alignment=Alignment(vertical="top", wrap_text=True)),
    )
    for sheet in sheets:
        ws = wb.create_sheet(title=sheet.name[:31])
        for index, width in enumerate(sheet.widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        header_row = 1
        if sheet.title:
            cell = WriteOnlyCell(ws, value=clean_text(sheet.title))
            cell.style = TITLE_STYLE
            ws.append([as_text(cell)])
            header_row = 2
        ws.freeze_panes = f"A{header_row + 1}"
        headers = []
        for text in sheet.headers:
            cell = WriteOnlyCell(ws, value=clean_text(text))
            cell.style = HEADER_STYLE
            headers.append(as_text(cell))
        ws.append(headers)
        count = 0
        for row in sheet.rows:
            count += 1
            cells = []
            for index, value in enumerate(astuple(row) if is_dataclass(row) else tuple(row)):
                cell = WriteOnlyCell(ws, value=clean_text(value))
                cell.style = CELL_STYLE
                as_text(cell)
                if index in sheet.date_columns:
                    cell.number_format = "DD/MM/YYYY"
                cells.append(cell)
            ws.append(cells)
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(sheet.headers))}{header_row + count}"
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


_NUMBER_FORMAT = re.compile(rb'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/>')


def _styles_by_format_code(xml: bytes) -> bytes:
    """The style sheet with each custom number format's code in place of its id: the old writer also
    registered a date format no cell used ("yyyy-mm-dd", set while binding a date before the named style
    replaced it), which shifted the ids of the formats that follow."""
    codes = dict(_NUMBER_FORMAT.findall(xml))
    xml = re.sub(rb"<numFmts .*?</numFmts>", b"", xml)
    return re.sub(rb'numFmtId="(\d+)"', lambda m: b'numFmtId="' + codes.get(m[1], m[1]) + b'"', xml)


def _members(data: bytes) -> dict[str, bytes]:
    """Every part of the package but its properties (which hold the time it was written)."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist() if not name.startswith("docProps/")}
    members["xl/styles.xml"] = _styles_by_format_code(members["xl/styles.xml"])
    return members


def _assert_same_workbook(sheets: list[Sheet]) -> None:
    sheets = [replace(s, rows=list(s.rows)) for s in sheets]  # both writers read the same rows
    ours, reference = _members(sheets_to_xlsx(sheets)), _members(_reference_xlsx(sheets))
    assert ours.keys() == reference.keys()
    for name in ours:
        assert ours[name] == reference[name], name


@dataclass(frozen=True)
class _Row:
    text: str
    day: dt.date | None
    number: float | None
    moment: dt.datetime | None


def test_every_kind_of_cell_is_written_as_before():
    """Strings (formula-like ones with the quote prefix, control characters dropped), empty cells, numbers,
    dates in and out of the date columns, datetimes, dataclass rows and plain rows, several sheets."""
    day, moment = dt.date(2025, 3, 4), dt.datetime(2025, 3, 4, 10, 30)  # noqa: DTZ001 - local wall time, as written
    sheets = [
        Sheet(
            "Bảng một",
            ["Chữ", "Ngày", "Số", "Lúc"],
            [
                _Row("=1+1", day, 1.5, moment),
                _Row("+84 912", None, None, None),
                _Row("#N/A", day, -3, moment),
                _Row("Có\x07 ký tự\u202e lạ", day, 0, None),
                _Row("", None, 12345678, moment),
            ],
            widths=[30, 12, 10, 18],
            date_columns=frozenset({1}),
            title="Tiêu đề = bảng",
        ),
        Sheet("Hai", ["A", "B"], [["@x", day], [moment, "-1"], [None, 7]], date_columns=frozenset({0})),
        Sheet("Trống", ["Chỉ tiêu đề"], []),
    ]
    _assert_same_workbook(sheets)


def _reference_tracking_rows(tasks) -> list[tracking.Row]:
    """The tracking rows as they were read before issue 16: model instances and a prefetch."""
    rows = []
    for task in tasks.for_tracking().prefetch_related("co_owners"):
        status = task.status
        last = ""
        if task.last_event_at and task.last_event_status:
            local = timezone.localtime(task.last_event_at)
            last = f"{Status(task.last_event_status).label}, {local:%d/%m/%Y} {local:%H:%M}"
        rows.append(
            tracking.Row(
                area=task.group.name,
                code=task.code,
                task=task.content,
                lead=task.lead.display_name,
                co_owners=", ".join(u.display_name for u in task.co_owners.all()) or task.coordination_text,
                due_date=task.due_date,
                status=str(Status(status).label),
                last_event=last,
                return_reason=task.assessment.return_reason if status == Status.RETURNED else "",
                evidence_count=task.evidence_count,
            )
        )
    return rows


def test_the_tracking_rows_are_those_read_from_model_instances(demo):
    tasks = Task.objects.all()
    rows = list(tracking.build(tasks))
    assert rows == _reference_tracking_rows(tasks)
    assert {r.status for r in rows} >= {str(Status.ACCEPTED.label), str(Status.RETURNED.label)}
    assert any(r.co_owners for r in rows) and any(r.last_event for r in rows)


@pytest.mark.parametrize("name", list(EXPORTS))
def test_the_demo_exports_are_the_workbooks_the_old_writer_made(demo, name):
    _build, sheets = EXPORTS[name]
    _assert_same_workbook(sheets())


def test_the_dissemination_export_is_the_workbook_the_old_writer_made(demo):
    _assert_same_workbook(dissemination_export.build([2023, 2024, 2025]))


def test_the_demo_tracking_export_keeps_its_look(demo):
    ws = load_workbook(BytesIO(tracking.to_xlsx(Task.objects.all()))).active
    assert ws.title == tracking.TITLE
    assert [c.value for c in ws[1]] == tracking.HEADERS
    assert all(c.font.bold and c.border.left.style == "thin" for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:J{Task.objects.count() + 1}"
    assert ws.column_dimensions["C"].width == 60
    first = ws[2]
    assert isinstance(first[5].value, dt.datetime) and first[5].number_format == "DD/MM/YYYY"
    assert not first[2].font.bold and first[2].font.name == FONT and first[2].border.bottom.style == "thin"
    assert first[2].alignment.wrap_text


def test_a_large_tracking_export_streams_and_reopens_with_every_row(demo, settings, django_assert_num_queries):
    grow(40)  # 2,480 tasks: five chunks of rows
    tasks = Task.objects.all()
    expected = list(tracking.build(tasks))
    assert len(expected) == 62 * 40
    with django_assert_num_queries(2 * 5):  # each chunk of 500: its tasks (after the last read), their co-owners
        data = tracking.to_xlsx(tasks)
    ws = load_workbook(BytesIO(data), read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == tracking.HEADERS
    assert len(rows) == len(expected) + 1
    for row, wanted in zip(rows[1:], expected, strict=True):
        values = [v.date() if isinstance(v, dt.datetime) else v for v in row]
        assert values == [v or None if isinstance(v, str) else v for v in astuple(wanted)]


def test_measure_xlsx_returns_medians_ratio_and_spread():
    rows = [["Mã", "Tên", 1.5, dt.date(2025, 1, 2)]] * 20
    result = measure_xlsx(lambda: sheets_to_xlsx([Sheet("A", ["a", "b", "c", "d"], rows)]), lambda: xlsx_floor(rows), 2)
    assert result.keys() == {"build_s", "floor_s", "ratio", "ratio_min", "ratio_max", "runs"}
    assert result["runs"] == 2 and result["ratio_min"] <= result["ratio_max"]
    assert load_workbook(BytesIO(xlsx_floor(rows, rows[:3]))).sheetnames == ["Sheet", "Sheet1"]


def test_export_measurements_cover_the_four_exports(demo):
    result = export_measurements(runs=1)
    assert result.keys() == {"tracking", "indicators", "emulation", "province"}
    for figures in result.values():
        assert figures["cells"] > 0
        assert figures["export"]["ratio"] > 0 and figures["writer"]["ratio"] > 0
    assert result["tracking"]["cells"] == (Task.objects.count() + 1) * len(tracking.HEADERS)


def test_sheet_cells_are_title_header_and_rows():
    sheet = Sheet("A", ["x", "y"], [_Row("a", None, 1, None)], title="T")
    assert sheet_cells([sheet]) == [[["T"], ["x", "y"], ["a", None, 1, None]]]

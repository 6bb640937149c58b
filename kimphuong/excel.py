"""The one Excel writer (and safe reader) of the project: rows in, .xlsx bytes out, with one set of styles.

No request, no HttpResponse: views only wrap the bytes. Each app builds its own sheets and hands them here.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from io import BytesIO
from operator import attrgetter
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from kimphuong.text import strip_controls

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FONT = "Times New Roman"
_THIN = Side(style="thin", color="000000")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

# The one look of a column header in every workbook the product writes: bold Times New Roman on light
# blue, centred and wrapped, in a thin box. Registered once per workbook as a named style.
HEADER_STYLE = "Tiêu đề cột"
TITLE_STYLE = "Tiêu đề bảng tính"
CELL_STYLE = "Ô nội dung"


def header_style(*, size: float = 11, name: str = HEADER_STYLE) -> NamedStyle:
    return NamedStyle(
        name,
        font=Font(name=FONT, bold=True, size=size),
        border=BOX,
        fill=PatternFill("solid", fgColor="DDEBF7"),
        alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
    )


def register_styles(wb: Workbook, *styles: NamedStyle) -> None:
    """Named styles, registered once in the workbook (cells then refer to them by name)."""
    for style in styles:
        if style.name not in wb.named_styles:
            wb.add_named_style(style)


# What Excel (or LibreOffice, or a CSV re-save) would take as the start of a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell: Cell) -> Cell:
    """A string is stored as text, never as a formula or an error code: openpyxl makes "=…" a formula and
    "#N/A" an error. A string that a spreadsheet would read as a formula once edited also gets the quote
    prefix (Excel's leading apostrophe, not part of the value), so it stays text after editing."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_START):
            cell.quotePrefix = True
    return cell


def text_cells(wb: Workbook) -> None:
    """`as_text` on every cell of a (normal mode) workbook, just before saving it."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell, Cell):  # a MergedCell holds no value
                    as_text(cell)


@dataclass
class Sheet:
    """One worksheet: an optional title line above the header, then rows (dataclasses or sequences)."""

    name: str
    headers: list[str]
    rows: Iterable[Any]
    widths: list[int] = field(default_factory=list)
    date_columns: frozenset[int] = frozenset()
    title: str = ""


def rows_to_xlsx(
    rows: Iterable[Any],
    *,
    headers: list[str],
    title: str,
    widths: list[int] | None = None,
    date_columns: set[int] | frozenset[int] = frozenset(),
) -> bytes:
    """A single formatted sheet (see `sheets_to_xlsx`)."""
    return sheets_to_xlsx([Sheet(title, headers, rows, list(widths or []), frozenset(date_columns))])


def sheets_to_xlsx(sheets: list[Sheet]) -> bytes:
    """Formatted sheets written row by row (write-only mode): bold header, widths, frozen header, filters."""
    wb = Workbook(write_only=True)
    register_styles(
        wb,
        header_style(),
        NamedStyle(TITLE_STYLE, font=Font(name=FONT, bold=True, size=13)),
        NamedStyle(CELL_STYLE, font=Font(name=FONT), border=BOX, alignment=Alignment(vertical="top", wrap_text=True)),
    )
    styles = _Styles(wb)
    for sheet in sheets:
        _write_sheet(wb, sheet, styles)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


DATE_FORMAT = "DD/MM/YYYY"
_MAX_TEXT = 32767  # characters in a cell: openpyxl cuts a longer string there
_DATES = (dt.date, dt.datetime)  # what a date column holds (a date outside one goes the long way)
_PLAIN = {int: "n", float: "n", bool: "b"}  # openpyxl's own data types of these (`Cell._bind_value`)


class _Cell(Cell):
    """openpyxl's cell, its style already registered with the workbook: the writer asks a cell for its style's
    index and whether it has a style once each per cell, which would hash its style array every time."""

    __slots__ = ("_style_id", "_styled")
    _style_id: int
    _styled: bool

    @property
    def style_id(self) -> int:
        return self._style_id

    @property
    def has_style(self) -> bool:
        return self._styled


class _WriteOnlySheet(WriteOnlyWorksheet):
    """A write-only sheet whose rows are the writer's own cells, taken as they are: openpyxl's sheet tries each
    appended item as a value first (and builds an error message for it) before it takes it as a cell."""

    def _values_to_row(self, values: list[_Cell], row_idx: int) -> Iterator[_Cell]:
        for col_idx, cell in enumerate(values, 1):
            cell.column = col_idx
            cell.row = row_idx
            yield cell


class _Styles:
    """The style arrays of one workbook, built once from the named styles and reused by every cell.

    Setting `cell.style = name` looks the named style up and copies its array for each cell (a third of the
    writing time); a cell built from a prepared array, its index in the workbook registered when the array is
    first used, skips that. Same styles in the file: the arrays are exactly those the named styles give (plus
    the quote prefix or the date format), registered in the order the cells using them are written (the
    cells of a row are all prepared, in order, before the row is written).
    """

    def __init__(self, wb: Workbook) -> None:
        self._wb = wb
        self._arrays: dict[tuple[str, bool, str | None], Any] = {}
        self._ready: dict[tuple[str, bool, str | None], tuple[Any, int, bool]] = {}

    def array(self, ws: Any, name: str, *, quoted: bool = False, number_format: str | None = None) -> Any:
        key = (name, quoted, number_format)
        if key not in self._arrays:
            prototype = Cell(ws, 1, 1)
            prototype.style = name  # the named style first: it resets quotePrefix and the number format
            if quoted:
                prototype.quotePrefix = True
            if number_format:
                prototype.number_format = number_format
            self._arrays[key] = prototype._style  # type: ignore[attr-defined]  # openpyxl's array for it
        return self._arrays[key]

    def _registered(self, ws: Any, key: tuple[str, bool, str | None]) -> tuple[Any, int, bool]:
        """The array of a style, its index among the workbook's cell styles (registered now, as openpyxl
        registers it when writing the first cell using it) and whether it is a style at all."""
        name, quoted, number_format = key
        array = self.array(ws, name, quoted=quoted, number_format=number_format)
        self._ready[key] = (array, self._wb._cell_styles.add(array), any(array))  # type: ignore[attr-defined]
        return self._ready[key]

    def fill(self, cell: _Cell, value: Any, name: str, number_format: str | None) -> _Cell:
        """`cell` (reused from row to row) now holding `value` (cleaned, a string always as text: see
        `as_text`) in the named style; a value of an unusual type in a new cell, bound by openpyxl."""
        ws = cell.parent
        kind = type(value)
        if kind is str:
            value = strip_controls(value)
            # What binding the string would store, without its checks (`strip_controls` has dropped every
            # character openpyxl refuses) and as text, never a formula or an error code.
            cell._value = value[:_MAX_TEXT]  # type: ignore[attr-defined]
            cell.data_type = "s"
            quoted = value.startswith(FORMULA_START)
        elif value is None or kind in _PLAIN:
            cell._value = value  # type: ignore[attr-defined]
            cell.data_type = _PLAIN.get(kind, "n")
            quoted = False
        elif kind in _DATES and number_format is not None:
            cell._value = value  # type: ignore[attr-defined]
            cell.data_type = "d"  # the column's date format stays (binding keeps a date format)
            quoted = False
        else:
            return self._bound(ws, value, name, number_format)
        key = (name, quoted, number_format)
        style = self._ready.get(key) or self._registered(ws, key)
        cell._style, cell._style_id, cell._styled = style  # type: ignore[attr-defined]
        return cell

    def cell(self, ws: Any, value: Any, name: str, *, number_format: str | None = None) -> _Cell:
        """A new cell holding `value` in the named style (see `fill`)."""
        return self.fill(_Cell(ws, 1, 1), value, name, number_format)

    def _bound(self, ws: Any, value: Any, name: str, number_format: str | None) -> _Cell:
        """A new cell holding `value` of an unusual type, bound by openpyxl, in the named style."""
        cell = _Cell(ws, 1, 1, value, style_array=self.array(ws, name, number_format=number_format))
        if cell.data_type == "d" and number_format is None:
            # As when the named style was set after the value: a date outside the date columns keeps the
            # style's General format.
            cell.number_format = "General"
        cell._style_id = self._wb._cell_styles.add(cell._style)  # type: ignore[attr-defined]
        cell._styled = any(cell._style)  # type: ignore[attr-defined]
        return cell


@cache
def _fields_of(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """A dataclass row's values in field order (`astuple` without its deep copy: the values are plain)."""
    names = [f.name for f in fields(cls)]
    if len(names) == 1:  # attrgetter of one name gives the value itself, not a tuple
        return lambda row: (getattr(row, names[0]),)
    return attrgetter(*names)


def _write_sheet(wb: Workbook, sheet: Sheet, styles: _Styles) -> None:
    ws: Any = _WriteOnlySheet(parent=wb, title=_sheet_name(sheet.name))
    wb._add_sheet(ws)  # type: ignore[attr-defined]  # what `create_sheet` does with openpyxl's own sheet
    for index, width in enumerate(sheet.widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    header_row = 1
    if sheet.title:
        ws.append([styles.cell(ws, sheet.title, TITLE_STYLE)])
        header_row = 2
    ws.freeze_panes = f"A{header_row + 1}"
    ws.append([styles.cell(ws, text, HEADER_STYLE) for text in sheet.headers])
    formats = [DATE_FORMAT if index in sheet.date_columns else None for index in range(len(sheet.headers))]
    # One cell per column, reused from row to row: a row is written when appended, before the next is filled.
    cells: list[_Cell] = []
    fill = styles.fill
    count = 0
    for row in sheet.rows:
        count += 1
        values = _fields_of(type(row))(row) if is_dataclass(row) and not isinstance(row, type) else row
        while len(cells) < len(values):
            cells.append(_Cell(ws, 1, 1))
            formats.append(None)
        ws.append([fill(cells[index], value, CELL_STYLE, formats[index]) for index, value in enumerate(values)])
    last = get_column_letter(len(sheet.headers))
    ws.auto_filter.ref = f"A{header_row}:{last}{header_row + count}"


_SHEET_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")


def _sheet_name(name: str) -> str:
    """Excel refuses some characters in sheet names and anything past 31 characters."""
    return _SHEET_FORBIDDEN.sub("-", name)[:31] or "Sheet"


class WorkbookRefused(Exception):
    """The upload is not a workbook we agree to open (not a zip, or too large once unpacked)."""


def read_workbook(source: IO[bytes] | bytes, *, unreadable: str) -> Any:
    """Open an .xlsx for reading, refusing before openpyxl parses it a file that is not a zip archive or
    whose members add up to more than IMPORT_MAX_UNCOMPRESSED_MB once unpacked (a zip bomb).

    The sizes are the ones the archive declares; zipfile never inflates a member beyond its declared size,
    so the declared total bounds what openpyxl can unpack.
    """
    handle = BytesIO(source) if isinstance(source, bytes | bytearray) else source
    limit_mb = settings.IMPORT_MAX_UNCOMPRESSED_MB
    try:
        handle.seek(0)
        with zipfile.ZipFile(handle) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise WorkbookRefused(unreadable) from None
    if unpacked > limit_mb * 1024 * 1024:
        raise WorkbookRefused(
            _("Tệp quá lớn khi giải nén (%(size)s MB, tối đa %(limit)s MB): không nhập.")
            % {"size": f"{unpacked / 1048576:.1f}".replace(".", ","), "limit": limit_mb}
        )
    handle.seek(0)
    try:
        return load_workbook(handle, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - whatever openpyxl raises, the answer for the clerk is the same
        raise WorkbookRefused(unreadable) from None

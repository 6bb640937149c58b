"""The one Excel writer (and safe reader) of the project: rows in, .xlsx bytes out, with one set of styles.

No request, no HttpResponse: views only wrap the bytes. Each app builds its own sheets and hands them here.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from io import BytesIO
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

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
    styles = _Styles()
    for sheet in sheets:
        _write_sheet(wb, sheet, styles)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


DATE_FORMAT = "DD/MM/YYYY"
_MAX_TEXT = 32767  # characters in a cell: openpyxl cuts a longer string there


class _Cell(Cell):
    """openpyxl's cell with a short repr. A write-only sheet first tries each appended item as a value and
    only then takes it as a cell, formatting an error message with the item's repr on the way: the full repr
    (sheet title and coordinate) would be built once per cell for nothing."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<Cell>"


class _Styles:
    """The style arrays of one workbook, built once from the named styles and reused by every cell.

    Setting `cell.style = name` looks the named style up and copies its array for each cell (a third of the
    writing time); a cell built with `style_array=` starts from the prepared array instead. Same styles in
    the file: the arrays are exactly those the named styles give (plus the quote prefix or the date format).
    """

    def __init__(self) -> None:
        self._arrays: dict[tuple[str, bool, str | None], Any] = {}

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

    def cell(self, ws: Any, value: Any, name: str, *, number_format: str | None = None) -> Cell:
        """A cell holding `value` (cleaned, a string always as text: see `as_text`) in the named style."""
        if isinstance(value, str):
            value = strip_controls(value)
            quoted = value.startswith(FORMULA_START)
            cell = _Cell(ws, 1, 1, style_array=self.array(ws, name, quoted=quoted, number_format=number_format))
            # What binding the string would store, without its checks (`strip_controls` has dropped every
            # character openpyxl refuses) and as text, never a formula or an error code.
            cell._value = value[:_MAX_TEXT]  # type: ignore[attr-defined]
            cell.data_type = "s"
            return cell
        cell = _Cell(ws, 1, 1, value, style_array=self.array(ws, name, number_format=number_format))
        if cell.data_type == "d" and number_format is None:
            # As when the named style was set after the value: a date outside the date columns keeps the
            # style's General format.
            cell.number_format = "General"
        return cell


@cache
def _fields_of(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """A dataclass row's values in field order (`astuple` without its deep copy: the values are plain)."""
    names = [f.name for f in fields(cls)]
    return lambda row: tuple(getattr(row, name) for name in names)


def _write_sheet(wb: Workbook, sheet: Sheet, styles: _Styles) -> None:
    ws = wb.create_sheet(title=_sheet_name(sheet.name))
    for index, width in enumerate(sheet.widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    header_row = 1
    if sheet.title:
        ws.append([styles.cell(ws, sheet.title, TITLE_STYLE)])
        header_row = 2
    ws.freeze_panes = f"A{header_row + 1}"
    ws.append([styles.cell(ws, text, HEADER_STYLE) for text in sheet.headers])
    formats = [DATE_FORMAT if index in sheet.date_columns else None for index in range(len(sheet.headers))]
    cell = styles.cell
    count = 0
    for row in sheet.rows:
        count += 1
        values = _fields_of(type(row))(row) if is_dataclass(row) and not isinstance(row, type) else row
        ws.append(
            [
                cell(ws, value, CELL_STYLE, number_format=formats[index] if index < len(formats) else None)
                for index, value in enumerate(values)
            ]
        )
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

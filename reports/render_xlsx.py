"""The appendix tables in Excel: one sheet per phụ lục, each table under its title.

The tables arrive as display strings in Vietnamese format ("1.386", "99,8%", "86,2"); numbers are written back
as numbers with a standard number format (Excel shows them in the reader's locale), codes ("TTHC.3a") stay
text, as does every other string, even one beginning with "=" (never a formula). Each sheet is ready to use
and to print: frozen header, filter, A4 landscape fitted to the width, the header row repeated on each printed
page, column widths from the content.
"""

from __future__ import annotations

import math
import re
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from kimphuong.excel import BOX, FONT, header_style, register_styles, text_cells
from kimphuong.text import clean_text
from reports.document import OfficialDocument, Table

MAX_WIDTH = 60  # characters
_BOX = BOX

TITLE, NOTE, TABLE_TITLE = "Tiêu đề phụ lục", "Ghi chú phụ lục", "Tên bảng"
HEADER, TEXT, NUMBER = "Tiêu đề bảng", "Ô số liệu", "Ô số"

# "1.386", "-12", "86,2", "99,8%": Vietnamese grouping "." and decimal ",". "05" (a leading zero) stays text.
_NUMBER = re.compile(r"(-?)(\d{1,3}(?:\.\d{3})+|0|[1-9]\d*)(?:,(\d+))?(%?)")


def _styles(wb: Workbook) -> None:
    """The cell styles, registered once in the workbook (not a Font/Border per cell)."""
    styles = [
        NamedStyle(TITLE, font=Font(name=FONT, bold=True, size=13)),
        NamedStyle(NOTE, font=Font(name=FONT, italic=True, size=12)),
        NamedStyle(TABLE_TITLE, font=Font(name=FONT, bold=True, size=12)),
        header_style(size=12, name=HEADER),
        NamedStyle(
            TEXT, font=Font(name=FONT, size=12), border=_BOX, alignment=Alignment(vertical="top", wrap_text=True)
        ),  # fmt: skip
        NamedStyle(
            NUMBER, font=Font(name=FONT, size=12), border=_BOX, alignment=Alignment(horizontal="right", vertical="top")
        ),  # fmt: skip
    ]
    register_styles(wb, *styles)


def parse_number(text: str) -> tuple[int | float, str] | None:
    """(value, number format) for a Vietnamese-formatted number, None for anything else."""
    match = _NUMBER.fullmatch(text.strip())
    if not match:
        return None
    sign, whole, decimals, percent = match.groups()
    grouped = "." in whole
    number: int | float = int(whole.replace(".", ""))
    decimal_format = f".{'0' * len(decimals)}" if decimals else ""
    if decimals:
        number = float(f"{number}.{decimals}")
    if sign:
        number = -number
    if percent:
        return number / 100, f"0{decimal_format}%"
    base = "#,##0" if grouped or abs(number) >= 10000 else "0"
    return number, base + decimal_format


def _display_length(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


def render(doc: OfficialDocument) -> bytes:
    wb = Workbook()
    wb.remove(wb.worksheets[0])  # the empty sheet a new workbook has
    _styles(wb)
    for appendix in doc.appendices:
        ws = wb.create_sheet(f"Phụ lục {appendix.number}")
        for text, style in ((f"Phụ lục {appendix.number}", TITLE), (appendix.title, TITLE),
                            (appendix.reference, NOTE)):  # fmt: skip
            ws.append([clean_text(text)])
            ws.cell(row=ws.max_row, column=1).style = style
        lengths: dict[int, list[int]] = {}
        headers: dict[int, int] = {}
        first: tuple[int, int, int] | None = None  # header row, last row, columns of the first table
        tables: list[tuple[int, int, int]] = []
        for block in appendix.blocks:
            if not isinstance(block, Table):
                continue
            ws.append([])
            if block.title:
                ws.append([clean_text(block.title)])
                ws.cell(row=ws.max_row, column=1).style = TABLE_TITLE
            ws.append([clean_text(h) for h in block.headers])
            header_row = ws.max_row
            for index, text in enumerate(block.headers, start=1):
                ws.cell(row=header_row, column=index).style = HEADER
                longest_word = max((len(w) for w in str(text).split()), default=0)
                headers[index] = max(headers.get(index, 0), longest_word + 1, math.ceil(len(str(text)) / 3))
            for values in block.rows:
                ws.append([_value(v) for v in values])
                for index, raw in enumerate(values, start=1):
                    cell = ws.cell(row=ws.max_row, column=index)
                    parsed = parse_number(str(raw)) if isinstance(cell.value, int | float) else None
                    if parsed:
                        cell.style = NUMBER
                        cell.number_format = parsed[1]
                    else:
                        cell.style = TEXT
                    lengths.setdefault(index, []).append(_display_length(str(raw)))
            tables.append((header_row, ws.max_row, len(block.headers)))
            if first is None:
                first = tables[0]
        widths: dict[int, float] = {}
        for index in set(headers) | set(lengths):
            column = sorted(lengths.get(index, [0]))
            typical = column[min(len(column) - 1, int(len(column) * 0.8))]  # long outliers wrap instead
            widths[index] = min(MAX_WIDTH, max(6, headers.get(index, 0) + 1, typical + 2))
            ws.column_dimensions[get_column_letter(index)].width = widths[index]
        for header_row, last_row, columns in tables:
            for row in range(header_row, last_row + 1):
                _fit_height(ws, row, columns, widths)
        _sheet_setup(ws, first)
    text_cells(wb)  # "=…", "+…", "#N/A": text, never a formula or an error
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


LINE_PT = 15.75  # one line of 12 pt Times New Roman in a cell


def _fit_height(ws, row: int, columns: int, widths: dict[int, float]) -> None:
    """A row as high as its longest wrapped cell (estimated from the text length and the column width),
    so that wrapped text never runs over the next row in Excel or LibreOffice."""
    lines = 1
    for index in range(1, columns + 1):
        value = ws.cell(row=row, column=index).value
        if not isinstance(value, str):
            continue
        per_line = max(1.0, (widths.get(index, 8) - 1) * 0.95)
        lines = max(lines, sum(max(1, math.ceil(len(part) / per_line)) for part in value.splitlines() or [""]))
    if lines > 1:
        ws.row_dimensions[row].height = lines * LINE_PT


def _value(raw: object) -> object:
    text = clean_text(str(raw))
    parsed = parse_number(text)
    if parsed:
        return parsed[0]
    return text or None


def _sheet_setup(ws, first: tuple[int, int, int] | None) -> None:
    """Frozen header, filter and print titles on the first table; A4 landscape, one page wide."""
    if first is not None:
        header_row, last_row, columns = first
        ws.freeze_panes = f"A{header_row + 1}"
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(columns)}{max(last_row, header_row + 1)}"
        ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True

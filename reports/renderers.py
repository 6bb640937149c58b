"""Turn rows into file bytes. No request, no HttpResponse: views only wrap the bytes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import astuple
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

# Characters that XML 1.0 (and so every .xlsx/.docx) cannot hold.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_THIN = Side(style="thin", color="999999")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def clean_text(value: Any) -> Any:
    return _ILLEGAL_XML.sub("", value) if isinstance(value, str) else value


def rows_to_xlsx(
    rows: Iterable[Any],
    *,
    headers: list[str],
    title: str,
    widths: list[int] | None = None,
    date_columns: set[int] | frozenset[int] = frozenset(),
) -> bytes:
    """A formatted sheet written row by row (write-only mode): bold header, widths, frozen header, filters."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])  # Excel's sheet-name limit
    for index, width in enumerate(widths or [], start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = Font(name="Times New Roman", bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
        header_cells.append(cell)
    ws.append(header_cells)
    count = 0
    for row in rows:
        count += 1
        cells = []
        for index, value in enumerate(astuple(row)):
            cell = WriteOnlyCell(ws, value=clean_text(value))
            cell.font = Font(name="Times New Roman")
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
            if index in date_columns:
                cell.number_format = "DD/MM/YYYY"
            cells.append(cell)
        ws.append(cells)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

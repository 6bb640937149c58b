"""The appendix tables in Excel: one sheet per phụ lục, each table under its title."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from reports.document import OfficialDocument, Table
from reports.renderers import clean_text

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def render(doc: OfficialDocument) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for appendix in doc.appendices:
        ws = wb.create_sheet(f"Phụ lục {appendix.number}")
        ws.append([f"Phụ lục {appendix.number}"])
        ws.append([clean_text(appendix.title)])
        ws.append([clean_text(appendix.reference)])
        for row in (1, 2):
            ws.cell(row=row, column=1).font = Font(name="Times New Roman", bold=True, size=13)
        ws.cell(row=3, column=1).font = Font(name="Times New Roman", italic=True)
        widest = 1
        for block in appendix.blocks:
            if not isinstance(block, Table):
                continue
            ws.append([])
            if block.title:
                ws.append([clean_text(block.title)])
                ws.cell(row=ws.max_row, column=1).font = Font(name="Times New Roman", bold=True)
            ws.append([clean_text(h) for h in block.headers])
            for cell in ws[ws.max_row]:
                cell.font = Font(name="Times New Roman", bold=True)
                cell.fill = PatternFill("solid", fgColor="DDEBF7")
                cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
                cell.border = _BOX
            for values in block.rows:
                ws.append([clean_text(str(v)) for v in values])
                for cell in ws[ws.max_row]:
                    cell.font = Font(name="Times New Roman")
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                    cell.border = _BOX
            widest = max(widest, len(block.headers))
            for index, weight in enumerate(block.widths, start=1):
                letter = get_column_letter(index)
                ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, min(60, 8 * weight))
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

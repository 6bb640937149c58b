"""The PDF says what the Word file says; the Excel file holds the appendices."""

import re
import unicodedata
from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.services import build_file

pytestmark = pytest.mark.django_db


def test_pdf_and_word_say_the_same_thing_paragraph_by_paragraph(report):
    word = Document(BytesIO(build_file(report, "docx")))
    pdf = PdfReader(BytesIO(build_file(report, "pdf")))
    assert abs(float(pdf.pages[0].mediabox.width) - 595.3) < 1 and abs(float(pdf.pages[0].mediabox.height) - 841.9) < 1
    # The page number (top centre, from page 2) comes out as the last line of a page's text: drop it.
    pages = [
        re.sub(r"\n\d+\s*$", "", page.extract_text()) if i else page.extract_text() for i, page in enumerate(pdf.pages)
    ]
    pdf_text = re.sub(r"\s+", "", unicodedata.normalize("NFC", "".join(pages)))
    position = 0
    checked = 0
    for paragraph in word.paragraphs:
        text = re.sub(r"\s+", "", paragraph.text)
        if not text:
            continue
        found = pdf_text.find(text, position)
        assert found >= 0, f"not in the PDF after position {position}: {paragraph.text[:80]}"
        position = found + len(text)
        checked += 1
    assert checked > 60
    # No line of the body holds only a number (its sentence pushed to the next line): a number alone on a line
    # is a page number (dropped above) or, from the appendices on, a table's cell.
    for i, text in enumerate(pages):
        if "PHỤ LỤC" in text.upper():
            break
        lonely = [line for line in text.splitlines() if re.fullmatch(r"\s*\d+\s*", line)]
        assert not lonely, f"page {i + 1}: {lonely}"


def test_excel_appendix_has_one_sheet_per_appendix(report):
    wb = load_workbook(BytesIO(build_file(report, "xlsx")))
    assert wb.sheetnames == ["Phụ lục I", "Phụ lục II", "Phụ lục III"]
    first = [c.value for c in wb["Phụ lục I"]["A"] if c.value]
    assert "TTHC.4" in first

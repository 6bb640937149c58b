"""Hostile text in the report: cleaned on input, stripped where XML cannot hold it, files still valid."""

import unicodedata
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from kimphuong.models import User
from reports import render_docx, render_pdf, render_xlsx
from reports.compose import compose, sections_as_dicts
from reports.document import Paragraph, Table
from reports.models import ReportSection
from reports.services import build_file

pytestmark = pytest.mark.django_db


def test_hostile_text_is_cleaned_on_input_and_still_gives_valid_files(report, client):
    section = ReportSection.objects.get(report=report, key="p1_overview")
    nasty = (
        "Ký tự lạ \x00\x07\x1b & <b>đậm</b> 😀 "
        + unicodedata.normalize("NFD", "Kim Phượng")
        + "\n"
        + "\n".join(f"Dòng {i} {'rất dài ' * 20}" for i in range(200))
    )
    client.force_login(User.objects.get(username="vanphong"))
    assert client.post(reverse("reports:section_edit", args=[section.pk]), {"text": nasty}).status_code == 302
    section.refresh_from_db()
    assert "\x00" not in section.text and "\x1b" not in section.text
    assert "Kim Phượng" in section.text and unicodedata.is_normalized("NFC", section.text)
    word = Document(BytesIO(build_file(report, "docx")))
    assert any("<b>đậm</b>" in p.text and "😀" in p.text for p in word.paragraphs)
    assert PdfReader(BytesIO(build_file(report, "pdf"))).pages
    assert load_workbook(BytesIO(build_file(report, "xlsx"))).sheetnames


def test_renderers_strip_what_xml_cannot_hold(report):
    doc = compose(report.review, sections_as_dicts(report.sections.all()))
    doc.blocks.append(Paragraph("NUL\x00 BEL\x07 ESC\x1b và \ufffe"))
    doc.blocks.append(Table(headers=["A\x01"], rows=[[f"ô {i}\x02"] for i in range(1000)], widths=[1]))
    texts = [p.text for p in Document(BytesIO(render_docx.render(doc))).paragraphs]
    assert "NUL BEL ESC và " in texts
    assert PdfReader(BytesIO(render_pdf.render(doc))).pages
    assert load_workbook(BytesIO(render_xlsx.render(doc)))

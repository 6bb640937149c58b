"""Hostile text (issue points 4, 6 and 9): what is dropped on input, what every file and page does with the rest,
and every .xlsx the product offers storing strings that look like formulas as text."""

import unicodedata
from io import BytesIO

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from emulation.models import AwardForm, Commendation
from indicators.models import Indicator
from kimphuong.excel import Sheet, sheets_to_xlsx
from kimphuong.models import User
from kimphuong.text import clean_input, clean_text, strip_controls
from reform.models import Assessment, Review, Status, Task
from reform.plan_excel import import_plan
from reports import render_docx, render_pdf, render_xlsx
from reports.compile import compile_report
from reports.compose import compose, sections_as_dicts
from reports.document import Appendix, OfficialDocument, Paragraph, Table
from reports.forms import SectionForm
from reports.models import Report, ReportSection
from reports.services import build_file

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Every hostile string of the suite, by name; the round-trip backup test (test_backup_restore) uses them too.
HOSTILE = {
    "controls": "NUL\x00 BEL\x07 ESC\x1b VT\x0b FF\x0c DEL\x7f hết",
    "nonchars": "A\ufffeB\uffffC",
    "surrogate": "lẻ\ud800loi\udfff",
    "bidi": f"tệp\u202egpj.exe {BIDI} hết",
    "markup": "&<> <script>alert('x')</script> &amp; \"trích\"",
    "emoji": "😀 👍🏽 🇻🇳",
    "nfd": unicodedata.normalize("NFD", "Kim Phượng, Nguyễn Thị Hường"),
    "formula": "=1+1",
    "long": "Rất dài " * 400,
}
EVERYTHING = " | ".join(HOSTILE.values())
FORMULAS = ["=1+1", "+84 912 345 678", "-x", "@SUM(A1)", "\t=2+2", "\r=3+3", "#N/A", "= 1 (2025) – Nghị quyết"]
DROPPED = [chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xFFFE, 0xFFFF]]
DROPPED += ["\ud800", "\udbff", "\udc00", "\udfff", *BIDI]


@pytest.mark.parametrize("char", DROPPED, ids=lambda c: f"U+{ord(c):04X}")
def test_every_dropped_character_goes_on_input_and_in_files(char):
    assert clean_input(f" a{char}b ") == "ab"
    assert strip_controls(f"a{char}b") == "ab"
    assert clean_text(f"a{char}b") == "ab"


def test_what_is_kept_stays_as_it_is():
    kept = "Tab\tdòng\nCR\r LRM\u200e RLM\u200f ZWJ 👨‍👩‍👧 😀 &<> U+FFFD \ufffd"
    assert strip_controls(kept) == kept == clean_text(kept)
    assert clean_input(unicodedata.normalize("NFD", "Phượng")) == "Phượng"
    assert clean_input(EVERYTHING) == clean_text(clean_input(EVERYTHING))  # idempotent, one character class
    assert "\ud800" not in clean_input(EVERYTHING) and "\u202e" not in clean_input(EVERYTHING)


def _bound(form_class, data: dict, **kwargs):
    form = form_class(MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in data.items()}), **kwargs)
    assert form.is_valid(), form.errors
    return form


def test_forms_drop_the_characters_before_validation(demo):
    """The real forms, with data a browser cannot even send (a lone surrogate): clean NFC text comes out."""
    form = _bound(SectionForm, {"text": EVERYTHING})
    text = form.cleaned_data["text"]
    assert text == clean_input(EVERYTHING)
    assert unicodedata.is_normalized("NFC", text) and "Kim Phượng" in text and "&<>" in text and "😀" in text
    assert not any(c in text for c in DROPPED)
    text.encode("utf-8")  # storable anywhere


# ---------------------------------------------------------------------------------------------------- Excel


def _cells(data: bytes):
    wb = load_workbook(BytesIO(data))
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row if cell.value is not None]


def _assert_text(data: bytes, planted: list[str]) -> None:
    cells = _cells(data)
    assert not [c.coordinate for c in cells if c.data_type in ("f", "e")], "a formula or an error in the export"
    for value in planted:
        found = [c for c in cells if isinstance(c.value, str) and value in c.value]
        assert found, f"{value!r} is not in the export"
        assert all(c.data_type == "s" for c in found)
        starting = [c for c in found if c.value.startswith(value)]
        assert all(c.quotePrefix for c in starting if c.value[0] in "=+-@\t\r")


def test_sheets_to_xlsx_writes_formula_like_strings_as_text():
    data = sheets_to_xlsx([Sheet("=Tên", ["=A", "+B"], [[v, 12, 3.5] for v in FORMULAS], title="=tiêu đề")])
    _assert_text(data, [*FORMULAS, "=A", "+B", "=tiêu đề"])
    numbers = [c.value for c in _cells(data) if c.data_type == "n"]
    assert numbers.count(12) == len(FORMULAS) and numbers.count(3.5) == len(FORMULAS)


def test_report_xlsx_writes_formula_like_strings_as_text_and_numbers_as_numbers():
    table = Table(headers=["=Mã", "Số"], rows=[[v, "1.386"] for v in FORMULAS], widths=[1, 1], title="-bảng")
    doc = OfficialDocument(
        parent_body="", body_lines=[], number_line="", place_date="", doc_type="", subject="=chủ đề",
        recipients=[], blocks=[], signer_authority="", signer_deputy="", signer_title="", signer_name="",
        distribution=[], appendices=[Appendix(number="I", title="=PHỤ LỤC", reference="+ghi chú", blocks=[table])],
    )  # fmt: skip
    data = render_xlsx.render(doc)
    assert [c.value for c in _cells(data) if c.data_type == "n"] == [1386] * len(FORMULAS)
    _assert_text(data, [*FORMULAS, "=Mã", "-bảng", "=PHỤ LỤC", "+ghi chú"])


@pytest.fixture
def planted(demo):
    """Formula-looking strings where each export shows them (stored directly, as an import or old data might)."""
    tasks = list(Task.objects.order_by("code")[:4])
    for task, value in zip(tasks, FORMULAS, strict=False):
        Task.objects.filter(pk=task.pk).update(content=value, target=f"{value} chỉ tiêu")
    indicators = list(Indicator.objects.order_by("code")[:4])
    for indicator, value in zip(indicators, FORMULAS[4:], strict=False):
        Indicator.objects.filter(pk=indicator.pk).update(name=value)
    award = AwardForm.objects.order_by("order").first() or AwardForm.objects.create(code="GK", name="Giấy khen")
    for value in FORMULAS[:4]:
        Commendation.objects.create(
            form=award, year=2023, recipient_name=value, kind="individual", achievement=f"{value} thành tích"
        )
    return {"tasks": FORMULAS[:4], "indicators": FORMULAS[4 : len(indicators) + 4], "emulation": FORMULAS[:4]}


def _get(client, url: str) -> bytes:
    client.force_login(User.objects.get(username="vanphong"))
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content


def test_indicator_export_stores_the_targets_and_names_as_text(planted, client):
    data = _get(client, reverse("indicators:indicator_export"))
    _assert_text(data, planted["indicators"])
    targets = [c for c in _cells(data) if isinstance(c.value, str) and c.value.startswith("= ")]
    assert targets, "the demo's “= 1 (2025) – …” targets"
    assert all(c.data_type == "s" for c in targets)


def test_tracking_export_stores_task_content_as_text(planted, client):
    _assert_text(_get(client, reverse("reform:tracking_export")), planted["tasks"])


def test_emulation_export_stores_names_and_achievements_as_text(planted, client):
    data = _get(client, reverse("emulation:export"))
    _assert_text(data, planted["emulation"] + [f"{v} thành tích" for v in planted["emulation"]])


def test_plan_template_stores_task_content_and_targets_as_text_and_still_imports(planted, client):
    data = _get(client, reverse("reform:plan_template"))
    _assert_text(data, planted["tasks"] + [f"{v} chỉ tiêu" for v in planted["tasks"]])
    review = Review.current()
    result = import_plan(data, plan=review.plan, dry_run=True)
    assert result.ok, result.errors
    assert not result.created  # the same tasks, read back by their codes


def test_report_xlsx_from_the_app_has_no_formula(demo):
    report = Report.for_review(Review.current())
    compile_report(report, by=User.objects.get(username="vanphong"))
    _assert_text(build_file(report, "xlsx"), [])


# ------------------------------------------------------------------------------ pages, emails, .docx, .pdf


def test_hostile_text_is_harmless_in_a_page_an_email_a_docx_a_pdf_and_an_xlsx(
    demo, client, django_capture_on_commit_callbacks
):
    # What an HTTP form can carry (no lone surrogate), and short enough for a reason (2000 characters).
    browser_safe = " | ".join(v for k, v in HOSTILE.items() if k not in ("surrogate", "long"))
    expected = clean_input(browser_safe)
    office = User.objects.get(username="vanphong")
    client.force_login(office)

    # A page: the reason of a return, shown escaped; an email: the same reason, as plain text.
    assessment = Assessment.objects.filter(status=Status.SUBMITTED).select_related("task__lead").first()
    User.objects.filter(pk=assessment.task.lead_id).update(email="lead@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reform:assessment_return", args=[assessment.pk]), {"reason": browser_safe})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Status.RETURNED
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "&amp;&lt;&gt; &lt;script&gt;" in page and "<script>alert(" not in page
    assert "Kim Phượng" in page and "😀" in page and "\u202e" not in page and "\x00" not in page
    body = next(m.body for m in mail.outbox if "lead@example.org" in m.to)
    assert "&<> <script>alert('x')</script>" in body and "&amp;lt;" not in body
    assert not any(c in body for c in DROPPED) and unicodedata.is_normalized("NFC", body)

    # .docx, .pdf and .xlsx of the report, with the same text in a section.
    report = Report.for_review(Review.current())
    compile_report(report, by=office)
    section = ReportSection.objects.get(report=report, key="p1_overview")
    response = client.post(reverse("reports:section_edit", args=[section.pk]), {"text": browser_safe})
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.text == expected
    word = "\n".join(p.text for p in Document(BytesIO(build_file(report, "docx"))).paragraphs)
    assert "&<> <script>alert('x')</script>" in word and "Kim Phượng" in word and "😀" in word
    assert not any(c in word for c in DROPPED)
    pdf = "".join(page.extract_text() for page in PdfReader(BytesIO(build_file(report, "pdf"))).pages)
    # pypdf reads some of WeasyPrint's subset fonts as two bytes per character: ASCII stays findable.
    pdf = pdf.replace("\x00", "")
    assert "&<>" in pdf and "<script>alert('x')</script> &amp;" in pdf and "\u202e" not in pdf
    _assert_text(build_file(report, "xlsx"), [])


def test_files_written_from_old_data_drop_the_characters(demo):
    """Text stored before inputs were cleaned (straight into the database) still gives valid files."""
    report = Report.for_review(Review.current())
    old = EVERYTHING.replace("\ud800", "").replace("\udfff", "")
    doc = compose(report.review, sections_as_dicts(report.sections.all()))
    doc.blocks.append(Paragraph(old))
    doc.blocks.append(Table(headers=["=A", "B"], rows=[[old, v] for v in FORMULAS], widths=[1, 1]))
    texts = "\n".join(p.text for p in Document(BytesIO(render_docx.render(doc))).paragraphs)
    assert clean_text(old).split(" | ")[4] in texts and "\u202e" not in texts and "\ufffe" not in texts
    assert PdfReader(BytesIO(render_pdf.render(doc))).pages
    assert load_workbook(BytesIO(render_xlsx.render(doc)))

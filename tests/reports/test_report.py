import re
import unicodedata
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from openpyxl import load_workbook
from pypdf import PdfReader

from kimphuong.models import User
from reform.models import Assessment, Review, Status
from reports.compile import compile_report
from reports.models import Report, ReportError, ReportSection, ReportVersion
from reports.services import build_file, empty_sections

pytestmark = pytest.mark.django_db


def _blank_pdf() -> bytes:
    """A real one-page PDF: the signed scan is parsed, not only sniffed."""
    from pypdf import PdfWriter

    writer, buffer = PdfWriter(), BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    return buffer.getvalue()


PDF = _blank_pdf()


@pytest.fixture
def report(demo):
    report = Report.for_review(Review.current())
    compile_report(report, by=User.objects.get(username="vanphong"))
    return report


@pytest.fixture
def docx(report):
    return Document(BytesIO(build_file(report, "docx")))


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_page_setup_and_fonts(docx):
    section = docx.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    assert section.orientation == WD_ORIENT.PORTRAIT
    margins = [
        round(m / 36000) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ]
    assert margins == [20, 20, 30, 15]  # mm (Word stores twips, hence the rounding)
    normal = docx.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")} == {"Times New Roman"}


def _run(paragraph):
    return paragraph.runs[0]


def test_header_table_elements_have_their_case_size_and_style(docx):
    header = docx.tables[0]
    left = header.rows[0].cells[0].paragraphs
    right = header.rows[0].cells[1].paragraphs
    assert [p.text for p in left[:2]] == ["ỦY BAN NHÂN DÂN", "XÃ KIM PHƯỢNG"]
    assert all(_run(p).bold and _run(p).font.size == Pt(13) for p in left[:2])
    assert (
        right[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        and _run(right[0]).font.size == Pt(12)
        and _run(right[0]).bold
    )
    assert right[1].text == "Độc lập - Tự do - Hạnh phúc" and _run(right[1]).font.size == Pt(13) and _run(right[1]).bold
    for cell in (header.rows[0].cells[0], header.rows[0].cells[1]):  # the lines under the body's name and the motto
        assert any(p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None for p in cell.paragraphs)
    number = header.rows[1].cells[0].paragraphs[0]
    assert re.fullmatch(r"Số: +/BC-UBND", number.text) and _run(number).font.size == Pt(13)
    date = header.rows[1].cells[1].paragraphs[0]
    assert re.fullmatch(r"Kim Phượng, ngày +tháng +năm \d{4}", date.text)
    assert _run(date).italic
    layout = header._tbl.tblPr.find(qn("w:tblLayout"))
    assert layout is not None and layout.get(qn("w:type")) == "fixed"


def test_title_recipient_and_body_format(docx):
    texts = _texts(docx)
    title = docx.paragraphs[texts.index("BÁO CÁO")]
    assert _run(title).bold and _run(title).font.size == Pt(14) and title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    subject = docx.paragraphs[texts.index("BÁO CÁO") + 1]
    assert subject.text.startswith("Tổng kết Chương trình cải cách hành chính nhà nước xã Kim Phượng")
    assert "Kính gửi: Ủy ban nhân dân tỉnh Thái Nguyên." in texts  # dated after 01/7/2025: no district
    body = next(p for p in docx.paragraphs if p.text.startswith("Thực hiện Kế hoạch số 73/KH-UBND"))
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.paragraph_format.first_line_indent == Cm(1.27)
    assert body.paragraph_format.space_after == Pt(6)
    assert 1.0 <= body.paragraph_format.line_spacing <= 1.5
    assert _run(body).font.size == Pt(14)
    # Long citation first, short after.
    assert "Kế hoạch số 96/KH-UBND ngày 31/12/2021" in body.text
    overview = next(p for p in docx.paragraphs if "giao 62 nhiệm vụ" in p.text)
    assert overview.text.startswith("Kế hoạch số 96/KH-UBND giao")


def test_every_part_and_the_seven_areas_in_order_and_the_closing(docx):
    texts = _texts(docx)
    order = [texts.index(f"Phần {n}") for n in ("I", "II", "III", "IV", "V")]
    assert order == sorted(order)
    part = docx.paragraphs[order[0]]
    assert _run(part).bold and part.alignment == WD_ALIGN_PARAGRAPH.CENTER
    areas = [
        "1. Công tác chỉ đạo, điều hành CCHC",
        "2. Cải cách thể chế",
        "3. Cải cách TTHC và thực hiện cơ chế một cửa, một cửa liên thông",
        "4. Cải cách tổ chức bộ máy hành chính nhà nước",
        "5. Cải cách chế độ công vụ",
        "6. Cải cách tài chính công",
        "7. Xây dựng và phát triển chính quyền điện tử, chính quyền số",
    ]
    positions = [texts.index(a) for a in areas]
    assert positions == sorted(positions) and order[0] < positions[0] < order[1]
    assert all(_run(docx.paragraphs[p]).bold for p in positions)
    assert any(t.startswith("a) ") for t in texts[positions[0] : positions[1]])
    closing = [t for t in texts if t.startswith("Trên đây là Báo cáo")]
    assert len(closing) == 1 and closing[0].endswith("./.")
    assert "Kim Phụng" not in "\n".join(texts)


def test_page_numbers_from_page_two_and_appendices_restart_their_own(docx):
    main = docx.sections[0]
    assert main.different_first_page_header_footer
    assert "PAGE" in "".join(t.text for t in main.header._element.iter(qn("w:instrText")))
    assert not main.first_page_header.paragraphs or not main.first_page_header.paragraphs[0].text
    appendices = docx.sections[1:]
    assert len(appendices) == 3
    assert [s.orientation for s in appendices] == [WD_ORIENT.LANDSCAPE, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    for section in appendices:
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    texts = _texts(docx)
    for number in ("I", "II", "III"):
        heading = docx.paragraphs[texts.index(f"Phụ lục {number}")]
        assert _run(heading).bold
        reference = docx.paragraphs[texts.index(f"Phụ lục {number}") + 2]
        assert reference.text.startswith("(Kèm theo Báo cáo số") and _run(reference).italic


def test_signature_block_stays_on_one_page(docx):
    table = next(
        t for t in docx.tables if t.rows[0].cells[0].paragraphs and t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:"
    )
    row = table.rows[0]
    assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    left, right = row.cells[0].paragraphs, row.cells[1].paragraphs
    assert _run(left[0]).bold and _run(left[0]).italic and _run(left[0]).font.size == Pt(12)
    assert left[1].text == "- Như trên;"
    assert left[-1].text == "- Lưu: VT, VP."
    assert all(_run(p).font.size == Pt(11) for p in left[1:])
    signer = [p.text for p in right if p.text]
    assert signer == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trương Anh Tú"]


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


def test_excel_appendix_has_one_sheet_per_appendix(report):
    wb = load_workbook(BytesIO(build_file(report, "xlsx")))
    assert wb.sheetnames == ["Phụ lục I", "Phụ lục II", "Phụ lục III"]
    first = [c.value for c in wb["Phụ lục I"]["A"] if c.value]
    assert "TTHC.4" in first


def test_compiling_again_keeps_an_edit_and_flags_changed_sources(report, client):
    office = User.objects.get(username="vanphong")
    section = ReportSection.objects.get(report=report, key="area_TC")
    client.force_login(office)
    client.post(reverse("reports:section_edit", args=[section.pk]), {"text": "Đoạn do Văn phòng viết lại."})
    compile_report(report, by=office)
    section.refresh_from_db()
    assert section.text == "Đoạn do Văn phòng viết lại." and section.is_edited and not section.is_stale
    # New data: another assessment of the area is accepted.
    other = Assessment.objects.get(task__code="TC-02")
    other.accept(by=office)
    compile_report(report, by=office)
    section.refresh_from_db()
    assert section.text == "Đoạn do Văn phòng viết lại."
    assert section.is_stale and other.pk in section.sources
    page = client.get(reverse("reports:section_edit", args=[section.pk])).content.decode()
    assert "<ins>" in page
    html = client.get(reverse("reports:workspace")).content.decode()
    assert 'data-testid="stale"' in html
    untouched = ReportSection.objects.get(report=report, key="area_CĐ")
    assert not untouched.is_edited


def test_versions_are_frozen_approved_by_leadership_and_signed_after(report, client):
    office, chairman = User.objects.get(username="vanphong"), User.objects.get(username="chutich")
    client.force_login(office)
    page = client.post(reverse("reports:version_create"))  # mid-review: some parts are still empty
    assert ReportVersion.objects.count() == 0 and 'data-testid="confirm-empty"' in page.content.decode()
    empty = [s.key for s in empty_sections(report)]
    assert empty
    client.post(reverse("reports:version_create"), {"confirm": empty[:-1]})  # one left unconfirmed: refused
    assert ReportVersion.objects.count() == 0
    client.post(reverse("reports:version_create"), {"confirm": empty})
    version = ReportVersion.objects.get()
    assert version.number == 1
    data = version.docx.read()
    import hashlib

    assert hashlib.sha256(data).hexdigest() == version.docx_sha256
    version.sections = []
    with pytest.raises(ReportError):
        version.save()
    with pytest.raises(ReportError):
        ReportVersion.objects.get().delete()

    assert client.post(reverse("reports:version_approve", args=[version.pk])).status_code == 403
    scan = SimpleUploadedFile("ky.pdf", PDF)
    response = client.post(
        reverse("reports:version_sign", args=[version.pk]),
        {"number": "15", "date": "05/05/2026", "scan": scan},
        follow=True,
    )
    assert "Chỉ ghi nhận bản ký cho phiên bản đã được lãnh đạo duyệt" in response.content.decode()

    client.force_login(chairman)
    client.post(reverse("reports:version_approve", args=[version.pk]))
    version.refresh_from_db()
    assert version.approved_by == chairman
    assert client.post(reverse("reports:version_sign", args=[version.pk]), {"number": "15"}).status_code == 403

    client.force_login(office)
    scan = SimpleUploadedFile("ky.pdf", PDF)
    client.post(reverse("reports:version_sign", args=[version.pk]), {"number": "5", "date": "05/05/2026", "scan": scan})
    version.refresh_from_db()
    assert version.signed_number == "05" and version.signed_sha256 == hashlib.sha256(PDF).hexdigest()
    response = client.get(reverse("reports:version_download", args=[version.pk, "docx"]))
    assert 'filename="bao-cao-tong-ket-05-BC-UBND-20260505.docx"' in response["Content-Disposition"]
    response = client.post(
        reverse("reports:version_sign", args=[version.pk]),
        {"number": "6", "date": "06/05/2026", "scan": SimpleUploadedFile("k.pdf", PDF)},
        follow=True,
    )
    assert "đã ghi nhận bản ký" in response.content.decode()


def test_only_the_office_compiles_and_edits(report, client):
    client.force_login(User.objects.get(username="chutich"))
    assert client.get(reverse("reports:workspace")).status_code == 200
    assert client.post(reverse("reports:compile")).status_code == 403
    section = ReportSection.objects.filter(report=report).first()
    assert client.post(reverse("reports:section_edit", args=[section.pk]), {"text": "x"}).status_code == 403
    client.force_login(User.objects.get(username="tuphap"))
    assert client.get(reverse("reports:workspace")).status_code == 403


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
    from reports import render_docx, render_pdf, render_xlsx
    from reports.compose import compose, sections_as_dicts
    from reports.document import Paragraph, Table

    doc = compose(report.review, sections_as_dicts(report.sections.all()))
    doc.blocks.append(Paragraph("NUL\x00 BEL\x07 ESC\x1b và \ufffe"))
    doc.blocks.append(Table(headers=["A\x01"], rows=[[f"ô {i}\x02"] for i in range(1000)], widths=[1]))
    texts = [p.text for p in Document(BytesIO(render_docx.render(doc))).paragraphs]
    assert "NUL BEL ESC và " in texts
    assert PdfReader(BytesIO(render_pdf.render(doc))).pages
    assert load_workbook(BytesIO(render_xlsx.render(doc)))


def test_empty_sections_are_left_out_numbered_closed_up_and_warned_before_issuing(report, client):
    ReportSection.objects.get(report=report, key="p5_central").edit(text="", by=None)
    ReportSection.objects.get(report=report, key="p5_province").edit(text="- Đề nghị tỉnh hỗ trợ.\n[ghi thêm]", by=None)
    client.force_login(User.objects.get(username="vanphong"))
    html = client.get(reverse("reports:workspace")).content.decode()
    assert 'data-testid="warnings"' in html and "1. Đối với các Bộ, ngành Trung ương" in html
    texts = [p.text for p in Document(BytesIO(build_file(report, "docx"))).paragraphs]
    assert "(chưa có nội dung)" not in texts and not any("[ghi thêm]" in t for t in texts)
    assert not any("Trung ương" in t for t in texts[texts.index("ĐỀ XUẤT, KIẾN NGHỊ") :])
    # Phần V: the province comes first now, numbered 1.
    assert texts[texts.index("ĐỀ XUẤT, KIẾN NGHỊ") + 1].startswith("1. Đối với Tỉnh ủy")
    keys = {s.key for s in empty_sections(report)}
    assert {"p5_central", "p5_province"} <= keys
    page = client.get(reverse("reports:version_create")).content.decode()
    assert "Đối với các Bộ, ngành Trung ương" in page and "Đối với Tỉnh ủy" in page


def test_compilation_query_count_does_not_depend_on_tasks_per_area(demo, django_assert_num_queries):
    from kimphuong.models import TaskGroup
    from reform.models import Plan
    from tests.factories import AssessmentFactory

    report = Report.for_review(Review.current())
    office = User.objects.get(username="vanphong")
    compile_report(report, by=office)

    def grow(n):
        plan = Plan.objects.get()
        group = TaskGroup.objects.get(code="CV")
        for _ in range(n):
            a = AssessmentFactory(filled=True, task__plan=plan, task__group=group, task__lead=office)
            a.submit(by=office)
            a.accept(by=User.objects.get(username="vanphong2"))

    grow(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        compile_report(report, by=office)
    grow(20)
    with CaptureQueriesContext(connection) as second:
        compile_report(report, by=office)
    assert len(first) == len(second)
    assert Assessment.objects.filter(status=Status.ACCEPTED, task__group__code="CV").count() >= 22


def test_build_report_command_writes_each_format(demo, tmp_path):
    for fmt in ("docx", "xlsx"):
        path = tmp_path / f"bao-cao.{fmt}"
        call_command("build_report", "--format", fmt, "--output", str(path))
        assert path.stat().st_size > 5000
    Document(str(tmp_path / "bao-cao.docx"))


def test_margins_are_configurable_only_within_the_legal_ranges(report, settings):
    from reports.render_docx import PageSetup

    settings.REPORT_MARGINS_MM = [25, 25, 35, 20]
    section = Document(BytesIO(build_file(report, "docx"))).sections[0]
    assert [round(m / 36000) for m in (section.top_margin, section.left_margin, section.right_margin)] == [25, 35, 20]
    with pytest.raises(ValueError, match="lề trái 30–35 mm"):
        PageSetup(left_mm=25)
    with pytest.raises(ValueError, match="giãn dòng"):
        PageSetup(line_spacing=2)

"""The Word report's layout (NĐ 30/2020): page, header table, title, parts, page numbers, signature, margins."""

import re
from io import BytesIO

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from reports.render_docx import PageSetup
from reports.services import build_file

pytestmark = pytest.mark.django_db


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


def test_margins_are_configurable_only_within_the_legal_ranges(report, settings):
    settings.REPORT_MARGINS_MM = [25, 25, 35, 20]
    section = Document(BytesIO(build_file(report, "docx"))).sections[0]
    assert [round(m / 36000) for m in (section.top_margin, section.left_margin, section.right_margin)] == [25, 35, 20]
    with pytest.raises(ValueError, match="lề trái 30–35 mm"):
        PageSetup(left_mm=25)
    with pytest.raises(ValueError, match="giãn dòng"):
        PageSetup(line_spacing=2)

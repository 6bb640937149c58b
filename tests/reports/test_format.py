"""The files follow the layout rules of Nghị định 30/2020/NĐ-CP and open cleanly (issue items 9–15).

Each file is re-opened and checked as a reader would see it: the Word XML, the PDF's text positions and
pixels, the Excel cells.
"""

import datetime as dt
import math
import re
import subprocess
import zipfile
from dataclasses import replace
from io import BytesIO

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from lxml import etree
from openpyxl import load_workbook
from PIL import Image

from kimphuong.models import User
from reform.models import Review
from reports import render_docx, render_pdf
from reports.compile import compile_report
from reports.compose import compose, sections_as_dicts
from reports.models import Report
from reports.render_docx import CELL_MARGIN_PT, code_spans, text_width_pt
from reports.services import build_file

pytestmark = pytest.mark.django_db

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Child order from the OOXML schema (ECMA-376 Part 1, wml.xsd) for the property elements the renderer writes.
SCHEMA = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss "
    "imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
    "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
    "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription",
    "trPr": "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader tblCellSpacing jc hidden",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark",
    "sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType "
    "pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings",
}
REPEATABLE = {"headerReference", "footerReference"}


@pytest.fixture
def report(demo):
    report = Report.for_review(Review.current())
    compile_report(report, by=User.objects.get(username="vanphong"))
    return report


@pytest.fixture
def docx_bytes(report):
    return build_file(report, "docx")


@pytest.fixture
def docx(docx_bytes):
    return Document(BytesIO(docx_bytes))


@pytest.fixture
def pdf_path(report, tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(build_file(report, "pdf"))
    return path


def _part(data: bytes, name: str):
    with zipfile.ZipFile(BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def _local(tag: str) -> str:
    return tag.split("}", 1)[1]


def schema_problems(root) -> list[str]:
    problems = []
    for element in root.iter(*[f"{W}{name}" for name in SCHEMA]):
        order = SCHEMA[_local(element.tag)].split()
        children = [_local(c.tag) for c in element if c.tag.startswith(W)]
        twice = [tag for tag in set(children) - REPEATABLE if children.count(tag) > 1]
        problems += [f"{_local(element.tag)}: {tag} twice" for tag in twice]
        ranks = [order.index(c) if c in order else -1 for c in children]
        if -1 in ranks:
            problems.append(f"{_local(element.tag)}: unknown child in {children}")
        elif ranks != sorted(ranks):
            problems.append(f"{_local(element.tag)}: out of order {children}")
    return problems


def test_the_schema_check_catches_duplicates_and_misorder():
    bad = etree.fromstring(
        f'<w:p xmlns:w="{W[1:-1]}"><w:pPr><w:jc/><w:pBdr/><w:jc/></w:pPr><w:r><w:rPr><w:sz/><w:b/></w:rPr></w:r></w:p>'
    )
    assert len(schema_problems(bad)) == 3


def test_word_xml_has_each_property_once_and_in_schema_order(docx_bytes):
    for name in ("word/document.xml", "word/styles.xml", "word/header1.xml", "word/header2.xml"):
        try:
            root = _part(docx_bytes, name)
        except KeyError:
            continue
        assert schema_problems(root) == [], name
    defaults = _part(docx_bytes, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert len(defaults.findall(f"{W}rFonts")) == 1  # one font declaration
    styles_xml = zipfile.ZipFile(BytesIO(docx_bytes)).read("word/styles.xml").decode()
    assert "Theme=" not in styles_xml and "theme=" not in styles_xml  # no theme fonts


def test_word_is_vietnamese_not_in_compatibility_mode_with_the_communes_properties(docx, docx_bytes):
    lang = _part(docx_bytes, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == "vi-VN" and lang.get(f"{W}eastAsia") == "vi-VN"
    settings = _part(docx_bytes, "word/settings.xml")
    modes = [s.get(f"{W}val") for s in settings.iter(f"{W}compatSetting") if s.get(f"{W}name") == "compatibilityMode"]
    assert modes and all(int(m) >= 15 for m in modes)
    props = docx.core_properties
    assert props.author == "Ủy ban nhân dân xã Kim Phượng" == props.last_modified_by
    assert props.title.lower().startswith("báo cáo tổng kết chương trình cải cách hành chính")
    created = props.created.replace(tzinfo=dt.UTC) if props.created.tzinfo is None else props.created
    assert abs(dt.datetime.now(dt.UTC) - created) < dt.timedelta(minutes=1)


def _outline_level(docx, paragraph) -> int | None:
    style = paragraph.style
    while style is not None:
        ppr = style.element.pPr
        level = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
        if level is not None:
            return int(level.get(qn("w:val")))
        style = style.base_style
    return None


def test_parts_sections_and_clauses_carry_heading_styles_in_the_decree_look(docx):
    texts = [p.text for p in docx.paragraphs]
    expected = {
        "Phần I": 0,
        "KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC GIAI ĐOẠN 2021 - 2025": 0,
        "I. KHÁI QUÁT TÌNH HÌNH": 1,
        "1. Công tác chỉ đạo, điều hành CCHC": 2,
        "Phụ lục I": 0,
    }
    for text, level in expected.items():
        paragraph = docx.paragraphs[texts.index(text)]
        assert _outline_level(docx, paragraph) == level, text
    body = next(p for p in docx.paragraphs if p.text.startswith("Thực hiện Kế hoạch số 73"))
    assert _outline_level(docx, body) is None
    for name in ("Heading 1", "Tiêu đề phần", "Heading 2", "Heading 3"):
        style = docx.styles[name]
        assert style.font.color.rgb is None and style.font.color.theme_color is None, name
        assert style.font.bold and style.font.size == Pt(14), name
        fonts = style.element.rPr.find(qn("w:rFonts"))
        assert {fonts.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:cs")} == {"Times New Roman"}, name
    assert docx.styles["Heading 1"].paragraph_format.alignment == 1  # centred
    assert docx.styles["Heading 2"].paragraph_format.space_before == Pt(0)


def test_no_empty_paragraph_is_used_as_spacing_and_widow_control_is_on(docx):
    body = docx.element.body
    for p in body.iter(qn("w:p")):
        if "".join(t.text or "" for t in p.iter(qn("w:t"))).strip():
            continue
        if p.getparent().tag == qn("w:tc") and len(p.getparent().findall(qn("w:p"))) == 1:
            continue  # an empty table cell holds one paragraph
        ppr = p.find(qn("w:pPr"))
        holds = ppr is not None and (ppr.find(qn("w:sectPr")) is not None or ppr.find(qn("w:pBdr")) is not None)
        assert holds, etree.tostring(p)[:200]  # only section breaks and the lines under the title texts
    for tbl in body.iter(qn("w:tbl")):
        following = tbl.getnext()
        assert (
            following is None
            or following.tag != qn("w:p")
            or "".join(following.itertext()).strip()
            or (following.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None)
        )
    assert docx.styles["Normal"].paragraph_format.widow_control is True


def test_table_rows_never_split_headers_repeat_and_the_header_keeps_with_the_first_rows(docx):
    data = [t for t in docx.tables if t.style is not None and t.style.name == "Table Grid"]
    assert len(data) >= 5
    for table in docx.tables:
        for row in table.rows:
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
    for table in data:
        header, first = table.rows[0], table.rows[1]
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in table.rows[1:])
        for row in (header, first):
            assert all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)
        assert not any(p.paragraph_format.keep_with_next for c in table.rows[-1].cells for p in c.paragraphs)


def test_no_word_breaks_inside_a_cell_and_the_tt_column_holds_two_digits(docx):
    checked = 0
    for table in docx.tables:
        if table.style is None or table.style.name != "Table Grid":
            continue
        grid = [int(c.get(qn("w:w"))) / 20 for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]  # pt
        headers = [c.text for c in table.rows[0].cells]
        if headers[0] == "TT":
            assert grid[0] >= Cm(1.0).pt
        for index, width in enumerate(grid):
            room = width - 2 * CELL_MARGIN_PT
            for row_number, row in enumerate(table.rows):
                for word in row.cells[index].text.split():
                    assert text_width_pt(word, 12, bold=row_number == 0) <= room, (word, headers[index])
                    checked += 1
    assert checked > 500


def test_document_symbols_use_non_breaking_hyphens(docx):
    body = next(p for p in docx.paragraphs if "96/KH-UBND" in p.text)
    xml = etree.tostring(body._p, encoding="unicode")
    assert re.search(r"96/KH</w:t>\s*<w:noBreakHyphen/>\s*<w:t[^>]*>UBND", xml)
    assert "2021 - 2025" in body.text and "2021 " in xml  # a spaced range is not a symbol: plain hyphen

    assert [c for c, code in code_spans("theo 20-CT/TU, TTHC-01 và TT 343/2016/TT-BTC; kinh tế - xã hội") if code] == [
        "20-CT/TU",
        "TTHC-01",
        "343/2016/TT-BTC",
    ]


def _words(pdf_path, page: int) -> list[tuple[float, float, float, float, str]]:
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf_path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(float(a), float(b), float(c), float(d), e) for a, b, c, d, e in re.findall(pattern, out)]


def _lines(words) -> list[list[tuple]]:
    rows: dict[float, list] = {}
    for word in words:
        key = next((k for k in rows if abs(k - word[1]) < 2), word[1])
        rows.setdefault(key, []).append(word)
    return [sorted(rows[k]) for k in sorted(rows)]


def _rules(pdf_path, page: int = 1) -> list[tuple[float, float, float]]:
    """Horizontal black lines on a page, as (y, x0, x1) in points (from the pixels at 144 dpi)."""
    subprocess.run(["pdftoppm", "-r", "144", "-gray", "-f", str(page), "-l", str(page), "-png", str(pdf_path),
                    str(pdf_path.with_suffix(""))], check=True)  # fmt: skip
    image = Image.open(next(pdf_path.parent.glob(f"{pdf_path.stem}-*{page}.png"))).convert("L")
    found = []
    pixels = image.load()
    for y in range(image.height * 2 // 5):  # the header and the title
        run = start = 0
        for x in range(image.width + 1):
            dark = x < image.width and pixels[x, y] < 100
            if dark:
                start = x if run == 0 else start
                run += 1
            elif run:
                if run > 40:  # 20 pt: longer than any stroke of a letter
                    found.append((y / 2, start / 2, (start + run) / 2))
                run = 0
    merged: list[tuple[float, float, float]] = []
    for rule in found:
        if merged and abs(merged[-1][0] - rule[0]) <= 1 and abs(merged[-1][1] - rule[1]) < 2:
            continue
        merged.append(rule)
    return merged


def test_the_lines_under_the_body_name_and_the_subject_are_a_third_to_a_half_right_under_the_text(docx, pdf_path):
    # Word: the rule paragraphs' length from the indents of their container, right after the text.
    header = docx.tables[0]
    cell = header.rows[0].cells[0]
    inner = cell.width - 2 * Pt(5.4)
    paragraphs = cell.paragraphs
    rule = next(p for p in paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None)
    assert paragraphs[paragraphs.index(rule) - 1].text == "XÃ KIM PHƯỢNG"
    length = (inner - rule.paragraph_format.left_indent - rule.paragraph_format.right_indent) / 12700
    longest = max(text_width_pt(t, 13, bold=True) for t in ("ỦY BAN NHÂN DÂN", "XÃ KIM PHƯỢNG"))
    assert longest / 3 <= length <= longest / 2
    assert rule.paragraph_format.line_spacing <= Pt(2) and not rule.paragraph_format.space_before

    # PDF: the subject's lines (text positions) and the lines drawn under them (pixels).
    words = _words(pdf_path, 1)
    lines = _lines(words)
    start = next(i for i, line in enumerate(lines) if line[0][4] == "Tổng")
    subject = [lines[start]]
    for line in lines[start + 1 :]:
        if line[0][4] == "Kính":
            break
        subject.append(line)
    assert 2 <= len(subject) <= 3
    pdf_longest = max(line[-1][2] - line[0][0] for line in subject)
    bottom = max(w[3] for w in subject[-1])
    under = [r for r in _rules(pdf_path) if 0 <= r[0] - bottom <= 4]
    assert len(under) == 1, under  # right under the last line of the trích yếu, no blank line between
    pdf_rule = under[0][2] - under[0][1]
    assert pdf_longest / 3 <= pdf_rule <= pdf_longest / 2
    # The Word file draws the same length.
    subject_rule = docx.paragraphs[[p.text for p in docx.paragraphs].index("BÁO CÁO") + 2]
    assert subject_rule._p.pPr.find(qn("w:pBdr")) is not None
    width = docx.sections[0].page_width - docx.sections[0].left_margin - docx.sections[0].right_margin
    word_rule = (width - subject_rule.paragraph_format.left_indent - subject_rule.paragraph_format.right_indent) / 12700
    assert abs(word_rule - pdf_rule) < 3
    # The issuing body's line in the PDF: under “XÃ KIM PHƯỢNG”, as long as in the Word file.
    name_line = next(line for line in lines if line[0][4] == "XÃ")
    name_bottom = max(w[3] for w in name_line if w[2] < 260)
    under_name = [r for r in _rules(pdf_path) if 0 <= r[0] - name_bottom <= 4 and r[2] < 260]
    assert len(under_name) == 1 and abs((under_name[0][2] - under_name[0][1]) - length) < 3


def test_pdf_has_the_word_margins_line_spacing_and_page_numbers(docx, pdf_path):
    words = _words(pdf_path, 2)
    body = [w for w in words if w[1] > 50]
    assert abs(min(w[0] for w in body) - 30 * 72 / 25.4) < 1.5  # left margin 30 mm
    assert abs(min(w[1] for w in body) - 20 * 72 / 25.4) < 4  # top margin 20 mm
    # Body line pitch = Word's 1.15 lines of 14 pt Times New Roman (a single line is 1.15 of the size).
    first = next(i for i, w in enumerate(_lines(_words(pdf_path, 1))) if w[0][4] == "Thực")
    lines = _lines(_words(pdf_path, 1))[first : first + 4]
    pitches = [b[0][1] - a[0][1] for a, b in zip(lines, lines[1:], strict=False)]
    assert all(abs(p - 14 * 1.15 * 2355 / 2048) < 0.3 for p in pitches), pitches

    def number(page: int) -> str | None:
        top = [w[4] for w in _words(pdf_path, page) if w[3] < 20 * 72 / 25.4]
        return top[0] if top else None

    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True,
                                                            text=True).stdout).group(1))  # fmt: skip
    starts = {}
    for page in range(1, pages + 1):
        text = " ".join(w[4] for w in _words(pdf_path, page)[:6])
        found = re.search(r"Phụ lục (I{1,3})\b", text)
        if found:
            starts[found.group(1)] = page
    assert list(starts) == ["I", "II", "III"]
    assert number(1) is None and number(2) == "2"
    for start in starts.values():
        assert number(start) is None
    assert starts["II"] - starts["I"] >= 2 and number(starts["I"] + 1) == "2"
    # The Word file restarts each phụ lục at 1 and hides the number on its first page.
    for section in docx.sections[1:]:
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
        assert section.different_first_page_header_footer


def test_several_recipients_are_listed_with_their_dashes_under_the_text_after_kinh_gui(report):
    doc = compose(report.review, sections_as_dicts(report.sections.all()))
    doc = replace(doc, recipients=["Ủy ban nhân dân tỉnh Thái Nguyên", "Sở Nội vụ tỉnh Thái Nguyên"])
    word = Document(BytesIO(render_docx.render(doc)))
    texts = [p.text for p in word.paragraphs]
    lead = word.paragraphs[texts.index("Kính gửi:")]
    dashes = [
        word.paragraphs[texts.index(t)]
        for t in ("- Ủy ban nhân dân tỉnh Thái Nguyên;", "- Sở Nội vụ tỉnh Thái Nguyên.")
    ]
    offset = text_width_pt("Kính gửi: ", 14)
    for p in dashes:
        assert abs(p.paragraph_format.left_indent.pt - lead.paragraph_format.left_indent.pt - offset) < 0.5
    assert lead.paragraph_format.left_indent.pt > 36  # the block sits towards the middle of the page
    html = render_pdf.render_html(doc)
    indents = [float(x) for x in re.findall(r'<p style="margin-left: ([\d.]+)pt;', html)]
    assert indents == pytest.approx(
        [lead.paragraph_format.left_indent.pt, *[p.paragraph_format.left_indent.pt for p in dashes]], abs=0.1
    )


def test_pdf_tables_have_the_word_column_widths_and_never_split_rows(report, docx):
    html = render_pdf.render_html(compose(report.review, sections_as_dicts(report.sections.all())))
    assert "table.data tr { break-inside: avoid; }" in html and "display: table-header-group" in html
    assert "body { margin: 0;" in html
    pdf_first = [float(w) for w in re.findall(r'<col style="width: ([\d.]+)pt">', html.split('class="data"')[1])[:6]]
    table = next(t for t in docx.tables if t.rows[0].cells[0].text == "TT")
    word_first = [int(c.get(qn("w:w"))) / 20 for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert pdf_first == pytest.approx(word_first, abs=0.5)
    # a document symbol never breaks across lines: word joiners beside its "-" and "/" (nothing drawn or copied)
    assert "96\u2060/\u2060KH\u2060-\u2060UBND" in html


# --- Excel ----------------------------------------------------------------------------------------------


def test_excel_numbers_are_numbers_and_the_sheets_are_ready_to_print(report):
    wb = load_workbook(BytesIO(build_file(report, "xlsx")))
    named = {s if isinstance(s, str) else s.name for s in wb.named_styles}
    assert {"Tiêu đề bảng", "Ô số liệu"} <= named
    numbers = 0
    for ws in wb.worksheets:
        assert ws.freeze_panes and ws.freeze_panes != "A1"
        assert ws.auto_filter.ref
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
        assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows
        header_row = int(re.match(r"[A-Z]+(\d+)", ws.freeze_panes).group(1)) - 1
        assert ws.print_title_rows.replace("$", "") == f"{header_row}:{header_row}"
        for row in ws.iter_rows(min_row=header_row + 1):
            for cell in row:
                value = cell.value
                if isinstance(value, str):
                    assert not re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?%?", value), (ws.title, cell.coordinate)
                elif isinstance(value, int | float):
                    numbers += 1
                    assert cell.number_format != "General"
        for letter, dim in ws.column_dimensions.items():
            assert dim.width is None or dim.width <= 61, letter
        for row in ws.iter_rows(min_row=header_row):  # wrapped text never runs over the next row
            for cell in row:
                if isinstance(cell.value, str) and cell.style in ("Ô số liệu", "Tiêu đề bảng"):
                    width = ws.column_dimensions[cell.column_letter].width
                    lines = math.ceil(len(cell.value) / max(1, width - 1))
                    height = ws.row_dimensions[cell.row].height or 15
                    assert height >= lines * 13.8, (ws.title, cell.coordinate, cell.value)
    assert numbers > 50
    sheet = wb["Phụ lục I"]
    codes = [c.value for c in sheet["A"] if isinstance(c.value, str)]
    assert "TTHC.4" in codes  # codes stay text
    percent = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, float) and "%" in c.number_format]
    assert percent and all(0 <= c.value <= 1.5 for c in percent)

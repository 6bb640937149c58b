"""The Word file. Every rule of Nghị định 30/2020/NĐ-CP (DOMAIN §2) lives here, once."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from reports.document import Appendix, Block, Heading, OfficialDocument, Paragraph, Table
from reports.renderers import clean_text

FONT = "Times New Roman"
TABLE_STYLE = "Bảng số liệu"
TABLE_STYLE_ID = "BangSoLieu"
TABLE_PT = 12
A4 = (Mm(210), Mm(297))


@dataclass(frozen=True)
class PageSetup:
    """Page and body settings, each within the range the decree allows (checked in __post_init__)."""

    top_mm: float = 20
    bottom_mm: float = 20
    left_mm: float = 30
    right_mm: float = 15
    body_pt: float = 14
    first_line_cm: float = 1.27
    after_pt: float = 6
    line_spacing: float = 1.15

    def __post_init__(self) -> None:
        checks = [
            (20 <= self.top_mm <= 25, "lề trên 20–25 mm"),
            (20 <= self.bottom_mm <= 25, "lề dưới 20–25 mm"),
            (30 <= self.left_mm <= 35, "lề trái 30–35 mm"),
            (15 <= self.right_mm <= 20, "lề phải 15–20 mm"),
            (13 <= self.body_pt <= 14, "cỡ chữ nội dung 13–14"),
            (self.first_line_cm in (1.0, 1.27), "thụt đầu dòng 1 cm hoặc 1,27 cm"),
            (self.after_pt >= 6, "cách đoạn tối thiểu 6 pt"),
            (1.0 <= self.line_spacing <= 1.5, "giãn dòng từ 1 đến 1,5"),
        ]
        wrong = [label for ok, label in checks if not ok]
        if wrong:
            raise ValueError("Thiết lập trang ngoài khoảng Nghị định 30/2020/NĐ-CP cho phép: " + "; ".join(wrong))

    @classmethod
    def from_settings(cls) -> PageSetup:
        """REPORT_MARGINS_MM = "top,bottom,left,right" (default 20,20,30,15), checked against the decree."""
        top, bottom, left, right = settings.REPORT_MARGINS_MM
        return cls(top_mm=top, bottom_mm=bottom, left_mm=left, right_mm=right)


def render(doc: OfficialDocument, setup: PageSetup | None = None) -> bytes:
    setup = setup or PageSetup.from_settings()
    word = new_document()
    _base_style(word, setup)
    section = word.sections[0]
    _page(section, setup, landscape=False)
    _page_number_header(section, setup)
    _header_table(word, doc, setup)
    _title(word, doc, setup)
    _recipients(word, doc, setup)
    for block in doc.blocks:
        _block(word, block, setup, _text_width(section))
    _signature(word, doc, setup)
    for appendix in doc.appendices:
        _appendix(word, appendix, setup)
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()


# --- page and styles ------------------------------------------------------------------------------------


def _set_fonts(element, name: str = FONT) -> None:
    """w:rFonts for every script, so that Word never substitutes a fallback font."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def _base_style(word: Document, setup: PageSetup) -> None:
    normal = word.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(setup.body_pt)
    _set_fonts(normal.element)
    defaults = word.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None and rpr_default.find(qn("w:rPr")) is not None:
            fonts = OxmlElement("w:rFonts")
            for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                fonts.set(qn(attr), FONT)
            rpr_default.find(qn("w:rPr")).insert(0, fonts)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    cell = word.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell.element.styleId = TABLE_STYLE_ID
    cell.base_style = normal
    cell.font.size = Pt(TABLE_PT)


def _page(section, setup: PageSetup, *, landscape: bool) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.top_margin, section.bottom_margin = Mm(setup.top_mm), Mm(setup.bottom_mm)
    section.left_margin, section.right_margin = Mm(setup.left_mm), Mm(setup.right_mm)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True  # no number on the first page (NĐ 30)


def _text_width(section) -> int:
    return section.page_width - section.left_margin - section.right_margin


def _page_number_header(section, setup: PageSetup, *, restart: bool = False) -> None:
    """Page number, top centre, from the second page; an appendix starts its own numbering."""
    section.header.is_linked_to_previous = False
    section.first_page_header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    _font(run, setup.body_pt)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
    if restart:
        sect_pr = section._sectPr
        numbering = sect_pr.find(qn("w:pgNumType"))
        if numbering is None:
            numbering = OxmlElement("w:pgNumType")
            sect_pr.append(numbering)
        numbering.set(qn("w:start"), "1")


# --- text helpers ---------------------------------------------------------------------------------------


def _font(run, size: float, *, bold: bool = False, italic: bool = False) -> None:
    """Size always; bold and italic only when on. The font itself comes from the Normal style and the
    document defaults (all scripts), so runs do not repeat it: that keeps the build fast (bench)."""
    run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    if italic:
        run.font.italic = True


def _para(
    container,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
    keep_next: bool = False,
    style_id: str | None = None,
) -> DocxParagraph:
    """A paragraph with only the formatting that differs from its style (Normal: no spacing, single line):
    python-docx inserts every property into the XML one by one, so writing defaults again costs time."""
    paragraph = container.add_paragraph()
    if style_id:
        paragraph._p.style = style_id  # set by id: a lookup by name scans every style, per paragraph
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    if before:
        fmt.space_before = Pt(before)
    if after:
        fmt.space_after = Pt(after)
    if keep_next:
        fmt.keep_with_next = True
    if text:
        run = paragraph.add_run(clean_text(text))
        if style_id is None or size != TABLE_PT:
            run.font.size = Pt(size)
        if bold:
            run.font.bold = True
        if italic:
            run.font.italic = True
    return paragraph


def _rule(container, width: int, line_length: int, *, after: float = 0) -> DocxParagraph:
    """A centred solid line of the given length, drawn as the bottom border of an empty paragraph whose
    indents are computed from the width of its container (cell or page), not from the page."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    side = max(int((width - line_length) / 2), 0)
    fmt.left_indent, fmt.right_indent = side, side
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(after), 1.0
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)
    run = paragraph.add_run()
    _font(run, 2)
    return paragraph


def _fixed_table(word_or_cell, widths: list[int], *, borders: bool) -> object:
    """A table whose column widths hold in Word and LibreOffice: fixed layout plus w:tblGrid widths."""
    table = word_or_cell.add_table(rows=0, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    if borders:
        table.style = "Table Grid"
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(width / 635)))  # EMU → twips
    return table


def _row(table, widths: list[int], *, cant_split: bool = False):
    row = table.add_row()
    for cell, width in zip(row.cells, widths, strict=True):
        cell.width = width
    if cant_split:
        tr_pr = row._tr.get_or_add_trPr()
        element = OxmlElement("w:cantSplit")
        tr_pr.append(element)
    return row


def _clear(cell: _Cell) -> _Cell:
    """Drop the empty paragraph python-docx puts in every new cell."""
    for paragraph in list(cell.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    return cell


# --- the parts of the document --------------------------------------------------------------------------


def _header_table(word: Document, doc: OfficialDocument, setup: PageSetup) -> None:
    width = _text_width(word.sections[0])
    widths = [int(width * 0.42), width - int(width * 0.42)]
    table = _fixed_table(word, widths, borders=False)
    top = _row(table, widths)
    left, right = _clear(top.cells[0]), _clear(top.cells[1])
    if doc.parent_body:
        _para(left, doc.parent_body, 13)
    for line in doc.body_lines:
        _para(left, line, 13, bold=True)
    longest = max((len(line) for line in doc.body_lines), default=10)
    _rule(left, widths[0], int(widths[0] * min(0.45, 0.04 * longest)) if longest else widths[0] // 3)
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True)
    _para(right, "Độc lập - Tự do - Hạnh phúc", 13, bold=True)
    _rule(right, widths[1], Mm(58))  # as long as the motto line at 13 pt bold
    bottom = _row(table, widths)
    _para(_clear(bottom.cells[0]), doc.number_line, 13, before=6)
    _para(_clear(bottom.cells[1]), doc.place_date, 13, italic=True, before=6)


def _title(word: Document, doc: OfficialDocument, setup: PageSetup) -> None:
    width = _text_width(word.sections[0])
    _para(word, doc.doc_type, 14, bold=True, before=18, keep_next=True)
    _para(word, doc.subject, 14, bold=True, keep_next=True)
    _rule(word, width, int(width * 0.3), after=6)


def _recipients(word: Document, doc: OfficialDocument, setup: PageSetup) -> None:
    lines = doc.recipient_lines()
    for i, line in enumerate(lines):
        several = len(lines) > 1 and i > 0
        p = _para(word, line, setup.body_pt, before=6 if i == 0 else 0, after=12 if i == len(lines) - 1 else 0,
                  align=WD_ALIGN_PARAGRAPH.LEFT if several else WD_ALIGN_PARAGRAPH.CENTER)  # fmt: skip
        if several:
            p.paragraph_format.left_indent = Cm(5)


def _body(word, text: str, setup: PageSetup, *, bold: bool = False, keep_next: bool = False) -> DocxParagraph:
    paragraph = word.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Cm(setup.first_line_cm)
    fmt.space_after = Pt(setup.after_pt)
    fmt.line_spacing = setup.line_spacing
    if keep_next:
        fmt.keep_with_next = True
    _font(paragraph.add_run(clean_text(text)), setup.body_pt, bold=bold)
    return paragraph


def _block(word, block: Block, setup: PageSetup, width: int) -> None:
    if isinstance(block, Paragraph):
        _body(word, block.text, setup)
    elif isinstance(block, Heading):
        if block.kind == "part":
            _para(word, block.text, setup.body_pt, bold=True, before=12, keep_next=True)
        elif block.kind == "part_title":
            _para(word, block.text, setup.body_pt, bold=True, after=setup.after_pt, keep_next=True)
        elif block.kind in ("section", "clause"):
            _body(word, block.text, setup, bold=True, keep_next=True)
        else:
            _body(word, block.text, setup, keep_next=True)
    elif isinstance(block, Table):
        _table(word, block, width)


def _table(word, block: Table, width: int, size: float = 12) -> None:
    if block.title:
        _para(word, block.title, size + 1, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=6, after=3, keep_next=True)
    total = sum(block.widths) or 1
    widths = [int(width * w / total) for w in block.widths]
    table = _fixed_table(word, widths, borders=True)
    header = _row(table, widths)
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
    tr_pr.append(repeat)
    for cell, text in zip(header.cells, block.headers, strict=True):
        _para(_clear(cell), text, size, bold=True, style_id=TABLE_STYLE_ID)
    for values in block.rows:
        row = _row(table, widths)
        for index, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.RIGHT if index >= block.numeric_from else WD_ALIGN_PARAGRAPH.LEFT
            if index == 0 and len(str(text)) <= 4:
                align = WD_ALIGN_PARAGRAPH.CENTER
            _para(_clear(cell), str(text), size, align=align, style_id=TABLE_STYLE_ID)
    _para(word, "", 6)


def _signature(word: Document, doc: OfficialDocument, setup: PageSetup) -> None:
    """Nơi nhận on the left, the signer on the right, in one row that never splits across pages."""
    width = _text_width(word.sections[0])
    widths = [int(width * 0.46), width - int(width * 0.46)]
    table = _fixed_table(word, widths, borders=False)
    row = _row(table, widths, cant_split=True)
    left, right = _clear(row.cells[0]), _clear(row.cells[1])
    _para(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=6, keep_next=True)
    for line in doc.distribution:
        _para(left, line, 11, align=WD_ALIGN_PARAGRAPH.LEFT, keep_next=True)
    _para(right, doc.signer_authority, setup.body_pt, bold=True, before=6, keep_next=True)
    if doc.signer_deputy:
        _para(right, doc.signer_deputy, setup.body_pt, bold=True, keep_next=True)
    _para(right, doc.signer_title, setup.body_pt, bold=True, keep_next=True)
    for _ in range(4):  # room for the signature and the seal
        _para(right, "", setup.body_pt, keep_next=True)
    _para(right, doc.signer_name, setup.body_pt, bold=True)


def _appendix(word: Document, appendix: Appendix, setup: PageSetup) -> None:
    section = word.add_section(WD_SECTION.NEW_PAGE)
    _page(section, setup, landscape=appendix.landscape)
    _page_number_header(section, setup, restart=True)
    _para(word, f"Phụ lục {appendix.number}", 14, bold=True, keep_next=True)
    _para(word, appendix.title, 14, bold=True, keep_next=True)
    _para(word, appendix.reference, 14, italic=True, after=12)
    width = _text_width(section)
    for block in appendix.blocks:
        _block(word, block, setup, width)

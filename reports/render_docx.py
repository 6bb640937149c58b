"""The Word file. Every rule of Nghị định 30/2020/NĐ-CP (DOMAIN §2) lives here, once.

The geometry both files share (text widths, the lengths of the lines under the issuing body and the trích yếu,
the table column widths, the indents of the Kính gửi block) is computed here too, in points, and used by the
PDF renderer as well, so that the PDF is laid out like the Word file.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

from django.conf import settings
from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from kimphuong.text import clean_text
from reports.document import Appendix, Block, Heading, OfficialDocument, Paragraph, Table

FONT = "Times New Roman"
LANG = "vi-VN"
TABLE_STYLE = "Bảng số liệu"
TABLE_STYLE_ID = "BangSoLieu"
TABLE_PT = 12
A4 = (Mm(210), Mm(297))
EMU_PER_PT = 12700
CELL_MARGIN_PT = 5.4  # Word's default left/right cell margin (108 twips); the PDF uses the same padding
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENT_LEAD = "Kính gửi: "
RULE_SHARE = 0.4  # the lines under the issuing body and the trích yếu: 1/3–1/2 of the text (NĐ 30)
MIN_COLUMN_PT = 28.5  # no table column narrower than 1 cm (“TT” and two digits at 12 pt)
SIGNATURE_ROOM_PT = 64  # room for the signature and the seal, as space before the signer's name

# Heading styles: based on Word's built-in headings (so the navigation pane shows the outline), in the
# NĐ 30 look (Times New Roman 14 bold, black, no extra spacing). kind → (style id, outline level).
HEADING_STYLES = {"part": ("Heading1", 0), "part_title": ("PhanTieuDe", 0), "section": ("Heading2", 1),
                  "clause": ("Heading3", 2)}  # fmt: skip


# --- measuring text (shared with the PDF) ---------------------------------------------------------------

_FONT_FILES = {
    (False, False): "LiberationSerif-Regular.ttf",
    (True, False): "LiberationSerif-Bold.ttf",
    (False, True): "LiberationSerif-Italic.ttf",
    (True, True): "LiberationSerif-BoldItalic.ttf",
}
_FONT_DIRS = [Path("/usr/share/fonts/truetype/liberation2"), Path("/usr/share/fonts/truetype/liberation")]


@lru_cache(maxsize=8)
def _face(bold: bool, italic: bool):
    """Liberation Serif has the metrics of Times New Roman; None when Pillow or the font is missing."""
    try:
        from PIL import ImageFont
    except ImportError:  # pragma: no cover
        return None
    for folder in _FONT_DIRS:
        path = folder / _FONT_FILES[(bold, italic)]
        if path.exists():
            return ImageFont.truetype(str(path), 1000)
    return None  # pragma: no cover


@lru_cache(maxsize=16384)
def text_width_pt(text: str, size: float, *, bold: bool = False, italic: bool = False) -> float:
    """Width of one line of Times New Roman text, in points (a Times-like average width without the font).
    Cached: a table's column widths measure every word of every cell, and words repeat."""
    face = _face(bold, italic)
    if face is None:  # pragma: no cover
        return len(text) * size * (0.55 if bold else 0.5)
    return face.getlength(text) * size / 1000


def wrap_lines(text: str, size: float, width_pt: float, *, bold: bool = False) -> list[str]:
    """The lines a centred paragraph of this text makes in the given width (greedy, at spaces)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width_pt(candidate, size, bold=bold) > width_pt:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def body_rule_pt(doc: OfficialDocument) -> float:
    """The line under the issuing body: a share of its longest line (13 pt bold)."""
    longest = max((text_width_pt(line, 13, bold=True) for line in doc.body_lines), default=0)
    return RULE_SHARE * longest if longest else 40.0


def motto_rule_pt() -> float:
    """The line under the Tiêu ngữ: as long as the motto (13 pt bold)."""
    return text_width_pt(MOTTO, 13, bold=True)


def subject_rule_pt(doc: OfficialDocument, text_width: float) -> float:
    """The line under the trích yếu: a share of its longest wrapped line (14 pt bold), at most the text width."""
    lines = wrap_lines(clean_text(doc.subject), 14, text_width, bold=True) or [""]
    longest = min(max(text_width_pt(line, 14, bold=True) for line in lines), text_width)
    return RULE_SHARE * longest if longest else text_width / 3


def recipient_indents_pt(doc: OfficialDocument, text_width: float, size: float) -> tuple[float, float]:
    """(left indent of “Kính gửi:”, left indent of the “- …;” lines) for several recipients: the block is
    centred on the page and the dashes start just after “Kính gửi: ”."""
    lines = doc.recipient_lines()[1:]
    lead = text_width_pt(RECIPIENT_LEAD, size)
    longest = max((text_width_pt(clean_text(line), size) for line in lines), default=0)
    start = max((text_width - lead - longest) / 2, 0)
    start = min(start, text_width / 3)  # long names: keep room for them
    return start, start + lead


def table_widths_pt(block: Table, width_pt: float, size: float = TABLE_PT) -> list[float]:
    """Column widths from the relative widths, each at least as wide as its longest word (a header word in
    bold, a cell word, two digits) plus the cell margins, so that no word breaks inside a cell ("Cộng", "TT");
    the room is taken from the columns that have more than they need."""
    total = sum(block.widths) or 1
    widths = [width_pt * w / total for w in block.widths]
    needs = []
    for index in range(len(widths)):
        words = [(w, True) for w in str(block.headers[index]).split()]
        words += [(w, False) for row in block.rows if index < len(row) for w in str(row[index]).split()]
        longest = max((text_width_pt(w, size, bold=b) for w, b in words), default=0)
        longest = max(longest, text_width_pt("99", size, bold=True))
        needs.append(min(max(longest + 2 * CELL_MARGIN_PT + 1, MIN_COLUMN_PT), width_pt * 0.4))
    for _ in range(len(widths)):
        short = [i for i, (w, n) in enumerate(zip(widths, needs, strict=True)) if w < n - 0.01]
        if not short:
            break
        missing = sum(needs[i] - widths[i] for i in short)
        for i in short:
            widths[i] = needs[i]
        spare = {i: widths[i] - needs[i] for i in range(len(widths)) if i not in short and widths[i] > needs[i]}
        room = sum(spare.values())
        if room <= 0:
            break
        take = min(missing, room)
        for i, slack in spare.items():
            widths[i] -= take * slack / room
    scale = width_pt / sum(widths)
    return [w * scale for w in widths]


# --- document symbols that never break across lines -----------------------------------------------------

_TOKEN = re.compile(r"(?<![\w/-])\w+(?:[-/]\w+)+")
_UPPER_GROUP = re.compile(r"[^\W\d_a-zà-ỹđ]{2,}")


def is_code(token: str) -> bool:
    """“96/KH-UBND”, “20-CT/TU”, “TTHC-01”, “NĐ-CP”, “31/12/2021”: letters and digits joined by “-” and “/”,
    with a digit or a group of capitals (“nhiệm vụ/năm” or “kinh tế - xã hội” are not codes)."""
    return any(c.isdigit() for c in token) or bool(_UPPER_GROUP.search(token))


def code_spans(text: str) -> list[tuple[str, bool]]:
    """The text cut into (piece, is_code) pieces, in order."""
    out: list[tuple[str, bool]] = []
    position = 0
    for match in _TOKEN.finditer(text):
        if not is_code(match.group()):
            continue
        if match.start() > position:
            out.append((text[position : match.start()], False))
        out.append((match.group(), True))
        position = match.end()
    if position < len(text):
        out.append((text[position:], False))
    return out


# --- schema order ---------------------------------------------------------------------------------------

_ORDER = {
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
SCHEMA_ORDER = {qn(f"w:{parent}"): [qn(f"w:{t}") for t in tags.split()] for parent, tags in _ORDER.items()}


def put(parent, tag: str, **attrs: str):
    """The one `tag` child of `parent` (created if missing) at its place in the schema order, with `attrs`."""
    name = qn(tag)
    element = parent.find(name)
    if element is None:
        element = OxmlElement(tag)
        order = SCHEMA_ORDER[parent.tag]
        rank = order.index(name)
        later = next((child for child in parent if child.tag in order and order.index(child.tag) > rank), None)
        if later is None:
            parent.append(element)
        else:
            later.addprevious(element)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


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

    def text_width_pt(self, *, landscape: bool = False) -> float:
        page = 297 if landscape else 210
        return (page - self.left_mm - self.right_mm) * 72 / 25.4


def author_of(doc: OfficialDocument) -> str:
    """The issuing body in normal case: “ỦY BAN NHÂN DÂN” + “XÃ KIM PHƯỢNG” → “Ủy ban nhân dân xã Kim Phượng”."""
    if doc.author:
        return doc.author
    lines = [line.strip() for line in doc.body_lines if line.strip()]
    if not lines:
        return ""
    out = [lines[0].capitalize()]
    for line in lines[1:]:
        first, *rest = line.split()
        out.append(" ".join([first.lower(), *(w.capitalize() for w in rest)]))
    return " ".join(out)


def render(doc: OfficialDocument, setup: PageSetup | None = None) -> bytes:
    setup = setup or PageSetup.from_settings()
    word = new_document()
    _styles(word, setup)
    _settings(word)
    _properties(word, doc)
    section = word.sections[0]
    _page(section, setup, landscape=False)
    _page_number_header(section, setup)
    if doc.letterhead:
        _header_table(word, doc, setup)
    _title(word, doc, setup)
    _recipients(word, doc, setup)
    _blocks(word, doc.blocks, setup, _text_width(section))
    if doc.signed:
        _signature(word, doc, setup)
    for appendix in doc.appendices:
        _appendix(word, appendix, setup)
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()


# --- page, styles, settings and properties --------------------------------------------------------------


def _set_fonts(rpr, name: str = FONT) -> None:
    """One w:rFonts, for every script, so that Word never substitutes a fallback font (no theme fonts)."""
    for extra in rpr.findall(qn("w:rFonts"))[1:]:
        rpr.remove(extra)
    fonts = put(rpr, "w:rFonts")
    for attr in list(fonts.attrib):
        fonts.attrib.pop(attr)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _styles(word: Document, setup: PageSetup) -> None:
    """The styles part is the same for every document with the same page setup: `_base_style` makes it once
    per thread and setup, and later documents share that element (350 kB of XML: a copy would cost as much as
    making it). Shared, so read only: nothing after this step writes to the styles (the pins would show it)."""
    part = word.part._styles_part
    cache = _prepared_elements()
    key = ("styles", setup)
    element = cache.get(key)
    if element is None:
        _base_style(word, setup)
        cache[key] = part.element
    else:
        part._element = element


def _base_style(word: Document, setup: PageSetup) -> None:
    styles = word.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr_default)
    put(rpr_default, "w:sz", val=str(int(setup.body_pt * 2)))
    put(rpr_default, "w:szCs", val=str(int(setup.body_pt * 2)))
    put(rpr_default, "w:lang", val=LANG, eastAsia=LANG, bidi=LANG)
    # No theme fonts anywhere: every style inherits Times New Roman from the defaults.
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in [a for a in fonts.attrib if a.endswith("Theme") or a.endswith("theme")]:
            fonts.attrib.pop(attr)
        if not fonts.attrib:
            fonts.getparent().remove(fonts)
    normal = word.styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr())
    normal.font.size = Pt(setup.body_pt)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    fmt.widow_control = True
    cell = word.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell.element.styleId = TABLE_STYLE_ID
    cell.base_style = normal
    cell.font.size = Pt(TABLE_PT)
    _heading_styles(word, setup)


def _heading_styles(word: Document, setup: PageSetup) -> None:
    """Heading 1–3 (and “Tiêu đề phần”, based on Heading 1) in the NĐ 30 look, with their outline levels."""
    part_title = word.styles.add_style("Tiêu đề phần", WD_STYLE_TYPE.PARAGRAPH)
    part_title.element.styleId = "PhanTieuDe"
    part_title.base_style = word.styles["Heading 1"]
    part_title.next_paragraph_style = word.styles["Normal"]
    looks: dict[str, dict[str, Any]] = {
        "Heading1": dict(align=WD_ALIGN_PARAGRAPH.CENTER, before=12, after=0, body=False),
        "PhanTieuDe": dict(align=WD_ALIGN_PARAGRAPH.CENTER, before=0, after=setup.after_pt, body=False),
        "Heading2": dict(align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=0, after=setup.after_pt, body=True),
        "Heading3": dict(align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=0, after=setup.after_pt, body=True),
    }
    by_id = {s.element.styleId: s for s in word.styles}
    for style_id, look in looks.items():
        style = by_id[style_id]
        fmt = style.paragraph_format
        fmt.alignment = look["align"]
        fmt.space_before, fmt.space_after = Pt(look["before"]), Pt(look["after"])
        fmt.keep_with_next = True
        fmt.line_spacing = setup.line_spacing if look["body"] else 1.0
        if look["body"]:
            fmt.first_line_indent = Cm(setup.first_line_cm)
        rpr = style.element.get_or_add_rPr()
        for tag in ("w:rFonts", "w:color"):
            for element in rpr.findall(qn(tag)):
                rpr.remove(element)
        _set_fonts(rpr)
        style.font.bold = True
        style.font.size = Pt(setup.body_pt)
        put(rpr, "w:szCs", val=str(int(setup.body_pt * 2)))
        ppr = style.element.get_or_add_pPr()
        level = next(lvl for sid, lvl in HEADING_STYLES.values() if sid == style_id)
        put(ppr, "w:outlineLvl", val=str(level))
    for char_id in ("Heading1Char", "Heading2Char", "Heading3Char"):
        style = by_id.get(char_id)
        if style is not None and style.element.rPr is not None:
            for element in style.element.rPr.findall(qn("w:color")):
                style.element.rPr.remove(element)


def _settings(word: Document) -> None:
    """Word 2013+ layout (no compatibility mode) and Vietnamese as the theme language."""
    element = word.settings.element
    for setting in element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    theme_lang = element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANG)


def _properties(word: Document, doc: OfficialDocument) -> None:
    props = word.core_properties
    author = author_of(doc)
    created = doc.created or dt.datetime.now(dt.UTC)
    if created.tzinfo is not None:
        created = created.astimezone(dt.UTC).replace(tzinfo=None)  # python-docx writes naive times as UTC
    props.author = author
    props.last_modified_by = author
    props.title = doc.title or f"{doc.doc_type.capitalize()} {doc.subject}".strip()
    props.subject = doc.subject
    props.comments = ""
    props.language = LANG
    props.created = created
    props.modified = created
    props.revision = 1


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
        put(section._sectPr, "w:pgNumType", start="1")


# --- text helpers ---------------------------------------------------------------------------------------


def _font(run, size: float, *, bold: bool = False, italic: bool = False) -> None:
    """Size always; bold and italic only when on. The font itself comes from the Normal style and the
    document defaults (all scripts), so runs do not repeat it: that keeps the build fast (bench)."""
    run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    if italic:
        run.font.italic = True


# Paragraphs and runs are prepared once and cloned (issue 16): python-docx inserts every property into the XML
# one by one, looking each child up by name, which costs far more than a copy of the finished element. A
# prepared element is made by the same python-docx calls, in the same order, as a paragraph built directly,
# so the file is byte for byte the same (tests/reports/test_docx_speed.py pins it).

_PREPARED = threading.local()  # one set of prepared elements per thread: lxml trees are not shared across threads
_T = qn("w:t")
_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")
_SPACE = qn("xml:space")
_SECT_PR = qn("w:sectPr")
_TC = qn("w:tc")
_P = qn("w:p")


def _prepared_elements() -> dict[tuple, Any]:
    cache: dict[tuple, Any] | None = getattr(_PREPARED, "elements", None)
    if cache is None:
        cache = _PREPARED.elements = {}
    return cache


def _prepared(key: tuple, build: Callable[[], Any]) -> Any:
    """A fresh copy of the element `build` makes, built once per thread and key."""
    cache = _prepared_elements()
    element = cache.get(key)
    if element is None:
        element = cache[key] = build()
    return deepcopy(element)


def _run_element(size: float | None, *, bold: bool = False, italic: bool = False):
    """An empty w:r with its size (None: the style's), bold and italic."""

    def build():
        run = Run(OxmlElement("w:r"), None)  # type: ignore[arg-type]
        if size is not None:
            run.font.size = Pt(size)
        if bold:
            run.font.bold = True
        if italic:
            run.font.italic = True
        return run._r

    return _prepared(("r", size, bold, italic), build)


def _append_t(r, text: str) -> None:
    t = r.makeelement(_T)
    t.text = text
    if len(text.strip()) < len(text):
        t.set(_SPACE, "preserve")
    r.append(t)


def _fill_run(r, text: str) -> None:
    """The text into an empty run; inside document symbols (“96/KH-UBND”) each “-” is a non-breaking hyphen.
    (Word does not break after “/”; python-docx reads w:noBreakHyphen back as “-”, so the text is unchanged.)
    Text without a hyphen is written as python-docx's `Run.text` writes it (tabs and line breaks included)."""
    text = clean_text(text)
    if "-" not in text:
        if not text:
            return
        if "\t" in text or "\r" in text or "\n" in text:
            r.text = text
        else:
            _append_t(r, text)
        return
    for piece, code in code_spans(text):
        parts = piece.split("-") if code else [piece]
        for index, part in enumerate(parts):
            if index:
                r.append(r.makeelement(_NO_BREAK_HYPHEN))
            if part:
                _append_t(r, part)


def _attach(container, p) -> DocxParagraph:
    """Append a w:p to a cell or to the document's body (before the body's own w:sectPr)."""
    if isinstance(container, _Cell):
        container._tc.append(p)
    else:
        body = container.element.body
        last = body[-1] if len(body) else None
        if last is not None and last.tag == _SECT_PR:
            last.addprevious(p)
        else:
            body.append(p)
    return DocxParagraph(p, container)


def _para_element(
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
):
    """The w:p of `_para`, not yet in the document."""

    def build():
        paragraph = DocxParagraph(OxmlElement("w:p"), None)  # type: ignore[arg-type]
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
        return paragraph._p

    p = _prepared(("p", style_id, align, before, after, keep_next), build)
    if text:
        sized = style_id != TABLE_STYLE_ID or size != TABLE_PT
        r = _run_element(size if sized else None, bold=bold, italic=italic)
        _fill_run(r, text)
        p.append(r)
    return p


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
    """A paragraph with only the formatting that differs from its style (Normal: no spacing, single line)."""
    p = _para_element(text, size, bold=bold, italic=italic, align=align, before=before, after=after,
                      keep_next=keep_next, style_id=style_id)  # fmt: skip
    return _attach(container, p)


def _rule(container, width: int, line_length: int, *, after: float = 0) -> DocxParagraph:
    """A centred solid line of the given length, drawn as the bottom border of a paragraph one point high,
    right under the text above it; its indents are computed from the width of its container (cell or
    page), not from the page."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    side = max(int((width - line_length) / 2), 0)
    fmt.left_indent, fmt.right_indent = Emu(side), Emu(side)
    fmt.line_spacing = Pt(1)  # exact: the paragraph is only as high as the line
    if after:
        fmt.space_after = Pt(after)
    ppr = paragraph._p.get_or_add_pPr()
    borders = put(ppr, "w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    mark = put(ppr, "w:rPr")  # the paragraph mark, 1 pt: no blank line under the text
    put(mark, "w:sz", val="2")
    put(mark, "w:szCs", val="2")
    return paragraph


def _fixed_table(word_or_cell, widths: list[int], *, borders: bool) -> DocxTable:
    """A table whose column widths hold in Word and LibreOffice: fixed layout plus w:tblGrid widths."""
    table = word_or_cell.add_table(rows=0, cols=len(widths))
    if borders:
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # w:tblLayout type="fixed", in its place
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(width / 635)))  # EMU → twips
    return table


def _row(table, widths: list[int], *, cant_split: bool = True, header: bool = False):
    """A row that never splits across pages (w:cantSplit); a header row repeats on every page."""
    row = table.add_row()
    for cell, width in zip(row.cells, widths, strict=True):
        cell.width = width
    if cant_split or header:
        tr_pr = row._tr.get_or_add_trPr()
        if cant_split:
            put(tr_pr, "w:cantSplit")
        if header:
            put(tr_pr, "w:tblHeader")
    return row


def _clear(cell: _Cell) -> _Cell:
    """Drop the empty paragraph python-docx puts in every new cell."""
    for paragraph in list(cell.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    return cell


def _pt(value: float) -> int:
    return int(value * EMU_PER_PT)


# --- the parts of the document --------------------------------------------------------------------------


def _header_table(word: Document, doc: OfficialDocument, setup: PageSetup) -> None:
    width = _text_width(word.sections[0])
    widths = [int(width * 0.42), width - int(width * 0.42)]
    inner = [w - _pt(2 * CELL_MARGIN_PT) for w in widths]  # the cell's text area
    table = _fixed_table(word, widths, borders=False)
    top = _row(table, widths)
    left, right = _clear(top.cells[0]), _clear(top.cells[1])
    if doc.parent_body:
        _para(left, doc.parent_body, 13)
    for line in doc.body_lines:
        _para(left, line, 13, bold=True)
    _rule(left, inner[0], min(_pt(body_rule_pt(doc)), inner[0]))
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True)
    _para(right, MOTTO, 13, bold=True)
    _rule(right, inner[1], min(_pt(motto_rule_pt()), inner[1]))  # as long as the motto
    bottom = _row(table, widths)
    _para(_clear(bottom.cells[0]), doc.number_line, 13, before=6)
    _para(_clear(bottom.cells[1]), doc.place_date, 13, italic=True, before=6)


def _title(word: Document, doc: OfficialDocument, setup: PageSetup) -> None:
    width = _text_width(word.sections[0])
    _para(word, doc.doc_type, 14, bold=True, before=18 if doc.letterhead else 0, keep_next=True)
    _para(word, doc.subject, 14, bold=True, keep_next=True)
    if doc.byline:
        _para(word, doc.byline, 14, italic=True, keep_next=True)
    _rule(word, width, _pt(subject_rule_pt(doc, width / EMU_PER_PT)), after=6)


def _recipients(word: Document, doc: OfficialDocument, setup: PageSetup) -> None:
    """“Kính gửi: X.” centred; several recipients: “Kính gửi:” then one “- X;” per line, the dashes just
    after “Kính gửi: ”, the block centred on the page."""
    lines = doc.recipient_lines()
    if not lines:
        return
    first_before, last_after = 6, 12
    if len(lines) == 1:
        _para(word, lines[0], setup.body_pt, before=first_before, after=last_after)
        return
    start, dash = recipient_indents_pt(doc, _text_width(word.sections[0]) / EMU_PER_PT, setup.body_pt)
    for i, line in enumerate(lines):
        p = _para(word, line, setup.body_pt, before=first_before if i == 0 else 0,
                  after=last_after if i == len(lines) - 1 else 0, align=WD_ALIGN_PARAGRAPH.LEFT,
                  keep_next=i < len(lines) - 1)  # fmt: skip
        p.paragraph_format.left_indent = Pt(start if i == 0 else dash)


def _body(word, text: str, setup: PageSetup, *, bold: bool = False, keep_next: bool = False,
          style_id: str | None = None) -> DocxParagraph:  # fmt: skip
    def build():
        paragraph = DocxParagraph(OxmlElement("w:p"), None)  # type: ignore[arg-type]
        if style_id:
            paragraph._p.style = style_id
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt = paragraph.paragraph_format
        fmt.first_line_indent = Cm(setup.first_line_cm)
        fmt.space_after = Pt(setup.after_pt)
        fmt.line_spacing = setup.line_spacing
        if keep_next:
            fmt.keep_with_next = True
        return paragraph._p

    key = ("body", style_id, setup.first_line_cm, setup.after_pt, setup.line_spacing, keep_next)
    p = _prepared(key, build)
    r = _run_element(setup.body_pt, bold=bold)
    _fill_run(r, text)
    p.append(r)
    return _attach(word, p)


def _blocks(word, blocks: list[Block], setup: PageSetup, width: int) -> None:
    previous: Block | None = None
    for block in blocks:
        _block(word, block, setup, width, after_table=isinstance(previous, Table))
        previous = block


def _block(word, block: Block, setup: PageSetup, width: int, *, after_table: bool = False) -> None:
    if isinstance(block, Paragraph):
        paragraph = _body(word, block.text, setup)
        if after_table:  # text right under a table (a giấy mời's agenda): the same 6 pt gap as between tables
            paragraph.paragraph_format.space_before = Pt(6)
    elif isinstance(block, Heading):
        style_id = HEADING_STYLES.get(block.kind, (None, 0))[0]
        if block.kind == "part":
            _para(word, block.text, setup.body_pt, bold=True, before=12, keep_next=True, style_id=style_id)
        elif block.kind == "part_title":
            _para(word, block.text, setup.body_pt, bold=True, after=setup.after_pt, keep_next=True,
                  style_id=style_id)  # fmt: skip
        elif block.kind in ("section", "clause"):
            _body(word, block.text, setup, bold=True, keep_next=True, style_id=style_id)
        else:
            _body(word, block.text, setup, keep_next=True)
    elif isinstance(block, Table):
        _table(word, block, width, after_table=after_table)


def _table(word, block: Table, width: int, size: float = TABLE_PT, *, after_table: bool = False) -> None:
    """A data table: header row repeated on every page, rows that never split, and the header with the first
    row kept with the next one, so that a page never ends with the header and one row alone."""
    if block.title:
        _para(word, block.title, size + 1, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=12 if after_table else 6,
              after=3, keep_next=True)  # fmt: skip
    elif after_table:  # two tables in a row would merge into one: a 6 pt gap keeps them apart
        gap = word.add_paragraph()
        gap.paragraph_format.line_spacing = Pt(6)
    widths = [_pt(w) for w in table_widths_pt(block, width / EMU_PER_PT, size)]
    table = _fixed_table(word, widths, borders=True)
    header = _row(table, widths, header=True)
    for cell, text in zip(header.cells, block.headers, strict=True):
        _para(_clear(cell), text, size, bold=True, style_id=TABLE_STYLE_ID, keep_next=True)
    # The first row is made by python-docx; the others are copies of it, empty, filled cell by cell.
    prepared = None
    for number, values in enumerate(block.rows):
        if prepared is None:
            tr = _row(table, widths)._tr
            for tc in tr.iterchildren(_TC):
                for p in tc.findall(_P):
                    tc.remove(p)
            prepared = deepcopy(tr)
        else:
            tr = deepcopy(prepared)
            table._tbl.append(tr)
        for index, (tc, text) in enumerate(zip(tr.iterchildren(_TC), values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.RIGHT if index >= block.numeric_from else WD_ALIGN_PARAGRAPH.LEFT
            if index == 0 and len(str(text)) <= 4:
                align = WD_ALIGN_PARAGRAPH.CENTER
            tc.append(_para_element(str(text), size, align=align, style_id=TABLE_STYLE_ID, keep_next=number == 0))


def _signature(word: Document, doc: OfficialDocument, setup: PageSetup) -> None:
    """Nơi nhận on the left, the signer on the right, in one row that never splits across pages. With a
    second signer (biên bản: the secretary), the left holds that signer and Nơi nhận follows underneath."""
    width = _text_width(word.sections[0])
    widths = [int(width * 0.46), width - int(width * 0.46)]
    table = _fixed_table(word, widths, borders=False)
    row = _row(table, widths, cant_split=True)
    left, right = _clear(row.cells[0]), _clear(row.cells[1])
    if doc.cosigner_title:
        _para(left, doc.cosigner_title, setup.body_pt, bold=True, before=6, keep_next=True)
        _para(left, doc.cosigner_name, setup.body_pt, bold=True, before=SIGNATURE_ROOM_PT)
    else:
        _distribution(left, doc)
    if doc.signer_authority:
        _para(right, doc.signer_authority, setup.body_pt, bold=True, before=6, keep_next=True)
    if doc.signer_deputy:
        _para(right, doc.signer_deputy, setup.body_pt, bold=True, keep_next=True)
    _para(right, doc.signer_title, setup.body_pt, bold=True, before=0 if doc.signer_authority else 6, keep_next=True)
    _para(right, doc.signer_name, setup.body_pt, bold=True, before=SIGNATURE_ROOM_PT)  # room for signature, seal
    if doc.cosigner_title and doc.distribution:
        _distribution(word, doc)


def _distribution(container, doc: OfficialDocument) -> None:
    _para(container, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=6, keep_next=True)
    for line in doc.distribution:
        _para(container, line, 11, align=WD_ALIGN_PARAGRAPH.LEFT, keep_next=True)


def _appendix(word: Document, appendix: Appendix, setup: PageSetup) -> None:
    section = word.add_section(WD_SECTION.NEW_PAGE)
    _page(section, setup, landscape=appendix.landscape)
    _page_number_header(section, setup, restart=True)
    _para(word, f"Phụ lục {appendix.number}", 14, bold=True, keep_next=True, style_id="Heading1")
    _para(word, appendix.title, 14, bold=True, keep_next=True, style_id="PhanTieuDe")
    _para(word, appendix.reference, 14, italic=True, after=12)
    _blocks(word, appendix.blocks, setup, _text_width(section))

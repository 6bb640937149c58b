"""The PDF: the same document, through an HTML template and WeasyPrint, laid out like the Word file.

Same margins, same line spacing, same lines under the issuing body and the trích yếu, same column widths and
the same page numbering (none on page 1, each phụ lục restarting at 1 with no number on its first page): the
geometry comes from reports.render_docx, which computes it once for both files.
"""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from kimphuong.text import clean_text
from reports.document import Heading, OfficialDocument, Paragraph, Table
from reports.render_docx import (
    CELL_MARGIN_PT,
    SIGNATURE_ROOM_PT,
    TABLE_PT,
    PageSetup,
    author_of,
    body_rule_pt,
    code_spans,
    motto_rule_pt,
    recipient_indents_pt,
    subject_rule_pt,
    table_widths_pt,
)

# Word's “single” line of Times New Roman is the font's ascent + descent + line gap: 2355/2048 of its size.
SINGLE_LINE = 2355 / 2048


# U+2060 WORD JOINER: no line break on either side, nothing drawn, nothing in the PDF's text (copying or
# searching “96/KH-UBND” finds it as typed).
_JOIN = "\u2060"
_JOINED = str.maketrans({"-": f"{_JOIN}-{_JOIN}", "/": f"{_JOIN}/{_JOIN}"})


def html_text(value: object) -> SafeString:
    """Escaped text in which document symbols (“96/KH-UBND”, “TTHC-01”) never break across lines.

    Word joiners beside their “-” and “/”, not a no-wrap <span>: WeasyPrint, when a line must break before such a
    span, broke it at the first opportunity of the line instead of the last (a line holding only “65”, the rest of
    the sentence on the next line)."""
    text = clean_text(str(value))
    return format_html_join("", "{}", ((p.translate(_JOINED) if code else p,) for p, code in code_spans(text)))


def _blocks(blocks: list, width_pt: float) -> list[dict]:
    out = []
    for block in blocks:
        if isinstance(block, Table):
            widths = table_widths_pt(block, width_pt, TABLE_PT)
            out.append(
                {
                    "kind": "table",
                    "title": html_text(block.title),
                    "headers": [html_text(h) for h in block.headers],
                    "rows": [[html_text(c) for c in row] for row in block.rows],
                    "widths": [round(w, 2) for w in widths],
                    "numeric_from": block.numeric_from,
                }
            )
        elif isinstance(block, Heading):
            out.append({"kind": block.kind, "text": html_text(block.text)})
        elif isinstance(block, Paragraph):
            out.append({"kind": "body", "text": html_text(block.text)})
    return out


def render_html(doc: OfficialDocument, setup: PageSetup | None = None) -> str:
    setup = setup or PageSetup.from_settings()
    width = setup.text_width_pt()
    head_left = width * 0.42 - 2 * CELL_MARGIN_PT
    lines = doc.recipient_lines()
    start, dash = recipient_indents_pt(doc, width, setup.body_pt) if len(lines) > 1 else (0, 0)
    created = doc.created or dt.datetime.now(dt.UTC)
    return render_to_string(
        "reports/pdf/report.html",
        {
            "doc": doc,
            "setup": setup,
            "single": round(SINGLE_LINE, 4),
            "body_line": round(SINGLE_LINE * setup.line_spacing, 4),
            "cell_pad": CELL_MARGIN_PT,
            "author": author_of(doc),
            "title": doc.title or f"{doc.doc_type.capitalize()} {doc.subject}".strip(),
            "created": created.isoformat(timespec="seconds"),
            "parent_body": html_text(doc.parent_body),
            "body_lines": [html_text(line) for line in doc.body_lines],
            "number_line": html_text(doc.number_line),
            "place_date": html_text(doc.place_date),
            "subject": html_text(doc.subject),
            "body_rule": round(min(body_rule_pt(doc), head_left), 2),
            "motto_rule": round(motto_rule_pt(), 2),
            "subject_rule": round(subject_rule_pt(doc, width), 2),
            "recipients": [html_text(line) for line in lines],
            "recipient_start": round(start, 2),
            "recipient_dash": round(dash, 2),
            "signature_room": SIGNATURE_ROOM_PT,
            "signer": [html_text(x) for x in (doc.signer_authority, doc.signer_deputy, doc.signer_title) if x],
            "signer_name": html_text(doc.signer_name),
            "byline": html_text(doc.byline),
            "cosigner_title": html_text(doc.cosigner_title),
            "cosigner_name": html_text(doc.cosigner_name),
            "distribution": [html_text(line) for line in doc.distribution],
            "blocks": _blocks(doc.blocks, width),
            "appendices": [
                {
                    "appendix": a,
                    "title": html_text(a.title),
                    "reference": html_text(a.reference),
                    "blocks": _blocks(a.blocks, setup.text_width_pt(landscape=a.landscape)),
                }
                for a in doc.appendices
            ],
        },
    )


def render(doc: OfficialDocument, setup: PageSetup | None = None) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango takes a moment and only PDFs need it

    return HTML(string=render_html(doc, setup), base_url=".").write_pdf()

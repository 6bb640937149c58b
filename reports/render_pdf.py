"""The PDF: the same document, through an HTML template and WeasyPrint (A4, same margins, page numbers)."""

from __future__ import annotations

from django.template.loader import render_to_string

from reports.document import Heading, OfficialDocument, Paragraph, Table
from reports.render_docx import PageSetup
from reports.renderers import clean_text


def _blocks(blocks: list) -> list[dict]:
    out = []
    for block in blocks:
        if isinstance(block, Table):
            total = sum(block.widths) or 1
            out.append(
                {
                    "kind": "table",
                    "title": clean_text(block.title),
                    "headers": [clean_text(h) for h in block.headers],
                    "rows": [[clean_text(str(c)) for c in row] for row in block.rows],
                    "widths": [round(100 * w / total, 2) for w in block.widths],
                    "numeric_from": block.numeric_from,
                }
            )
        elif isinstance(block, Heading):
            out.append({"kind": block.kind, "text": clean_text(block.text)})
        elif isinstance(block, Paragraph):
            out.append({"kind": "body", "text": clean_text(block.text)})
    return out


def render_html(doc: OfficialDocument, setup: PageSetup | None = None) -> str:
    setup = setup or PageSetup.from_settings()
    return render_to_string(
        "reports/pdf/report.html",
        {
            "doc": doc,
            "setup": setup,
            "blocks": _blocks(doc.blocks),
            "appendices": [{"appendix": a, "blocks": _blocks(a.blocks)} for a in doc.appendices],
            "recipient_lines": doc.recipient_lines(),
        },
    )


def render(doc: OfficialDocument, setup: PageSetup | None = None) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango takes a moment and only PDFs need it

    return HTML(string=render_html(doc, setup), base_url=".").write_pdf()

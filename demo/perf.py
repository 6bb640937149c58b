"""The libraries' floors the bench compares our builds against (issue 16), measured interleaved.

`docx_floor` writes the same paragraphs and table cells as our Word renderer, naively, with nothing but
python-docx: no styles, no layout, no properties. `measure_docx` times our renderer and that floor in turns
(ours, floor, ours, floor …), so that a slower or busier moment of the machine weighs on both alike, and
gives the medians, their ratio and the spread of the per-pair ratios.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from io import BytesIO

from docx import Document

from reports import render_docx
from reports.document import Block, OfficialDocument, Table


def _block_lines(blocks: list[Block]) -> tuple[list[str], list[Table]]:
    lines: list[str] = []
    tables: list[Table] = []
    for block in blocks:
        if isinstance(block, Table):
            if block.title:
                lines.append(block.title)
            tables.append(block)
        else:
            lines.append(block.text)
    return lines, tables


def docx_contents(document: OfficialDocument) -> tuple[list[str], list[Table]]:
    """Every paragraph of text our Word file holds (letterhead, title, addressees, body, signature, appendices)
    and every data table, in reading order."""
    lines = [document.parent_body] if document.letterhead and document.parent_body else []
    if document.letterhead:
        lines += [*document.body_lines, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", render_docx.MOTTO]
        lines += [document.number_line, document.place_date]
    lines += [document.doc_type, document.subject, *([document.byline] if document.byline else [])]
    lines += document.recipient_lines()
    body, tables = _block_lines(document.blocks)
    lines += body
    if document.signed:
        lines += [document.cosigner_title, document.cosigner_name, document.signer_authority]
        lines += [document.signer_deputy, document.signer_title, document.signer_name]
        lines += ["Nơi nhận:", *document.distribution]
    for appendix in document.appendices:
        more, more_tables = _block_lines(appendix.blocks)
        lines += [f"Phụ lục {appendix.number}", appendix.title, appendix.reference, *more]
        tables += more_tables
    return [line for line in lines if line], tables


def docx_floor(document: OfficialDocument) -> bytes:
    """The same paragraphs and table cells written naively with plain python-docx: the floor of a Word build."""
    lines, tables = docx_contents(document)
    word = Document()
    for text in lines:
        word.add_paragraph(text)
    for table in tables:
        grid = word.add_table(rows=len(table.rows) + 1, cols=len(table.headers))
        rows = grid.rows
        for cell, text in zip(rows[0].cells, table.headers, strict=True):
            cell.text = text
        for row, values in zip(rows[1:], table.rows, strict=True):
            for cell, text in zip(row.cells, values, strict=True):
                cell.text = str(text)
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def timed(action: Callable[[], object]) -> float:
    """One timed run, after a full garbage collection outside the timing: a collection of what the run before
    left (a 26-page PDF leaves much) never lands in the next one, target or floor."""
    gc.collect()
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def measure_interleaved(target: Callable[[], object], floor: Callable[[], object], *, runs: int = 5) -> dict:
    """Median seconds of target and floor over `runs` interleaved pairs (after one warm-up of each), their
    ratio, and the spread of the per-pair ratios."""
    target()
    floor()
    targets: list[float] = []
    floors: list[float] = []
    for _ in range(max(runs, 1)):
        targets.append(timed(target))
        floors.append(timed(floor))
    ratios = [t / f for t, f in zip(targets, floors, strict=True)]
    target_s, floor_s = statistics.median(targets), statistics.median(floors)
    return {
        "runs": len(targets),
        "target_s": round(target_s, 4),
        "floor_s": round(floor_s, 4),
        "ratio": round(target_s / floor_s, 2),
        "ratio_min": round(min(ratios), 2),
        "ratio_max": round(max(ratios), 2),
    }


def measure_docx(document: OfficialDocument, runs: int = 5) -> dict:
    """Our Word renderer against `docx_floor` on the same document."""
    lines, tables = docx_contents(document)
    result = measure_interleaved(lambda: render_docx.render(document), lambda: docx_floor(document), runs=runs)
    cells = sum((len(t.rows) + 1) * len(t.headers) for t in tables)
    return {"paragraphs": len(lines), "table_cells": cells, **result}

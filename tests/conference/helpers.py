"""Reading the conference's files back: every paragraph of a .docx (body, tables, header), a PDF's text."""

from io import BytesIO

from docx import Document
from pypdf import PdfReader

from conference.models import Conference
from reform.models import Review


def docx_texts(data: bytes) -> list[str]:
    doc = Document(BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                texts += [p.text for p in cell.paragraphs]
    return texts


def docx_tables(data: bytes) -> list[list[list[str]]]:
    doc = Document(BytesIO(data))
    return [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(BytesIO(data)).pages)


def demo_conference() -> Conference:
    conference = Conference.read_for_review(Review.current())
    assert conference is not None
    return conference

"""Data in, document out: the conference's documents as `OfficialDocument`s, printed by the report's engine.

The giấy mời (GM) and the biên bản (BB) carry the full NĐ 30 letterhead, number and signature; the
chairman's speeches are drafts for reading aloud: their title, a byline and the text, nothing else. The
Word and PDF files come from `reports.render_docx` and `reports.render_pdf`, as the report's do.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from conference.drafts import Part, parts_of, position_phrase
from conference.models import Conference, DocumentKind
from kimphuong.models import CommuneProfile
from reports import render_docx, render_pdf
from reports.compose import number_and_date
from reports.document import Block, Heading, OfficialDocument, Paragraph, Table

PRINTABLE = (DocumentKind.INVITATION, DocumentKind.OPENING, DocumentKind.CLOSING, DocumentKind.MINUTES)
FORMATS = {"docx": render_docx.render, "pdf": render_pdf.render}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _blocks(parts: list[Part]) -> list[Block]:
    out: list[Block] = []
    for part in parts:
        if not part.lines:
            continue
        if part.heading:
            out.append(Heading("section", part.heading))
        out += [Paragraph(line) for line in part.lines]
    return out


def _agenda_table(conference: Conference) -> Table:
    rows = [
        [str(i), f"{a.time:%H}h{a.time:%M}" if a.time else "", a.content, a.presenter]
        for i, a in enumerate(conference.agenda_rows(), start=1)
    ]
    return Table(
        title="Chương trình Hội nghị",
        headers=["TT", "Thời gian", "Nội dung", "Người thực hiện"],
        rows=rows,
        widths=[0.6, 1.2, 5.2, 3.0],
    )


def _profile() -> CommuneProfile:
    return CommuneProfile.load() or CommuneProfile(commune_name="", province_name="", signer_name="")


def build(conference: Conference, kind: str) -> OfficialDocument:
    profile = _profile()
    parts = parts_of(conference, kind)
    common: dict[str, Any] = {
        "parent_body": profile.parent_body.upper(),
        "body_lines": profile.header_lines,
        "author": profile.body_name,
        "created": timezone.now(),
        "recipients": [],
    }
    if kind == DocumentKind.INVITATION:
        number_line, place_date = number_and_date(profile, "GM", signed_on=None)
        blocks = _blocks([p for p in parts if p.key != "closing"])
        if conference.agenda.exists():
            blocks.append(_agenda_table(conference))
        blocks += _blocks([p for p in parts if p.key == "closing"])
        return OfficialDocument(
            **common,
            number_line=number_line,
            place_date=place_date,
            doc_type="GIẤY MỜI",
            subject=conference.title,
            blocks=blocks,
            signer_authority=profile.signer_authority,
            signer_deputy=profile.signer_deputy_line,
            signer_title=profile.signer_title,
            signer_name=profile.signer_name,
            distribution=["- Như thành phần mời;", f"- {profile.archive_line.rstrip('.')}."],
            title=f"Giấy mời {conference.title[:1].lower()}{conference.title[1:]}",
        )
    if kind == DocumentKind.MINUTES:
        number_line, place_date = number_and_date(profile, "BB", signed_on=None)
        chair, secretary = conference.chair, conference.secretary
        return OfficialDocument(
            **common,
            number_line=number_line,
            place_date=place_date,
            doc_type="BIÊN BẢN",
            subject=conference.title,
            blocks=_blocks(parts),
            signer_authority="",
            signer_deputy="",
            signer_title="CHỦ TRÌ",
            signer_name=chair.display_name,
            cosigner_title="THƯ KÝ",
            cosigner_name=secretary.display_name if secretary else "",
            distribution=[f"- {profile.archive_line.rstrip('.')}."],
            title=f"Biên bản {conference.title[:1].lower()}{conference.title[1:]}",
        )
    word = "KHAI MẠC" if kind == DocumentKind.OPENING else "BẾ MẠC"
    speaker = conference.chair
    phrase = position_phrase(speaker.position)
    return OfficialDocument(
        **common,
        number_line="",
        place_date="",
        doc_type=f"BÀI PHÁT BIỂU {word}",
        subject=conference.title,
        blocks=_blocks(parts),
        signer_authority="",
        signer_deputy="",
        signer_title="",
        signer_name="",
        distribution=[],
        letterhead=False,
        byline=f"(Của đồng chí {speaker.display_name}" + (f", {phrase})" if phrase else ")"),
        title=f"Bài phát biểu {word.lower()} {conference.title[:1].lower()}{conference.title[1:]}",
    )


def render(conference: Conference, kind: str, fmt: str) -> bytes:
    return FORMATS[fmt](build(conference, kind))


def file_name(conference: Conference, kind: str, fmt: str) -> str:
    """“giay-moi-17-12-2026.docx”: readable, ASCII, dated by the conference's day."""
    label = slugify(str(DocumentKind(kind).label).replace("đ", "d").replace("Đ", "D"))
    return f"{label}-{conference.day:%d-%m-%Y}.{fmt}"

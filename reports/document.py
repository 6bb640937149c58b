"""An official document as plain data: built once (compose.py), rendered twice (Word and PDF).

Nothing here knows python-docx or HTML, so the two files can never say different things (STYLE §7.6b).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    kind: str  # "part" (Phần I), "part_title" (CAPS), "section" (I. …), "clause" (1. …), "point" (a) …)
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    italic: bool = False


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative column widths
    title: str = ""
    numeric_from: int = 99  # columns from this index are right-aligned


Block = Heading | Paragraph | Table


@dataclass
class Appendix:
    number: str  # "I", "II", "III"
    title: str  # CAPS
    reference: str  # "(Kèm theo Báo cáo số …/BC-UBND ngày … của …)"
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False


@dataclass
class OfficialDocument:
    parent_body: str  # cơ quan chủ quản (may be empty)
    body_lines: list[str]  # "ỦY BAN NHÂN DÂN", "XÃ KIM PHƯỢNG"
    number_line: str  # "Số:      /BC-UBND"
    place_date: str  # "Kim Phượng, ngày      tháng      năm 2026"
    doc_type: str  # "BÁO CÁO"
    subject: str
    recipients: list[str]
    blocks: list[Block]
    signer_authority: str
    signer_deputy: str
    signer_title: str
    signer_name: str
    distribution: list[str]  # "- Như trên;" … "- Lưu: VT, VP."
    appendices: list[Appendix] = field(default_factory=list)
    # File properties (Word core properties, PDF metadata): empty → the issuing body / the type and subject.
    author: str = ""
    created: dt.datetime | None = None
    title: str = ""
    # Other shapes of the same document: a speech has no letterhead (quốc hiệu, issuing body, number) and no
    # signature, only a byline under its title; a biên bản is signed by two (the secretary on the left, the
    # chair on the right), its Nơi nhận then follows under the signatures.
    letterhead: bool = True
    byline: str = ""  # “(Của đồng chí …, Chủ tịch Ủy ban nhân dân xã)”, italic, under the trích yếu
    cosigner_title: str = ""  # “THƯ KÝ”
    cosigner_name: str = ""

    @property
    def signed(self) -> bool:
        return bool(self.signer_title or self.cosigner_title)

    def recipient_lines(self) -> list[str]:
        """“Kính gửi: X.” on one line; several recipients one per line, “-” first, “;” between, “.” last."""
        names = [r.rstrip(" .;") for r in self.recipients if r.strip()]
        if not names:
            return []
        if len(names) == 1:
            return [f"Kính gửi: {names[0]}."]
        return ["Kính gửi:", *[f"- {n}{'.' if i == len(names) - 1 else ';'}" for i, n in enumerate(names)]]

    def texts(self) -> list[str]:
        """Every paragraph of text in reading order (used to compare the Word and PDF files)."""
        out = [*self.body_lines, self.number_line, self.place_date] if self.letterhead else []
        out += [self.doc_type, self.subject, *([self.byline] if self.byline else [])]
        out += self.recipient_lines()
        for block in self.blocks:
            out += _block_texts(block)
        return out


def _block_texts(block: Block) -> list[str]:
    if isinstance(block, Table):
        return []
    return [block.text]

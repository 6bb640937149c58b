"""Citing documents as NĐ 30 requires (Phụ lục I, II.6): in full at the first mention, short afterwards.

The compiler and the office write short mentions (“Nghị định số 33/2023/NĐ-CP”, “NĐ 33/2023”); when the
document is composed, the first mention of each known document in reading order becomes the long citation,
and a later long one becomes short again, wherever it sits (body paragraphs and table cells alike).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kimphuong.models import DocumentReference, DocumentType

ABBREVIATIONS: dict[str, str] = {
    DocumentType.DECREE: "NĐ",
    DocumentType.RESOLUTION: "NQ",
    DocumentType.DECISION: "QĐ",
    DocumentType.DIRECTIVE: "CT",
    DocumentType.CIRCULAR: "TT",
    DocumentType.PLAN: "KH",
}


def _pattern(doc: DocumentReference) -> re.Pattern[str] | None:
    if doc.doc_type == DocumentType.LAW or not doc.number:
        return None
    names = [re.escape(str(doc.get_doc_type_display()))]
    if doc.doc_type in ABBREVIATIONS:
        names.append(re.escape(ABBREVIATIONS[doc.doc_type]))
    number = re.escape(doc.number)
    if doc.symbol:
        joiner = "-" if "/" in doc.symbol else "/"
        symbol = re.escape(joiner + doc.symbol)
        # “90/2020” alone is unambiguous; a bare “76” is not: it needs its symbol.
        tail = f"(?:{symbol})?" if "/" in doc.number else symbol
    else:
        tail = ""
    return re.compile(rf"(?<![\w/])(?:{'|'.join(names)})(?:\s+số)?\s+{number}{tail}(?![\w/-])")


_DATED = re.compile(r"\s+ngày\s+\d")


class Citations:
    """Rewrites mentions of the given documents in the order texts are passed to `__call__`."""

    def __init__(self, documents: Iterable[DocumentReference]) -> None:
        self.documents = [(doc, p) for doc in documents if (p := _pattern(doc)) is not None]
        self.seen: set[int] = set()

    def __call__(self, text: str) -> str:
        if not text:
            return text
        matches = []
        for index, (_doc, pattern) in enumerate(self.documents):
            matches += [(m.start(), m.end(), index) for m in pattern.finditer(text)]
        if not matches:
            return text
        matches.sort()
        out, position = [], 0
        for start, end, index in matches:
            if start < position:
                continue  # overlapping mentions: the first one wins
            doc = self.documents[index][0]
            long_tail = doc.long_citation[len(doc.short_citation) :]
            exact_long = bool(long_tail) and text.startswith(long_tail, end)
            written_long = exact_long or bool(_DATED.match(text, end))
            out.append(text[position:start])
            position = end + (len(long_tail) if exact_long else 0)
            first = index not in self.seen
            self.seen.add(index)
            if first and written_long and not exact_long:
                out.append(text[start:end])  # the author's own full citation stays as written
            else:
                out.append(doc.short_citation + (long_tail if first else ""))
        out.append(text[position:])
        return "".join(out)

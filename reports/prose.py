"""Sentences a văn thư would keep: officials' texts normalised, restated titles dropped, near-duplicates merged.

Plain functions on strings; the compiler uses them, nothing here touches the database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Dashes: officials type “–”, “—” or “-”; NĐ 30 documents use “-” with spaces between phrases and ranges.
_SPACED_DASH = re.compile(r"\s+[–—−]\s*|\s*[–—−]\s+")
_RANGE_DASH = re.compile(r"(?<=\d)[–—−](?=\d)")
_WORD_DASH = re.compile(r"(?<=\w)[–—](?=\w)")
_SPACES = re.compile(r"[ \t\u00a0]+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?%)])")
_SPACE_AFTER_OPEN = re.compile(r"([(“])\s+")
# 12345 → 12.345, but not years, document numbers (“612/QĐ”), codes (“TTHC-01”) or decimals.
_BARE_NUMBER = re.compile(r"(?<![\w./,-])(\d{5,})(?![\w/-]|[.,]\d)")
_DECIMAL_POINT = re.compile(r"(?<![\w./])(\d{1,3})\.(\d{1,2})(?=\s*%)")
_WORD = re.compile(r"\w+", re.UNICODE)

#: Words that carry no meaning for comparing two sentences.
STOP_WORDS = frozenset(
    [
        "và",
        "của",
        "các",
        "cho",
        "trong",
        "theo",
        "được",
        "có",
        "là",
        "với",
        "đã",
        "đang",
        "để",
        "từ",
        "khi",
        "thì",
        "này",
        "đó",
        "những",
        "một",
        "hai",
        "trên",
        "tại",
        "về",
        "do",
        "nên",
        "nhiều",
        "còn",
        "chưa",
        "bảo",
        "đảm",
        "đảm",
        "bảo",
        "việc",
        "công",
        "tác",
        "thực",
        "hiện",
        "xã",
        "ubnd",
        "ủy",
        "ban",
        "nhân",
        "dân",
        "năm",
        "giai",
        "đoạn",
        "2021",
        "2022",
        "2023",
        "2024",
        "2025",
        "100",
        "đến",
    ]
)


def clean_spaces(text: str) -> str:
    return _SPACE_AFTER_OPEN.sub(r"\1", _SPACE_BEFORE_PUNCT.sub(r"\1", _SPACES.sub(" ", text))).strip()


def normalise(text: str) -> str:
    """One sentence or paragraph as it should be printed: NFC, single spaces, “-” dashes, Vietnamese numbers
    (“12.345”, “98,5%”), a capital first letter and one final full stop. Leading zeros (“02”, “05”) stay."""
    text = unicodedata.normalize("NFC", " ".join((text or "").split()))
    if not text:
        return ""
    text = _RANGE_DASH.sub(" - ", text)
    text = _SPACED_DASH.sub(" - ", text)
    text = _WORD_DASH.sub(" - ", text)
    text = _BARE_NUMBER.sub(lambda m: f"{int(m.group(1)):,}".replace(",", "."), text)
    text = _DECIMAL_POINT.sub(r"\1,\2", text)
    text = clean_spaces(text)
    text = text.lstrip("-•*+ ").strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    text = re.sub(r"[\s.;,:]+$", "", text)
    return text if text.endswith(("!", "?", "…")) else f"{text}."


def lower_first(text: str) -> str:
    """“Cải cách thể chế” → “cải cách thể chế”; an abbreviation (“TTHC”, “UBND”) keeps its capitals."""
    if not text:
        return text
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[1:2].isupper():
        return text
    return text[0].lower() + text[1:]


def words(text: str) -> set[str]:
    return {w for w in (m.group(0).casefold() for m in _WORD.finditer(text)) if w not in STOP_WORDS}


def coverage(title: str, text: str) -> float:
    """The share of the title's meaningful words that the text repeats (0–1); a title the text shares fewer
    than three such words with is not restated, however short it is."""
    wt = words(title)
    shared = len(wt & words(text))
    return shared / len(wt) if wt and shared >= 3 else 0.0


def similarity(a: str, b: str) -> float:
    """How alike two texts are in their meaningful words (0–1): the larger of the Jaccard index and, when
    the shorter text holds at least four such words, the share of them the other one repeats."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    shared = len(wa & wb)
    shorter = min(len(wa), len(wb))
    return max(shared / len(wa | wb), shared / shorter if shorter >= 4 else 0.0)


def first_clause(text: str) -> str:
    return re.split(r"[,;:]", text, maxsplit=1)[0]


def near_duplicate(a: str, b: str, *, threshold: float = 0.8) -> bool:
    """Two items that say the same thing: alike as a whole, or alike in what they lead with (“Công chức
    kiêm nhiệm nhiều lĩnh vực, …” twice with different tails) when that lead holds four meaningful words."""
    if similarity(a, b) >= threshold:
        return True
    lead_a, lead_b = first_clause(a), first_clause(b)
    return min(len(words(lead_a)), len(words(lead_b))) >= 4 and similarity(lead_a, lead_b) >= threshold


def point(title: str, result: str) -> str:
    """A điểm of the report: the result, with the task title before it only when the result does not restate
    it (the officials' results usually begin by saying what was done)."""
    result = normalise(result)
    title = normalise(title)
    if not result:
        return title
    first_sentence = re.split(r"(?<=[.;])\s", result, maxsplit=1)[0]
    if coverage(title, first_sentence) >= 0.5 or coverage(title, result) >= 0.7:
        return result
    return f"{title[:-1]}: {lower_first(result)}" if title.endswith(".") else f"{title}: {lower_first(result)}"


def merge_similar(items: Iterable[str], *, threshold: float = 0.8) -> list[str]:
    """Normalised items in their order, near-duplicates folded into the first (the longer one is kept)."""
    kept: list[str] = []
    for raw in items:
        item = normalise(raw)
        if not item:
            continue
        for i, existing in enumerate(kept):
            if near_duplicate(item, existing, threshold=threshold):
                if len(item) > len(existing):
                    kept[i] = item
                break
        else:
            kept.append(item)
    return kept


def split_items(text: str) -> list[str]:
    """An official's field as separate items: one per line, and a line's own “- ” bullets after a full stop
    or semicolon (a dash inside a phrase, as in “Tư pháp - hộ tịch” or “2026 - 2030”, is not a bullet)."""
    parts: list[str] = []
    for line in (text or "").splitlines():
        line = line.strip().lstrip("-•+ ").strip()
        if not line:
            continue
        pieces = re.split(r"(?<=[.;])\s+[-•+]\s+", line)
        merged = [pieces[0]]
        for piece in pieces[1:]:
            if piece[:1].isupper():
                merged.append(piece)
            else:
                merged[-1] += f" - {piece}"
        parts += [p for p in merged if p.strip()]
    return parts

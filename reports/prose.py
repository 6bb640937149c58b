"""Sentences a văn thư would keep: officials' texts normalised, restated titles dropped, near-duplicates merged.

Plain functions on strings; the compiler uses them, nothing here touches the database.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
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


def merge_similar(items: Iterable[str], *, threshold: float = 0.8, limit: int | None = None) -> list[str]:
    """Normalised items in their order, near-duplicates folded into the first (the longer one is kept).

    With `limit`, only the first `limit` of them, exactly as they would be in the whole list: an item that
    near-duplicates none of those changes none of them (it is compared with them first), so it is dropped
    instead of kept and compared with every later item. That makes the work grow with the items, not with
    their square, when only the first few are printed."""
    kept: list[str] = []
    texts = [item for item in (normalise(raw) for raw in items) if item]
    index = NearDuplicates(threshold=threshold, texts=texts if limit is None else ())
    for item in texts:
        i = index.first_match(item)
        if i is None:
            if limit is None or len(kept) < limit:
                kept.append(item)
                index.add(item)
        elif len(item) > len(kept[i]):
            kept[i] = item
            index.replace(i, item)
    return kept


class _Sets:
    """A text's meaningful words and its lead's, computed once."""

    __slots__ = ("lead", "words")

    def __init__(self, text: str) -> None:
        self.words = frozenset(words(text))
        self.lead = frozenset(words(first_clause(text)))


def _similar_sets(wa: frozenset[str], wb: frozenset[str]) -> float:
    """`similarity` on words already split (the same arithmetic, so the same result)."""
    if not wa or not wb:
        return 0.0
    shared = len(wa & wb)
    shorter = min(len(wa), len(wb))
    return max(shared / (len(wa) + len(wb) - shared), shared / shorter if shorter >= 4 else 0.0)


def _near_sets(a: _Sets, b: _Sets, threshold: float) -> bool:
    """`near_duplicate` on texts already split."""
    if _similar_sets(a.words, b.words) >= threshold:
        return True
    return min(len(a.lead), len(b.lead)) >= 4 and _similar_sets(a.lead, b.lead) >= threshold


class _Postings:
    """Which texts of the index hold a word (all of their words, and the few of their “prefix”)."""

    def __init__(self) -> None:
        self.every: dict[str, list[int]] = {}
        self.prefix: dict[str, list[int]] = {}


class NearDuplicates:
    """Texts said so far, to find the first one a new text near-duplicates without comparing every pair.

    Two texts can be near-duplicates (as wholes, or by their leads) only when they share at least
    `threshold` × the smaller number of meaningful words (the Jaccard index and the share of the shorter
    one are both at most shared / smaller). So the smaller of the two holds a shared word among its first
    ``smaller - needed + 1`` words in any fixed order (here: the rarest first among the `texts` to come,
    when they are known, then by the word itself): each text is filed under
    those few words (its “prefix”) and under all its words, and a new text is compared only with the texts
    filed under one of its words by prefix, or under one of its own prefix's words. The candidates are then
    compared exactly as `near_duplicate` does, in the order the texts were said: the same answer as
    comparing every pair, in time that grows with the candidates instead of with all the texts."""

    def __init__(self, *, threshold: float = 0.8, texts: Iterable[str] = ()) -> None:
        self.threshold = threshold
        self.sets: list[_Sets] = []
        self._split: dict[str, _Sets] = {text: _Sets(text) for text in texts}
        self._rarity: Counter[str] = Counter(w for sets in self._split.values() for w in sets.words | sets.lead)
        self.whole = _Postings()
        self.leads = _Postings()
        self.comparisons = 0  # exact comparisons made (tests count them instead of timing)

    def _prefix(self, ws: frozenset[str]) -> list[str]:
        # The fewest shared words a near-duplicate may have; rounded down, so the prefix is never too short.
        needed = max(1, math.floor(self.threshold * len(ws) - 1e-9))
        return sorted(ws, key=lambda w: (self._rarity[w], w))[: len(ws) - needed + 1]

    def _file(self, postings: _Postings, ws: frozenset[str], i: int) -> None:
        for w in ws:
            postings.every.setdefault(w, []).append(i)
        for w in self._prefix(ws):
            postings.prefix.setdefault(w, []).append(i)

    def _candidates(self, postings: _Postings, ws: frozenset[str], into: set[int]) -> None:
        for w in ws:
            into.update(postings.prefix.get(w, ()))
        for w in self._prefix(ws):
            into.update(postings.every.get(w, ()))

    def _sets(self, text: str) -> _Sets:
        sets = self._split.get(text)
        return sets if sets is not None else _Sets(text)

    def add(self, text: str) -> int:
        """File `text` as the next one said; returns its position."""
        i = len(self.sets)
        self.sets.append(self._sets(text))
        self._index(i)
        return i

    def replace(self, i: int, text: str) -> None:
        """The text at position `i` is now `text` (its old filings stay: they only add candidates)."""
        self.sets[i] = self._sets(text)
        self._index(i)

    def _index(self, i: int) -> None:
        sets = self.sets[i]
        if sets.words:
            self._file(self.whole, sets.words, i)
        if len(sets.lead) >= 4:
            self._file(self.leads, sets.lead, i)

    def first_match(self, text: str) -> int | None:
        """The position of the first text said that `text` near-duplicates, or None."""
        new = self._sets(text)
        candidates: set[int] = set()
        if self.threshold <= 0:  # every pair is alike: no word need be shared
            candidates.update(range(len(self.sets)))
        if new.words:
            self._candidates(self.whole, new.words, candidates)
        if len(new.lead) >= 4:
            self._candidates(self.leads, new.lead, candidates)
        for i in sorted(candidates):
            self.comparisons += 1
            if _near_sets(new, self.sets[i], self.threshold):
                return i
        return None


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

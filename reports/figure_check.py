"""“Kiểm tra số liệu”: numbers in the officials' result texts that disagree with the entered figures.

An official writes “tiếp nhận 6.915 hồ sơ TTHC” in “Kết quả thực hiện” while the indicator linked to the
same task adds up to 6.680: the office corrects one or the other before issuing the report.
`figure_mismatches(review)` lists every such number. It only reads; nothing is saved.

The heuristic is deliberately conservative — a false alarm costs the office time, a number it cannot
place is left alone:

1. **Numbers.** Vietnamese format: “6.915” (dot for thousands), “99,8” (comma for decimals), an optional
   “%”. Never compared: plain four-digit numbers 1900–2100 (years), dates (“15/4/2025”, “31/12” after
   “ngày”/“tháng”/“đến”), document numbers and codes (anything followed by “/QĐ-UBND”, “-CT/HU”, a third
   “/” part, or preceded by “số”, “Đề án”, “Điều”, “mức”…; “TTHC-01”), ranges (“38 đến 46”, “2021 - 2025”),
   rates (“17 tin, bài/năm”), approximations, averages, targets, changes and starting values (“khoảng”,
   “hơn”, “trên”, “bình quân”, “chỉ tiêu”, “vượt”, “tăng”, “giảm”, “từ”… just before the number). A fraction
   “3.604/3.912 công dân” gives two numbers, each compared on its own, only when an indicator matches.
2. **Unit.** The words right after the number must be an indicator's unit (case-insensitive; “%” after a
   percentage; the longest unit wins, so “tin, bài” beats “tin”). An indicator with an empty unit is never
   matched. Only the indicators linked to the assessment's task are considered: these are the *candidates*.
3. **Time.** Each number gets a year, the whole period, or nothing (and is then skipped): “năm 2024” → 2024
   (“Năm 2024, có 04 người…”, “riêng năm 2023 đạt…”, “(năm 2021: 1.386; năm 2022: 1.512)”, “82,15 điểm (năm
   2021)”); “Giai đoạn 2021 - 2025” equal to the review's period, “cả giai đoạn”, “trong giai đoạn” → the
   period; a total followed by a per-year breakdown in brackets → the period; “Đến ngày 31/3/2025”, “đến tháng
   4/2025” → *as of* 2025, used only for stock figures (aggregation “end”/“yearly”, or a ratio of such), never
   for sums that may run from an earlier date. Anything else makes the time unknown: another range (“2021 -
   2024”, “kỳ hệ thống hóa 2019 - 2023”), several years (“năm 2021 và năm 2024”), “từ năm 2023”, “Quý I năm
   2025”, “Ngày 16/7/2021, …”, “hằng năm”, “đến nay”, “bình quân”. A marker right after a number and its unit
   is that number's own and takes precedence over any other: in “tăng từ 5,0% năm 2021 lên 35,2% năm 2022,
   68,5% năm 2023 và 97,6% năm 2025” each number has the year written after it, “11 người năm 2022” is 2022,
   “lên 100% từ năm 2022” is unknown; such a marker holds for that number alone (not for the numbers after it,
   nor as the sentence's head). Otherwise a marker at the head of a sentence (before its first comma, not the
   decimal comma of “78,5”) holds for the whole sentence, one inside brackets for the brackets, one elsewhere
   until the next “;”. A sentence with no marker at its head carries on the head marker of the previous
   sentence (“Giai đoạn 2021 - 2025, … tiếp nhận … . Đã giải quyết … 6.902 hồ sơ”). The period value is the
   one `indicators.figures.indicator_rows` computes for the review's years; an indicator aggregated “yearly” has
   no period value (the report leaves that cell empty too).
4. **Which indicator.** The clause around the number — back to the previous number, “;” or bracket (past a
   previous number, only to the last comma or “và”: in “2.300 hồ sơ trực tuyến và 4.380 hồ sơ trực tiếp” the
   words “trực tuyến” are not 4.380's), forward to the next comma, “;”, bracket or number — is compared with
   each candidate's name by pairs of consecutive syllables (Vietnamese words mostly have two: “tiếp nhận”,
   “trực tuyến”, “quá hạn”; a lone syllable such as “hành” of “ban hành” / “hành chính” says too little),
   leaving out pairs made only of the unit and common words (“số”, “tổng”, “xã”, “UBND”, “CCHC”, “TTHC”,
   “hồ sơ”, “được”, “và”…). The best candidate shares the most pairs, and at least one; between equals, the one
   whose figure is nearest the text (the one the writer most likely meant). A percentage in “…, đạt 99,8%”
   with no word of its own takes the clause before it. Numbers in a per-year breakdown take the unit of the
   total they break down and are compared with the indicator found for that total.
   **Parts of a total** are never compared with the total's indicator, only with an indicator of their own
   (one whose name matches the part, chosen as above): numbers introduced by “gồm” or “trong đó” after a
   total of the same unit in the same “;”-clause (“246 hồ sơ liên thông …, gồm 181 hồ sơ … khai sinh … và
   65 hồ sơ … khai tử”), and two or more consecutive numbers of the same unit in a “;”-clause that add up
   to a total stated before them. Two or more consecutive numbers of the same unit in one comma-clause that
   add up to a candidate's figure are never compared with that candidate either. A percentage right after
   a fraction (“244/264 đối tượng bảo trợ xã hội …, đạt 92,4%”) that equals it and counts something no
   indicator has the unit of is about that, not about a figure: not compared.
5. **Mismatch.** Reported only when the best candidate has a figure for that year/period and the text value
   equals the figure of *no* candidate for that year/period. Numbers are compared as numbers (“6.915” is
   6915), at the precision the text is written in (“7.862 triệu đồng” agrees with 7.862,4); percentages at
   one decimal, as the tables show them (“98%” disagrees with 98,4%).

Queries: one for the assessments, a fixed handful for their tasks' indicators, values and targets —
the same whatever the number of tasks.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import accumulate
from typing import Any, Protocol, cast

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import get_language

from indicators.figures import Figures, display_value, indicator_rows, parse_number
from indicators.models import Aggregation, Indicator, IndicatorValue
from reform.models import Assessment, Review, Task
from reform.models.plan import DONE_STATUSES

__all__ = ["Mismatch", "figure_mismatches"]


class Coded(Protocol):
    """A task as a mismatch names it: a Task, or plain values shaped like one (reports.services.PlanTask)."""

    @property
    def code(self) -> str: ...


class Readable(Protocol):
    """A self-assessment as the check reads it: an Assessment, or plain values shaped like one."""

    @property
    def pk(self) -> int: ...
    @property
    def task_id(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def result(self) -> str: ...
    @property
    def task(self) -> Coded: ...


@dataclass(frozen=True)
class Mismatch:
    """One number of a result text that no entered figure of the same task and year/period agrees with."""

    task: Coded
    assessment_pk: int
    indicator: Indicator
    year: int | None  # None: the whole period of the review
    text_value: str  # as written, e.g. "6.915" or "99,8%"
    figure: str  # the entered (or aggregated) value, Vietnamese style, e.g. "6.680" or "99,9%"
    excerpt: str  # about 60 characters of the sentence around the number


# --- time context --------------------------------------------------------------------------------------

PERIOD = "period"
UNKNOWN = "unknown"
# A context is PERIOD, UNKNOWN, ("year", 2024) or ("asof", 2025); None means no marker at all.


def _year(text: str) -> int | None:
    year = int(text)
    return year if 1900 <= year <= 2100 else None


_Y = r"(\d{4})(?!\d)"
_SEP = r"\s*(?:-|–|—|đến|tới)\s*"
#: What a marker can begin with (every alternative below starts with one of these): looked ahead for first, so
#: that the alternatives are tried only where one of them may start (the same matches, found three times faster).
_MARKER_FIRST = (
    r"(?=\d|cả|trong|giai|nhiệm|thời|từ|năm|tính|đến|tới|quý|đầu|cuối|giữa|ngày|tháng|toàn|hằng|hàng|mỗi|các"
    r"|hiện|bình|trung)"
)
_MARKER = re.compile(
    _MARKER_FIRST
    + "(?:"
    + "|".join(
        [
            # a range of years: the review's period, or something else (unknown)
            rf"(?P<range>(?:(?:cả\s+|trong\s+)?giai\s+đoạn\s+|nhiệm\s+kỳ\s+|thời\s+kỳ\s+|từ\s+)?(?:năm\s+)?"
            rf"{_Y}{_SEP}(?:năm\s+)?{_Y})",
            # from a date or year on: unknown
            rf"(?P<since>từ\s+(?:năm\s+|tháng\s+\d{{1,2}}\s*/\s*|ngày\s+\d{{1,2}}/\d{{1,2}}/){_Y}"
            rf"(?:{_SEP}(?:nay|(?:hết\s+)?(?:ngày\s+\d{{1,2}}/\d{{1,2}}/|tháng\s+\d{{1,2}}\s*/\s*|năm\s+)?{_Y}))?)",
            # up to a date: as of that year
            rf"(?P<asof>(?:tính\s+)?(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+\d{{1,2}}/\d{{1,2}}/|tháng\s+\d{{1,2}}\s*/\s*"
            rf"|(?:cuối\s+)?năm\s+){_Y})",
            # several years, part of a year, a dated event: unknown
            rf"(?P<multi>năm\s+{_Y}(?:\s*(?:,|và)\s*(?:năm\s+)?{_Y})+)",
            rf"(?P<part>(?:quý\s+[IVX\d]+|\d+\s+tháng(?:\s+đầu|\s+cuối)?|đầu|cuối|giữa)\s+năm\s+{_Y})",
            rf"(?P<event>(?:ngày\s+\d{{1,2}}/\d{{1,2}}/|tháng\s+\d{{1,2}}\s*/\s*){_Y})",
            # one year
            rf"(?P<year>năm\s+{_Y})",
            # the period without years
            r"(?P<period>(?:cả|toàn|trong)\s+giai\s+đoạn(?!\s+\d)|giai\s+đoạn\s+này)",
            # vague: unknown
            r"(?P<vague>hằng\s+năm|hàng\s+năm|mỗi\s+năm|các\s+năm|đến\s+nay|hiện\s+nay|bình\s+quân|trung\s+bình)",
        ]
    )
    + ")",
    re.IGNORECASE,
)


def _marker_context(match: re.Match[str], review: Review) -> object:
    kind = match.lastgroup
    years = [int(g) for g in match.groups() if g and g.isdigit() and len(g) == 4]
    if kind == "range":
        return PERIOD if (years[0], years[-1]) == (review.period_start, review.period_end) else UNKNOWN
    if kind == "asof" and _year(str(years[-1])):
        return ("asof", years[-1])
    if kind == "year" and _year(str(years[-1])):
        return ("year", years[-1])
    if kind == "period":
        return PERIOD
    return UNKNOWN


# --- numbers -------------------------------------------------------------------------------------------

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_TOKEN = re.compile(
    rf"(?<![\w./,-])(?P<a>{_NUMBER})(?:/(?P<b>{_NUMBER}))?(?P<rest>(?:[/-][^\W_][\w.-]*)*)(?![\w])(?![.,]\d)"
    r"(?P<pct>\s?%)?"
)
#: Words just before a number that make it a code, a document number or a date, not a quantity.
_CODE_BEFORE = re.compile(
    # (the lookahead: where one of the words may start, tried first; the same matches, found faster)
    r"(?=số|đề|điều|khoản|điểm|mức|quý|tháng|ngày|năm|lần|khóa|mã|xóm|chỉ|nghị|quyết|kế|thông|công|phụ|biểu|mẫu"
    r"|đến|tới|[-–/])"
    r"(?:\bsố|\bđề\s+án|\bđiều|\bkhoản|\bđiểm|\bmức|\bquý|\btháng|\bngày|\bnăm|\blần\s+thứ|\bkhóa|\bmã|\bxóm"
    r"|\bchỉ\s+thị|\bnghị\s+định|\bnghị\s+quyết|\bquyết\s+định|\bkế\s+hoạch|\bthông\s+tư|\bcông\s+văn"
    r"|\bphụ\s+lục|\bbiểu|\bmẫu|\bđến|\btới|[-–/])\s*$",
    re.IGNORECASE,
)
#: Words just before a number that make it an approximation, an average, a target or a change
#: (right before it, or with up to two words between for the longer phrases: “vượt chỉ tiêu 98%”).
_NOT_A_FIGURE_BEFORE = re.compile(
    r"(?=khoảng|hơn|trên|gần|dưới|xấp|ít|tối|mỗi|từ|còn|bình|trung|chỉ|mục|vượt|tăng|giảm|chênh)"
    r"(?:\bkhoảng|\bhơn|\btrên|\bgần|\bdưới|\bxấp\s+xỉ|\bít\s+nhất|\btối\s+thiểu|\btối\s+đa|\bmỗi|\btừ"
    r"|\bcòn\s+lại|(?:\bbình\s+quân|\btrung\s+bình|\bchỉ\s+tiêu|\bmục\s+tiêu|\bvượt|\btăng|\bgiảm|\bchênh\s+lệch)"
    r"(?:\s+[^\W\d_]+){0,2}?)\s*$",
    re.IGNORECASE,
)
_RANGE_AFTER = re.compile(r"^\s*(?:-|–|—|đến|tới)\s*\d", re.IGNORECASE)
_RANGE_BEFORE = re.compile(r"\d\s*(?:-|–|—|đến|tới)\s*$", re.IGNORECASE)
_LINK_BEFORE = re.compile(r"(?:\bđạt|\bbằng|\bchiếm|\btương\s+đương|\blà)\s*$", re.IGNORECASE)
_BREAKDOWN = re.compile(r"^(?:\s*[^\W\d_]+){0,3}\s*\(\s*năm\s+\d{4}\s*:", re.IGNORECASE)
_YEAR_AFTER = re.compile(r"^(?:\s*[^\W\d_]+){0,3}\s*\(\s*năm\s+(\d{4})\s*\)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")

#: Words that say nothing about which figure is meant.
_COMMON = frozenset(
    [
        "số",
        "tổng",
        "của",
        "và",
        "các",
        "những",
        "được",
        "có",
        "đã",
        "đang",
        "trong",
        "trên",
        "tại",
        "về",
        "với",
        "cho",
        "từ",
        "đến",
        "theo",
        "là",
        "thuộc",
        "bị",
        "do",
        "xã",
        "ubnd",
        "hđnd",
        "cchc",
        "tthc",
        "hồ",
        "sơ",
        "năm",
        "giai",
        "đoạn",
        "tỷ",
        "lệ",
        "đạt",
        "kỳ",
        "này",
        "đó",
        "trong",
        "đó",
        "gồm",
        "cả",
        "toàn",
        "bộ",
        "phận",
        "một",
        "cửa",
        "việc",
        "người",
        "lượt",
    ]
)
_WORD = re.compile(r"[^\W\d_]+")


_CHUNK = re.compile(r"[,;:()\[\]“”\"!?…]|\.(?!\d)|\s[-–—]\s")


def _grams(text: str, drop: Iterable[str] = ()) -> set[tuple[str, str]]:
    """Pairs of consecutive syllables (“tiếp nhận”, “quá hạn”) of which at least one says something:
    Vietnamese words mostly have two syllables, and a lone syllable (“hành” of “ban hành” and “hành chính”)
    says too little."""
    dull = _COMMON | set(drop)
    pairs: set[tuple[str, str]] = set()
    for chunk in _CHUNK.split(text.lower()):
        syllables = _WORD.findall(chunk)
        pairs.update((a, b) for a, b in zip(syllables, syllables[1:], strict=False) if a not in dull or b not in dull)
    return pairs


def _norm_unit(unit: str) -> str:
    return " ".join(unit.lower().split())


@dataclass
class _Number:
    start: int  # in the sentence
    end: int
    written: str
    value: Decimal
    percent: bool
    decimals: int
    unit: str | None = None
    clause: str = ""
    context: object = None
    head: _Number | None = None  # the total a breakdown number belongs to
    figures: _Figures | None = None  # the indicator it was found to be about
    fraction: bool = False  # a part of “3.604/3.912”
    whole: _Number | None = None  # the total this number is a part of (“…, gồm 181 … và 65 …”)
    not_about: list[_Figures] = field(default_factory=list)  # figures its parts add up to: not compared
    vague: bool = False  # an approximation, a change, a starting value (“từ 5,0% năm 2021”): not compared


def _decimals(written: str) -> int:
    return len(written.split(",", 1)[1]) if "," in written else 0


def _parse(written: str) -> Decimal | None:
    try:
        return parse_number(written)
    except ValidationError:
        return None


#: How many characters (spaces before the number aside) each pattern of the words just before a number can
#: span: a keyword, and for the approximations up to two more words.
_SPAN = {_CODE_BEFORE: 32, _RANGE_BEFORE: 16, _NOT_A_FIGURE_BEFORE: 80}


def _ends_at(pattern: re.Pattern[str], sentence: str, end: int) -> bool:
    r"""Whether `pattern` (anchored at its end by “\s*$”) matches the text just before `end`: searched only
    where such a match can start (the pattern's span before the spaces that precede `end`), not along the
    whole sentence before. `\b` still sees the character before the window; `$` is `end` (the search's endpos)."""
    words_end = end
    while words_end > 0 and sentence[words_end - 1].isspace():
        words_end -= 1
    return pattern.search(sentence, max(0, words_end - _SPAN[pattern]), end) is not None


def _quantities(sentence: str) -> list[_Number]:
    """Every number of the sentence that may be a quantity (not a year, date, code, range or rate); those
    written as approximations, changes or starting values are kept, marked `vague`, for their own time
    markers (“tăng từ 06 người năm 2021 lên …”), but never compared."""
    found = []
    for m in _TOKEN.finditer(sentence):
        at, after = m.start(), sentence[m.end() :]
        a, b, rest = m.group("a"), m.group("b"), m.group("rest")
        if rest or _ends_at(_CODE_BEFORE, sentence, at) or _ends_at(_RANGE_BEFORE, sentence, at):
            continue
        if _RANGE_AFTER.match(after):
            continue
        if b is None and re.fullmatch(r"\d{4}", a) and _year(a):
            continue  # a year (counts of a thousand and more are written “1.845”)
        vague = _ends_at(_NOT_A_FIGURE_BEFORE, sentence, at)
        percent = bool(m.group("pct"))
        parts = [(a, m.start("a"))] + ([(b, m.start("b"))] if b else [])
        for written, start in parts:
            value = _parse(written)
            if value is None:
                continue
            number = _Number(start, m.end(), written, value, percent, _decimals(written), fraction=bool(b))
            number.vague = vague
            found.append(number)
    return found


def _unit_of(number: _Number, sentence: str, units: Iterable[str]) -> str | None:
    """The longest of `units` that the words after the number begin with; “%” for a percentage."""
    if number.percent:
        return "%"
    after = " ".join(sentence[number.end :].lower().split())
    for unit in sorted(units, key=len, reverse=True):
        if unit == "%" or not after.startswith(unit):
            continue
        tail = after[len(unit) :]
        if tail[:1].isalnum() or tail[:1] == "_":
            continue  # “người” is not “người dân”… unless the unit says so
        if tail.lstrip().startswith("/"):
            return None  # a rate: “17 tin, bài/năm”
        return unit
    return None


# --- sentences -----------------------------------------------------------------------------------------


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s and s.strip()]


def _paren_spans(sentence: str) -> list[tuple[int, int]]:
    if "(" not in sentence:
        return []
    spans, opened = [], []
    for i, ch in enumerate(sentence):
        if ch == "(":
            opened.append(i)
        elif ch == ")" and opened:
            spans.append((opened.pop(), i))
    spans.extend((start, len(sentence)) for start in opened)
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    inner = [s for s in spans if s[0] < pos < s[1]]
    return max(inner, key=lambda s: s[0]) if inner else None


def _contexts(
    sentence: str, review: Review, inherited: object, own: Iterable[tuple[int, int]] = ()
) -> tuple[object, list[tuple[int, int, object]]]:
    """The sentence's head context and the (start, end, context) spans of its other markers.

    `own` are the spans of the markers that follow a number directly (“35,2% năm 2022”): they belong to
    that number alone, so they neither head the sentence nor hold for the numbers after them."""
    spans = _paren_spans(sentence)
    first = re.search(r",(?!\d)|;", sentence)  # not the comma of “78,5”
    first_clause_end = first.start() if first else len(sentence)
    own = list(own)
    head, scoped = None, []
    for m in _MARKER.finditer(sentence):
        if any(m.start() < end and start < m.end() for start, end in own):
            continue
        context = _marker_context(m, review)
        paren = _inside(m.start(), spans)
        if paren:
            scoped.append((m.start(), paren[1], context))
        elif m.start() < first_clause_end and head is None:
            head = context
        else:
            stop = sentence.find(";", m.end())
            scoped.append((m.start(), stop if stop >= 0 else len(sentence), context))
    return (head if head is not None else inherited), scoped


def _context_at(pos: int, head: object, scoped: list[tuple[int, int, object]]) -> object:
    current = head
    for start, end, context in scoped:
        if start < pos <= end:
            current = context
    return current


_OWN_MARKER_LEAD = re.compile(r"(?:trong|vào)\s+", re.IGNORECASE)
_UNITLESS_LEAD = re.compile(r"[^\W\d_]+\s+")
_SPACE = re.compile(r"\s*")


def _own_marker(number: _Number, sentence: str) -> re.Match[str] | None:
    """The time marker right after the number and its unit (“35,2% năm 2022”, “11 người năm 2022”,
    “100% từ năm 2022”): it says the number's own time. For a number without a unit, up to two words
    (“08 thủ tục năm 2021”) may come between."""
    after_start = number.end
    if number.unit is not None and not number.percent:
        after = sentence[after_start:]
        after_start += len(after) - len(after.lstrip()) + len(number.unit)
    lead, times = (_OWN_MARKER_LEAD, 1) if number.unit is not None else (_UNITLESS_LEAD, 2)
    space = _SPACE.match(sentence, after_start)
    start = space.end() if space else after_start  # (\s* always matches)
    for _ in range(times + 1):
        if m := _MARKER.match(sentence, start):
            return m
        if not (word := lead.match(sentence, start)) or word.end() == start:
            return None
        start = word.end()
    return None


def _after_unit(number: _Number, sentence: str) -> str:
    """The text after the number and its unit."""
    after = sentence[number.end :]
    if number.unit is None or number.percent:
        return after
    return after.lstrip()[len(number.unit) :]


def _clause(sentence: str, numbers: list[_Number], number: _Number) -> str:
    """Back to the previous number, “;” or bracket (and past a previous number, to the last comma or “và”);
    forward to the next comma, “;”, bracket or number."""
    lo = max([n.end for n in numbers if n.end <= number.start], default=0)
    hi = min([n.start for n in numbers if n.start >= number.end], default=len(sentence))
    back = sentence[lo : number.start]
    for mark in ";()":
        back = back.rsplit(mark, 1)[-1]
    if lo > 0:
        # “…2.300 hồ sơ trực tuyến và 4.380 hồ sơ trực tiếp”: the words of the number before are not its own
        back = re.split(r",(?!\d)|\bvà\b", back)[-1]
    forward = _after_unit(number, sentence[:hi])
    cut = re.search(r";|\(|\)|,(?!\d)", forward)
    return f"{back} {forward[: cut.start() if cut else len(forward)]}"


def _excerpt(sentence: str, start: int, end: int, width: int = 60) -> str:
    if len(sentence) <= width:
        return sentence
    half = (width - (end - start)) // 2
    lo, hi = max(0, start - half), min(len(sentence), end + half)
    if lo > 0:
        space = sentence.find(" ", lo)
        lo = space + 1 if 0 <= space < start else lo
    if hi < len(sentence):
        space = sentence.rfind(" ", end, hi)
        hi = space if space > end else hi
    return f"{'…' if lo > 0 else ''}{sentence[lo:hi].strip()}{'…' if hi < len(sentence) else ''}"


# --- figures -------------------------------------------------------------------------------------------


@dataclass
class _Figures:
    indicator: Indicator
    unit: str
    grams: set[tuple[str, str]]
    yearly: dict[int, Decimal | None]
    period: Decimal | None
    stock: bool  # a value at a point in time (“as of” a date can be compared)


def _figures_of(indicators: list[Indicator], years: list[int], figures: Figures) -> list[_Figures]:
    stock_kinds = (Aggregation.END, Aggregation.YEARLY)
    out = []
    for row in indicator_rows(indicators, years=years, figures=figures):
        ind = row.indicator
        unit = _norm_unit(ind.unit)
        if not unit:
            continue
        if ind.aggregation == Aggregation.RATIO:
            # A ratio always has both parts (a constraint of Indicator).
            num, den = cast(Indicator, ind.numerator), cast(Indicator, ind.denominator)
            stock = num.aggregation in stock_kinds and den.aggregation in stock_kinds
        else:
            stock = ind.aggregation in stock_kinds
        period = None if ind.aggregation == Aggregation.YEARLY else row.period
        out.append(_Figures(ind, unit, _grams(ind.name, unit.split()), row.yearly, period, stock))
    return out


def _value_for(fig: _Figures, context: object) -> Decimal | None:
    if context == PERIOD:
        return fig.period
    if isinstance(context, tuple):
        kind, year = context
        if kind == "asof" and not fig.stock:
            return None
        return fig.yearly.get(year)
    return None


def _agrees(number: _Number, figure: Decimal, percent: bool) -> bool:
    decimals = 1 if percent else number.decimals
    step = Decimal(1).scaleb(-decimals)
    return number.value.quantize(step, ROUND_HALF_UP) == figure.quantize(step, ROUND_HALF_UP)


def _agrees_with(number: _Number, figure: Decimal | None, percent: bool) -> bool:
    return figure is not None and _agrees(number, figure, percent)


def _of_its_whole(number: _Number, fig: _Figures) -> bool:
    """Whether `fig` is the figure of a total the number is a part of."""
    if any(fig is other for other in number.not_about):
        return True
    whole = number.whole
    if whole is None:
        return False
    return fig is whole.figures or _agrees_with(whole, _value_for(fig, whole.context), whole.unit == "%")


@dataclass(frozen=True)
class _Found:
    """A mismatch in one text, before it is tied to an assessment."""

    indicator: Indicator
    year: int | None
    text_value: str
    figure: str
    excerpt: str


def _judge(number: _Number, figures: list[_Figures]) -> tuple[_Figures | None, tuple[_Figures, Decimal] | None]:
    """The indicator the number is about, and (indicator, figure) when no candidate's figure agrees."""
    if number.unit is None:
        return None, None  # (no figure has no unit)
    candidates = [(f, _value_for(f, number.context)) for f in figures if f.unit == number.unit]
    values = [(f, v) for f, v in candidates if v is not None]
    if not values:
        return None, None
    grams = _grams(number.clause, number.unit.split())
    scored = [(len(f.grams & grams), f, v) for f, v in values]
    percent = number.unit == "%"
    agreeing = [(s, f, v) for s, f, v in scored if _agrees(number, v, percent)]
    if agreeing:
        return max(agreeing, key=lambda t: t[0])[1], None
    # a part is never compared with the figure of the whole it is a part of
    scored = [(s, f, v) for s, f, v in scored if not _of_its_whole(number, f)]
    if not scored:
        return None, None
    if number.head is not None:
        # a year of a breakdown: the indicator of the total it breaks down
        chosen = [(s, f, v) for s, f, v in scored if f is number.head.figures]
    else:
        best = max(s for s, _, _ in scored)
        chosen = [(s, f, v) for s, f, v in scored if s == best] if best >= 1 else []
    if not chosen:
        return None, None
    _, fig, value = min(chosen, key=lambda t: (abs(t[2] - number.value), t[1].indicator.order, t[1].indicator.code))
    return fig, (fig, value)


_PART_INTRO = re.compile(r"\b(?:gồm|trong\s+đó)\b", re.IGNORECASE)


_DIGIT = re.compile(r"\d")
_SEGMENT_MARKS = re.compile(r"[();]")
_SEGMENT_MARKS_COMMAS = re.compile(r"[();]|,(?!\d)")


def _segment_of(sentence: str, commas: bool = False) -> list[int]:
    """For each position of the sentence, how many “;” (and, with `commas`, commas that are not the
    decimal comma of “99,8”) outside brackets come before it."""
    steps = [0] * (len(sentence) + 1)
    depth = 0
    for m in (_SEGMENT_MARKS_COMMAS if commas else _SEGMENT_MARKS).finditer(sentence):
        ch = m.group()
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            steps[m.start() + 1] += 1
    return list(accumulate(steps))


def _usable(context: object) -> bool:
    return isinstance(context, (str, tuple)) and context != UNKNOWN


def _mark_parts(sentence: str, numbers: list[_Number], figures: list[_Figures]) -> None:
    """Parts of a total: numbers introduced by “gồm”/“trong đó” after a total of the same unit in the same
    “;”-clause, and runs of numbers of the same unit in one “;”-clause that add up to a total stated before
    them (their `whole`); runs within one comma-clause that add up to a candidate's figure (that figure is
    then `not_about` them)."""
    segment, clause = _segment_of(sentence), _segment_of(sentence, commas=True)
    brackets = _paren_spans(sentence)
    plain = [n for n in numbers if n.unit and n.head is None and _inside(n.start, brackets) is None]
    for n in plain:
        intro = [m for m in _PART_INTRO.finditer(sentence, 0, n.start) if segment[m.start()] == segment[n.start]]
        if not intro:
            continue
        wholes = [
            w
            for w in plain
            if w.end <= intro[-1].start() and w.unit == n.unit and segment[w.start] == segment[n.start]
            and w.whole is None and not w.fraction
        ]  # fmt: skip
        if wholes:
            n.whole = wholes[-1]
    groups: dict[tuple[int, str], list[_Number]] = {}
    for n in plain:
        if not n.fraction and n.unit:
            groups.setdefault((segment[n.start], n.unit), []).append(n)
    for (_, unit), group in groups.items():
        for i in range(len(group)):
            for j in range(i + 2, len(group) + 1):
                run = group[i:j]
                total = sum((n.value for n in run), Decimal(0))
                step = Decimal(1).scaleb(-max(n.decimals for n in run))
                earlier = [
                    w for w in numbers
                    if w.unit == unit and w.end <= run[0].start and not w.fraction and w.head is None
                    and segment[w.start] == segment[run[0].start]
                    and w.value.quantize(step, ROUND_HALF_UP) == total.quantize(step, ROUND_HALF_UP)
                ]  # fmt: skip
                if earlier:
                    for n in run:
                        n.whole = n.whole or earlier[-1]
                context = run[0].context
                if clause[run[0].start] != clause[run[-1].start] or not _usable(context):
                    continue
                if any(n.context != context for n in run):
                    continue
                shadow = _Number(run[0].start, run[-1].end, "", total, unit == "%", max(n.decimals for n in run))
                for f in figures:
                    if f.unit == unit and _agrees_with(shadow, _value_for(f, context), unit == "%"):
                        for n in run:
                            n.not_about.append(f)


def _own_fraction_share(numbers: list[_Number], i: int) -> bool:
    """“244/264 đối tượng …, đạt 92,4%”: a percentage that is the share of the fraction just before it, when
    that fraction counts something no figure has the unit of — it is about that, not about a figure."""
    number = numbers[i]
    if not number.percent or i < 2:
        return False
    a, b = numbers[i - 2], numbers[i - 1]
    if not (a.fraction and b.fraction and a.end == b.end) or b.unit is not None or not b.value:
        return False
    return _agrees(number, a.value * 100 / b.value, True)


def _find(text: str, figures: list[_Figures], review: Review) -> list[_Found]:
    """The mismatches of one result text against the figures of its task's indicators."""
    units = {f.unit for f in figures}
    found: list[_Found] = []
    seen: set[tuple[int, int | None, str]] = set()
    inherited: object = None
    # The sentences without a number since the last one read: their time markers are read only when a later
    # sentence's numbers need the context they pass on (most sentences of a long text have no number).
    unread: list[str] = []
    for sentence in _sentences(text):
        every = _quantities(sentence)
        if not every:
            unread.append(sentence)
            continue
        for earlier in unread:
            inherited = _contexts(earlier, review, inherited)[0]
        unread.clear()
        for number in every:
            number.unit = _unit_of(number, sentence, units)
        own = {id(n): m for n in every if (m := _own_marker(n, sentence))}
        numbers = [n for n in every if not n.vague]
        head, scoped = _contexts(sentence, review, inherited, [m.span() for m in own.values()])
        inherited = head
        for i, number in enumerate(numbers):
            number.clause = _clause(sentence, numbers, number)
            number.context = _context_at(number.start, head, scoped)
            after = _after_unit(number, sentence)
            if number.unit and (m := _YEAR_AFTER.match(after)):
                number.context = ("year", int(m.group(1)))
            if id(number) in own:
                # “35,2% năm 2022”, “100% từ năm 2022”: the marker right after the number is its own
                number.context = _marker_context(own[id(number)], review)
            # a total followed by its per-year breakdown: the breakdown's numbers take its unit and clause
            if number.unit and _BREAKDOWN.match(after):
                if number.context is None:
                    number.context = PERIOD
                close = sentence.find(")", number.end)
                for later in numbers[i + 1 :]:
                    if close >= 0 and later.start > close:
                        break
                    if re.search(r"năm\s+\d{4}\s*:\s*$", sentence[: later.start], re.IGNORECASE):
                        later.head = number
            # “…, đạt 99,8%”: a percentage with no word of its own takes the clause before it
            before = re.split(r",(?!\d)|;|\(|\)", sentence[: number.start])[-1]
            if number.percent and i > 0 and _LINK_BEFORE.search(before) and not _grams(before):
                number.clause = f"{numbers[i - 1].clause} {number.clause}"
        for number in numbers:
            if number.head is not None:
                number.unit = number.unit or number.head.unit
                number.clause = number.head.clause
        _mark_parts(sentence, numbers, figures)
        for i, number in enumerate(numbers):
            if number.unit is None or not _usable(number.context):
                continue
            if _own_fraction_share(numbers, i):
                continue
            number.figures, mismatch = _judge(number, figures)
            if mismatch is None:
                continue
            fig, value = mismatch
            year = number.context[1] if isinstance(number.context, tuple) else None  # else PERIOD
            key = (fig.indicator.pk, year, number.written)
            if key in seen:
                continue
            seen.add(key)
            found.append(
                _Found(
                    indicator=fig.indicator,
                    year=year,
                    text_value=number.written + ("%" if number.percent else ""),
                    figure=display_value(value, fig.indicator),
                    excerpt=_excerpt(sentence, number.start, number.end),
                )
            )
    return found


def figure_mismatches(
    review: Review,
    tasks: Iterable[Task] | None = None,
    statuses: Iterable[str] = DONE_STATUSES,
    *,
    assessments: Sequence[Readable] | None = None,
) -> list[Mismatch]:
    """Numbers in the handed-in result texts of the review's plan that disagree with the entered figures.

    `tasks` narrows the check to some tasks (a queryset or a list); `statuses` defaults to the assessments
    handed in (submitted and accepted). In the tasks' order, then the order of the text. A caller that has
    read the plan's assessments (with `result` and their task, in the tasks' order) passes them instead.
    """
    if assessments is not None:
        wanted = set(statuses)
        assessments = [a for a in assessments if a.status in wanted and a.result]
    else:
        query = (
            Assessment.objects.filter(task__plan_id=review.plan_id, status__in=list(statuses))
            .exclude(result="")
            .select_related("task")
            .only("result", "task", "task__code", "task__content")  # not the other long texts
            .order_by("task__group__order", "task__order", "task__code")
        )
        if tasks is not None:
            query = query.filter(task__in=tasks if hasattr(tasks, "query") else list(tasks))
        assessments = list(query)
    # Plain reads, grouped here: the tasks' links to indicators, the indicators, the ratios' parts when they
    # are not among them (rarely), and the values of all of them.
    # The tasks' indicators with the task each is linked to (one row per link), in the catalogue's order
    # (lĩnh vực, thứ tự, mã), as each task lists them.
    links: dict[int, set[int]] = {}
    indicators: dict[int, Indicator] = {}
    linked = Indicator.objects.filter(tasks__in=[a.task_id for a in assessments]).annotate(linked_task=F("tasks"))
    for ind in linked:
        links.setdefault(ind.linked_task, set()).add(ind.pk)
        indicators.setdefault(ind.pk, ind)
    missing = {p for ind in indicators.values() for p in (ind.numerator_id, ind.denominator_id) if p} - set(indicators)
    parts = {**indicators, **{p.pk: p for p in Indicator.objects.filter(pk__in=missing)}} if missing else indicators
    for ind in indicators.values():
        if ind.numerator_id is not None and ind.denominator_id is not None:
            ind.numerator, ind.denominator = parts[ind.numerator_id], parts[ind.denominator_id]
    values: dict[int, dict[int, Decimal]] = {}
    for indicator_id, year, value in IndicatorValue.objects.filter(indicator_id__in=list(parts)).values_list(
        "indicator_id", "year", "value"
    ):
        values.setdefault(indicator_id, {})[year] = value
    # Each indicator's figures once, however many tasks report it (they are only read).
    # (no targets: the check compares numbers with the values, not with the targets)
    catalogue = Figures(list(indicators.values()), parts, values, targets={})
    every = {f.indicator.pk: f for f in _figures_of(catalogue.indicators, review.years, catalogue)}
    readable = []  # each handed-in text with a number, with the figures of its task
    for assessment in assessments:
        if not _DIGIT.search(assessment.result):
            continue  # no number, nothing to compare
        own = links.get(assessment.task_id, set())
        if figures := [f for pk, f in every.items() if pk in own]:
            readable.append((assessment, figures))
    readings = _find_remembered([(a.result, figures) for a, figures in readable], review)
    return [
        Mismatch(
            task=assessment.task,
            assessment_pk=assessment.pk,
            indicator=f.indicator,
            year=f.year,
            text_value=f.text_value,
            figure=f.figure,
            excerpt=f.excerpt,
        )
        for (assessment, _figures), found in zip(readable, readings, strict=True)
        for f in found
    ]


#: Part of every remembered result's key: a change to how texts are read must not reuse older results.
_READING = "figure-check-1"


def _reading_key(text: str, figures: list[_Figures], review: Review) -> str:
    key_parts = [
        _READING, get_language() or "", str(review.period_start), str(review.period_end), text,
        *(
            repr((f.indicator.pk, f.indicator.code, f.indicator.name, f.indicator.order, f.indicator.value_kind,
                  f.indicator.aggregation, f.unit, sorted(f.yearly.items()), f.period, f.stock))
            for f in figures
        ),
    ]  # fmt: skip
    return "figure-check:" + hashlib.sha256("\x1f".join(key_parts).encode()).hexdigest()


def _find_remembered(texts: list[tuple[str, list[_Figures]]], review: Review) -> list[list[_Found]]:
    """`_find` of each (text, its figures), remembered in the cache: it is a function of the text, the figures it
    is read against (values, units, names, kinds), the review's period and the language, all of which are in
    the key — an office reopening the workspace does not read every text again, and a changed text or figure
    is read anew. One read of the cache for all the texts, one write for those read anew."""
    keys = [_reading_key(text, figures, review) for text, figures in texts]
    kept = cache.get_many(keys)
    fresh: dict[str, list[tuple[Any, ...]]] = {}
    readings = []
    for key, (text, figures) in zip(keys, texts, strict=True):
        if (remembered := kept.get(key)) is not None:
            by_pk = {f.indicator.pk: f.indicator for f in figures}
            readings.append(
                [_Found(by_pk[pk], year, value, fig, excerpt) for pk, year, value, fig, excerpt in remembered]
            )
            continue
        found = _find(text, figures, review)
        fresh[key] = [(f.indicator.pk, f.year, f.text_value, f.figure, f.excerpt) for f in found]
        readings.append(found)
    if fresh:
        cache.set_many(fresh, 7 * 24 * 3600)
    return readings

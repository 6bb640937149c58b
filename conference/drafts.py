"""The text of each conference document, part by part, drafted from the data every time it is read.

A part is plain text, one paragraph per line (“- …” lines are list items). The office's rewrite of a part
(`DocumentEdit`) replaces its draft; nothing here writes to the database. The speeches and the news item
take their figures from `reports.compile.review_headlines`, the same numbers and phrases as the report.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from conference.models import Conference, DocumentEdit, DocumentKind
from dissemination.summary import counts_by_year
from kimphuong.formats import date_long, number_vi, percent_vi
from kimphuong.models import CommuneProfile, Position, User
from reports.compile import Headlines, enumeration, review_headlines
from reports.prose import lower_first

WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]


@dataclass
class Part:
    key: str
    label: str  # what the office sees in the editor (in the user's language)
    draft: str
    heading: str = ""  # printed before the part (“I. THÀNH PHẦN THAM DỰ”)
    edit: DocumentEdit | None = None

    @property
    def text(self) -> str:
        return self.edit.text if self.edit else self.draft

    @property
    def is_edited(self) -> bool:
        return self.edit is not None

    @property
    def is_stale(self) -> bool:
        """Edited, and the data changed since: the new draft is shown beside the edit to merge."""
        return self.edit is not None and self.edit.edited_from != self.draft

    @property
    def lines(self) -> list[str]:
        return [" ".join(line.split()) for line in self.text.splitlines() if line.strip()]


# --- words ------------------------------------------------------------------------------------------


def position_phrase(position: Position | None) -> str:
    """“Chủ tịch Ủy ban nhân dân xã”, “Công chức Tư pháp - hộ tịch”: the chức danh without its notes."""
    if position is None:
        return ""
    title = re.sub(r"\s*\([^)]*\)", "", position.title).strip()
    title = re.sub(r"^Công chức ", "công chức ", title)  # a rank, not a title: lower case (NĐ 30, Phụ lục II)
    return re.sub(r"\bUBND\b", "Ủy ban nhân dân", title)


def person(user: User) -> str:
    """“đồng chí Trương Anh Tú, Chủ tịch Ủy ban nhân dân xã”."""
    phrase = position_phrase(user.position)
    return f"đồng chí {user.display_name}" + (f", {phrase}" if phrase else "")


def time_words(value: dt.time | None) -> str:
    """“08 giờ 00 phút”."""
    return f"{value.hour:02d} giờ {value.minute:02d} phút" if value else ""


def when_words(moment: dt.datetime) -> str:
    """“08 giờ 00 phút, thứ Năm, ngày 17 tháng 12 năm 2026”."""
    local = timezone.localtime(moment)
    return f"{time_words(local.time())}, {WEEKDAYS[local.weekday()]}, {date_long(local.date())}"


def _list(lines: list[str]) -> list[str]:
    """“- a;” … “- z.”: a list inside a text, NĐ 30 punctuation."""
    items = [line.rstrip(" ;.") for line in lines if line.strip()]
    return [f"- {item}{'.' if i == len(items) - 1 else ';'}" for i, item in enumerate(items)]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _invitees(conference: Conference) -> list[str]:
    people = [_capital(person(p.user)) for p in conference.participant_rows()]
    return [g.name for g in conference.guest_rows()] + people


def _topic(conference: Conference) -> str:
    """The conference's name inside a sentence: “Hội nghị tổng kết …”."""
    return conference.title.rstrip(".")


# --- the documents ------------------------------------------------------------------------------------


def invitation(conference: Conference, profile: CommuneProfile | None) -> list[Part]:
    body = profile.body_name if profile else "Ủy ban nhân dân xã"
    end = f" đến {time_words(conference.ends_at)}" if conference.ends_at else ""
    chair = person(conference.chair)
    return [
        Part(
            "invitees", _("Thành phần mời"), "\n".join([f"{body} trân trọng kính mời:", *_list(_invitees(conference))])
        ),
        Part("purpose", _("Nội dung mời"), f"Tới dự {_topic(conference)}."),
        Part(
            "time_place",
            _("Thời gian, địa điểm, chủ trì"),
            "\n".join(
                [
                    f"Thời gian: {when_words(conference.starts_at)}{end}.",
                    f"Địa điểm: {conference.place.rstrip('.')}.",
                    f"Chủ trì: {chair}.",
                ]
            ),
        ),
        Part(
            "closing",
            _("Lời đề nghị"),
            "Đề nghị các đại biểu nghiên cứu tài liệu, tham dự đầy đủ, đúng thời gian để Hội nghị đạt kết quả./.",
        ),
    ]


def _greeting(conference: Conference) -> str:
    guests = [f"Đồng chí {g.name[:1].lower()}{g.name[1:]}" for g in conference.guest_rows()]
    lines = [
        *guests,
        "Các đồng chí lãnh đạo Đảng ủy, Hội đồng nhân dân, Ủy ban nhân dân, Ủy ban Mặt trận Tổ quốc Việt Nam xã",
        "Các đồng chí cán bộ, công chức và các đại biểu",
    ]
    return "\n".join(["Kính thưa:", *_list(lines), "Thưa toàn thể Hội nghị!"])


def _results_lines(h: Headlines) -> list[str]:
    lines = []
    if h.tasks:
        lines.append(
            f"Thưa các đồng chí! Giai đoạn {h.period}, {h.body} triển khai {h.tasks} nhiệm vụ cải cách hành chính "
            f"trên {len(h.areas)} lĩnh vực, {h.completion}."
        )
    for area in h.areas:
        sentence = f"Về {lower_first(area.name)}: {area.phrase}"
        if area.figures:
            sentence += f"; {'; '.join(area.figures)}"
        lines.append(f"{sentence}.")
    return lines


def _targets_line(h: Headlines) -> str:
    if not h.target_total:
        return ""
    line = (
        f"Trong {h.target_total} mục tiêu, chỉ tiêu của giai đoạn, {h.unit} đạt và vượt {h.met_or_exceeded} chỉ tiêu "
        f"(vượt {h.outcomes['exceeded']}, đạt {h.outcomes['met']})"
    )
    if h.outcomes["missed"]:
        line += f"; {h.outcomes['missed']} chỉ tiêu không đạt ({'; '.join(h.missed)})"
    if h.outcomes["no_data"]:
        line += f"; {h.outcomes['no_data']} chỉ tiêu chưa có số liệu"
    return f"{line}."


def _commendations_line(h: Headlines, years: list[int]) -> str:
    if not h.collective + h.individual:
        return ""
    forms = "; ".join(f"{name}: {number_vi(n)} lượt" for name, n in h.forms)
    return (
        f"Phong trào thi đua “Thực hiện cải cách hành chính” giai đoạn {years[0]} - {years[-1]} được hưởng ứng "
        "sâu rộng: "
        f"{number_vi(h.collective)} lượt tập thể và {number_vi(h.individual)} lượt cá nhân được khen thưởng ({forms})."
    )


def _dissemination_line(years: list[int]) -> str:
    counts = counts_by_year(years)
    total = sum(counts.values())
    if not total:
        return ""
    return (
        f"Công tác tuyên truyền cải cách hành chính được quan tâm với {number_vi(total)} lượt tuyên truyền "
        f"trong giai đoạn {years[0]} - {years[-1]}."
    )


SPOKEN_ITEMS_PER_AREA = 2  # a speech names the main directions; the report's Phần IV lists them all


def _directions(h: Headlines) -> str:
    """Phần IV of the report (as the office left it), shortened for reading aloud: each area's lead-in and
    its first items."""
    lines: list[str] = []
    said = 0
    for raw in h.directions:
        line = " ".join(raw.split())
        if line.startswith("-"):
            if said < SPOKEN_ITEMS_PER_AREA:
                lines.append(f"- {line.lstrip('- ').rstrip(' ;.')};")
            said += 1
        elif line:
            lines.append(line)
            said = 0
    if not any(line.startswith("-") for line in lines):
        return ""
    if lines[0].startswith("Về ") or lines[0].startswith("-"):
        lead = f"Giai đoạn {h.next_period}, đề nghị các bộ phận, cán bộ, công chức tập trung thực hiện tốt các "
        lines.insert(0, lead + "nhiệm vụ trọng tâm sau:")
    while lines and not lines[-1].startswith("-"):
        lines.pop()  # an area whose items were all cut
    lines[-1] = lines[-1].rstrip(";") + "."
    return "\n".join(lines)


def opening(conference: Conference, profile: CommuneProfile | None, h: Headlines) -> list[Part]:
    review = conference.review
    plan = review.plan.document.short_citation if review.plan.document else "kế hoạch tổng kết"
    return [
        Part("greeting", _("Lời chào"), _greeting(conference)),
        Part(
            "welcome",
            _("Chào mừng"),
            f"Hôm nay, {h.body} long trọng tổ chức {_topic(conference)}. Thay mặt lãnh đạo {h.body}, tôi nhiệt liệt "
            "chào mừng và gửi tới các đồng chí đại biểu lời chúc sức khỏe, hạnh phúc và thành công.",
        ),
        Part(
            "purpose",
            _("Mục đích hội nghị"),
            f"Thực hiện {plan}, Hội nghị hôm nay nhằm đánh giá toàn diện kết quả thực hiện Chương trình cải cách "
            f"hành chính nhà nước giai đoạn {h.period}; chỉ rõ những tồn tại, hạn chế, nguyên nhân và rút ra bài học "
            "kinh nghiệm; biểu dương, khen thưởng các tập thể, cá nhân có thành tích tiêu biểu; thống nhất phương "
            f"hướng, nhiệm vụ cải cách hành chính giai đoạn {h.next_period}.",
        ),
        Part("results", _("Kết quả chủ yếu theo lĩnh vực"), "\n".join(_results_lines(h))),
        Part(
            "targets",
            _("Mục tiêu, chỉ tiêu và khen thưởng"),
            "\n".join(
                line
                for line in (
                    _targets_line(h),
                    _commendations_line(h, review.emulation_years),
                    _dissemination_line(review.years),
                )
                if line
            ),
        ),
        Part("directions", _("Phương hướng giai đoạn %(period)s") % {"period": h.next_period}, _directions(h)),
        Part(
            "closing",
            _("Tuyên bố khai mạc"),
            "Với tinh thần đó, đề nghị các đồng chí đại biểu tập trung thảo luận, đóng góp ý kiến thẳng thắn, "
            "trách nhiệm để Hội nghị thành công.\nTôi tuyên bố khai mạc Hội nghị. Chúc các đồng chí sức khỏe, "
            "chúc Hội nghị thành công tốt đẹp!\nXin trân trọng cảm ơn!",
        ),
    ]


def _agenda_words(conference: Conference) -> str:
    contents = [
        lower_first(a.content.rstrip("."))
        for a in conference.agenda_rows()
        if not re.match(r"(?i)(đón tiếp|phát biểu bế mạc)", a.content)  # what the closing speech itself ends
    ]
    return enumeration(contents) if contents else ""


def closing(conference: Conference, profile: CommuneProfile | None, h: Headlines) -> list[Part]:
    heard = _agenda_words(conference)
    summary = f"Sau thời gian làm việc khẩn trương, nghiêm túc, {_topic(conference)} đã hoàn thành chương trình đề ra."
    if heard:
        summary += f" Hội nghị đã {heard}."
    outcome = []
    if h.tasks:
        outcome.append(f"hoàn thành {h.done}/{h.tasks} nhiệm vụ ({percent_vi(h.done, h.tasks).replace(',0%', '%')})")
    if h.target_total:
        outcome.append(f"đạt và vượt {h.met_or_exceeded}/{h.target_total} mục tiêu, chỉ tiêu")
    results = ""
    if outcome:
        results = f"Giai đoạn {h.period}, {h.unit} {enumeration(outcome)}."
    if h.collective + h.individual:
        results += (
            f" Thay mặt lãnh đạo {h.body}, tôi biểu dương {number_vi(h.collective)} lượt tập thể và "
            f"{number_vi(h.individual)} lượt cá nhân được khen thưởng trong phong trào thi đua."
        )
    conclusions = [" ".join(line.split()) for line in conference.conclusions.splitlines() if line.strip()]
    concluded = "\n".join(
        ["Tôi đề nghị các bộ phận, cán bộ, công chức quán triệt kết luận của Hội nghị:", *conclusions]
    )
    return [
        Part("greeting", _("Lời chào"), _greeting(conference)),
        Part("summary", _("Đánh giá hội nghị"), summary),
        Part("results", _("Kết quả và biểu dương"), results.strip()),
        Part("conclusions", _("Kết luận của chủ trì"), concluded if conclusions else ""),
        Part("directions", _("Phương hướng giai đoạn %(period)s") % {"period": h.next_period}, _directions(h)),
        Part(
            "closing",
            _("Tuyên bố bế mạc"),
            "Với tinh thần đó, tôi tuyên bố bế mạc Hội nghị. Chúc các đồng chí sức khỏe, hạnh phúc, hoàn thành "
            "xuất sắc nhiệm vụ được giao!\nXin trân trọng cảm ơn!",
        ),
    ]


def minutes(conference: Conference, profile: CommuneProfile | None) -> list[Part]:
    body = profile.body_name if profile else "Ủy ban nhân dân xã"
    start = conference.started_at or conference.start_time
    opening_line = (
        f"Hồi {time_words(start)}, {date_long(conference.day)}, tại {conference.place.rstrip('.')}, {body} tổ chức "
        f"{_topic(conference)}."
    )
    participants = list(conference.participant_rows())
    guests = list(conference.guest_rows())
    invited = len(participants) + len(guests)
    present = [g.name for g in guests if g.attended] + [_capital(person(p.user)) for p in participants if p.attended]
    absent = [g.name for g in guests if g.attended is False] + [
        f"{p.user.display_name}" for p in participants if p.attended is False
    ]
    attendance = [
        f"Chủ trì: {person(conference.chair)}.",
        f"Thư ký: {person(conference.secretary)}." if conference.secretary else "",
    ]
    if conference.is_held:
        attendance.append(f"Đại biểu dự họp: có mặt {len(present)}/{invited} đại biểu được mời, gồm:")
        attendance += _list(present)
        if absent:
            attendance.append(f"Vắng mặt: {len(absent)} đại biểu ({', '.join(absent)}).")
    else:
        attendance.append(f"Đại biểu được mời: {invited} đại biểu.")
    agenda = [
        f"{i}. {a.content.rstrip('.')}" + (f" ({a.presenter})." if a.presenter else ".")
        for i, a in enumerate(conference.agenda_rows(), start=1)
    ]
    proceedings = ["Hội nghị lần lượt tiến hành các nội dung:", *agenda] if agenda else []
    proceedings += [" ".join(line.split()) for line in conference.minutes.splitlines() if line.strip()]
    end = conference.ended_at
    ending = "Biên bản đã được thông qua trước Hội nghị và các đại biểu dự họp nhất trí./."
    if end:
        ending = f"Hội nghị kết thúc vào hồi {time_words(end)} cùng ngày. {ending}"
    return [
        Part("opening", _("Thời gian, địa điểm"), opening_line),
        Part("attendance", _("Thành phần tham dự"), "\n".join(x for x in attendance if x), "I. THÀNH PHẦN THAM DỰ"),
        Part("proceedings", _("Diễn biến hội nghị"), "\n".join(proceedings), "II. NỘI DUNG HỘI NGHỊ"),
        Part(
            "conclusions",
            _("Kết luận của chủ trì"),
            "\n".join(" ".join(line.split()) for line in conference.conclusions.splitlines() if line.strip()),
            "III. KẾT LUẬN CỦA CHỦ TRÌ",
        ),
        Part("ending", _("Kết thúc"), ending),
    ]


def news(conference: Conference, profile: CommuneProfile | None, h: Headlines) -> list[Part]:
    """A short item for the commune's website: from the minutes (who, when, where) and the headline figures."""
    unit = h.unit[:1].upper() + h.unit[1:]
    participants = list(conference.participant_rows())
    guests = list(conference.guest_rows())
    came = sum(1 for p in participants if p.attended) + sum(1 for g in guests if g.attended)
    day = date_long(conference.day)
    lead = f"{day[:1].upper()}{day[1:]}, {h.body} tổ chức {_topic(conference)}."
    who = f"Đồng chí {conference.chair.display_name}, {position_phrase(conference.chair.position)} chủ trì Hội nghị."
    present = [g.name for g in guests if g.attended]
    if present:
        who += f" Tham dự có {enumeration([lower_first(x) for x in present])}"
        who += f" cùng {came - len(present)} cán bộ, công chức của xã." if came > len(present) else "."
    elif came:
        who += f" Tham dự có {came} đại biểu."
    results = []
    if h.tasks:
        results.append(f"hoàn thành {h.done}/{h.tasks} nhiệm vụ cải cách hành chính")
    if h.target_total:
        results.append(f"đạt và vượt {h.met_or_exceeded}/{h.target_total} mục tiêu, chỉ tiêu")
    figures = f"Giai đoạn {h.period}, {h.unit} {enumeration(results)}." if results else ""
    if h.trend:
        figures += f" {h.trend[:1].upper()}{h.trend[1:]}."
    honours = (
        f"Dịp này, {number_vi(h.collective)} lượt tập thể và {number_vi(h.individual)} lượt cá nhân được khen thưởng "
        "trong phong trào thi đua “Thực hiện cải cách hành chính”."
        if h.collective + h.individual
        else ""
    )
    first_conclusion = next((line.strip() for line in conference.conclusions.splitlines() if line.strip()), "")
    closing_line = (
        f"Kết luận Hội nghị, đồng chí {conference.chair.display_name} nhấn mạnh: {lower_first(first_conclusion)}"
        if first_conclusion
        else ""
    )
    return [
        Part("headline", _("Tiêu đề"), f"{unit} tổng kết cải cách hành chính giai đoạn {h.period}"),
        Part(
            "body", _("Nội dung"), "\n".join(x for x in (lead + " " + who, figures, honours, closing_line) if x.strip())
        ),
    ]


BUILDERS = {
    DocumentKind.INVITATION: lambda c, p, h: invitation(c, p),
    DocumentKind.OPENING: opening,
    DocumentKind.CLOSING: closing,
    DocumentKind.MINUTES: lambda c, p, h: minutes(c, p),
    DocumentKind.NEWS: news,
}
NEEDS_HEADLINES = {DocumentKind.OPENING, DocumentKind.CLOSING, DocumentKind.NEWS}


def parts_of(conference: Conference, kind: str, headlines: Headlines | None = None) -> list[Part]:
    """The document's parts: each one's draft from today's data, with the office's edit where there is one."""
    profile = CommuneProfile.load()
    if kind in NEEDS_HEADLINES and headlines is None:
        headlines = review_headlines(conference.review)
    parts = BUILDERS[DocumentKind(kind)](conference, profile, headlines)
    edits = {e.key: e for e in conference.edits.filter(document=kind).select_related("edited_by")}
    for part in parts:
        part.edit = edits.get(part.key)
    return parts

"""The demo's review conference: planned two weeks ahead with its agenda and participants; `--finished`
holds it (yesterday), with attendance, minutes and the chair's conclusions, through the model's methods."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from conference.models import Conference
from kimphuong.models import User
from reform.models import Review

PLACE = "Hội trường Ủy ban nhân dân xã Kim Phượng"
GUESTS = [
    "Đại diện lãnh đạo Sở Nội vụ tỉnh Thái Nguyên",
    "Đại diện Thường trực Đảng ủy xã",
    "Đại diện Thường trực Hội đồng nhân dân xã",
]
# (time, content, presenter's position code or a text)
AGENDA = [
    ("07:45", "Đón tiếp đại biểu", "VP-TK1"),
    ("08:00", "Tuyên bố lý do, giới thiệu đại biểu", "VP-TK1"),
    ("08:10", "Phát biểu khai mạc Hội nghị", "CT"),
    (
        "08:25",
        "Báo cáo tổng kết Chương trình cải cách hành chính nhà nước giai đoạn 2021 - 2025 và phong trào thi đua "
        "“Thực hiện cải cách hành chính”",
        "PCT",
    ),
    ("09:15", "Tham luận: kết quả số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Bộ phận Một cửa", "TP-HT"),
    ("09:35", "Tham luận: tuyên truyền cải cách hành chính trên hệ thống loa truyền thanh và Trang thông tin điện tử",
     "VH-XH1"),
    ("10:00", "Phát biểu của đại diện lãnh đạo Sở Nội vụ tỉnh", "Đại diện lãnh đạo Sở Nội vụ tỉnh Thái Nguyên"),
    ("10:20", "Công bố quyết định và trao khen thưởng", "VP-TK2"),
    ("10:45", "Phát biểu bế mạc Hội nghị", "CT"),
]  # fmt: skip
MINUTES = [
    "Đồng chí Hoàng Thị Lan, công chức Văn phòng - thống kê, tuyên bố lý do, giới thiệu đại biểu.",
    "Đồng chí Trương Anh Tú, Chủ tịch Ủy ban nhân dân xã, phát biểu khai mạc Hội nghị.",
    "Đồng chí Nguyễn Văn Hùng, Phó Chủ tịch Ủy ban nhân dân xã, trình bày dự thảo Báo cáo tổng kết.",
    "Hội nghị nghe 02 tham luận của công chức Tư pháp - hộ tịch và công chức Văn hóa - xã hội.",
    "Đại diện lãnh đạo Sở Nội vụ tỉnh ghi nhận kết quả của xã, đề nghị tiếp tục nâng tỷ lệ hồ sơ trực tuyến "
    "toàn trình và số hóa kết quả giải quyết thủ tục hành chính.",
    "Các đại biểu nhất trí với dự thảo Báo cáo, đề nghị bổ sung số liệu năm 2025 về số hóa hồ sơ.",
]
CONCLUSIONS = [
    "Tiếp tục đẩy mạnh chuyển đổi số, nâng tỷ lệ hồ sơ trực tuyến toàn trình trong giải quyết thủ tục hành chính.",
    "Văn phòng - thống kê tiếp thu ý kiến, hoàn thiện Báo cáo tổng kết, trình Chủ tịch Ủy ban nhân dân xã ký, gửi "
    "Ủy ban nhân dân tỉnh qua Sở Nội vụ đúng thời hạn.",
    "Các bộ phận xây dựng kế hoạch cải cách hành chính năm 2027 bám sát phương hướng giai đoạn 2026 - 2030.",
]
ABSENT = "congan"  # one participant sends apologies: the minutes say so


def _at(day: dt.date, hours: str) -> dt.datetime:
    h, m = (int(x) for x in hours.split(":"))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(h, m)))


def _presenter(code: str, by_position: dict[str, User]) -> str:
    user = by_position.get(code)
    if user is None:
        return code
    title = user.position.short_title or user.position.title if user.position else ""
    return f"{user.display_name}, {title}" if title else user.display_name


def seed_conference(
    review: Review, users: dict[str, User], *, today: dt.date, count: Callable[[str, bool], None]
) -> Conference:
    """The planned conference (dự kiến), once; `users` by position code."""
    existing = Conference.read_for_review(review)
    if existing is not None:
        count("conference", False)
        return existing
    office = users["VP-TK1"]
    conference = Conference.plan(
        review=review,
        details={
            "title": Conference.default_title(review),
            "starts_at": _at(today + dt.timedelta(days=12), "07:45"),
            "ends_at": dt.time(11, 0),
            "place": PLACE,
            "chair": users["CT"],
            "secretary": office,
            "participants": list(users.values()),
            "guests": "\n".join(GUESTS),
        },
        by=office,
    )
    items = [{"time": dt.time.fromisoformat(t), "content": c, "presenter": _presenter(p, users)} for t, c, p in AGENDA]
    conference.save_agenda(items=items, version=conference.version, by=office)
    count("conference", True)
    return conference


def hold_conference(review: Review, users: dict[str, User], *, today: dt.date) -> int:
    """`--finished`: the conference took place yesterday; attendance, minutes, conclusions. 0 if already held."""
    conference = Conference.read_for_review(review)
    if conference is None or conference.is_held:
        return 0
    office = users["VP-TK1"]
    day = today - dt.timedelta(days=1)
    details = {
        "title": conference.title,
        "starts_at": _at(day, "07:45"),
        "ends_at": conference.ends_at,
        "place": conference.place,
        "chair": conference.chair,
        "secretary": conference.secretary,
        "participants": [p.user for p in conference.participant_rows()],
        "guests": "\n".join(g.name for g in conference.guest_rows()),
    }
    conference.update_details(details=details, version=conference.version, by=office)
    conference.refresh_from_db()
    conference.record_held(
        version=conference.version,
        attended={p.pk for p in conference.participants.exclude(user__username=ABSENT)},
        guests_attended={g.pk for g in conference.guests.all()},
        started_at=dt.time(8, 0),
        ended_at=dt.time(11, 5),
        minutes="\n".join(MINUTES),
        conclusions="\n".join(CONCLUSIONS),
        by=office,
    )
    return 1

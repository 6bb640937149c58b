"""The demo's dissemination record: 107 activities 2021–2025, as many per year as indicator CĐ.5 says
(14, 18, 22, 25, 28 in indicators.json), which is then counted from them (feed = dissemination).

Deterministic: titles, dates, performers and reach follow from each activity's place in the table below.
Every activity is looked up by its date, channel and title, so running the seed twice creates nothing new.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dissemination.models import Channel, Record, performer_of
from indicators.models import Feed, Indicator, figures_refeed
from kimphuong.models import User

FED_INDICATOR = "CĐ.5"

# Activities per channel and year (2021 … 2025); the years add up to CĐ.5's values, the channels to the
# split the CĐ-02 self-assessment gives (40 on the loudspeakers, 31 on the website…).
PLAN: dict[str, list[int]] = {
    "loa": [6, 7, 8, 9, 10],
    "web": [4, 5, 6, 7, 9],
    "hop-xom": [2, 3, 3, 4, 4],
    "mxh": [0, 1, 3, 4, 4],
    "pano": [1, 1, 1, 0, 1],
    "hoi-nghi": [1, 1, 1, 1, 0],
}
FIRST_YEAR = 2021

TOPICS = [
    "thủ tục đăng ký khai sinh trực tuyến",
    "dịch vụ công trực tuyến toàn trình trên Cổng Dịch vụ công quốc gia",
    "thanh toán phí, lệ phí trực tuyến",
    "kích hoạt và sử dụng tài khoản định danh điện tử VNeID",
    "liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
    "chứng thực bản sao điện tử từ bản chính",
    "đăng ký kết hôn và cấp giấy xác nhận tình trạng hôn nhân",
    "cấp phiếu lý lịch tư pháp trực tuyến",
    "quy trình tiếp nhận, trả kết quả tại Bộ phận Một cửa xã",
    "tiếp nhận phản ánh, kiến nghị về thủ tục hành chính",
    "khảo sát sự hài lòng của người dân (SIPAS)",
    "số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "đăng ký biến động đất đai, cấp giấy chứng nhận quyền sử dụng đất",
    "nộp hồ sơ và nhận kết quả qua dịch vụ bưu chính công ích",
    "đăng ký tạm trú, thông báo lưu trú trực tuyến",
    "triển khai Đề án 06 về dữ liệu dân cư, định danh và xác thực điện tử",
    "chuyển đổi số và hoạt động của Tổ công nghệ số cộng đồng",
    "chi trả trợ cấp xã hội không dùng tiền mặt",
]
NEWS = [
    "Bộ phận Một cửa xã tiếp nhận hồ sơ trực tuyến toàn trình",
    "Kim Phượng đẩy mạnh thanh toán trực tuyến phí, lệ phí",
    "Xã Kim Phượng ban hành Kế hoạch cải cách hành chính năm {year}",
    "Kết quả giải quyết thủ tục hành chính quý {quarter} năm {year}",
    "Tổ công nghệ số cộng đồng hướng dẫn người dân nộp hồ sơ trực tuyến",
    "Công khai thủ tục hành chính thuộc thẩm quyền giải quyết của UBND xã",
    "Kiểm tra công tác cải cách hành chính tại các bộ phận chuyên môn",
    "100% hồ sơ thủ tục hành chính được giải quyết đúng hạn trong quý {quarter}",
    "Hướng dẫn cài đặt, kích hoạt tài khoản định danh điện tử mức độ 2",
    "Xã Kim Phượng sơ kết công tác cải cách hành chính 6 tháng đầu năm {year}",
]
HAMLETS = ["Nà Lạc", "Kim Tân", "Bản Lác", "Thái Chi", "Nà Bó", "Đồng Kè", "Quan Làng", "Khau Lầy"]
CONFERENCES = [
    "Lồng ghép tuyên truyền cải cách hành chính tại Hội nghị tổng kết công tác năm {year} của UBND xã",
    "Tuyên truyền cải cách hành chính tại Hội nghị sơ kết 6 tháng đầu năm {year}",
]

# Who usually does each kind of activity (positions of the demo roster, demo.seed.POSITIONS).
PERFORMERS = {
    "loa": ["VH-XH1"],
    "web": ["VP-TK1"],
    "hop-xom": ["PCT", "MTTQ", "CT", "VH-XH1"],
    "mxh": ["ĐTN", "VP-TK1"],
    "pano": ["VH-XH1"],
    "hoi-nghi": ["PCT", "CT"],
}


def _title(code: str, year: int, n: int) -> str:
    """The n-th activity of a channel in a year, in the words the office would write."""
    k = n + 3 * (year - FIRST_YEAR)
    topic = TOPICS[(k * 5 + year) % len(TOPICS)]
    if code == "loa":
        return f"Phát thanh chuyên mục cải cách hành chính: {topic}"
    if code == "web":
        news = NEWS[(k * 3 + year) % len(NEWS)].format(year=year, quarter=["I", "II", "III", "IV"][n % 4])
        return f"Tin: {news}"
    if code == "hop-xom":
        return f"Tuyên truyền tại họp xóm {HAMLETS[k % len(HAMLETS)]} về {topic}"
    if code == "mxh":
        return f"Đăng trên nhóm Zalo các xóm: hướng dẫn {topic}"
    if code == "pano":
        return f"Treo pa-nô, áp phích tuyên truyền cải cách hành chính năm {year} tại trụ sở UBND xã, nhà văn hóa xóm"
    return CONFERENCES[n % len(CONFERENCES)].format(year=year)


def _date(code: str, year: int, n: int, count: int) -> dt.date:
    """Spread a channel's activities over the year, each channel on its own days (the same on every run, so
    the seed finds them again)."""
    shift = sorted(PLAN).index(code) * 3
    return dt.date(year, 1, 1) + dt.timedelta(days=min(363, (2 * n + 1) * 364 // (2 * count) + shift))


def _reach(code: str, year: int, n: int) -> tuple[int | None, str]:
    """People reached, where they are counted: meetings their attendees, online items their views."""
    k = n + 7 * (year - FIRST_YEAR)
    if code == "hop-xom":
        return 38 + (k * 11) % 45, "attendees"
    if code == "hoi-nghi":
        return 70 + (k * 13) % 50, "attendees"
    if code == "web":
        return 180 + (k * 97) % 700, "views"
    if code == "mxh":
        return 250 + (k * 131) % 1100, "views"
    return None, ""


def seed_dissemination(users: dict[str, User], count: Callable[[str, bool], None]) -> None:
    """The record, then CĐ.5 counted from it (its values do not change: the record holds as many)."""
    count("dissemination_channels", bool(Channel.objects.ensure_defaults()))
    channels = {c.code: c for c in Channel.objects.exclude(code="")}
    office = users["VP-TK1"]
    existing = set(Record.objects.values_list("date", "channel_id", "title"))
    new = []
    for code, per_year in PLAN.items():
        channel = channels[code]
        for offset, how_many in enumerate(per_year):
            year = FIRST_YEAR + offset
            for n in range(how_many):
                day, title = _date(code, year, n, how_many), _title(code, year, n)
                was = (day, channel.pk, title) not in existing
                count("dissemination_records", was)
                if not was:
                    continue
                who = PERFORMERS[code][(n + offset) % len(PERFORMERS[code])]
                reach, kind = _reach(code, year, n)
                link = f"https://kimphuong.example.gov.vn/tin-tuc/{year}/{n + 1:02d}" if code == "web" else ""
                new.append(
                    Record(
                        date=day, channel=channel, title=title, performer=performer_of(users[who]), reach=reach,
                        reach_kind=kind, link=link, created_by=office, updated_by=office,
                    )
                )  # fmt: skip
    Record.objects.bulk_create(new)
    indicator = Indicator.objects.filter(code=FED_INDICATOR).first()
    if indicator is None:
        return
    was = indicator.feed != Feed.DISSEMINATION
    if was:
        indicator.feed = Feed.DISSEMINATION
        indicator.save(update_fields=["feed"])
    count("fed_indicators", was)
    # Counted from the record now: the demo's values are the record's counts, so nothing changes here.
    figures_refeed(indicator, by=office)

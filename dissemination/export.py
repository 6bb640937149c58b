"""The dissemination record in Excel: every activity, then the year × channel table."""

from __future__ import annotations

from dissemination.models import Record
from dissemination.summary import year_channel_table
from kimphuong.excel import Sheet

HEADERS = [
    "Ngày",
    "Kênh, hình thức",
    "Tiêu đề, nội dung",
    "Người, bộ phận thực hiện",
    "Số người tiếp cận",
    "Tính theo",
    "Đường dẫn",
    "Tệp minh chứng",
]


def build(years: list[int]) -> list[Sheet]:
    """Two sheets: the record (oldest first, whatever its year) and the counts of `years` (two queries each)."""
    table = year_channel_table(years)
    records = Record.objects.for_listing().order_by("date", "pk")
    return [
        Sheet(
            name="Sổ tuyên truyền",
            title="Sổ theo dõi công tác tuyên truyền cải cách hành chính",
            headers=HEADERS,
            rows=(
                [
                    r.date,
                    r.channel.name,
                    r.title,
                    r.performer,
                    r.reach,
                    r.get_reach_kind_display() if r.reach_kind else "",
                    r.link,
                    r.original_name,
                ]
                for r in records.iterator()
            ),
            widths=[12, 24, 70, 34, 12, 12, 40, 30],
            date_columns=frozenset({0}),
        ),
        Sheet(
            name="Tổng hợp theo năm",
            title=f"Số lượt tuyên truyền theo năm và kênh, giai đoạn {years[0]} - {years[-1]}",
            headers=["Năm", *[f"{c.name} ({c.unit})" for c in table.channels], "Cộng"],
            rows=[[year or "Cộng", *cells, total] for year, cells, total in table.rows()],
            widths=[10, *[16] * len(table.channels), 10],
        ),
    ]

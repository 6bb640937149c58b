"""The summary as a workbook (Trạng thái, Kết quả, Kiến nghị), written by the project's one Excel writer.

Figures are stored as numbers (the province re-sorts and sums them); the text is Vietnamese, as in the
document.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation

from kimphuong.excel import Sheet, sheets_to_xlsx
from kimphuong.formats import date_cited
from province.summary import ProvinceSummary
from reform.models import Level

FILE_NAME = "bao-cao-tong-hop-cchc-cap-xa.xlsx"
STATUS_SHEET, RESULT_SHEET, RECOMMENDATION_SHEET = "Trạng thái", "Kết quả", "Kiến nghị"


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    # openpyxl cannot store tz-aware datetimes: local wall time, once, here.
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def status_rows(summary: ProvinceSummary) -> list[list[object]]:
    with translation.override("vi"):
        return [
            [i, c.code, c.name, str(c.state_label), c.note, _local(c.state_at)]
            for i, c in enumerate(summary.communes, start=1)
        ]


def _share(done: int, total: int) -> float | None:
    return round(done * 100 / total, 1) if total else None


def result_rows(summary: ProvinceSummary) -> list[list[object]]:
    rows: list[list[object]] = []
    for i, c in enumerate(summary.communes, start=1):
        figures = (
            [c.tasks, c.done, _share(c.done, c.tasks), c.exceeded, c.met, c.missed, c.no_data, c.collective,
             c.individual]
            if c.has_data
            else [None] * 9
        )  # fmt: skip
        rows.append([i, c.code, c.name, *figures])
    total = summary.outcomes
    rows.append(
        ["", "", "Cộng", summary.tasks, summary.done, _share(summary.done, summary.tasks), total["exceeded"],
         total["met"], total["missed"], total["no_data"], sum(c.collective for c in summary.communes),
         sum(c.individual for c in summary.communes)]
    )  # fmt: skip
    return rows


def recommendation_rows(summary: ProvinceSummary) -> list[list[object]]:
    rows: list[list[object]] = []
    for theme in summary.themes:
        for item in theme.items:
            level = "Trung ương" if item.level == Level.CENTRAL else "Tỉnh"
            rows.append([len(rows) + 1, theme.name, item.text, level, "; ".join(item.communes), len(item.communes)])
    return rows


def render(summary: ProvinceSummary) -> bytes:
    province = summary.province
    title = (
        f"Tổng hợp kết quả tổng kết cải cách hành chính cấp xã tỉnh {province.name} (đến ngày {date_cited(summary.on)})"
    )
    return sheets_to_xlsx(
        [
            Sheet(
                STATUS_SHEET,
                ["TT", "Mã", "Xã, phường", "Tình trạng báo cáo", "Ghi chú", "Cập nhật với tỉnh lúc"],
                status_rows(summary),
                widths=[5, 8, 26, 18, 34, 18],
                title=title,
            ),
            Sheet(
                RESULT_SHEET,
                [
                    "TT",
                    "Mã",
                    "Xã, phường",
                    "Số nhiệm vụ",
                    "Hoàn thành",
                    "Tỷ lệ hoàn thành (%)",
                    "Chỉ tiêu vượt",
                    "Chỉ tiêu đạt",
                    "Chỉ tiêu không đạt",
                    "Chỉ tiêu chưa có số liệu",
                    "Khen thưởng tập thể (lượt)",
                    "Khen thưởng cá nhân (lượt)",
                ],
                result_rows(summary),
                widths=[5, 8, 26, 11, 11, 12, 10, 10, 11, 12, 13, 13],
                title=title,
            ),  # fmt: skip
            Sheet(
                RECOMMENDATION_SHEET,
                ["TT", "Lĩnh vực", "Kiến nghị", "Cấp nhận", "Xã, phường đề xuất", "Số xã"],
                recommendation_rows(summary),
                widths=[5, 28, 60, 12, 34, 8],
                title=title,
            ),
        ]
    )

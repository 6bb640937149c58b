"""Vietnamese date and number formats used on screens and in every document: the one place for them.

Dates: `date_short` (05/02/2025, tables), `date_cited` (03/3/2025, a document cited in a text, NĐ 30),
`date_long` (ngày 05 tháng 02 năm 2025), `time_short` (14:05) and `datetime_short` (14:05 05/02/2025), in
local time. Numbers: `number_vi` (1.234,5), `figure_vi` (as typed), `percent_vi` (90,0%).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone


def date_short(value: dt.date | None) -> str:
    """“05/02/2025”: the form used in tables and lists."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def date_cited(value: dt.date) -> str:
    """“03/3/2025”, “05/02/2025”: day < 10 and months 1–2 get a leading zero, as in NĐ 30 dates."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"{value.day:02d}/{month}/{value.year}"


def time_short(moment: dt.datetime | None) -> str:
    """“14:05”, in local time."""
    return f"{timezone.localtime(moment):%H:%M}" if moment else ""


def datetime_short(moment: dt.datetime | None) -> str:
    """“14:05 05/02/2025”, in local time."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local:%H:%M} {date_short(local.date())}"


def date_long(value: dt.date | None) -> str:
    """“ngày 05 tháng 02 năm 2025”: days below 10 and months 1 and 2 get a leading zero (NĐ 30)."""
    if value is None:
        return ""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def number_vi(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """“1.234,5”: dot for thousands, comma for decimals."""
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def percent_vi(part: int | float | Decimal, whole: int | float | Decimal, decimals: int = 1) -> str:
    """“90,0%”; an empty whole gives an empty string rather than a division error."""
    if not whole:
        return ""
    return f"{number_vi(Decimal(part) * 100 / Decimal(whole), decimals)}%"


def figure_vi(value: int | float | Decimal | None, decimals: int | None = None) -> str:
    """A figure as typed, in Vietnamese format: “1.234”, “98,5”, “1.312,25” (no trailing zeros)."""
    if value is None:
        return ""
    if decimals is None:
        value = Decimal(value)
        decimals = (
            0 if value == value.to_integral_value() else (1 if value * 10 == (value * 10).to_integral_value() else 2)
        )
    return number_vi(value, decimals)

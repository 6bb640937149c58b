import datetime as dt
from decimal import Decimal

from django import template
from django.utils import timezone

from kimphuong import formats

register = template.Library()


@register.filter
def vn_date(value: dt.date | dt.datetime | None) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return formats.date_short(value)


@register.filter
def vn_datetime(value: dt.datetime | None) -> str:
    return formats.datetime_short(value)


@register.filter
def vn_long_date(value: dt.date | None) -> str:
    return formats.date_long(value)


@register.filter
def vn_number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    return formats.number_vi(value, decimals)


@register.filter
def vn_figure(value: int | float | Decimal | None) -> str:
    return formats.figure_vi(value)


@register.simple_tag
def vn_percent(part: int, whole: int, decimals: int = 1) -> str:
    return formats.percent_vi(part, whole, decimals)


@register.filter
def abs_value(value: int) -> int:
    return abs(value)

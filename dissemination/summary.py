"""The dissemination record in numbers, for the list page, the report and the conference: plain functions, no
request. Every count is the number of records dated in a year, the same count the fed indicators hold."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from dissemination.models import Channel, Record
from indicators.models import Feed, Indicator
from kimphuong.formats import number_vi
from kimphuong.models import CommuneProfile
from reform.models import Review


def review_years() -> list[int]:
    """The years the record is summed over: the current review's period (2021–2025 by default)."""
    review = Review.current()
    return review.years if review else list(range(2021, 2026))


def counts_by_year(years: Iterable[int]) -> dict[int, int]:
    """{year: number of dissemination activities dated that year}, 0 for a year without any (one query)."""
    return Record.objects.counts_by_year(years)


def counts_by_channel(years: Iterable[int]) -> list[tuple[Channel, int]]:
    """(channel, count) over the years, in the channels' order; channels with nothing are left out."""
    totals: dict[int, int] = {}
    for (channel_id, _year), n in Record.objects.counts_by_channel_and_year(years).items():
        totals[channel_id] = totals.get(channel_id, 0) + n
    return [(c, totals[c.pk]) for c in Channel.objects.filter(pk__in=totals)]


@dataclass
class YearChannelTable:
    """Years down, channels across, with the totals of each row and column (the list page, the export)."""

    years: list[int]
    channels: list[Channel]
    cells: dict[tuple[int, int], int] = field(default_factory=dict)  # (channel id, year) -> count

    def cell(self, channel: Channel, year: int) -> int:
        return self.cells.get((channel.pk, year), 0)

    def year_total(self, year: int) -> int:
        return sum(n for (_c, y), n in self.cells.items() if y == year)

    def channel_total(self, channel: Channel) -> int:
        return sum(n for (c, _y), n in self.cells.items() if c == channel.pk)

    @property
    def total(self) -> int:
        return sum(self.cells.values())

    def rows(self) -> list[tuple[int | None, list[int], int]]:
        """(year, counts by channel, total) for each year, then (None, column totals, grand total)."""
        rows: list[tuple[int | None, list[int], int]] = [
            (y, [self.cell(c, y) for c in self.channels], self.year_total(y)) for y in self.years
        ]
        rows.append((None, [self.channel_total(c) for c in self.channels], self.total))
        return rows


def year_channel_table(years: Iterable[int]) -> YearChannelTable:
    """The active channels and any channel used in these years, with their counts (two queries)."""
    years = list(years)
    cells = Record.objects.counts_by_channel_and_year(years)
    used = {channel_id for channel_id, _year in cells}
    channels = list(Channel.objects.filter(pk__in=used) | Channel.objects.active())
    return YearChannelTable(years=years, channels=channels, cells=cells)


def recorded_table(channels: list[Channel]) -> YearChannelTable:
    """The list page's table: the review's years and every other year something was recorded in, by channel.
    One count over every year gives both the years and the cells; `channels` is every channel, read by the
    caller (the active ones and those used are shown, in their order)."""
    cells = Record.objects.counts_by_channel_and_year()
    years = sorted(set(review_years()) | {year for _channel, year in cells})
    used = {channel_id for channel_id, _year in cells}
    shown = [c for c in channels if c.pk in used or c.is_active]
    return YearChannelTable(years=years, channels=shown, cells=cells)


@dataclass(frozen=True)
class FedIndicator:
    """An indicator counted from the record, with its values (year, value) in its own years."""

    code: str
    name: str
    values: list[tuple[int, Decimal]]


def fed_indicators() -> list[FedIndicator]:
    """The indicators counted from the record, each with its values in its years, in one query."""
    rows = (
        Indicator.objects.filter(feed=Feed.DISSEMINATION)
        .order_by(*Indicator._meta.ordering, "pk", "values__year")
        .values_list("pk", "code", "name", "first_year", "last_year", "values__year", "values__value")
    )
    fed: dict[int, FedIndicator] = {}
    for pk, code, name, first, last, year, value in rows:
        indicator = fed.setdefault(pk, FedIndicator(code, name, []))
        if year is not None and first <= year <= last:
            indicator.values.append((year, value))
    return list(fed.values())


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} và {parts[-1]}"


def report_sentence(years: Iterable[int]) -> str:
    """The paragraph of the report's “công tác chỉ đạo, điều hành” (and the conference's) on dissemination:
    “Giai đoạn 2021 - 2025, Ủy ban nhân dân xã … tổ chức 107 lượt tuyên truyền về cải cách hành chính, trong
    đó 40 lượt trên hệ thống loa truyền thanh, …; số lượt tuyên truyền tăng từ 14 năm 2021 lên 28 năm 2025.”
    Empty when nothing was recorded in those years. Always Vietnamese: it is the report's text."""
    years = sorted(set(years))
    if not years:
        return ""
    by_year = counts_by_year(years)
    total = sum(by_year.values())
    if not total:
        return ""
    profile = CommuneProfile.load()
    body = profile.body_name if profile else "Ủy ban nhân dân xã"
    period = f"Giai đoạn {years[0]} - {years[-1]}" if len(years) > 1 else f"Năm {years[0]}"
    text = f"{period}, {body} tổ chức {number_vi(total)} lượt tuyên truyền về cải cách hành chính"
    parts = [
        f"{number_vi(n)} {channel.unit} {channel.report_phrase}".strip() for channel, n in counts_by_channel(years)
    ]
    if parts:
        text += f", trong đó {_join(parts)}"
    if len(years) > 1:
        first, last = by_year[years[0]], by_year[years[-1]]
        since, until = f"{number_vi(first)} năm {years[0]}", f"{number_vi(last)} năm {years[-1]}"
        if last > first:
            text += f"; số lượt tuyên truyền tăng từ {since} lên {until}"
        elif last < first:
            text += f"; số lượt tuyên truyền giảm từ {since} xuống {until}"
        else:
            text += f"; số lượt tuyên truyền năm {years[-1]} bằng năm {years[0]} ({number_vi(last)} lượt)"
    return f"{text}."

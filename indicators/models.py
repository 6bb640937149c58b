"""The figures the report needs: indicators, their yearly values, checks, targets and index scores.

The catalogue knows the areas (core) but nothing of the plan's tasks or the workflow: a task names the
indicators it reports (`reform.Task.indicators`) and a self-assessment publishes its figures through
`figures_publish` when it is handed in. A fed indicator (`Indicator.feed`) is counted from a record an app
above keeps (the dissemination record registers its counter with `feed_register`): its values are written by
`figures_feed` only, and every other write refuses or skips them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kimphuong import audit
from kimphuong.formats import datetime_short
from kimphuong.models import LegalBasis, TaskGroup, User
from kimphuong.scoping import CommuneOwned


class Aggregation(models.TextChoices):
    SUM = "sum", _("Tổng cả giai đoạn")
    END = "end", _("Giá trị cuối kỳ")
    RATIO = "ratio", _("Tỷ lệ (tử số / mẫu số)")
    YEARLY = "yearly", _("Theo từng năm")


class ValueKind(models.TextChoices):
    NUMBER = "number", _("Số")
    PERCENT = "percent", _("Tỷ lệ %")
    BOOLEAN = "boolean", _("Có / không")
    MONEY = "money", _("Tiền (triệu đồng)")
    SCORE = "score", _("Điểm")


class Feed(models.TextChoices):
    """Where an indicator's yearly values come from: typed in, or counted from a record kept elsewhere."""

    MANUAL = "", _("Nhập tay")
    DISSEMINATION = "dissemination", _("Đếm từ sổ tuyên truyền")


#: What the grid and the self-assessment say beside a fed figure instead of an input.
FEED_NOTES = {Feed.DISSEMINATION: _("Tính từ sổ tuyên truyền")}


class Indicator(CommuneOwned):
    """A figure the report needs (DOMAIN §3.4), entered per year (or counted by a feed)."""

    code = models.CharField(_("mã"), max_length=20)
    group = models.ForeignKey(
        TaskGroup, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="indicators"
    )
    name = models.CharField(_("chỉ tiêu"), max_length=300)
    unit = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    value_kind = models.CharField(_("kiểu giá trị"), max_length=10, choices=ValueKind, default=ValueKind.NUMBER)
    aggregation = models.CharField(_("cách tổng hợp"), max_length=10, choices=Aggregation, default=Aggregation.SUM)
    responsible = models.ForeignKey(
        "kimphuong.Position",
        verbose_name=_("chủ trì nhập"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
    )
    numerator = models.ForeignKey(
        "self", verbose_name=_("tử số"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    denominator = models.ForeignKey(
        "self", verbose_name=_("mẫu số"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    first_year = models.PositiveSmallIntegerField(_("từ năm"), default=2021)
    last_year = models.PositiveSmallIntegerField(_("đến năm"), default=2025)
    target_note = models.CharField(_("liên hệ mục tiêu"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    feed = models.CharField(
        _("nguồn số liệu"),
        max_length=20,
        choices=Feed,
        default=Feed.MANUAL,
        blank=True,
        help_text=_("Số liệu đếm từ một sổ ghi chép thì không ai nhập tay được nữa; các năm được tính lại ngay."),
    )

    class Meta:
        db_table = "reform_indicator"  # moved out of reform: the table keeps its name
        verbose_name = _("chỉ tiêu số liệu")
        verbose_name_plural = _("chỉ tiêu số liệu")
        ordering = ["group__order", "order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(aggregation__in=Aggregation.values), name="indicator_aggregation_valid"),
            models.CheckConstraint(condition=Q(value_kind__in=ValueKind.values), name="indicator_kind_valid"),
            models.CheckConstraint(condition=Q(last_year__gte=models.F("first_year")), name="indicator_years_ordered"),
            models.CheckConstraint(condition=Q(feed__in=Feed.values), name="indicator_feed_valid"),
            models.UniqueConstraint(fields=["commune", "code"], name="indicator_code_unique_in_commune"),
            # A ratio is computed from its two parts, never typed.
            models.CheckConstraint(
                condition=~Q(aggregation="ratio") | (Q(numerator__isnull=False) & Q(denominator__isnull=False)),
                name="indicator_ratio_has_parts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def is_fed(self) -> bool:
        """Its values are counted from a record (the dissemination record…), never typed."""
        return bool(self.feed)

    @property
    def feed_note(self) -> str:
        return str(FEED_NOTES.get(Feed(self.feed), "")) if self.feed else ""


class IndicatorValue(CommuneOwned):
    """One value of one indicator for one year, with who changed it last."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.CASCADE, related_name="values"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    value = models.DecimalField(_("giá trị"), max_digits=16, decimal_places=2)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    # Raised on every change: a page that loaded version n may overwrite the cell only while it is still n.
    version = models.PositiveIntegerField(_("phiên bản"), default=1)

    class Meta:
        db_table = "reform_indicatorvalue"  # moved out of reform: the table keeps its name
        verbose_name = _("số liệu theo năm")
        verbose_name_plural = _("số liệu theo năm")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicatorvalue_one_per_year"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="indicatorvalue_year_sane"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.value}"


Cell = tuple[int, int]  # (indicator id, year)


def figure_text(value: Decimal | None) -> str:
    """A value as it is typed and recorded: “98,5”, “1234”; no value is “”."""
    return "" if value is None else f"{value.normalize():f}".replace(".", ",")


def parse_shown(text: str | None) -> Decimal | None:
    """The value a page says it showed (written there by `figure_text`); unreadable counts as nothing."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class FigureEdit:
    """One cell as a page sends it back: what is typed now, and what the page showed, at which version."""

    value: Decimal | None
    shown: Decimal | None = None
    version: int = 0  # 0: the page showed no stored value

    @property
    def touched(self) -> bool:
        return self.value != self.shown


@dataclass(frozen=True)
class FigureConflict:
    """A cell changed elsewhere since the page was loaded, with both values."""

    cell: Cell
    label: str
    yours: Decimal | None
    stored: Decimal | None
    version: int
    by: str
    at: dt.datetime | None

    @property
    def stored_text(self) -> str:
        return figure_text(self.stored)

    @property
    def text(self) -> str:
        who = ""
        if self.at:
            who = " (" + ", ".join(filter(None, [self.by, datetime_short(self.at)])) + ")"
        return _("%(cell)s: bạn nhập %(yours)s, số đang lưu %(stored)s%(who)s") % {
            "cell": self.label,
            "yours": figure_text(self.yours) or _("(để trống)"),
            "stored": figure_text(self.stored) or _("(trống)"),
            "who": who,
        }


class StaleFigures(Exception):
    """Figures changed elsewhere since the page was loaded: nothing was written."""

    def __init__(self, conflicts: list[FigureConflict]) -> None:
        self.conflicts = conflicts
        super().__init__(
            _("Số liệu đã được sửa ở nơi khác sau khi bạn mở trang, không có gì bị ghi đè: %(cells)s.")
            % {"cells": "; ".join(c.text for c in conflicts)}
        )


def _figure_label(cell: Cell, codes: Mapping[int, str]) -> str:
    return _("%(code)s năm %(year)s") % {"code": codes.get(cell[0], cell[0]), "year": cell[1]}


def _lock_figures(cells: set[Cell]) -> dict[Cell, IndicatorValue]:
    """The stored rows of these cells, locked until the transaction ends (no lock on SQLite, which
    serialises writing transactions instead)."""
    rows = IndicatorValue.objects.select_for_update().filter(
        indicator_id__in={c[0] for c in cells}, year__in={c[1] for c in cells}
    )
    return {(r.indicator_id, r.year): r for r in rows if (r.indicator_id, r.year) in cells}


def _catalogue(cells: set[Cell]) -> tuple[dict[int, str], set[int]]:
    """The codes of these cells' indicators, and which of them are fed (one query)."""
    rows = Indicator.objects.filter(pk__in={c[0] for c in cells}).values_list("pk", "code", "feed")
    return {pk: code for pk, code, _feed in rows}, {pk for pk, _code, feed in rows if feed}


class FedFigures(Exception):
    """Figures of fed indicators sent to be typed over: they are counted, so nothing was written."""

    def __init__(self, labels: list[str]) -> None:
        self.labels = labels
        super().__init__(
            _("Không lưu: %(cells)s được tính tự động từ sổ ghi chép (sổ tuyên truyền), không nhập tay được.")
            % {"cells": ", ".join(labels)}
        )


def _refuse_fed(
    values: Mapping[Cell, Decimal | None], rows: Mapping[Cell, IndicatorValue], fed: set[int], codes: Mapping[int, str]
) -> None:
    """A fed cell may only be sent back as it is stored (an exported grid re-imported); any other value is
    refused, every such cell named at once."""
    typed_over = [
        _figure_label(cell, codes)
        for cell, value in values.items()
        if cell[0] in fed and value != (row.value if (row := rows.get(cell)) else None)
    ]
    if typed_over:
        raise FedFigures(typed_over)


def _conflict(
    cell: Cell, yours: Decimal | None, row: IndicatorValue | None, codes: Mapping[int, str]
) -> FigureConflict:
    return FigureConflict(
        cell=cell,
        label=_figure_label(cell, codes),
        yours=yours,
        stored=row.value if row else None,
        version=row.version if row else 0,
        by=row.updated_by.display_name if row and row.updated_by else "",  # a query, for a rare conflict only
        at=row.updated_at if row else None,
    )


def _write_figure(
    cell: Cell, value: Decimal | None, row: IndicatorValue | None, *, by: User | None, codes: Mapping[int, str]
) -> bool:
    """Create, change or clear one cell, raising its version, with its history row. False if unchanged."""
    old = row.value if row else None
    if value == old:
        return False
    indicator_id, year = cell
    if value is None:
        if row is not None:  # (no row and no value returned above: unchanged)
            row.delete()
    elif row is None:
        IndicatorValue.objects.create(indicator_id=indicator_id, year=year, value=value, updated_by=by)
    else:
        row.value, row.updated_by, row.version = value, by, row.version + 1
        row.save(update_fields=["value", "updated_by", "updated_at", "version"])
    audit.record(
        Indicator(pk=indicator_id),
        {str(year): (figure_text(old), figure_text(value))},
        by=by,
        label=_figure_label(cell, codes),
    )
    return True


@transaction.atomic
def figures_save(*, edits: Mapping[Cell, FigureEdit], by: User) -> int:
    """Write the cells the user changed, each only if nobody changed it since the page was loaded.

    Cells not in `edits` are not touched; an untouched cell is never written. One conflict refuses the
    whole save (StaleFigures, listing every conflict). Returns how many cells changed.
    """
    touched = {cell: edit for cell, edit in edits.items() if edit.touched}
    if not touched:
        return 0
    rows = _lock_figures(set(touched))
    codes, fed = _catalogue(set(touched))
    _refuse_fed({cell: edit.value for cell, edit in touched.items()}, rows, fed, codes)
    conflicts, writes = [], {}
    for cell, edit in touched.items():
        row = rows.get(cell)
        if edit.value == (row.value if row else None):
            continue  # already what the user wants
        if (row.version if row else 0) != edit.version:
            conflicts.append(_conflict(cell, edit.value, row, codes))
        else:
            writes[cell] = edit.value
    if conflicts:
        raise StaleFigures(conflicts)
    return sum(_write_figure(cell, value, rows.get(cell), by=by, codes=codes) for cell, value in writes.items())


@transaction.atomic
def figures_overwrite(*, values: Mapping[Cell, Decimal | None], by: User | None) -> int:
    """Write whole cells without a version check (the Excel import, which replaces what it names). A fed
    cell with another value than the stored one refuses the whole write (FedFigures)."""
    if not values:
        return 0
    rows = _lock_figures(set(values))
    codes, fed = _catalogue(set(values))
    _refuse_fed(values, rows, fed, codes)
    return sum(_write_figure(cell, value, rows.get(cell), by=by, codes=codes) for cell, value in values.items())


@transaction.atomic
def figures_feed(values: Mapping[Cell, Decimal | None], *, by: User | None) -> int:
    """Write figures counted by a feed (never typed): without a version check, each change raising the
    cell's version and written to the history like any other write. Returns how many cells changed."""
    if not values:
        return 0
    rows = _lock_figures(set(values))
    codes, _fed = _catalogue(set(values))
    return sum(_write_figure(cell, value, rows.get(cell), by=by, codes=codes) for cell, value in values.items())


#: How a feed counts its figures: years -> {year: count}. Registered by the app that keeps the record.
FeedCounter = Callable[[list[int]], Mapping[int, int]]
_feed_counters: dict[str, FeedCounter] = {}
_feed_urls: dict[str, str] = {}


def feed_register(feed: str, counter: FeedCounter, *, url_name: str = "") -> None:
    """The app that keeps a record registers how it counts a year, and the page that lists it (from its
    AppConfig.ready(): this catalogue knows none of the apps above it)."""
    _feed_counters[feed] = counter
    if url_name:
        _feed_urls[feed] = url_name


def feed_url_name(feed: str) -> str:
    """The URL name of the page that lists what a feed counts, or ""."""
    return _feed_urls.get(feed, "")


def fed_indicators(feed: str) -> list[Indicator]:
    """The indicators fed by `feed`, locked until the transaction ends: a second change of the same record
    waits here, then counts what the first committed (count after this, never before)."""
    return list(Indicator.objects.select_for_update().filter(feed=feed).order_by("pk"))


def feed_values(
    indicators: Iterable[Indicator], counts: Mapping[int, int], years: Iterable[int]
) -> dict[Cell, Decimal]:
    """The cells a feed writes: each year's count (0 when nothing was recorded) within each indicator's range."""
    wanted = set(years)
    return {(ind.pk, year): Decimal(counts.get(year, 0)) for ind in indicators for year in ind.years if year in wanted}


@transaction.atomic
def figures_refeed(indicator: Indicator, *, by: User | None) -> int:
    """Recompute every year of a fed indicator at once (its feed just chosen, or its years changed).
    Nothing for a typed indicator, or a feed whose app is not installed."""
    counter = _feed_counters.get(indicator.feed) if indicator.feed else None
    if counter is None:
        return 0
    locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
    return figures_feed(feed_values([locked], counter(locked.years), locked.years), by=by)


def draft_key(cell: Cell) -> str:
    return f"{cell[0]}-{cell[1]}"


def _draft_cell(key: str) -> Cell:
    pk, year = key.split("-")
    return int(pk), int(year)


def _draft_value(entry: Mapping[str, Any]) -> Decimal | None:
    return None if entry.get("value") is None else Decimal(entry["value"])


def draft_values(draft: Mapping[str, Any]) -> dict[Cell, Decimal | None]:
    """A self-assessment's unsubmitted figures: {cell: value}, None clearing a handed-in value."""
    return {_draft_cell(key): _draft_value(entry) for key, entry in draft.items()}


def figures_to_draft(
    draft: Mapping[str, Any], edits: Mapping[Cell, FigureEdit]
) -> tuple[dict[str, Any], dict[str, tuple[Decimal | None, Decimal | None]]]:
    """A self-assessment keeps its figures to itself until it is handed in (SPEC: drafts stay private).

    Each draft cell remembers the stored version it was typed over (`base`). A cell the user changed while
    someone else changed the stored value is refused (StaleFigures, nothing written); a cell that only
    shows the stored value again is dropped from the draft. Returns the new draft and, per cell label
    (“TTHC.2e năm 2024”), what the draft said before and says now (for the field history).
    """
    new = dict(draft)
    if not edits:
        return new, {}
    rows = _lock_figures(set(edits))
    codes, fed = _catalogue(set(edits))
    conflicts, changes = [], {}
    for cell, edit in edits.items():
        if cell[0] in fed:
            continue  # counted by its feed: a self-assessment never types it (the form does not offer it)
        key = draft_key(cell)
        row = rows.get(cell)
        version, stored = (row.version, row.value) if row else (0, None)
        entry = draft.get(key)
        before = _draft_value(entry) if entry else stored
        if edit.version != version:  # the stored value changed since the page was loaded
            if not edit.touched:
                continue
            if edit.value != stored:
                conflicts.append(_conflict(cell, edit.value, row, codes))
                continue
        elif not edit.touched and (entry is None or entry.get("base") == version):
            continue
        # Typed over the version the page showed (a stale draft cell shown beside the stored value is
        # taken over the same way: the page displayed both).
        if edit.value == stored:
            new.pop(key, None)
        else:
            new[key] = {"value": None if edit.value is None else str(edit.value), "base": version}
        if edit.value != before:
            changes[_figure_label(cell, codes)] = (before, edit.value)
    if conflicts:
        raise StaleFigures(conflicts)
    return new, changes


def figures_publish(draft: Mapping[str, Any], *, by: User) -> int:
    """Hand a self-assessment's draft figures in: each is written only if the stored value is still the one
    it was typed over (else StaleFigures, nothing written). Call inside the submission's transaction."""
    cells = {_draft_cell(key): entry for key, entry in draft.items()}
    if not cells:
        return 0
    rows = _lock_figures(set(cells))
    codes, fed = _catalogue(set(cells))
    conflicts, writes = [], {}
    for cell, entry in cells.items():
        if cell[0] not in codes or cell[0] in fed:
            # The indicator was removed from the catalogue meanwhile, or is now counted by its feed (a draft
            # typed before): a hand-in never writes over a counted figure.
            continue
        value, row = _draft_value(entry), rows.get(cell)
        if value == (row.value if row else None):
            continue
        if (row.version if row else 0) != entry.get("base"):
            conflicts.append(_conflict(cell, value, row, codes))
        else:
            writes[cell] = value
    if conflicts:
        raise StaleFigures(conflicts)
    return sum(_write_figure(cell, value, rows.get(cell), by=by, codes=codes) for cell, value in writes.items())


class CheckComparison(models.TextChoices):
    EQUAL = "eq", _("bằng")
    NOT_GREATER = "lte", _("không vượt quá")


class IndicatorCheck(CommuneOwned):
    """A rule between figures of the same year: the left side sums to (or never exceeds) the right side.

    e.g. trước hạn + đúng hạn + quá hạn = đã giải quyết; đã giải quyết ≤ tiếp nhận + kỳ trước chuyển sang.
    """

    left = models.ManyToManyField(Indicator, verbose_name=_("vế trái (cộng lại)"), related_name="checks_left")
    comparison = models.CharField(_("so sánh"), max_length=3, choices=CheckComparison)
    right = models.ManyToManyField(Indicator, verbose_name=_("vế phải (cộng lại)"), related_name="checks_right")
    message = models.CharField(
        _("giải thích"),
        max_length=300,
        help_text=_("Ví dụ: Trước hạn + đúng hạn + quá hạn phải bằng số đã giải quyết."),
    )

    class Meta:
        db_table = "reform_indicatorcheck"  # moved out of reform: the table keeps its name
        verbose_name = _("kiểm tra số liệu")
        verbose_name_plural = _("kiểm tra số liệu")
        constraints = [
            models.CheckConstraint(condition=Q(comparison__in=CheckComparison.values), name="indicatorcheck_cmp_valid"),
        ]

    def __str__(self) -> str:
        return self.message


class Comparison(models.TextChoices):
    AT_LEAST = "gte", "≥"
    AT_MOST = "lte", "≤"
    EQUAL = "eq", "="


class IndicatorTarget(CommuneOwned):
    """A target for an indicator (a year's value, or the whole period's), with where it comes from."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True, help_text=_("Để trống: cả giai đoạn."))
    comparison = models.CharField(_("so sánh"), max_length=3, choices=Comparison, default=Comparison.AT_LEAST)
    value = models.DecimalField(_("giá trị mục tiêu"), max_digits=16, decimal_places=2)
    source = models.CharField(
        _("nguồn"), max_length=200, help_text=_("Ví dụ: Kế hoạch 96/KH-UBND, Nghị quyết 76/NQ-CP.")
    )
    source_document = models.ForeignKey(
        LegalBasis, verbose_name=_("văn bản nguồn"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    is_verified = models.BooleanField(
        _("đã đối chiếu văn bản"), default=True, help_text=_("Bỏ chọn với mục tiêu chưa đối chiếu được văn bản gốc.")
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)

    class Meta:
        db_table = "reform_indicatortarget"  # moved out of reform: the table keeps its name
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        # The whole-period target first, then by year: the same on SQLite and PostgreSQL.
        ordering = ["indicator", models.F("year").asc(nulls_first=True), "source"]
        constraints = [
            models.CheckConstraint(condition=Q(comparison__in=Comparison.values), name="target_comparison_valid"),
            models.UniqueConstraint(
                fields=["indicator", "year", "source"],
                condition=Q(year__isnull=False),
                name="target_one_per_source_year",
            ),
            models.UniqueConstraint(
                fields=["indicator", "source"], condition=Q(year__isnull=True), name="target_one_per_source_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.get_comparison_display()} {self.value}"

    @transaction.atomic
    def verify(self, *, by: User) -> None:
        """The office confirms a target against its source document."""
        locked = IndicatorTarget.objects.select_for_update().get(pk=self.pk)
        if locked.is_verified:
            return
        self.is_verified, self.verified_by, self.verified_at = True, by, timezone.now()
        self.save(update_fields=["is_verified", "verified_by", "verified_at"])


class IndexKind(models.TextChoices):
    PAR = "par", _("Chỉ số cải cách hành chính (PAR INDEX)")
    SIPAS = "sipas", _("Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)")
    PAPI = "papi", _("Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)")
    I766 = "i766", _("Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ (Bộ chỉ số 766)")

    @property
    def short_name(self) -> str:
        """The name people use: “PAR INDEX”, “SIPAS”, “Bộ chỉ số 766” (the part in brackets)."""
        label = str(self.label)
        return label[label.rfind("(") + 1 : -1] if label.endswith(")") else label


class IndexScore(CommuneOwned):
    """One year's result of an index, as published by whoever scored it."""

    index = models.CharField(_("chỉ số"), max_length=10, choices=IndexKind)
    year = models.PositiveSmallIntegerField(_("năm"))
    score = models.DecimalField(_("điểm / tỷ lệ"), max_digits=7, decimal_places=2)
    max_score = models.DecimalField(_("thang điểm"), max_digits=7, decimal_places=2, default=100)
    unit = models.CharField(_("đơn vị"), max_length=20, default="điểm")
    rank = models.PositiveSmallIntegerField(_("xếp hạng"), null=True, blank=True)
    ranked_units = models.PositiveSmallIntegerField(_("số đơn vị được xếp hạng"), null=True, blank=True)
    scope = models.CharField(_("phạm vi"), max_length=200, blank=True, help_text=_("Ví dụ: Tỉnh Thái Nguyên (PAPI)."))
    source = models.CharField(_("nguồn"), max_length=300, blank=True)
    source_date = models.DateField(_("ngày công bố"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        db_table = "reform_indexscore"  # moved out of reform: the table keeps its name
        verbose_name = _("điểm chỉ số")
        verbose_name_plural = _("điểm chỉ số")
        ordering = ["index", "year"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "index", "year"], name="indexscore_one_per_year"),
            models.CheckConstraint(condition=Q(index__in=IndexKind.values), name="indexscore_kind_valid"),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=models.F("max_score")), name="indexscore_in_scale"
            ),
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(ranked_units__isnull=True) | Q(rank__lte=models.F("ranked_units")),
                name="indexscore_rank_within_units",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_index_display()} {self.year}: {self.score}"


class IndexComponent(CommuneOwned):
    """A dimension or group of an index (PAPI's 8 dimensions, the 5 groups of Bộ chỉ số 766…)."""

    score = models.ForeignKey(
        IndexScore, verbose_name=_("điểm chỉ số"), on_delete=models.CASCADE, related_name="components"
    )
    name = models.CharField(_("nội dung"), max_length=200)
    value = models.DecimalField(_("điểm"), max_digits=7, decimal_places=2)
    max_value = models.DecimalField(_("điểm tối đa"), max_digits=7, decimal_places=2, null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        db_table = "reform_indexcomponent"  # moved out of reform: the table keeps its name
        verbose_name = _("thành phần chỉ số")
        verbose_name_plural = _("thành phần chỉ số")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_value__isnull=True) | Q(value__lte=models.F("max_value")),
                name="indexcomponent_within_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"

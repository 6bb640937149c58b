"""Arithmetic on indicator values: reading typed numbers, per-cell validation, the checks between
figures, period aggregation, ratios and target results. Plain functions, no request."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import cast

from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import (
    Aggregation,
    CheckComparison,
    Comparison,
    Indicator,
    IndicatorCheck,
    IndicatorTarget,
    IndicatorValue,
    ValueKind,
)
from kimphuong.formats import figure_vi, number_vi

NO_DATA = gettext_lazy("không có số liệu")
Cell = tuple[int, int]  # (indicator id, year)
# A yes/no figure (ValueKind.BOOLEAN) is stored as 1 or 0; it may be typed as a word, in either language.
YES_NO = {"có": Decimal(1), "không": Decimal(0), "yes": Decimal(1), "no": Decimal(0)}
YES, NO = gettext_lazy("Có"), gettext_lazy("Không")


def parse_number(text: str) -> Decimal:
    """Read a number as officials type it: “1.234”, “98,5”, “1.234,5”, “98.5”, a percentage with its sign
    (“98,5%”), or yes/no as “có”/“không”."""
    value = str(text).strip().replace(" ", "").replace("\u00a0", "").removesuffix("%")
    if value.casefold() in YES_NO:
        return YES_NO[value.casefold()]
    if "," in value and "." in value:
        value = value.replace(".", "").replace(",", ".")
    elif "," in value:
        value = value.replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", value):
        value = value.replace(".", "")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValidationError(_("“%(value)s” không phải là số.") % {"value": text}) from None
    if not number.is_finite():
        raise ValidationError(_("“%(value)s” không phải là số.") % {"value": text})
    return number


def check_range(indicator: Indicator, number: Decimal) -> None:
    """A % lies between 0 and 100, counts are never negative, yes/no is 1 or 0."""
    if number < 0:
        raise ValidationError(_("%(code)s: số liệu không được âm.") % {"code": indicator.code})
    if indicator.value_kind == ValueKind.PERCENT and number > 100:
        raise ValidationError(
            _("%(code)s: tỷ lệ phải từ 0 đến 100%% (đã nhập %(value)s).")
            % {"code": indicator.code, "value": number_vi(number, 2).rstrip("0").rstrip(",")}
        )
    if indicator.value_kind == ValueKind.BOOLEAN and number not in (0, 1):
        raise ValidationError(_("%(code)s: nhập 1 nếu có, 0 nếu không.") % {"code": indicator.code})
    if abs(number) >= Decimal("1e14"):
        raise ValidationError(_("%(code)s: số quá lớn.") % {"code": indicator.code})


def format_value(value: Decimal | None) -> str:
    """How a stored value is shown back in an input: “98,5”, “1234”."""
    if value is None:
        return ""
    return f"{value.normalize():f}".replace(".", ",")


def display_value(value: Decimal | None, indicator: Indicator | None = None) -> str:
    """How a value reads in tables: “1.234”, “98,5%”; nothing is “không có số liệu”."""
    if value is None:
        return str(NO_DATA)
    if indicator is not None and indicator.value_kind == ValueKind.BOOLEAN and value in (0, 1):
        return str(YES if value == 1 else NO)
    ratio_ = indicator is not None and indicator.aggregation == Aggregation.RATIO
    text = figure_vi(value, 1 if ratio_ else None)
    if indicator is not None and (
        indicator.value_kind == ValueKind.PERCENT or indicator.aggregation == Aggregation.RATIO
    ):
        text += "%"
    return text


def target_text(target: IndicatorTarget, indicator: Indicator) -> str:
    """A target as it reads beside its result: “≥ 60”, “≥ 98%”; a yes/no target is just “Có” or “Không”,
    as its result is."""
    if indicator.value_kind == ValueKind.BOOLEAN:
        return display_value(target.value, indicator)
    percent = "%" if indicator.unit == "%" or indicator.aggregation == Aggregation.RATIO else ""
    return f"{target.get_comparison_display()} {display_value(target.value, None)}{percent}"


def cross_check_errors(
    checks: Iterable[IndicatorCheck], values: dict[Cell, Decimal | None], years: Iterable[int]
) -> dict[Cell, str]:
    """Each broken rule, once per year, pinned to the cell(s) of its first left-side figure."""
    errors: dict[Cell, str] = {}
    for check in checks:
        # Sorted: the cell a message is pinned to must not depend on the database's row order.
        left = sorted(check.left.all(), key=lambda ind: (ind.order, ind.code))
        right = sorted(check.right.all(), key=lambda ind: (ind.order, ind.code))
        for year in years:
            lvals = [v for ind in left if (v := values.get((ind.pk, year))) is not None]
            rvals = [v for ind in right if (v := values.get((ind.pk, year))) is not None]
            if len(lvals) < len(left) or len(rvals) < len(right):
                continue  # a rule is checked once every figure of the year is there
            lsum, rsum = sum(lvals, Decimal(0)), sum(rvals, Decimal(0))
            broken = lsum != rsum if check.comparison == CheckComparison.EQUAL else lsum > rsum
            if broken:
                where = (left[0].pk, year) if check.comparison == CheckComparison.NOT_GREATER else (right[0].pk, year)
                errors.setdefault(
                    where,
                    _("Năm %(year)s: %(rule)s (%(left)s ≠ %(right)s).")
                    % {"year": year, "rule": check.message, "left": number_vi(lsum), "right": number_vi(rsum)}
                    if check.comparison == CheckComparison.EQUAL
                    else _("Năm %(year)s: %(rule)s (%(left)s > %(right)s).")
                    % {"year": year, "rule": check.message, "left": number_vi(lsum), "right": number_vi(rsum)},
                )
    return errors


def ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """numerator / denominator × 100; a zero or missing denominator has no result, never an error."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator * 100 / denominator


def period_value(indicator: Indicator, yearly: Mapping[int, Decimal | None], years: list[int]) -> Decimal | None:
    """The value for the whole period by the indicator's own rule (not for ratios: see `IndicatorTable`)."""
    present = [v for y in years if (v := yearly.get(y)) is not None]
    if indicator.aggregation == Aggregation.SUM:
        return sum(present, Decimal(0)) if present else None
    if indicator.aggregation in (Aggregation.END, Aggregation.YEARLY):
        return yearly.get(years[-1]) if years else None
    return None


@dataclass(frozen=True)
class TargetResult:
    target: IndicatorTarget
    actual: Decimal | None
    outcome: str  # "exceeded" | "met" | "missed" | "no_data"

    LABELS = {
        "exceeded": gettext_lazy("Vượt"),
        "met": gettext_lazy("Đạt"),
        "missed": gettext_lazy("Không đạt"),
        "no_data": gettext_lazy("Chưa có số liệu"),
    }

    @property
    def label(self) -> str:
        return str(self.LABELS[self.outcome])

    @property
    def margin(self) -> Decimal | None:
        return None if self.actual is None else self.actual - self.target.value


def evaluate(target: IndicatorTarget, actual: Decimal | None) -> TargetResult:
    """Đạt / Vượt / Không đạt: for “≥” more is better, for “≤” less is better, “=” must be exact."""
    if actual is None:
        return TargetResult(target, None, "no_data")
    goal = target.value
    if target.comparison == Comparison.EQUAL:
        outcome = "met" if actual == goal else "missed"
    elif target.comparison == Comparison.AT_LEAST:
        outcome = "exceeded" if actual > goal else "met" if actual == goal else "missed"
    else:
        outcome = "exceeded" if actual < goal else "met" if actual == goal else "missed"
    return TargetResult(target, actual, outcome)


@dataclass
class IndicatorRow:
    indicator: Indicator
    years: list[int]
    yearly: dict[int, Decimal | None]
    period: Decimal | None
    results: list[TargetResult]

    @property
    def cells(self) -> list[Decimal | None]:
        return [self.yearly.get(y) for y in self.years]


@dataclass
class Figures:
    """The indicators the tables of figures show, with each one's stored values by year and its targets.

    `parts` holds every indicator a row may read by pk, the parts of the ratios included."""

    indicators: list[Indicator]
    parts: dict[int, Indicator]
    values: dict[int, dict[int, Decimal]]
    targets: dict[int, list[IndicatorTarget]]

    @classmethod
    def read(cls) -> Figures:
        """Every indicator of the commune in scope with its values and targets: three queries of plain rows
        (an extra one only for a ratio whose part is not in the list), no prefetch."""
        indicators = list(Indicator.objects.all())
        parts = {ind.pk: ind for ind in indicators}
        missing = {pk for ind in indicators for pk in (ind.numerator_id, ind.denominator_id) if pk and pk not in parts}
        if missing:
            parts.update((ind.pk, ind) for ind in Indicator.objects.filter(pk__in=missing))
        # The values and targets in scope are those of the indicators in scope: no list of ids to send.
        stored = IndicatorValue.objects.filter(indicator_id__in=list(parts)) if missing else IndicatorValue.objects
        values: dict[int, dict[int, Decimal]] = {}
        for pk, year, value in stored.order_by("indicator_id", "year").values_list("indicator_id", "year", "value"):
            values.setdefault(pk, {})[year] = value
        targets: dict[int, list[IndicatorTarget]] = {}
        # The model's order within an indicator (whole period first, then by year, then source), without
        # the join its ordering by indicator would add.
        for target in IndicatorTarget.objects.order_by("indicator_id", F("year").asc(nulls_first=True), "source"):
            targets.setdefault(target.indicator_id, []).append(target)
        return cls(indicators, parts, values, targets)

    @classmethod
    def prefetched(cls, indicators: list[Indicator]) -> Figures:
        """The figures of indicators read with `values` and `targets` prefetched (and, for a ratio whose
        parts are not in the list, `numerator`/`denominator` with their values)."""
        parts = {ind.pk: ind for ind in indicators}
        for ind in indicators:
            if ind.aggregation == Aggregation.RATIO:
                # A ratio always has both parts (a constraint of Indicator).
                for part in (cast(Indicator, ind.numerator), cast(Indicator, ind.denominator)):
                    parts.setdefault(part.pk, part)
        return cls(
            indicators,
            parts,
            {pk: {v.year: v.value for v in ind.values.all()} for pk, ind in parts.items()},
            {ind.pk: list(ind.targets.all()) for ind in indicators},
        )


def indicator_rows(
    indicators: list[Indicator], *, years: list[int], figures: Figures | None = None
) -> list[IndicatorRow]:
    """Yearly values, period value and target results for every indicator.

    With `figures` (`Figures.read`), their values and targets are read there; without, `values` and
    `targets` must be prefetched (see `Figures.prefetched`).
    """
    if figures is None:
        figures = Figures.prefetched(indicators)
    parts, values, targets = figures.parts, figures.values, figures.targets
    empty: dict[int, Decimal] = {}
    rows = []
    for ind in indicators:
        if ind.aggregation == Aggregation.RATIO:
            num, den = parts[cast(int, ind.numerator_id)], parts[cast(int, ind.denominator_id)]
            num_y, den_y = values.get(num.pk, empty), values.get(den.pk, empty)
            yearly = {y: ratio(num_y.get(y), den_y.get(y)) for y in years}
            period = ratio(period_value(num, num_y, years), period_value(den, den_y, years))
        else:
            yearly = {y: v for y, v in values.get(ind.pk, empty).items() if y in years}
            period = period_value(ind, yearly, years)
        results = [evaluate(t, period if t.year is None else yearly.get(t.year)) for t in targets.get(ind.pk, ())]
        rows.append(IndicatorRow(ind, years, yearly, period, results))
    return rows


@dataclass
class GridCheck:
    """The outcome of checking a grid of typed figures: clean values, or errors per cell."""

    values: dict[Cell, Decimal | None]
    errors: dict[Cell, str]
    general: list[str]

    @property
    def ok(self) -> bool:
        return not self.errors and not self.general


def check_grid(indicators: list[Indicator], years: list[int], raw: dict[Cell, str]) -> GridCheck:
    """Every cell on its own (number, range), then the rules between figures, using stored values for
    figures that are not on this grid. Nothing is saved here."""
    by_pk = {ind.pk: ind for ind in indicators}
    values: dict[Cell, Decimal | None] = {}
    errors: dict[Cell, str] = {}
    for cell, text in raw.items():
        if not str(text).strip():
            values[cell] = None
            continue
        try:
            number = parse_number(text)
            check_range(by_pk[cell[0]], number)
        except ValidationError as exc:
            errors[cell] = exc.messages[0]
            continue
        values[cell] = number
    checks = list(
        IndicatorCheck.objects.filter(Q(left__in=by_pk) | Q(right__in=by_pk))
        .distinct()
        .prefetch_related("left", "right")
    )
    involved = {ind.pk for check in checks for ind in [*check.left.all(), *check.right.all()]}
    stored = {
        (v.indicator_id, v.year): v.value
        for v in IndicatorValue.objects.filter(indicator_id__in=involved, year__in=years)
    }
    merged = {**stored, **values}
    general = []
    for cell, message in cross_check_errors(checks, merged, years).items():
        if cell in errors:
            continue
        if cell in raw:
            errors[cell] = message
        else:
            general.append(message)
    return GridCheck(values=values, errors=errors, general=general)

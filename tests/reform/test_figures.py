from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicators.figures import (
    check_grid,
    cross_check_errors,
    display_value,
    evaluate,
    indicator_rows,
    parse_number,
    period_value,
    ratio,
)
from indicators.models import Aggregation, CheckComparison, IndicatorCheck, IndicatorTarget, IndicatorValue, ValueKind
from tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db
YEARS = [2021, 2022, 2023, 2024, 2025]
D = Decimal


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.234", D(1234)), ("98,5", D("98.5")), ("1.234,5", D("1234.5")), ("98.5", D("98.5")), (" 7 ", D(7))],
)
def test_numbers_are_read_as_officials_type_them(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["mười", "1,2,3", "NaN", "inf"])
def test_what_is_not_a_number_is_refused(text):
    with pytest.raises(ValidationError):
        parse_number(text)


def _with_values(aggregation=Aggregation.SUM, values=None, **kwargs):
    indicator = IndicatorFactory(aggregation=aggregation, **kwargs)
    for year, value in (values or {}).items():
        IndicatorValue.objects.create(indicator=indicator, year=year, value=value)
    return indicator


def test_sum_end_and_yearly_aggregation():
    sums = _with_values(values={2021: 10, 2022: 20, 2025: 5})
    yearly = {v.year: v.value for v in sums.values.all()}
    assert period_value(sums, yearly, YEARS) == 35
    end = _with_values(Aggregation.END, {2021: 112, 2025: 134})
    assert period_value(end, {v.year: v.value for v in end.values.all()}, YEARS) == 134
    empty = _with_values()
    assert period_value(empty, {}, YEARS) is None


def test_a_ratio_is_computed_from_its_parts_and_a_zero_denominator_is_no_data():
    solved = _with_values(values={2021: 10, 2022: 0, 2023: 20})
    received = _with_values(values={2021: 40, 2022: 0, 2023: 40})
    rate = IndicatorFactory(aggregation=Aggregation.RATIO, numerator=solved, denominator=received)
    rows = {r.indicator.pk: r for r in indicator_rows([solved, received, rate], years=YEARS)}
    row = rows[rate.pk]
    assert row.yearly[2021] == 25
    assert row.yearly[2022] is None  # 0 / 0: no result, not an error
    assert row.yearly[2023] == 50
    assert row.yearly[2024] is None
    assert row.period == D(30) * 100 / D(80)
    assert display_value(row.yearly[2022], rate) == "không có số liệu"
    assert display_value(row.period, rate) == "37,5%"
    assert ratio(D(1), D(0)) is None


@pytest.mark.parametrize(
    ("comparison", "goal", "actual", "label"),
    [
        ("gte", 90, 90, "Đạt"),
        ("gte", 90, D("90.01"), "Vượt"),
        ("gte", 90, D("89.99"), "Không đạt"),
        ("lte", 0, 0, "Đạt"),
        ("lte", 5, 3, "Vượt"),
        ("lte", 5, 6, "Không đạt"),
        ("eq", 1, 1, "Đạt"),
        ("eq", 1, 0, "Không đạt"),
        ("gte", 90, None, "Chưa có số liệu"),
    ],
)
def test_target_evaluation_including_the_boundaries(comparison, goal, actual, label):
    target = IndicatorTarget(indicator=IndicatorFactory(), comparison=comparison, value=D(goal), source="KH 96")
    result = evaluate(target, None if actual is None else D(actual))
    assert result.label == label
    if actual is not None:
        assert result.margin == D(actual) - D(goal)


def test_targets_are_evaluated_on_the_year_or_on_the_period():
    ind = _with_values(values={2021: 10, 2025: 30})
    IndicatorTarget.objects.create(indicator=ind, year=None, comparison="gte", value=40, source="KH 96")
    IndicatorTarget.objects.create(indicator=ind, year=2025, comparison="gte", value=31, source="NQ 76")
    (row,) = indicator_rows([ind], years=YEARS)
    assert [r.label for r in row.results] == ["Đạt", "Không đạt"]


@pytest.fixture
def tthc():
    early, on_time, late, solved, received = (
        IndicatorFactory(code=c) for c in ("T.3a", "T.3b", "T.3c", "T.3d", "T.2e")
    )
    parts = IndicatorCheck.objects.create(
        comparison=CheckComparison.EQUAL, message="Trước + đúng + quá hạn = đã giải quyết"
    )
    parts.left.set([early, on_time, late])
    parts.right.set([solved])
    bound = IndicatorCheck.objects.create(comparison=CheckComparison.NOT_GREATER, message="Đã giải quyết ≤ tiếp nhận")
    bound.left.set([solved])
    bound.right.set([received])
    return early, on_time, late, solved, received


def test_parts_must_sum_to_their_whole_and_not_exceed_it(tthc):
    early, on_time, late, solved, received = tthc
    values = {
        (early.pk, 2023): D(800), (on_time.pk, 2023): D(500), (late.pk, 2023): D(2),
        (solved.pk, 2023): D(1300), (received.pk, 2023): D(1200),
    }  # fmt: skip
    checks = IndicatorCheck.objects.prefetch_related("left", "right")
    errors = cross_check_errors(checks, values, [2023])
    assert errors[(solved.pk, 2023)] == "Năm 2023: Trước + đúng + quá hạn = đã giải quyết (1.302 ≠ 1.300)."
    # The bound is reported on the part that is too large, once its own sum is right.
    values[(solved.pk, 2023)] = D(1302)
    errors = cross_check_errors(checks, values, [2023])
    assert errors == {(solved.pk, 2023): "Năm 2023: Đã giải quyết ≤ tiếp nhận (1.302 > 1.200)."}
    # Missing figures postpone the check instead of failing it.
    assert cross_check_errors(checks, {(early.pk, 2023): D(1)}, [2023]) == {}


def test_grid_check_gives_a_message_per_cell(tthc):
    early, on_time, late, solved, received = tthc
    percent = IndicatorFactory(code="T.9", value_kind=ValueKind.PERCENT)
    raw = {
        (percent.pk, 2024): "101",
        (early.pk, 2024): "-3",
        (on_time.pk, 2024): "abc",
        (received.pk, 2024): "",
    }
    result = check_grid([percent, early, on_time, late, solved, received], YEARS, raw)
    assert not result.ok
    assert "tỷ lệ phải từ 0 đến 100%" in result.errors[(percent.pk, 2024)]
    assert "không được âm" in result.errors[(early.pk, 2024)]
    assert "không phải là số" in result.errors[(on_time.pk, 2024)]
    assert result.values[(received.pk, 2024)] is None

"""“Kiểm tra số liệu”: numbers in the result texts against the figures entered for the same task."""

from decimal import Decimal

import pytest
from django.utils import timezone

from reform.models import Aggregation, IndicatorValue, ValueKind
from reports.figure_check import Mismatch, figure_mismatches
from tests.factories import AssessmentFactory, IndicatorFactory, ReviewFactory, TaskFactory

pytestmark = pytest.mark.django_db
YEARS = [2021, 2022, 2023, 2024, 2025]
RECEIVED = [1080, 1210, 1350, 1480, 1560]  # 6.680 over the period
LATE = [3, 2, 1, 1, 0]  # 7 over the period
PLANTED = "Bộ phận Một cửa tiếp nhận 6.915 hồ sơ TTHC (năm 2021: 1.080; năm 2022: 1.211)."


def _indicator(tasks, name, unit, values=(), **kwargs):
    indicator = IndicatorFactory(name=name, unit=unit, **kwargs)
    indicator.tasks.add(*tasks)
    rows = zip(YEARS, values, strict=False)
    IndicatorValue.objects.bulk_create(IndicatorValue(indicator=indicator, year=y, value=Decimal(v)) for y, v in rows)
    return indicator


def _assessment(task, result, status="accepted"):
    submitted = timezone.now() if status in ("submitted", "accepted") else None
    return AssessmentFactory(task=task, status=status, submitted_at=submitted, result=result)


def _rows(mismatches):
    return [(m.indicator.code, m.year, m.text_value, m.figure) for m in mismatches]


@pytest.fixture
def review():
    return ReviewFactory()


@pytest.fixture
def task(review):
    return TaskFactory(plan=review.plan, code="TTHC-02")


@pytest.fixture
def received(task):
    return _indicator([task], "Tổng số hồ sơ TTHC tiếp nhận", "hồ sơ", RECEIVED, code="TTHC.2e")


@pytest.fixture
def late(task):
    return _indicator([task], "Số hồ sơ TTHC giải quyết quá hạn", "hồ sơ", LATE, code="TTHC.3c")


def test_the_planted_total_and_the_wrong_year_are_found_and_nothing_else(review, task, received, late):
    assessment = _assessment(task, PLANTED)
    found = figure_mismatches(review)
    assert _rows(found) == [("TTHC.2e", None, "6.915", "6.680"), ("TTHC.2e", 2022, "1.211", "1.210")]
    first = found[0]
    assert isinstance(first, Mismatch)
    assert (first.task, first.assessment_pk, first.indicator) == (task, assessment.pk, received)
    assert "6.915 hồ sơ" in first.excerpt
    assert len(first.excerpt) <= 70
    with pytest.raises(AttributeError):
        first.figure = "x"  # frozen


def test_the_period_sentence_carries_on_and_the_closest_words_choose_the_indicator(review, task, received, late):
    _assessment(
        task,
        "Giai đoạn 2021 - 2025, Bộ phận Một cửa tiếp nhận 6.680 hồ sơ TTHC. "
        "Có 9 hồ sơ giải quyết quá hạn, đều có văn bản xin lỗi.",
    )
    assert _rows(figure_mismatches(review)) == [("TTHC.3c", None, "9", "7")]


def test_texts_that_agree_with_the_figures_give_nothing(review, task, received, late):
    _assessment(
        task,
        "Giai đoạn 2021 - 2025, Bộ phận Một cửa tiếp nhận 6.680 hồ sơ TTHC (năm 2021: 1.080; năm 2022: 1.210; "
        "năm 2023: 1.350; năm 2024: 1.480; năm 2025: 1.560); 7/7 hồ sơ giải quyết quá hạn có văn bản xin lỗi. "
        "Năm 2024, có 1 hồ sơ giải quyết quá hạn.",
    )
    assert figure_mismatches(review) == []


def test_a_value_of_any_candidate_with_the_same_unit_is_not_a_mismatch(review, task, received, late):
    # the words point at “tiếp nhận”, but 7 is the period value of the other “hồ sơ” figure: not reported
    _assessment(task, "Giai đoạn 2021 - 2025, tiếp nhận 7 hồ sơ TTHC qua bưu chính.")
    assert figure_mismatches(review) == []


def test_only_handed_in_assessments_of_the_reviews_plan_are_read(review, task, received, late):
    _assessment(task, PLANTED, status="drafting")
    assert figure_mismatches(review) == []
    assert len(figure_mismatches(review, statuses=["drafting"])) == 2

    other = TaskFactory(code="TTHC-02")  # another plan
    received.tasks.add(other)
    _assessment(other, PLANTED)
    assert figure_mismatches(review) == []


def test_tasks_narrow_the_check(review, task, received, late):
    _assessment(task, PLANTED, status="submitted")
    quiet = TaskFactory(plan=review.plan)
    assert len(figure_mismatches(review, tasks=[task])) == 2
    assert figure_mismatches(review, tasks=[quiet]) == []
    assert len(figure_mismatches(review, tasks=type(task).objects.filter(pk=task.pk))) == 2


@pytest.mark.parametrize(
    "text",
    [
        # document numbers, dates, codes and years
        "Thực hiện Quyết định số 98/QĐ-UBND ngày 15/4/2025 và Nghị định số 61/2018/NĐ-CP, Bộ phận Một cửa "
        "(mã TTHC-01) tiếp nhận hồ sơ; Chỉ thị số 13-CT/HU về tiếp nhận hồ sơ năm 2023.",
        "Giai đoạn 2021 - 2025, Kế hoạch 48/KH-UBND giao tiếp nhận hồ sơ trước ngày 31/12 hằng năm.",
        "Giai đoạn 2021 - 2025, tiếp nhận theo văn bản số 98 hồ sơ TTHC, mã TTHC-77 hồ sơ tiếp nhận, "
        "ngày 15/4 hồ sơ TTHC tiếp nhận; tiếp nhận 2024 hồ sơ TTHC.",
        # ranges, rates, approximations, averages, targets
        "Giai đoạn 2021 - 2025, mỗi ngày tiếp nhận từ 3 đến 8 hồ sơ; bình quân tiếp nhận 1.336 hồ sơ/năm.",
        "Giai đoạn 2021 - 2025, tiếp nhận khoảng 7.000 hồ sơ, vượt chỉ tiêu 6.000 hồ sơ tiếp nhận.",
        "Giai đoạn 2021 - 2025, tiếp nhận hơn 6.000 hồ sơ TTHC.",
        # a time the figures cannot be read for
        "Tiếp nhận 6.915 hồ sơ TTHC.",
        "Giai đoạn 2021 - 2024, tiếp nhận 5.000 hồ sơ TTHC.",
        "Năm 2021 và năm 2022, tiếp nhận 2.000 hồ sơ TTHC.",
        "Từ năm 2023 đến ngày 15/4/2025, tiếp nhận 4.000 hồ sơ TTHC.",
        "Đến ngày 15/4/2025, tiếp nhận 1.600 hồ sơ TTHC.",  # a sum is not read “as of” a date
        "Ngày 16/7/2021, tiếp nhận 99 hồ sơ TTHC.",
        "Quý I năm 2025, tiếp nhận 400 hồ sơ TTHC.",
        "Hằng năm, tiếp nhận trên 1.000 hồ sơ. Năm nào cũng tiếp nhận 1.300 hồ sơ.",
        # another unit, or no word in common with any figure
        "Giai đoạn 2021 - 2025, tiếp nhận 6.915 văn bản đến.",
        "Giai đoạn 2021 - 2025, lưu trữ 5.000 hồ sơ.",
        # a breakdown of a total no figure is about
        "Giai đoạn 2021 - 2025, lưu trữ 5.000 hồ sơ (năm 2021: 900; năm 2022: 1.100).",
    ],
)
def test_numbers_that_are_not_figures_of_a_known_time_give_nothing(review, task, received, late, text):
    _assessment(task, text)
    assert figure_mismatches(review) == []


def test_an_indicator_without_unit_is_never_matched(review, task):
    _indicator([task], "Số lần tiếp nhận hồ sơ", "", [1, 1, 1, 1, 1], aggregation=Aggregation.SUM)
    _assessment(task, "Giai đoạn 2021 - 2025, tiếp nhận hồ sơ 9 lần.")
    assert figure_mismatches(review) == []


@pytest.fixture
def rate(task):
    on_time = _indicator([task], "Số hồ sơ giải quyết đúng hạn", "hồ sơ", [1380, 1380, 1380, 1380, 1382])
    solved = _indicator([task], "Tổng số hồ sơ đã giải quyết", "hồ sơ", [1381, 1382, 1382, 1382, 1382])
    # 6.902 / 6.909 = 99,9%
    return _indicator(
        [task],
        "Tỷ lệ hồ sơ giải quyết đúng hạn",
        "%",
        code="TTHC.4",
        value_kind=ValueKind.PERCENT,
        aggregation=Aggregation.RATIO,
        numerator=on_time,
        denominator=solved,
    )


def test_a_percentage_is_compared_with_the_ratio_at_one_decimal(review, task, rate):
    _assessment(task, "Giai đoạn 2021 - 2025, đã giải quyết đúng hạn 6.902 hồ sơ, đạt 99,8%, vượt chỉ tiêu 98%.")
    assert _rows(figure_mismatches(review)) == [("TTHC.4", None, "99,8%", "99,9%")]


def test_a_percentage_that_agrees_as_displayed_gives_nothing(review, task, rate):
    _assessment(task, "Giai đoạn 2021 - 2025, đã giải quyết đúng hạn 6.902 hồ sơ, đạt 99,9%, vượt chỉ tiêu 98%.")
    assert figure_mismatches(review) == []


def test_a_year_named_before_or_after_the_number(review, task, received, late):
    _assessment(
        task,
        "Năm 2024, Bộ phận Một cửa tiếp nhận 1.500 hồ sơ TTHC, trong đó 1 hồ sơ giải quyết quá hạn. "
        "Riêng tiếp nhận 1.300 hồ sơ TTHC (năm 2023).",
    )
    assert _rows(figure_mismatches(review)) == [
        ("TTHC.2e", 2024, "1.500", "1.480"),
        ("TTHC.2e", 2023, "1.300", "1.350"),
    ]


def test_as_of_a_date_is_read_for_a_stock_figure(review, task):
    _indicator([task], "Số TTHC thuộc thẩm quyền cấp xã được công khai", "TTHC", [112, 122, 128, 132, 134],
               code="TTHC.1a", aggregation=Aggregation.END)  # fmt: skip
    _assessment(task, "Đến tháng 4/2025, UBND xã công khai đầy đủ 118 TTHC thuộc thẩm quyền cấp xã.")
    assert _rows(figure_mismatches(review)) == [("TTHC.1a", 2025, "118", "134")]


def test_a_fraction_is_compared_part_by_part(review, task, received, late):
    _assessment(task, "Giai đoạn 2021 - 2025, 9/9 hồ sơ giải quyết quá hạn có văn bản xin lỗi.")
    assert _rows(figure_mismatches(review)) == [("TTHC.3c", None, "9", "7")]


@pytest.mark.parametrize("size", [1, 8])
def test_the_number_of_queries_does_not_depend_on_the_number_of_tasks(django_assert_max_num_queries, review, size):
    for n in range(size):
        task = TaskFactory(plan=review.plan)
        _indicator([task], "Tổng số hồ sơ TTHC tiếp nhận", "hồ sơ", RECEIVED)
        on_time = _indicator([task], "Số hồ sơ giải quyết đúng hạn", "hồ sơ", [1380, 1380, 1380, 1380, 1382])
        solved = _indicator([], "Tổng số hồ sơ đã giải quyết", "hồ sơ", [1381, 1382, 1382, 1382, 1382])
        _indicator([task], "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", aggregation=Aggregation.RATIO,
                   numerator=on_time, denominator=solved)  # fmt: skip
        _assessment(task, f"Giai đoạn 2021 - 2025, {PLANTED} Đã giải quyết đúng hạn 6.902 hồ sơ, đạt 99,{n % 2 + 7}%.")
    # the assessments, the indicators, their values, targets, and the values of ratio parts
    with django_assert_max_num_queries(6):
        found = figure_mismatches(review)
    assert len(found) == 3 * size

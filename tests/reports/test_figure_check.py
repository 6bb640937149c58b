"""“Kiểm tra số liệu”: numbers in the result texts against the figures entered for the same task."""

import random
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from indicators.models import Aggregation, IndicatorValue, ValueKind
from reports import figure_check as fc
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


# --- the year written after the number; parts of a total (false alarms seen on the demo) --------------

DIGITISED = ["5", "35.2", "68.5", "89.3", "97.6"]


@pytest.fixture
def digitised(task):
    return _indicator([task], "Tỷ lệ hồ sơ TTHC được số hóa khi tiếp nhận", "%", DIGITISED, code="TTHC.6",
                      value_kind=ValueKind.PERCENT, aggregation=Aggregation.YEARLY)  # fmt: skip


@pytest.fixture
def signers(task):
    return _indicator([task], "Số CBCC có chữ ký số", "người", [6, 11, 15, 17, 18], code="CQS.2",
                      aggregation=Aggregation.END)  # fmt: skip


SERIES = (
    "Thực hiện Nghị định số 107/2021/NĐ-CP, tỷ lệ hồ sơ TTHC được số hóa khi tiếp nhận tăng từ 5,0% năm 2021 "
    "lên {}% năm 2022, 68,5% năm 2023, 89,3% năm 2024 và 97,6% năm 2025."
)


def test_a_year_right_after_the_number_is_its_own_year(review, task, digitised):
    _assessment(task, SERIES.format("35,2"))
    assert figure_mismatches(review) == []


def test_a_wrong_value_in_a_series_is_found_for_the_year_written_after_it(review, task, digitised):
    _assessment(task, SERIES.format("36,2"))
    assert _rows(figure_mismatches(review)) == [("TTHC.6", 2022, "36,2%", "35,2%")]


@pytest.mark.parametrize(
    "text",
    [
        "Số cán bộ, công chức có chữ ký số cá nhân tăng từ 06 người năm 2021 lên 11 người năm 2022, "
        "15 người năm 2023, 17 người năm 2024 và 18 người năm 2025.",
        # the year of the first number is not the year of the ones after it
        "Số cán bộ, công chức có chữ ký số tăng từ 06 người năm 2021 lên 18 người.",
        "Năm 2021, có 06 người có chữ ký số; số cán bộ có chữ ký số tăng lên 18 người năm 2025.",
    ],
)
def test_counts_with_their_years_after_them_give_nothing(review, task, signers, text):
    _assessment(task, text)
    assert figure_mismatches(review) == []


def test_a_count_with_the_wrong_year_after_it_is_found(review, task, signers):
    _assessment(task, "Số CBCC có chữ ký số tăng từ 06 người năm 2021 lên 12 người năm 2022, 15 người năm 2023.")
    assert _rows(figure_mismatches(review)) == [("CQS.2", 2022, "12", "11")]


def test_from_a_year_on_after_the_number_is_no_known_year(review, task):
    _indicator([task], "Tỷ lệ công chức cấp xã đạt chuẩn trình độ", "%", [90, 95, 100, 100, 100], code="CV.2",
               value_kind=ValueKind.PERCENT, aggregation=Aggregation.END)  # fmt: skip
    _assessment(task, "Tỷ lệ công chức đạt chuẩn trình độ tăng từ 90% năm 2021 lên 100% từ năm 2022; 18/19 cán bộ.")
    assert figure_mismatches(review) == []


@pytest.mark.parametrize(("first", "expected"), [("78,5", []), ("78,8", [("CĐ.7a", 2021, "78,8", "78,5")])])
def test_a_score_series_the_first_comma_of_which_is_a_decimal_comma(review, task, first, expected):
    _indicator([task], "Điểm Chỉ số cải cách hành chính của xã", "điểm", ["78.5", "80.9", "83.4", "84.7", "86.2"],
               code="CĐ.7a", aggregation=Aggregation.YEARLY)  # fmt: skip
    _assessment(
        task,
        f"Hằng năm, UBND xã tự chấm điểm Chỉ số CCHC. Điểm thẩm định Chỉ số CCHC của xã đạt {first} điểm năm 2021 "
        "(xếp thứ 12/24 xã, thị trấn), 80,9 điểm năm 2022 (thứ 10/24), 83,4 điểm năm 2023 (thứ 8/24), "
        "84,7 điểm năm 2024 và 86,2 điểm năm 2025.",
    )
    assert _rows(figure_mismatches(review)) == expected


@pytest.fixture
def linked(task):
    return _indicator([task], "Số hồ sơ giải quyết liên thông (khai sinh – thường trú – BHYT; khai tử – xóa "
                      "thường trú – mai táng phí)", "hồ sơ", [12, 25, 48, 76, 85], code="TTHC.10")  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        # parts introduced by “gồm” that add up to the total stated before them
        "Giai đoạn 2021 - 2025, UBND xã giải quyết 246 hồ sơ liên thông (năm 2021: 12; năm 2022: 25; "
        "năm 2023: 48; năm 2024: 76; năm 2025: 85), gồm 181 hồ sơ liên thông khai sinh - đăng ký thường trú - "
        "cấp thẻ BHYT cho trẻ dưới 6 tuổi và 65 hồ sơ liên thông khai tử - xóa đăng ký thường trú - hưởng mai "
        "táng phí; 100% hồ sơ đủ điều kiện được giải quyết liên thông.",
        # “trong đó”: a part is not compared with the whole's figure, even when the parts do not add up
        "Giai đoạn 2021 - 2025, giải quyết 246 hồ sơ liên thông, trong đó 180 hồ sơ liên thông khai sinh.",
        # parts that add up to a figure, with no total stated
        "Giai đoạn 2021 - 2025, giải quyết 181 hồ sơ liên thông khai sinh và 65 hồ sơ liên thông khai tử.",
    ],
)
def test_parts_of_a_total_are_not_compared_with_the_whole(review, task, linked, text):
    _assessment(task, text)
    assert figure_mismatches(review) == []


def test_parts_are_still_compared_with_their_own_indicators(review, task, received, late):
    _indicator([task], "Số hồ sơ TTHC tiếp nhận trực tuyến", "hồ sơ", [54, 182, 432, 710, 936], code="TTHC.2b")
    _assessment(
        task,
        "Giai đoạn 2021 - 2025, Bộ phận Một cửa tiếp nhận 6.680 hồ sơ TTHC, trong đó 2.300 hồ sơ trực tuyến và "
        "4.380 hồ sơ trực tiếp; 07 hồ sơ giải quyết quá hạn.",
    )
    # 2.300 + 4.380 = 6.680: parts of the total, but 2.300 has an indicator of its own (2.314)
    assert _rows(figure_mismatches(review)) == [("TTHC.2b", None, "2.300", "2.314")]


@pytest.mark.parametrize("joint", [", ", " và "])
def test_numbers_that_add_up_to_a_total_are_still_compared_with_their_own_figures(review, task, joint):
    _indicator([task], "Số cá nhân được tặng Bằng khen", "cá nhân", [0, 0, 0, 1, 0], code="TĐ.1b")
    _indicator([task], "Số cá nhân được tặng Giấy khen", "cá nhân", [0, 1, 0, 1, 0], code="TĐ.1f")
    _indicator([task], "Tổng số cá nhân được khen thưởng", "cá nhân", [1, 1, 2, 1, 1], code="TĐ.1")
    _assessment(task, f"Giai đoạn 2021 - 2025, có 04 cá nhân được tặng Bằng khen{joint}02 cá nhân được tặng Giấy khen.")
    # 04 + 02 = 6 is the total's figure: neither is compared with the total, each still with its own figure
    assert _rows(figure_mismatches(review)) == [("TĐ.1b", None, "04", "1")]


def test_a_share_of_a_fraction_no_figure_counts_is_not_compared(review, task):
    _indicator([task], "Tỷ lệ chi trả lương, phụ cấp, trợ cấp qua tài khoản", "%", [35, "52.4", "70.8", "86.5", "94.2"],
               code="TCC.4", value_kind=ValueKind.PERCENT, aggregation=Aggregation.YEARLY)  # fmt: skip
    _assessment(
        task,
        "Tỷ lệ chi trả lương, phụ cấp, trợ cấp qua tài khoản đạt 94,2% năm 2025; đến tháng 3/2025 có 244/264 "
        "đối tượng bảo trợ xã hội nhận trợ cấp qua tài khoản, đạt 92,4%, vượt chỉ tiêu 80%.",
    )
    assert figure_mismatches(review) == []


def test_a_remembered_reading_is_the_same_and_a_changed_figure_is_read_anew(review, task, received, late):
    """Texts are read once and remembered (the workspace is opened again and again), keyed by everything the
    reading depends on: the same answer from memory, a new one as soon as a figure or the text changes."""
    assessment = _assessment(task, PLANTED)
    first = _rows(figure_mismatches(review))
    assert _rows(figure_mismatches(review)) == first  # from memory
    IndicatorValue.objects.filter(indicator=received, year=2022).update(value=Decimal(1211))
    assert _rows(figure_mismatches(review)) == [("TTHC.2e", None, "6.915", "6.681")]
    assessment.result = PLANTED.replace("6.915", "6.681")
    assessment.save(update_fields=["result"])
    assert _rows(figure_mismatches(review)) == []


def test_the_shortcuts_find_what_the_plain_patterns_find():
    """The time markers are looked for only where one may start, and the words before a number only within
    their span: the same matches as the plain patterns, on random excerpts of the demo's plan and texts."""
    plain_marker = re.compile(fc._MARKER.pattern[len(fc._MARKER_FIRST) + 3 : -1], re.IGNORECASE)
    plain_before = {
        p: re.compile(p.pattern[p.pattern.index(")(?:") + 1 :] if p.pattern.startswith("(?=") else p.pattern, re.I)
        for p in (fc._CODE_BEFORE, fc._RANGE_BEFORE, fc._NOT_A_FIGURE_BEFORE)
    }
    demo = Path(__file__).resolve().parents[2] / "demo"
    plan = "".join((demo / name).read_text(encoding="utf-8") for name in ("tasks.json", "assessments.json"))
    text = plan + " ".join([PLANTED, "tăng từ 06 người năm 2021 lên 11 người, vượt chỉ tiêu 98% (năm 2022: 35,2%)"])
    rng = random.Random(7)
    for _ in range(3000):
        start = rng.randrange(len(text))
        excerpt = text[start : start + rng.randrange(5, 300)]
        spans = [(m.span(), m.lastgroup) for m in fc._MARKER.finditer(excerpt)]
        assert spans == [(m.span(), m.lastgroup) for m in plain_marker.finditer(excerpt)], excerpt
        for digit in re.finditer(r"\d", excerpt):
            for pattern, plain in plain_before.items():
                expected = plain.search(excerpt[: digit.start()]) is not None
                assert fc._ends_at(pattern, excerpt, digit.start()) == expected, excerpt

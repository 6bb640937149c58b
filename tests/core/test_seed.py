import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.apps import apps
from django.core import mail

from demo.finished import finish
from demo.seed import seed
from emulation.models import Commendation, Initiative
from indicators.figures import indicator_rows
from indicators.models import CheckComparison, Indicator, IndicatorCheck, IndicatorValue
from kimphuong.models import CommuneProfile, GroupKind, LegalBasis, User
from reform.models import Assessment, AssessmentEvent, Level, Recommendation, Status, Task
from reports.models import ReportSection, ReportVersion

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"kimphuong", "reform", "emulation", "reports", "auth"}
    }


def test_seed_twice_gives_the_same_counts():
    seed()
    first = _counts()
    second_created = seed()
    assert _counts() == first
    assert sum(second_created.values()) == 0


def test_demo_has_the_contracted_accounts_tasks_and_a_mid_review_state():
    seed()
    usernames = set(User.objects.values_list("username", flat=True))
    assert usernames == {
        "chutich", "phochutich", "vanphong", "vanphong2", "tuphap", "diachinh", "taichinh",
        "vanhoa", "vanhoa2", "quansu", "congan", "doanthanhnien", "mttq", "admin",
    }  # fmt: skip
    assert User.objects.get(username="chutich").full_name == "Trương Anh Tú"
    assert Task.objects.count() == 62
    assert Assessment.objects.count() == 62
    statuses = set(Assessment.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert Task.objects.overdue().exists()
    assert Indicator.objects.count() > 40
    # Every returned assessment has its reason, and every status was reached through an event.
    for assessment in Assessment.objects.exclude(status=Status.NOT_STARTED):
        assert assessment.events.last().to_status == assessment.status
    assert AssessmentEvent.objects.filter(to_status=Status.RETURNED).exclude(reason="").exists()


def test_demo_corrects_the_source_plan_defects():
    seed()
    citations = [b.long_citation for b in LegalBasis.objects.cited()]
    assert any("Quyết định số 145/QĐ-BNV ngày 03/3/2025 của Bộ trưởng Bộ Nội vụ" in c for c in citations)
    assert not any("145/QĐ-UBND" in c for c in citations)
    assert not any("Kim Phụng" in c for c in citations)
    assert all(c.count("“") == c.count("”") for c in citations)
    assert CommuneProfile.load().archive_line == "Lưu: VT, VP."
    tuphap_tasks = set(Task.objects.filter(lead__username="tuphap").values_list("code", flat=True))
    assert tuphap_tasks == {"TC-01", "TC-02", "TC-03", "TC-04", "TC-05", "TC-06", "TTHC-05", "TTHC-08", "CQS-07"}


# --- The demo's texts and figures agree (Phụ lục I with Phụ lục II, the officials' texts with Số liệu) ---

FIELDS = ("result", "shortcomings", "cause_objective", "cause_subjective", "lessons", "proposals")


def _number(text: str) -> Decimal:
    """A figure as the officials write it: "1.386", "99,8", "07"."""
    return Decimal(text.replace(".", "").replace(",", "."))


def _values(code: str) -> dict[int, Decimal]:
    return dict(IndicatorValue.objects.filter(indicator__code=code).values_list("year", "value"))


def _total(code: str) -> Decimal:
    return sum(_values(code).values(), Decimal(0))


def _percent(numerator: Decimal, denominator: Decimal) -> Decimal:
    return (numerator * 100 / denominator).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _quoted(text: str, pattern: str) -> Decimal:
    match = re.search(pattern, text)
    assert match, f"{pattern!r} not in {text!r}"
    return _number(match.group(1))


def test_commendation_indicators_count_the_register():
    seed()
    rules = {
        "TĐ.1a": ("BK-TINH", "collective"), "TĐ.1b": ("BK-TINH", "individual"),
        "TĐ.1c": ("GK-HUYEN", "collective"), "TĐ.1d": ("GK-HUYEN", "individual"),
        "TĐ.1e": ("GK-XA", "collective"), "TĐ.1f": ("GK-XA", "individual"),
    }  # fmt: skip
    for code, (form, kind) in rules.items():
        indicator = Indicator.objects.get(code=code)
        values = _values(code)
        assert sorted(values) == indicator.years
        for year in indicator.years:
            register = Commendation.objects.filter(year=year, form__code=form, kind=kind).count()
            assert values[year] == register, (code, year)
    for code, kinds in {"TĐ.2": None, "CĐ.6": ("initiative", "model")}.items():
        for year, value in _values(code).items():
            initiatives = Initiative.objects.filter(year=year)
            assert value == (initiatives.filter(kind__in=kinds) if kinds else initiatives).count(), (code, year)


def test_quoted_figures_equal_the_indicators():
    seed()
    text = {a.task.code: a.result for a in Assessment.objects.select_related("task")}
    tthc = text["TTHC-02"]
    assert _quoted(tthc, r"tiếp nhận mới ([\d.]+) hồ sơ") == _total("TTHC.2e")
    for year, value in _values("TTHC.2e").items():
        assert _quoted(tthc, rf"năm {year}: ([\d.]+)") == value
    assert _quoted(tthc, r"([\d.]+) hồ sơ trực tiếp") == _total("TTHC.2a")
    assert _quoted(tthc, r"([\d.]+) hồ sơ trực tuyến") == _total("TTHC.2b")
    assert _quoted(tthc, r"Đã giải quyết ([\d.]+) hồ sơ") == _total("TTHC.3d")
    assert _quoted(tthc, r"đúng hạn ([\d.]+) hồ sơ") == _total("TTHC.3e")
    assert _quoted(tthc, r"đạt ([\d,]+)%") == _percent(_total("TTHC.3e"), _total("TTHC.3d"))
    assert _quoted(tthc, r"(\d+) hồ sơ quá hạn") == _total("TTHC.3c")
    assert _quoted(text["TTHC-03"], r"(\d+)/\d+ hồ sơ giải quyết quá hạn") == _total("TTHC.5") == _total("TTHC.3c")

    cd = text["CĐ-02"]
    assert _quoted(cd, r"thực hiện (\d+) tin, bài") == _total("CĐ.5")
    for year, value in _values("CĐ.5").items():
        assert _quoted(cd, rf"năm {year}: (\d+)") == value
    assert _quoted(text["CĐ-03"], r"tổ chức (\d+) cuộc") == _total("CĐ.3a")
    assert _quoted(text["CĐ-03"], r"phát hiện (\d+) tồn tại") == _total("CĐ.4a")

    cqs = text["CQS-06"]
    assert _quoted(cqs, r"([\d,]+)% năm 2025") == _values("CQS.6")[2025]
    assert _quoted(cqs, r"([\d,]+)% năm 2024") == _values("CQS.6")[2024]
    assert _quoted(text["CQS-03"], r"đăng (\d+) tin, bài") == _total("CQS.7")

    tc = text["TC-04"]
    assert _quoted(tc, r"tiếp nhận (\d+) vụ việc") == _total("TC.4a")
    assert _quoted(tc, r"hòa giải thành (\d+) vụ việc") == _total("TC.4b")
    assert _quoted(tc, r"đạt ([\d,]+)%") == _percent(_total("TC.4b"), _total("TC.4a"))
    assert _quoted(text["TC-03"], r"tổ chức (\d+) hội nghị") == _total("TC.3a")
    assert _quoted(text["TC-03"], r"([\d.]+) lượt người") == _total("TC.3b")
    assert _quoted(text["TTHC-08"], r"giải quyết (\d+) hồ sơ liên thông") == _total("TTHC.10")
    assert _quoted(text["TTHC-06"], r"tiếp nhận (\d+) phản ánh") == _total("TTHC.8a")
    assert _quoted(text["CV-02"], r"cử (\d+) lượt") == _total("CV.3")
    assert _quoted(text["TCC-03"], r"đạt ([\d.,]+) triệu đồng") == _total("TCC.1b")
    assert _quoted(text["TCC-03"], r"bằng ([\d,]+)% dự toán") == _percent(_total("TCC.1b"), _total("TCC.1a"))
    assert _quoted(text["TTHC-01"], r"đầy đủ (\d+)/") == _values("TTHC.1a")[2025]


def _check_breakdowns() -> int:
    """ "N hồ sơ … (năm 2021: a; năm 2022: b; …)": the parts add up to the total written before them."""
    year = r"năm \d{4}: [\d.]+"
    breakdown = re.compile(rf"([\d.]+) [^\d()]{{1,60}}?\(((?:{year}(?: [^;)]+)?; ){{2,}}{year}[^)]*)\)")
    checked = 0
    for assessment in Assessment.objects.select_related("task"):
        for field in FIELDS:
            for match in breakdown.finditer(getattr(assessment, field)):
                parts = [_number(n) for n in re.findall(r"năm \d{4}: ([\d.]+)", match.group(2))]
                assert sum(parts) == _number(match.group(1)), (assessment.task.code, field, match.group(0))
                checked += 1
    return checked


def test_every_yearly_breakdown_in_the_texts_adds_up():
    seed()
    assert _check_breakdowns() >= 5


def test_the_demo_figures_pass_their_own_checks():
    seed()
    values = {(v.indicator.code, v.year): v.value for v in IndicatorValue.objects.select_related("indicator")}
    for check in IndicatorCheck.objects.prefetch_related("left", "right"):
        years = set.intersection(*(set(i.years) for i in [*check.left.all(), *check.right.all()]))
        for year in years:
            left = sum(values[(i.code, year)] for i in check.left.all())
            right = sum(values[(i.code, year)] for i in check.right.all())
            assert left == right if check.comparison == CheckComparison.EQUAL else left <= right, (check, year)


def test_few_recommendations_still_go_to_the_district():
    seed()
    assert Recommendation.objects.filter(level=Level.DISTRICT).count() <= 2
    assert set(Recommendation.objects.values_list("level", flat=True)) >= {Level.CENTRAL, Level.PROVINCE}


# --- seed_demo --finished: the same demo at its end ---


def test_the_default_demo_stays_mid_review():
    seed()
    statuses = Counter(Assessment.objects.values_list("status", flat=True))
    assert statuses[Status.NOT_STARTED] == 23 and statuses[Status.RETURNED] == 5 and statuses[Status.SUBMITTED] > 0
    assert not ReportVersion.objects.exists()


def test_the_finished_demo_ends_the_review_once():
    first = finish()
    assert first["accepted"] == 62 - 14 and first["versions"] == 1  # 14 accepted in the default demo
    assessments = list(Assessment.objects.select_related("task__group"))
    assert len(assessments) == 62 and {a.status for a in assessments} == {Status.ACCEPTED}
    # Every returned assessment was revised and accepted; CĐ-02 was sent back for a new addressee.
    assert AssessmentEvent.objects.filter(to_status=Status.RETURNED).count() == 6
    assert not Recommendation.objects.filter(level=Level.DISTRICT).exists()
    assert Recommendation.objects.filter(level=Level.COMMUNE).exists()
    # Believable completion: most done, a few late or still in progress.
    reform = Counter(a.completion for a in assessments if a.task.group.kind == GroupKind.REFORM_AREA)
    assert sum(reform.values()) == 54 and 46 <= reform["done"] <= 49
    assert 2 <= reform["done_late"] <= 3 and 3 <= reform["in_progress"] <= 4 and reform["not_done"] <= 1
    # Figures complete: every indicator has a value for every year of its range.
    indicators = list(
        Indicator.objects.prefetch_related("values", "targets", "numerator__values", "denominator__values")
    )
    for row in indicator_rows(indicators, years=list(range(2018, 2026))):
        assert all(row.yearly.get(y) is not None for y in row.indicator.years), row.indicator.code
    assert _check_breakdowns() >= 10
    # The report: compiled, two sections tidied by the office, version 1 issued and approved by the chairman.
    version = ReportVersion.objects.get()
    assert version.number == 1 and version.approved_by.username == "chutich"
    assert {"p3_lessons", "p4_directions"} <= set(
        ReportSection.objects.filter(is_edited=True).values_list("key", flat=True)
    )
    lessons = ReportSection.objects.get(key="p3_lessons")
    assert lessons.text.startswith("Từ thực tiễn") and len(lessons.text.splitlines()) == 9
    assert not mail.outbox
    # Idempotent: a second run changes nothing, in particular no second version.
    counts = _counts()
    again = finish()
    assert sum(again.values()) == 0 and _counts() == counts and ReportVersion.objects.count() == 1

import pytest
from django.apps import apps

from kimphuong.demo.seed import seed
from kimphuong.models import CommuneProfile, LegalBasis, User
from reform.models import Assessment, AssessmentEvent, Indicator, Status, Task

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

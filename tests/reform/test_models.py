import pytest
from django.db import IntegrityError, transaction

from indicators.models import Indicator, IndicatorValue
from reform.models import Assessment, AssessmentEvent, ImmutableEvent, IncompleteAssessment, InvalidTransition, Status
from tests.factories import AssessmentFactory, TaskGroupFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_full_workflow_writes_one_event_per_transition():
    assessment = AssessmentFactory(filled=True)
    lead, office = assessment.task.lead, UserFactory(office=True)

    assessment.start_drafting(by=lead)
    assessment.submit(by=lead)
    assessment.return_for_revision(by=office, reason="Bổ sung số liệu năm 2024")
    assessment.submit(by=lead)
    assessment.accept(by=office)
    assessment.reopen(by=office, reason="Số liệu năm 2025 thay đổi")

    assessment.refresh_from_db()
    assert assessment.status == Status.RETURNED
    assert assessment.return_reason == "Số liệu năm 2025 thay đổi"
    steps = [(e.from_status, e.to_status) for e in assessment.events.all()]
    assert steps == [
        (Status.NOT_STARTED, Status.DRAFTING),
        (Status.DRAFTING, Status.SUBMITTED),
        (Status.SUBMITTED, Status.RETURNED),
        (Status.RETURNED, Status.SUBMITTED),
        (Status.SUBMITTED, Status.ACCEPTED),
        (Status.ACCEPTED, Status.RETURNED),
    ]
    assert assessment.events.filter(to_status=Status.ACCEPTED).get().actor == office


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Status.NOT_STARTED, "accept"),
        (Status.DRAFTING, "accept"),
        (Status.ACCEPTED, "submit"),
        (Status.SUBMITTED, "submit"),
        (Status.DRAFTING, "return"),
        (Status.SUBMITTED, "reopen"),
    ],
)
def test_impossible_transitions_raise_a_domain_error_and_change_nothing(status, action):
    assessment = AssessmentFactory(filled=True)
    Assessment.objects.filter(pk=assessment.pk).update(status=status, submitted_at="2025-04-01T00:00Z")
    assessment.refresh_from_db()
    office = UserFactory(office=True)
    calls = {
        "accept": lambda: assessment.accept(by=office),
        "submit": lambda: assessment.submit(by=office),
        "return": lambda: assessment.return_for_revision(by=office, reason="x"),
        "reopen": lambda: assessment.reopen(by=office, reason="x"),
    }
    with pytest.raises(InvalidTransition):
        calls[action]()
    assessment.refresh_from_db()
    assert assessment.status == status
    assert not assessment.events.exists()


def test_a_return_needs_a_reason():
    assessment = AssessmentFactory(filled=True)
    assessment.submit(by=assessment.task.lead)
    with pytest.raises(InvalidTransition):
        assessment.return_for_revision(by=UserFactory(office=True), reason="   ")
    assessment.refresh_from_db()
    assert assessment.status == Status.SUBMITTED


def test_database_refuses_a_return_without_reason_and_a_second_assessment_per_task():
    assessment = AssessmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(status=Status.RETURNED, return_reason="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(task=assessment.task)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(status="lost")


def test_submit_refuses_an_incomplete_assessment_listing_everything_missing():
    assessment = AssessmentFactory()
    with pytest.raises(IncompleteAssessment) as exc:
        assessment.submit(by=assessment.task.lead)
    assert len(exc.value.missing) == 3
    assessment.refresh_from_db()
    assert assessment.status == Status.NOT_STARTED


def test_events_are_append_only():
    assessment = AssessmentFactory()
    assessment.start_drafting(by=assessment.task.lead)
    event = assessment.events.get()
    event.reason = "changed"
    with pytest.raises(ImmutableEvent):
        event.save()
    with pytest.raises(ImmutableEvent):
        event.delete()
    with pytest.raises(ImmutableEvent):
        AssessmentEvent.objects.all().delete()
    with pytest.raises(ImmutableEvent):
        AssessmentEvent.objects.update(reason="x")


def test_one_value_per_indicator_and_year_and_ratios_need_their_parts():
    group = TaskGroupFactory()
    indicator = Indicator.objects.create(code="X.1", group=group, name="Số hồ sơ")
    IndicatorValue.objects.create(indicator=indicator, year=2021, value=10)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(indicator=indicator, year=2021, value=11)
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(code="X.2", group=group, name="Tỷ lệ", aggregation="ratio")

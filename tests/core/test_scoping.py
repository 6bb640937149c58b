"""One scope for every query of a commune's work (kimphuong.scoping), and the database keeping related rows in
one commune (kimphuong.constraints)."""

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from kimphuong.models import Commune, User
from kimphuong.scoping import CommuneOwned, ScopeError, all_communes, commune_scope, no_scope
from reform.models import Assessment, Evidence, Task
from reports.models import Report, ReportSection
from tests.factories import AssessmentFactory, PositionFactory, ReviewFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db


def commune_models():
    return [m for m in apps.get_models() if issubclass(m, CommuneOwned)] + [User]


@pytest.fixture
def other():
    return Commune.objects.create(name="Phượng Tiến", code="05530")


def test_every_model_of_a_communes_work_is_scoped():
    labels = {m._meta.label for m in commune_models()}
    # The work the issue lists: plan, tasks, reviews, assessments and events, evidence, figures, scores,
    # commendations, initiatives, proposals, reports and versions, notifications, the conference.
    for label in (
        "reform.Plan", "reform.Task", "reform.Review", "reform.Assessment", "reform.AssessmentEvent",
        "reform.Evidence", "reform.Notification", "indicators.IndicatorValue", "indicators.IndexScore",
        "emulation.Commendation", "emulation.Initiative", "emulation.Proposal", "reports.Report",
        "reports.ReportVersion", "reports.ReportSection", "conference.Conference", "dissemination.Record",
        "kimphuong.CommuneProfile", "kimphuong.Position", "kimphuong.User",
    ):  # fmt: skip
        assert label in labels, label


@pytest.mark.parametrize("model", commune_models(), ids=lambda m: m._meta.label)
def test_an_unscoped_query_fails_loudly(model):
    with no_scope(), pytest.raises(ScopeError):
        list(model.objects.all())
    with no_scope(), pytest.raises(ScopeError):
        model.objects.count()


def test_a_queryset_made_before_any_scope_runs_in_the_scope_of_its_use(other):
    with no_scope():
        early = Task.objects.all()  # as a form field's queryset is made when Python loads the module
    TaskFactory(content="Nhiệm vụ Kim Phượng")
    with commune_scope(other):
        TaskFactory(content="Nhiệm vụ Phượng Tiến", lead=UserFactory(position=PositionFactory(code="X1")))
    assert [t.content for t in early.all()] == ["Nhiệm vụ Kim Phượng"]
    with commune_scope(other):
        assert [t.content for t in early.all()] == ["Nhiệm vụ Phượng Tiến"]
    with no_scope(), pytest.raises(ScopeError):
        list(early.all())


def test_a_scope_shows_its_commune_only_and_new_rows_belong_to_it(other):
    mine = TaskFactory()
    with commune_scope(other):
        theirs = TaskFactory(lead=UserFactory(position=PositionFactory(code="X2")))
        assert list(Task.objects.all()) == [theirs]
        assert not Task.objects.filter(pk=mine.pk).exists()
        assert User.objects.filter(pk=mine.lead_id).count() == 0
    assert theirs.commune == other and theirs.plan.commune == other and theirs.lead.commune == other
    assert list(Task.objects.all()) == [mine]
    with all_communes():
        assert set(Task.objects.all()) == {mine, theirs}


def test_a_row_cannot_be_written_without_one_commune_in_scope():
    review = ReviewFactory()
    with all_communes(), pytest.raises(ScopeError):
        Report.objects.create(review=review)


def test_the_database_keeps_a_tasks_assessment_in_the_tasks_commune(other):
    task = TaskFactory()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Assessment.objects.create(task=task, commune=other)


def test_the_database_keeps_evidence_and_report_sections_in_their_commune(other):
    assessment = AssessmentFactory()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Evidence.objects.create(assessment=assessment, summary="Công văn", commune=other)
    report = Report.objects.create(review=ReviewFactory())
    with transaction.atomic(), pytest.raises(IntegrityError):
        ReportSection.objects.create(report=report, key="p1", title="Phần I", commune=other)
    # Moving a row to another commune behind its parent's back is refused as well.
    section = ReportSection.objects.create(report=report, key="p2", title="Phần II")
    with transaction.atomic(), pytest.raises(IntegrityError):
        ReportSection._base_manager.filter(pk=section.pk).update(commune=other)


def test_the_database_refuses_a_lead_from_another_commune(other):
    task = TaskFactory()
    with commune_scope(other):
        stranger = UserFactory(position=PositionFactory(code="X3"))
    with transaction.atomic(), pytest.raises(IntegrityError):
        Task._base_manager.filter(pk=task.pk).update(lead=stranger)


def test_a_queryset_made_in_one_communes_scope_refuses_to_run_in_anothers(other):
    TaskFactory()
    made_here = Task.objects.all()  # e.g. a module-level queryset built during a request of Kim Phượng
    with commune_scope(other), pytest.raises(ScopeError):
        list(made_here.all())
    with all_communes():
        assert made_here.count() == 1  # the province's scope keeps its narrower filter
    with no_scope(), pytest.raises(ScopeError):
        made_here.exists()


def test_the_web_server_imports_every_form_outside_any_scope():
    """Forms' choices made at import time are pending, not bound to the commune of the first request."""
    from emulation.forms import InitiativeForm

    assert InitiativeForm.base_fields["author_users"].queryset._scope_pending


def test_a_shared_catalogues_related_rows_stay_scoped_a_communes_rows_lead_to_their_own(other):
    """Group.user_set (a group every commune shares) lists the scope's users only; a commune's row leads to its
    own related rows without filtering again (what keeps prefetching cheap)."""
    mine = UserFactory(office=True)
    with commune_scope(other):
        theirs = UserFactory(office=True, position=PositionFactory(code="X4"))
    group = mine.groups.get()
    assert list(group.user_set.all()) == [mine]
    with commune_scope(other):
        assert list(group.user_set.all()) == [theirs]
    review = ReviewFactory()
    task = TaskFactory(plan=review.plan)
    with no_scope():
        assert list(review.plan.tasks.all()) == [task]

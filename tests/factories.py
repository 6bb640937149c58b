import datetime as dt

import factory
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from factory.django import DjangoModelFactory

from kimphuong.models import LEADERSHIP_GROUP, OFFICE_GROUP, Position, TaskGroup
from reform.models import Assessment, Evidence, Plan, Review, Task


def _group(name: str) -> Group:
    group, created = Group.objects.get_or_create(name=name)
    if created and name == OFFICE_GROUP:
        group.permissions.add(Permission.objects.get(codename="review_assessment"))
    return group


class PositionFactory(DjangoModelFactory):
    class Meta:
        model = Position
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"P{n}")
    title = factory.Sequence(lambda n: f"Công chức {n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = "kimphuong.User"
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("secret-pass-123")
    position = factory.SubFactory(PositionFactory)

    @factory.post_generation
    def office(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(_group(OFFICE_GROUP))

    @factory.post_generation
    def leadership(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(_group(LEADERSHIP_GROUP))


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan

    title = "Kế hoạch CCHC giai đoạn 2021 - 2025"


class ReviewFactory(DjangoModelFactory):
    class Meta:
        model = Review

    plan = factory.SubFactory(PlanFactory)
    title = "Tổng kết CCHC giai đoạn 2021 - 2025"
    self_assessment_deadline = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=10))
    report_deadline = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))


class TaskGroupFactory(DjangoModelFactory):
    class Meta:
        model = TaskGroup
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"G{n}")
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")
    order = factory.Sequence(int)


class TaskFactory(DjangoModelFactory):
    class Meta:
        model = Task

    plan = factory.SubFactory(PlanFactory)
    group = factory.SubFactory(TaskGroupFactory)
    code = factory.Sequence(lambda n: f"T-{n:03d}")
    content = factory.Sequence(lambda n: f"Nhiệm vụ cải cách số {n}")
    target = "100% đúng hạn"
    lead = factory.SubFactory(UserFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))
    order = factory.Sequence(int)


class AssessmentFactory(DjangoModelFactory):
    class Meta:
        model = Assessment

    task = factory.SubFactory(TaskFactory)

    class Params:
        # Ready to submit: AssessmentFactory(filled=True).submit(by=...)
        filled = factory.Trait(
            completion="done",
            result="Hoàn thành đúng kế hoạch các năm 2021 - 2025.",
            no_evidence_reason="Nhiệm vụ không phát sinh văn bản riêng.",
        )


class EvidenceFactory(DjangoModelFactory):
    class Meta:
        model = Evidence

    assessment = factory.SubFactory(AssessmentFactory)
    doc_type = "bao_cao"
    number = factory.Sequence(lambda n: str(n + 1))
    symbol = "BC-UBND"
    summary = "kết quả thực hiện"


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = "indicators.Indicator"

    code = factory.Sequence(lambda n: f"I.{n}")
    group = factory.SubFactory(TaskGroupFactory)
    name = factory.Sequence(lambda n: f"Chỉ tiêu {n}")
    unit = "hồ sơ"

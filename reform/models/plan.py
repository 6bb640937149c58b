"""The reform plan, its areas and tasks, and the review that assesses them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypedDict

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kimphuong.models import LegalBasis, TaskGroup, User
from kimphuong.scoping import CommuneManager, CommuneOwned, ScopedQuerySet, current_scope

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise, WithAnnotations


class Plan(CommuneOwned):
    """The commune's reform plan that assigns the tasks (e.g. Kế hoạch số 96/KH-UBND ngày 31/12/2021)."""

    title = models.CharField(_("tên kế hoạch"), max_length=300)
    document = models.ForeignKey(
        LegalBasis, verbose_name=_("văn bản"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    start_year = models.PositiveSmallIntegerField(_("từ năm"), default=2021)
    end_year = models.PositiveSmallIntegerField(_("đến năm"), default=2025)

    class Meta:
        verbose_name = _("kế hoạch CCHC")
        verbose_name_plural = _("kế hoạch CCHC")
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="plan_years_ordered"),
        ]

    def __str__(self) -> str:
        return self.document.short_citation if self.document is not None else self.title


class Review(CommuneOwned):
    """The five-year review being run: its periods and deadlines."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="reviews")
    title = models.CharField(_("tên đợt tổng kết"), max_length=400)
    period_start = models.PositiveSmallIntegerField(_("giai đoạn CCHC từ năm"), default=2021)
    period_end = models.PositiveSmallIntegerField(_("giai đoạn CCHC đến năm"), default=2025)
    emulation_start = models.PositiveSmallIntegerField(_("phong trào thi đua từ năm"), default=2018)
    emulation_end = models.PositiveSmallIntegerField(_("phong trào thi đua đến năm"), default=2025)
    instruction = models.ForeignKey(
        LegalBasis,
        verbose_name=_("văn bản chỉ đạo tổng kết của cấp trên"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Ví dụ: Kế hoạch số 73/KH-UBND ngày 26/3/2025 của UBND tỉnh; được dẫn đầu tiên trong báo cáo."),
    )
    emulation_basis = models.ForeignKey(
        LegalBasis,
        verbose_name=_("văn bản quy định phong trào thi đua"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Ví dụ: Quyết định số 39/2018/QĐ-UBND của UBND tỉnh; được dẫn ở Phần II."),
    )
    self_assessment_deadline = models.DateField(_("hạn nộp tự đánh giá"))
    report_deadline = models.DateField(_("hạn gửi báo cáo"))
    is_active = models.BooleanField(_("đang thực hiện"), default=True)

    class Meta:
        verbose_name = _("đợt tổng kết")
        verbose_name_plural = _("đợt tổng kết")
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="review_period_ordered"),
            models.CheckConstraint(
                condition=Q(emulation_end__gte=models.F("emulation_start")), name="review_emulation_ordered"
            ),
            models.UniqueConstraint(fields=["commune"], condition=Q(is_active=True), name="review_one_active"),
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def current(cls) -> Review | None:
        return cls.objects.filter(is_active=True).select_related("plan").first()

    @property
    def years(self) -> list[int]:
        return list(range(self.period_start, self.period_end + 1))

    @property
    def emulation_years(self) -> list[int]:
        return list(range(self.emulation_start, self.emulation_end + 1))


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa bắt đầu")
    DRAFTING = "drafting", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Yêu cầu bổ sung")
    ACCEPTED = "accepted", _("Đã duyệt")


#: Statuses that count as "handed in" for the dashboard and overdue checks.
DONE_STATUSES = (Status.SUBMITTED, Status.ACCEPTED)
#: Statuses in which the lead official may edit the self-assessment.
EDITABLE_STATUSES = (Status.NOT_STARTED, Status.DRAFTING, Status.RETURNED)
#: Statuses visible to the office and leadership (drafts stay private to their author).
VISIBLE_TO_OFFICE = (Status.SUBMITTED, Status.RETURNED, Status.ACCEPTED)


class TrackingAnnotations(TypedDict):
    """What `TaskQuerySet.for_tracking` adds to each task."""

    last_event_at: dt.datetime | None
    last_event_status: str | None
    evidence_count: int


class TaskQuerySet(ScopedQuerySet["Task"]):
    def led_by(self, user: User) -> TaskQuerySet:
        return self.filter(lead=user)

    def co_owned_by(self, user: User) -> TaskQuerySet:
        return self.filter(co_owners=user).exclude(lead=user)

    def for_listing(self) -> TaskQuerySet:
        """Everything a task list shows, in one query."""
        return self.select_related("group", "lead", "assessment").order_by("group__order", "order", "code")

    def overdue(self, today: dt.date | None = None) -> TaskQuerySet:
        today = today or timezone.localdate()
        return self.filter(due_date__lt=today).exclude(assessment__status__in=DONE_STATUSES)

    def with_status(self, status: str) -> TaskQuerySet:
        if status == Status.NOT_STARTED:
            return self.filter(Q(assessment__isnull=True) | Q(assessment__status=status))
        return self.filter(assessment__status=status)

    def for_tracking(self) -> models.QuerySet[WithAnnotations[Task, TrackingAnnotations]]:
        """The tracking table: the task, its people, its last event and evidence count, in one query."""
        # Looked up by name: the assessment models are defined on top of these (reform.models.assessment).
        event_model, evidence_model = apps.get_model("reform", "AssessmentEvent"), apps.get_model("reform", "Evidence")
        # By the task's own assessment row (already joined, already in the commune's scope): the rows of an
        # assessment are its commune's, as a related manager's are (scoping.within_commune_row), so the
        # subqueries read them through the base manager. Filtered by the commune again, a database without
        # statistics scans every event of the commune once per task instead of using the assessment's index.
        assessment = models.OuterRef("assessment__pk")
        last = event_model._base_manager.filter(assessment_id=assessment).order_by("-at", "-pk")
        evidence = (
            evidence_model._base_manager.filter(assessment_id=assessment)
            .order_by()
            .values("assessment_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        tracked = self
        scope = current_scope()
        if isinstance(scope, int):
            # The lead is always of the task's commune; said outright, it tells the planner that a commune's
            # tasks join a commune's few people and self-assessments, read through their indexes. Without it
            # PostgreSQL hashes every commune's officials and self-assessments, a cost that grows with the
            # number of communes (1.9 ms against 0.6 ms at 100 communes).
            tracked = tracked.filter(lead__commune_id=scope)
        tracked = (
            tracked.select_related("group", "lead", "assessment")
            .annotate(
                last_event_at=models.Subquery(last.values("at")[:1]),
                last_event_status=models.Subquery(last.values("to_status")[:1]),
                evidence_count=Coalesce(models.Subquery(evidence), 0),
            )
            .order_by("group__order", "order", "code")
        )
        # The plugin types annotate() with an anonymous TypedDict, which never matches the declared one.
        return tracked  # type: ignore[return-value]


class Task(CommuneOwned):
    """One task of the plan, led by one official (chủ trì), with co-owners (phối hợp)."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="tasks")
    group = models.ForeignKey(TaskGroup, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="tasks")
    code = models.CharField(_("mã"), max_length=20)
    content = models.TextField(_("nội dung nhiệm vụ"))
    target = models.TextField(_("chỉ tiêu / sản phẩm"), blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chủ trì"), on_delete=models.PROTECT, related_name="led_tasks"
    )
    lead_text = models.CharField(_("chủ trì (như kế hoạch ghi)"), max_length=200, blank=True)
    co_owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("phối hợp"), blank=True, related_name="co_owned_tasks"
    )
    coordination_text = models.CharField(_("phối hợp (như kế hoạch ghi)"), max_length=300, blank=True)
    deadline_text = models.CharField(_("thời hạn (như kế hoạch ghi)"), max_length=200, blank=True)
    due_date = models.DateField(_("hạn nộp tự đánh giá"))
    expected_evidence = models.TextField(_("tài liệu kiểm chứng dự kiến"), blank=True)
    # The figures this task reports (its self-assessment's Số liệu). The link sits on the task, so that the
    # indicator catalogue knows nothing of the plan; the table is the one the link had when it lived there.
    indicators = models.ManyToManyField(
        "indicators.Indicator",
        verbose_name=_("chỉ tiêu báo cáo"),
        blank=True,
        related_name="tasks",
        db_table="reform_indicator_tasks",
    )
    # An integer, not a small one: the import numbers tasks 10, 20, 30… and a plan may have thousands.
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    objects = CommuneManager.from_queryset(TaskQuerySet)()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["group__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="task_code_unique_in_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.content[:80]}"

    @property
    def status(self) -> str:
        """The assessment's status; a task whose record is missing counts as not started."""
        try:
            return self.assessment.status
        except models.ObjectDoesNotExist:
            return Status.NOT_STARTED

    def get_status_display(self) -> StrOrPromise:
        return Status(self.status).label

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.status not in DONE_STATUSES and self.due_date < (today or timezone.localdate())

    def days_left(self, today: dt.date | None = None) -> int:
        return (self.due_date - (today or timezone.localdate())).days

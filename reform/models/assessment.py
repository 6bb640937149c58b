"""The officials' self-assessments, their workflow and its append-only history."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.models import IndicatorValue, figure_text, figures_publish
from kimphuong.models import DocumentReference, DocumentType, User
from kimphuong.scoping import CommuneManager, CommuneOwned, ScopedQuerySet
from kimphuong.workflow import InvalidTransition
from reform.diff import FieldChange, changes_between
from reform.models.notices import notify_transition
from reform.models.plan import DONE_STATUSES, EDITABLE_STATUSES, VISIBLE_TO_OFFICE, Status, Task


class ImmutableEvent(InvalidTransition):
    """Events are append-only: they are never changed or deleted."""


class IncompleteAssessment(InvalidTransition):
    """A submission that lacks required parts; `missing` lists every one of them at once."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(_("Chưa nộp được vì còn thiếu: %(items)s") % {"items": "; ".join(missing)})
        self.missing = missing


class Completion(models.TextChoices):
    DONE = "done", _("Hoàn thành")
    DONE_LATE = "done_late", _("Hoàn thành nhưng chậm tiến độ")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    NOT_DONE = "not_done", _("Chưa hoàn thành")
    NOT_APPLICABLE = "not_applicable", _("Không phát sinh")


#: The self-assessment's own content, in the order of the form (SPEC §5).
CONTENT_FIELDS = (
    "completion",
    "result",
    "shortcomings",
    "cause_objective",
    "cause_subjective",
    "lessons",
    "proposals",
    "no_evidence_reason",
)


#: Labels of the parts of a snapshot, for diffs and field notes.
SNAPSHOT_LABELS = {
    "completion": _("Mức độ hoàn thành"),
    "result": _("Kết quả thực hiện"),
    "figures": _("Số liệu"),
    "evidence": _("Tài liệu kiểm chứng"),
    "shortcomings": _("Tồn tại, hạn chế"),
    "cause_objective": _("Nguyên nhân khách quan"),
    "cause_subjective": _("Nguyên nhân chủ quan"),
    "lessons": _("Bài học kinh nghiệm"),
    "proposals": _("Đề xuất nhiệm vụ, giải pháp giai đoạn 2026 - 2030"),
    "recommendations": _("Kiến nghị"),
    "no_evidence_reason": _("Giải trình không có tài liệu kiểm chứng"),
}


class AssessmentQuerySet(ScopedQuerySet["Assessment"]):
    def awaiting_review(self) -> AssessmentQuerySet:
        return self.filter(status=Status.SUBMITTED).order_by("submitted_at")

    def visible_to_office(self) -> AssessmentQuerySet:
        return self.filter(status__in=VISIBLE_TO_OFFICE)


class Assessment(CommuneOwned):
    """The lead official's self-assessment of one task, and its place in the review workflow."""

    task = models.OneToOneField(Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="assessment")
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status, default=Status.NOT_STARTED)
    completion = models.CharField(_("Mức độ hoàn thành"), max_length=20, choices=Completion, blank=True)
    result = models.TextField(_("Kết quả thực hiện"), blank=True)
    shortcomings = models.TextField(_("Tồn tại, hạn chế"), blank=True)
    cause_objective = models.TextField(_("Nguyên nhân khách quan"), blank=True)
    cause_subjective = models.TextField(_("Nguyên nhân chủ quan"), blank=True)
    lessons = models.TextField(_("Bài học kinh nghiệm"), blank=True)
    proposals = models.TextField(_("Đề xuất nhiệm vụ, giải pháp giai đoạn 2026 - 2030"), blank=True)
    no_evidence_reason = models.TextField(_("Giải trình không có tài liệu kiểm chứng"), blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    # Số liệu typed in the draft, {"<indicator id>-<year>": {"value": "12.5" | None, "base": version}}:
    # written to IndicatorValue only when the assessment is handed in, so drafts never reach the figures.
    draft_figures = models.JSONField(_("số liệu đang soạn"), default=dict, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xem xét"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    return_reason = models.TextField(_("Lý do trả lại"), blank=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người sửa"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CommuneManager.from_queryset(AssessmentQuerySet)()

    class Meta:
        verbose_name = _("tự đánh giá")
        verbose_name_plural = _("tự đánh giá")
        ordering = ["task__group__order", "task__order"]
        permissions = [("review_assessment", _("Có thể duyệt hoặc trả lại bản tự đánh giá"))]
        constraints = [
            models.UniqueConstraint(fields=["task"], name="assessment_one_per_task"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="assessment_status_valid"),
            models.CheckConstraint(
                condition=Q(completion="") | Q(completion__in=Completion.values), name="assessment_completion_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.RETURNED) | ~Q(return_reason=""), name="assessment_return_needs_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=DONE_STATUSES) | Q(submitted_at__isnull=False),
                name="assessment_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.code} – {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("reform:assessment_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    # Transitions: each locks the row, checks where it stands and writes its event in one transaction.
    def start_drafting(self, *, by: User, at: dt.datetime | None = None) -> None:
        self._move(Status.DRAFTING, allowed_from={Status.NOT_STARTED}, by=by, at=at)

    def missing_items(self) -> list[tuple[str, str]]:
        """Everything a submission still lacks, each with the field where it is filled in (this queries the
        evidence rows; a missing document is explained in `no_evidence_reason`)."""
        missing = []
        if not self.completion:
            missing.append(("completion", str(_("chọn Mức độ hoàn thành"))))
        if not self.result.strip():
            missing.append(("result", str(_("ghi Kết quả thực hiện"))))
        if not self.no_evidence_reason.strip() and not self.evidence.exists():
            missing.append(
                (
                    "no_evidence_reason",
                    str(_("thêm ít nhất một Tài liệu kiểm chứng hoặc giải trình lý do không có tài liệu kiểm chứng")),
                )
            )
        return missing

    def missing_for_submission(self) -> list[str]:
        """Everything a submission still lacks, in words (this queries the evidence rows)."""
        return [text for _field, text in self.missing_items()]

    def submit(self, *, by: User, at: dt.datetime | None = None) -> None:
        """Hand the assessment in; refused with every missing item listed when it is incomplete."""
        self._move(
            Status.SUBMITTED,
            allowed_from={Status.NOT_STARTED, Status.DRAFTING, Status.RETURNED},
            by=by,
            at=at,
            guard=self._require_complete,
        )

    def _require_complete(self) -> None:
        if missing := self.missing_for_submission():
            raise IncompleteAssessment(missing)

    @transaction.atomic
    def return_for_revision(
        self, *, by: User, reason: str, notes: dict[str, str] | None = None, at: dt.datetime | None = None
    ) -> None:
        """Send back for revision with a reason, and optional remarks pinned to single fields."""
        event = self._move(Status.RETURNED, allowed_from={Status.SUBMITTED}, by=by, reason=reason, at=at)
        FieldNote.objects.bulk_create(
            FieldNote(event=event, field=name, text=text.strip())
            for name, text in (notes or {}).items()
            if name in SNAPSHOT_LABELS and text.strip()
        )

    def last_return(self) -> AssessmentEvent | None:
        """The latest return (or reopening), with its field notes; this queries."""
        return (
            self.events.filter(to_status=Status.RETURNED).prefetch_related("field_notes").order_by("-at", "-pk").first()
        )

    def accept(self, *, by: User, at: dt.datetime | None = None) -> None:
        self._move(Status.ACCEPTED, allowed_from={Status.SUBMITTED}, by=by, at=at)

    def reopen(self, *, by: User, reason: str, at: dt.datetime | None = None) -> None:
        self._move(Status.RETURNED, allowed_from={Status.ACCEPTED}, by=by, reason=reason, at=at)

    @transaction.atomic
    def _move(
        self,
        new: Status,
        *,
        allowed_from: set[Status],
        by: User,
        reason: str = "",
        at: dt.datetime | None = None,
        guard: Callable[[], None] | None = None,
    ) -> AssessmentEvent:
        # Lock the row: two clicks or two reviewers at once must not both succeed.
        current = Assessment.objects.select_for_update().values_list("status", flat=True).get(pk=self.pk)
        if current not in allowed_from:
            raise InvalidTransition(
                _("Không thể chuyển từ “%(old)s” sang “%(new)s”.")
                % {"old": Status(current).label, "new": Status(new).label}
            )
        reason = reason.strip()
        if new == Status.RETURNED and not reason:
            raise InvalidTransition(_("Cần ghi lý do trả lại."))
        if guard is not None:
            guard()
        now = at or timezone.now()
        self.status = new
        fields = ["status", "updated_at"]
        if new == Status.SUBMITTED:
            self.submitted_at = now
            fields.append("submitted_at")
            # Handed in: the draft's figures become the task's figures (refused if changed meanwhile).
            draft = Assessment.objects.values_list("draft_figures", flat=True).get(pk=self.pk)
            figures_publish(draft or {}, by=by)
            self.draft_figures = {}
            fields.append("draft_figures")
        elif new in (Status.RETURNED, Status.ACCEPTED):
            self.reviewed_by, self.reviewed_at = by, now
            self.return_reason = reason if new == Status.RETURNED else ""
            fields += ["reviewed_by", "reviewed_at", "return_reason"]
        self.save(update_fields=fields)
        event = AssessmentEvent.objects.create(
            assessment=self,
            actor=by,
            from_status=current,
            to_status=new,
            reason=reason,
            at=now,
            # What the office saw when it decided: the diff after a return is computed from this.
            snapshot=self.snapshot() if new != Status.DRAFTING else {},
        )
        notify_transition(event)
        return event

    def changes_since_return(
        self, events: list[AssessmentEvent] | None = None
    ) -> tuple[AssessmentEvent, list[FieldChange]] | None:
        """Handed in again after a return: the return and what changed since the office sent it back, field
        by field (from the snapshots the two events keep); None otherwise. Queries the events unless given."""
        events = list(self.events.order_by("at", "pk")) if events is None else events
        returns = [e for e in events if e.to_status == Status.RETURNED]
        submitted = [e for e in events if e.to_status == Status.SUBMITTED]
        if not (returns and submitted and submitted[-1].at > returns[-1].at):
            return None
        return returns[-1], changes_between(returns[-1].snapshot, submitted[-1].snapshot, SNAPSHOT_LABELS)

    def snapshot(self) -> dict[str, str]:
        """The content as the office reads it, one text per field (queries the rows and figures)."""
        fresh = Assessment.objects.get(pk=self.pk)
        texts = {
            "completion": fresh.get_completion_display() if fresh.completion else "",
            **{name: getattr(fresh, name) for name in CONTENT_FIELDS if name != "completion"},
        }
        texts["evidence"] = "\n".join(evidence_line(e) for e in fresh.evidence.all())
        texts["recommendations"] = "\n".join(recommendation_line(r) for r in fresh.recommendations.all())
        values = IndicatorValue.objects.filter(indicator__tasks=fresh.task_id).select_related("indicator")
        texts["figures"] = "\n".join(
            f"{v.indicator.code} {v.year}: {figure_text(v.value)}"
            for v in values.order_by("indicator__order", "indicator__code", "year")
        )
        return texts


def evidence_line(e: Evidence) -> str:
    """One evidence row as the office reads it (snapshots, diffs, the conflict view)."""
    return " ".join(filter(None, [e.long_citation, f"({e.location})" if e.location else "", e.original_name]))


def recommendation_line(r: Recommendation) -> str:
    return f"{r.get_level_display()}: {r.content}"


class AssessmentEventQuerySet(ScopedQuerySet["AssessmentEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise ImmutableEvent(_("Lịch sử xử lý không được sửa."))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableEvent(_("Lịch sử xử lý không được xóa."))


class AssessmentEvent(CommuneOwned):
    """Append-only history of every status change: who, when, from, to, why."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("tự đánh giá"), on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(_("từ trạng thái"), max_length=12, choices=Status)
    to_status = models.CharField(_("sang trạng thái"), max_length=12, choices=Status)
    reason = models.TextField(_("lý do"), blank=True)
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    snapshot = models.JSONField(_("nội dung lúc chuyển trạng thái"), default=dict, blank=True, editable=False)

    objects = CommuneManager.from_queryset(AssessmentEventQuerySet)()

    class Meta:
        verbose_name = _("lịch sử xử lý")
        verbose_name_plural = _("lịch sử xử lý")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(from_status__in=Status.values), name="event_from_status_valid"),
            models.CheckConstraint(condition=Q(to_status__in=Status.values), name="event_to_status_valid"),
            models.CheckConstraint(
                condition=~Q(to_status=Status.RETURNED) | ~Q(reason=""), name="event_return_needs_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ImmutableEvent(_("Lịch sử xử lý không được sửa."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableEvent(_("Lịch sử xử lý không được xóa."))


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    """An unguessable stored name; the original name is kept in `original_name`."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Evidence(CommuneOwned, DocumentReference):
    """A document proving a result (tài liệu kiểm chứng), optionally with its file."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("tự đánh giá"), on_delete=models.CASCADE, related_name="evidence"
    )
    client_key = models.UUIDField(_("khóa dòng"), default=uuid.uuid4, editable=False)
    location = models.CharField(_("trang/mục"), max_length=100, blank=True)
    file = models.FileField(_("tệp"), upload_to=evidence_upload_to, blank=True, max_length=200)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(_("dung lượng"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu kiểm chứng")
        verbose_name_plural = _("tài liệu kiểm chứng")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(doc_type__in=DocumentType.values), name="evidence_type_valid"),
            # Rows are saved by the key the browser gave them, so an autosave never duplicates a row.
            models.UniqueConstraint(fields=["assessment", "client_key"], name="evidence_row_key_unique"),
        ]

    def __str__(self) -> str:
        return self.long_citation


class Level(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Tỉnh")
    DISTRICT = "district", _("Huyện")
    COMMUNE = "commune", _("Xã")


class Recommendation(CommuneOwned):
    """A kiến nghị from a self-assessment, addressed to one level of government."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("tự đánh giá"), on_delete=models.CASCADE, related_name="recommendations"
    )
    client_key = models.UUIDField(_("khóa dòng"), default=uuid.uuid4, editable=False)
    content = models.TextField(_("nội dung"))
    level = models.CharField(_("cấp nhận"), max_length=10, choices=Level)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(level__in=Level.values), name="recommendation_level_valid"),
            models.UniqueConstraint(fields=["assessment", "client_key"], name="recommendation_row_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.content[:60]}"


class TaskComment(CommuneOwned):
    """A remark on a task by its lead, a co-owner (phối hợp) or the office."""

    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người viết"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("ý kiến"))
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("ý kiến trao đổi")
        verbose_name_plural = _("ý kiến trao đổi")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:60]}"


class FieldNote(CommuneOwned):
    """A remark the office pins to one field when it returns an assessment."""

    event = models.ForeignKey(
        AssessmentEvent, verbose_name=_("lần trả lại"), on_delete=models.CASCADE, related_name="field_notes"
    )
    field = models.CharField(_("mục"), max_length=30)
    text = models.TextField(_("nội dung góp ý"))

    class Meta:
        verbose_name = _("góp ý theo mục")
        verbose_name_plural = _("góp ý theo mục")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "field"], name="fieldnote_one_per_field"),
        ]

    def __str__(self) -> str:
        return f"{self.field}: {self.text[:60]}"

    @property
    def label(self) -> str:
        return str(SNAPSHOT_LABELS.get(self.field, self.field))

"""The compiled report: its sections (drafted from the data, edited by the office) and its frozen versions."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kimphuong import audit
from kimphuong.models import CommuneProfile, SuperiorBody, User
from kimphuong.scoping import CommuneManager, CommuneOwned, ScopedQuerySet
from kimphuong.text import clean_input
from kimphuong.workflow import InvalidTransition
from reform.diff import inline_diff
from reform.models import Review
from reports import submission


class ReportError(InvalidTransition):
    """An action the report or version does not allow in its current state (shown as a message)."""


class ProvinceStatus(models.TextChoices):
    """Where the report stands with the province (Sở Nội vụ receives it, bottom-up as in DHIS2)."""

    NOT_SENT = "", _("Chưa gửi tỉnh")
    SENT = "sent", _("Đã gửi tỉnh")
    RETURNED = "returned", _("Tỉnh trả lại")
    ACCEPTED = "accepted", _("Tỉnh tiếp nhận")


class Report(CommuneOwned):
    """One report per review."""

    review = models.OneToOneField(
        Review, verbose_name=_("đợt tổng kết"), on_delete=models.PROTECT, related_name="report"
    )
    compiled_at = models.DateTimeField(_("tổng hợp lúc"), null=True, blank=True)
    compiled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tổng hợp"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    recipients = models.TextField(
        _("kính gửi"), blank=True,
        help_text=_("Mỗi dòng một cơ quan. Để trống: các cơ quan cấp trên có hiệu lực vào ngày của báo cáo."),
    )  # fmt: skip
    distribution = models.TextField(
        _("nơi nhận"), blank=True,
        help_text=_("Mỗi dòng một nơi nhận, không ghi “Như trên” và “Lưu”. Để trống: theo thông tin xã."),
    )  # fmt: skip
    # The province's side: the version sent (approved and signed), and what Sở Nội vụ made of it.
    province_status = models.CharField(
        _("tình trạng với tỉnh"), max_length=10, choices=ProvinceStatus, default=ProvinceStatus.NOT_SENT, blank=True
    )
    sent_version = models.ForeignKey(
        "reports.ReportVersion", verbose_name=_("phiên bản đã gửi tỉnh"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    province_status_at = models.DateTimeField(_("cập nhật tình trạng lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo tổng kết")
        verbose_name_plural = _("báo cáo tổng kết")
        constraints = [
            models.CheckConstraint(
                condition=Q(province_status__in=ProvinceStatus.values), name="report_province_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(province_status="") | Q(sent_version__isnull=False), name="report_province_status_version"
            ),
        ]

    def __str__(self) -> str:
        return str(self.review)

    # The province's side (bottom-up, as in DHIS2): leadership sends an approved and signed version, Sở Nội vụ
    # returns it with a reason or accepts it; an accepted report is locked until the province reopens it.

    @property
    def is_editable(self) -> bool:
        """The commune may change the content (compile, sections, addressees, a new version)."""
        return self.province_status in (ProvinceStatus.NOT_SENT, ProvinceStatus.RETURNED)

    def check_editable(self) -> None:
        """Refuse a change of the content while the province holds the report (sent, or accepted)."""
        if self.province_status == ProvinceStatus.ACCEPTED:
            raise ReportError(_("Báo cáo đã được tỉnh tiếp nhận; muốn sửa, đề nghị Sở Nội vụ mở lại."))
        if self.province_status == ProvinceStatus.SENT:
            raise ReportError(
                _("Báo cáo đã gửi tỉnh, đang chờ tỉnh thẩm định: chỉ sửa được khi tỉnh trả lại hoặc mở lại.")
            )

    def lock_editable(self) -> Report:
        """Lock the report's row (inside the caller's transaction) and refuse if the province holds it: every
        change of the content goes through here, so a change cannot slip in while the report is being sent."""
        if self.pk is None:
            return self
        locked = Report.objects.select_for_update().get(pk=self.pk)
        locked.check_editable()
        return locked

    def _lock_for_province(self, by: User, *, allowed_from: ProvinceStatus) -> Report:
        if not (getattr(by, "is_province_reviewer", False) and by.commune_id is None):
            raise ReportError(_("Chỉ Sở Nội vụ (cán bộ thẩm định của tỉnh) được thẩm định báo cáo của xã."))
        locked = Report.objects.select_for_update().get(pk=self.pk)
        if locked.province_status != allowed_from:
            current = ProvinceStatus(locked.province_status).label
            if allowed_from == ProvinceStatus.SENT:
                raise ReportError(_("Báo cáo không ở trạng thái chờ tỉnh thẩm định (hiện: %(s)s).") % {"s": current})
            raise ReportError(_("Chỉ mở lại báo cáo tỉnh đã tiếp nhận (hiện: %(s)s).") % {"s": current})
        return locked

    def _move(self, locked: Report, new: ProvinceStatus, *, kind: str, by: User, reason: str = "") -> SubmissionEvent:
        version = locked.sent_version
        if version is None:  # the database refuses a status without a sent version; this guards the type
            raise ReportError(_("Báo cáo chưa gửi tỉnh phiên bản nào."))
        now = timezone.now()
        self.province_status, self.province_status_at = new, now
        self.save(update_fields=["province_status", "province_status_at"])
        event = SubmissionEvent.objects.create(
            commune_id=locked.commune_id, report=self, version=version, kind=kind, by=by, at=now,
            reason=reason,
        )  # fmt: skip
        submission.notify_submission(event)
        return event

    @transaction.atomic
    def return_to_commune(self, *, by: User, reason: str) -> SubmissionEvent:
        """Sở Nội vụ returns the sent report for the commune to complete; the reason is required."""
        reason = _required_reason(reason, _("Hãy ghi lý do trả lại để xã biết cần bổ sung, sửa gì."))
        locked = self._lock_for_province(by, allowed_from=ProvinceStatus.SENT)
        return self._move(locked, ProvinceStatus.RETURNED, kind=SubmissionEventKind.RETURNED, by=by, reason=reason)

    @transaction.atomic
    def accept(self, *, by: User) -> SubmissionEvent:
        """Sở Nội vụ accepts the sent report: it is locked until reopened."""
        locked = self._lock_for_province(by, allowed_from=ProvinceStatus.SENT)
        return self._move(locked, ProvinceStatus.ACCEPTED, kind=SubmissionEventKind.ACCEPTED, by=by)

    @transaction.atomic
    def reopen(self, *, by: User, reason: str) -> SubmissionEvent:
        """Sở Nội vụ reopens an accepted report so that the commune can correct it and send it again."""
        reason = _required_reason(reason, _("Hãy ghi lý do mở lại báo cáo để xã biết cần sửa gì."))
        locked = self._lock_for_province(by, allowed_from=ProvinceStatus.ACCEPTED)
        return self._move(locked, ProvinceStatus.RETURNED, kind=SubmissionEventKind.REOPENED, by=by, reason=reason)

    @classmethod
    def for_review(cls, review: Review) -> Report:
        """The review's report, created on the first write (compiling, the addressees, a version)."""
        report, _created = cls.objects.get_or_create(review=review)
        return report

    @classmethod
    def read_for_review(cls, review: Review) -> Report:
        """The review's report for reading: an unsaved one (no sections, no versions) until the first write,
        so that opening a page never writes to the database."""
        return cls._reading().filter(review=review).first() or cls(review=review)

    @classmethod
    def read_current(cls) -> Report | None:
        """The active review's report with its review, in one query; None until its first write."""
        return cls._reading().filter(review__is_active=True).first()

    @classmethod
    def _reading(cls) -> models.QuerySet[Report]:
        # `approved_version_id`: the newest approved version's, so that a page showing only the newest
        # versions still finds the approved one without another query.
        newest_approved = ReportVersion.objects.filter(report=models.OuterRef("pk"), approved_at__isnull=False)
        return (
            cls.objects.select_related("review__plan", "compiled_by", "sent_version")
            .defer("sent_version__sections")  # the sent version's frozen text: its number is what is shown
            .annotate(approved_version_id=models.Subquery(newest_approved.order_by("-number").values("pk")[:1]))
        )

    def section_rows(self) -> models.QuerySet[ReportSection]:
        return self.sections.all() if self.pk else ReportSection.objects.none()

    def version_rows(self) -> models.QuerySet[ReportVersion]:
        return self.versions.all() if self.pk else ReportVersion.objects.none()

    def addressing(self, on: dt.date, bodies: list[SuperiorBody] | None = None) -> tuple[list[str], list[str]]:
        """“Kính gửi” and “Nơi nhận” (between “Như trên” and “Lưu”): each as the office typed it, else from the
        profile and the superior bodies in force on the report's date (`bodies`, when already read)."""
        recipients, distribution = _lines(self.recipients), _lines(self.distribution)
        if recipients and distribution:
            return recipients, distribution
        profile = CommuneProfile.load()
        if profile is None:
            return recipients, distribution
        bodies = list(SuperiorBody.objects.in_force_on(on)) if bodies is None else bodies
        return recipients or profile.addressees_on(on, bodies), distribution or profile.distribution_on(on, bodies)

    @transaction.atomic
    def set_addressees(self, *, recipients: str, distribution: str) -> None:
        self.lock_editable()
        self.recipients, self.distribution = clean_input(recipients), clean_input(distribution)
        self.save(update_fields=["recipients", "distribution"])


def _required_reason(reason: str, message: str | Promise) -> str:
    reason = clean_input(reason or "").strip()
    if not reason:
        raise ReportError(message)
    return reason


def _lines(text: str) -> list[str]:
    lines = (line.strip().lstrip("-").strip().rstrip(" ;.") for line in (text or "").splitlines())
    return [line for line in lines if line]


class ReportSection(CommuneOwned):
    """One part of the outline: the compiled draft, and the text that goes into the document.

    Compiling again replaces the text only where nobody edited it; an edited section keeps its text and is
    marked stale when its draft changes, so that nothing typed by the office is ever silently lost.
    """

    report = models.ForeignKey(Report, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(_("mã phần"), max_length=40)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    title = models.CharField(_("tên phần"), max_length=300)
    draft = models.TextField(_("dự thảo tự tổng hợp"), blank=True)
    sources = models.JSONField(_("bản tự đánh giá nguồn"), default=list, blank=True)
    text = models.TextField(_("nội dung"), blank=True)
    is_edited = models.BooleanField(_("Văn phòng đã sửa"), default=False)
    edited_from = models.TextField(_("dự thảo lúc sửa"), blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người sửa"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    edited_at = models.DateTimeField(_("sửa lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("phần báo cáo")
        verbose_name_plural = _("phần báo cáo")
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="reportsection_key_unique")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_stale(self) -> bool:
        """Edited, and the data has changed since: the new draft is shown beside the edit to merge."""
        return self.is_edited and self.draft != self.edited_from

    @transaction.atomic
    def edit(self, *, text: str, by: User | None) -> None:
        Report(pk=self.report_id).lock_editable()
        locked = ReportSection.objects.select_for_update().get(pk=self.pk)
        self.text = clean_input(text)
        audit.record(self, {"text": (locked.text, self.text)}, by=by, label=self.title)
        self.is_edited = True
        self.edited_from = locked.draft
        self.edited_by, self.edited_at = by, timezone.now()
        self.save(update_fields=["text", "is_edited", "edited_from", "edited_by", "edited_at"])

    @transaction.atomic
    def use_draft(self, *, by: User) -> None:
        """Drop the edit and follow the compiled draft again."""
        Report(pk=self.report_id).lock_editable()
        locked = ReportSection.objects.select_for_update().get(pk=self.pk)
        audit.record(self, {"text": (locked.text, self.draft)}, by=by, label=self.title)
        self.text, self.is_edited, self.edited_from = self.draft, False, ""
        self.edited_by, self.edited_at = by, timezone.now()
        self.save(update_fields=["text", "is_edited", "edited_from", "edited_by", "edited_at"])


def version_upload_to(instance: ReportVersion, filename: str) -> str:
    return f"reports/{instance.report_id}/v{instance.number}-{uuid.uuid4().hex[:8]}-{filename}"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check_document_number(number: str) -> None:
    """The number as the form cleans it: ASCII digits (the form refuses “１５”; this guards other callers)."""
    if not re.fullmatch(r"[0-9]+", number or ""):
        raise ReportError(_("Số văn bản chỉ gồm chữ số 0–9, ví dụ 15."))


class ReportVersion(CommuneOwned):
    """A frozen version: its text and its three files never change; approval and signing are recorded on it."""

    report = models.ForeignKey(Report, verbose_name=_("báo cáo"), on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    sections = models.JSONField(_("nội dung các phần"), default=list)
    recipients = models.JSONField(_("kính gửi"), default=list)
    distribution = models.JSONField(_("nơi nhận"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người phát hành"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("phát hành lúc"), default=timezone.now)
    docx = models.FileField(_("tệp Word"), upload_to=version_upload_to, max_length=200)
    docx_sha256 = models.CharField(_("SHA-256 tệp Word"), max_length=64)
    pdf = models.FileField(_("tệp PDF"), upload_to=version_upload_to, max_length=200)
    pdf_sha256 = models.CharField(_("SHA-256 tệp PDF"), max_length=64)
    xlsx = models.FileField(_("tệp Excel"), upload_to=version_upload_to, max_length=200)
    xlsx_sha256 = models.CharField(_("SHA-256 tệp Excel"), max_length=64)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    signed_number = models.CharField(_("số văn bản"), max_length=20, blank=True)
    signed_date = models.DateField(_("ngày ký"), null=True, blank=True)
    signed_scan = models.FileField(_("bản ký (PDF)"), upload_to=version_upload_to, blank=True, max_length=200)
    signed_sha256 = models.CharField(_("SHA-256 bản ký"), max_length=64, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("ghi nhận lúc"), null=True, blank=True)

    #: What may still be written after a version is issued: approval and signing, nothing else.
    AFTER_ISSUE = frozenset(
        {
            "approved_by",
            "approved_at",
            "signed_number",
            "signed_date",
            "signed_scan",
            "signed_sha256",
            "signed_by",
            "signed_at",
        }
    )

    class Meta:
        verbose_name = _("phiên bản báo cáo")
        verbose_name_plural = _("phiên bản báo cáo")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="reportversion_number_unique"),
            models.CheckConstraint(
                condition=Q(signed_number="") | Q(approved_at__isnull=False), name="reportversion_signed_after_approval"
            ),
        ]

    def changes_since(self, older: ReportVersion) -> list[dict[str, Any]]:
        """The parts whose text differs from `older`'s, in this version's order, each with a word diff."""
        before = {s["key"]: s.get("text", "") for s in older.sections}
        return [
            {"title": s["title"], "html": inline_diff(before.get(s["key"], ""), s["text"])}
            for s in self.sections
            if before.get(s["key"], "") != s["text"]
        ]

    def __str__(self) -> str:
        return f"{self.report} – v{self.number}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def is_signed(self) -> bool:
        return bool(self.signed_number)

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A version's text and files never change once written; only approval and signing are added.
        if not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= self.AFTER_ISSUE:
                raise ReportError(_("Phiên bản đã phát hành không được sửa."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ReportError(_("Phiên bản đã phát hành không được xóa."))

    @transaction.atomic
    def approve(self, *, by: User) -> None:
        locked = ReportVersion.objects.select_for_update().get(pk=self.pk)
        if locked.approved_at is not None:
            raise ReportError(_("Phiên bản %(n)s đã được duyệt.") % {"n": self.number})
        self.approved_by, self.approved_at = by, timezone.now()
        self.save(update_fields=["approved_by", "approved_at"])

    @transaction.atomic
    def record_signature(self, *, by: User, number: str, date: Any, scan_name: str, scan_bytes: bytes) -> None:
        """After signing: the document number and date, and the signed scan with its SHA-256."""
        locked = ReportVersion.objects.select_for_update().get(pk=self.pk)
        if locked.approved_at is None:
            raise ReportError(_("Chỉ ghi nhận bản ký cho phiên bản đã được lãnh đạo duyệt."))
        if locked.signed_number:
            raise ReportError(_("Phiên bản %(n)s đã ghi nhận bản ký; không ghi lại.") % {"n": self.number})
        _check_document_number(number)
        self.signed_number, self.signed_date = number, date
        self.signed_scan.save(scan_name, ContentFile(scan_bytes), save=False)
        self.signed_sha256 = sha256(scan_bytes)
        self.signed_by, self.signed_at = by, timezone.now()
        self.save(
            update_fields=["signed_number", "signed_date", "signed_scan", "signed_sha256", "signed_by", "signed_at"]
        )

    @transaction.atomic
    def correct_signature(self, *, by: User, number: str, date: dt.date, reason: str) -> ReportVersionEvent:
        """Leadership corrects a wrongly recorded document number or date: only those two fields change (the
        scan and its SHA-256 stay), and the old and new values, who, when and why are kept as an event."""
        if not getattr(by, "is_leadership", False):
            raise ReportError(_("Chỉ lãnh đạo được sửa số, ngày của văn bản đã ký."))
        reason = clean_input(reason).strip()
        if not reason:
            raise ReportError(_("Hãy ghi lý do sửa số hoặc ngày của văn bản."))
        Report(pk=self.report_id).lock_editable()  # the province holds the document sent: its number too
        locked = ReportVersion.objects.select_for_update().get(pk=self.pk)
        if not locked.signed_number:
            raise ReportError(_("Phiên bản %(n)s chưa ghi nhận bản ký: không có gì để sửa.") % {"n": self.number})
        _check_document_number(number)
        if (locked.signed_number, locked.signed_date) == (number, date):
            raise ReportError(_("Số và ngày ký không thay đổi."))
        event = ReportVersionEvent.objects.create(
            version=locked,
            kind=ReportVersionEvent.Kind.SIGNATURE_CORRECTED,
            by=by,
            old_number=locked.signed_number,
            new_number=number,
            old_date=locked.signed_date,
            new_date=date,
            reason=reason,
        )
        self.signed_number, self.signed_date = number, date
        self.save(update_fields=["signed_number", "signed_date"])
        return event

    @property
    def can_be_sent(self) -> bool:
        """Approved and signed: what leadership may send to the province (if it is the latest version)."""
        return self.is_approved and self.is_signed

    @transaction.atomic
    def send_to_province(self, *, by: User) -> SubmissionEvent:
        """Commune leadership sends this version (approved, signed, the latest) to Sở Nội vụ; again after a
        return or a reopening, with a newer version or the same one."""
        if not (getattr(by, "is_leadership", False) and by.commune_id == self.commune_id):
            raise ReportError(_("Chỉ lãnh đạo xã được gửi báo cáo lên tỉnh."))
        report = Report.objects.select_for_update().get(pk=self.report_id)
        if report.province_status == ProvinceStatus.SENT:
            raise ReportError(_("Báo cáo đã gửi tỉnh, đang chờ tỉnh thẩm định."))
        if report.province_status == ProvinceStatus.ACCEPTED:
            raise ReportError(_("Báo cáo đã được tỉnh tiếp nhận; muốn sửa, đề nghị Sở Nội vụ mở lại."))
        version = ReportVersion.objects.get(pk=self.pk)
        if not version.is_approved:
            raise ReportError(_("Phiên bản %(n)s chưa được lãnh đạo duyệt: chưa gửi tỉnh được.") % {"n": self.number})
        if not version.is_signed:
            raise ReportError(
                _("Phiên bản %(n)s chưa ghi nhận bản ký (số, ngày, bản quét): Văn phòng ghi nhận trước khi gửi tỉnh.")
                % {"n": self.number}
            )
        latest = report.versions.aggregate(n=Max("number"))["n"]
        if version.number != latest:
            raise ReportError(
                _("Phiên bản %(n)s không phải phiên bản mới nhất (phiên bản %(latest)s): chỉ gửi phiên bản mới nhất.")
                % {"n": self.number, "latest": latest}
            )
        now = timezone.now()
        report.province_status, report.sent_version, report.province_status_at = ProvinceStatus.SENT, version, now
        report.save(update_fields=["province_status", "sent_version", "province_status_at"])
        self.report = report
        event = SubmissionEvent.objects.create(
            commune_id=report.commune_id, report=report, version=version, kind=SubmissionEventKind.SENT, by=by, at=now
        )
        submission.notify_submission(event)
        return event


class ReportVersionEventQuerySet(ScopedQuerySet["ReportVersionEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise ReportError(_("Lịch sử phiên bản không được sửa."))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ReportError(_("Lịch sử phiên bản không được xóa."))


class VersionEventKind(models.TextChoices):
    SIGNATURE_CORRECTED = "signature_corrected", _("Sửa số, ngày văn bản đã ký")


class ReportVersionEvent(CommuneOwned):
    """Append-only history of what was changed on an issued version after signing: who, when, old → new, why."""

    Kind = VersionEventKind

    version = models.ForeignKey(
        ReportVersion, verbose_name=_("phiên bản"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(
        _("loại"), max_length=30, choices=VersionEventKind, default=VersionEventKind.SIGNATURE_CORRECTED
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người sửa"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    old_number = models.CharField(_("số cũ"), max_length=20, blank=True)
    new_number = models.CharField(_("số mới"), max_length=20, blank=True)
    old_date = models.DateField(_("ngày ký cũ"), null=True, blank=True)
    new_date = models.DateField(_("ngày ký mới"), null=True, blank=True)
    reason = models.TextField(_("lý do"))

    objects = CommuneManager.from_queryset(ReportVersionEventQuerySet)()

    class Meta:
        verbose_name = _("lịch sử phiên bản báo cáo")
        verbose_name_plural = _("lịch sử phiên bản báo cáo")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="reportversionevent_needs_reason"),
            models.CheckConstraint(condition=Q(kind__in=["signature_corrected"]), name="reportversionevent_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"v{self.version.number}: {self.old_number} → {self.new_number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ReportError(_("Lịch sử phiên bản không được sửa."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ReportError(_("Lịch sử phiên bản không được xóa."))


class SubmissionEventKind(models.TextChoices):
    SENT = "sent", pgettext_lazy("submission history", "Gửi tỉnh")  # “Sent to the province”, not the button
    RETURNED = "returned", _("Tỉnh trả lại")
    ACCEPTED = "accepted", _("Tỉnh tiếp nhận")
    REOPENED = "reopened", _("Tỉnh mở lại")


class SubmissionEventQuerySet(ScopedQuerySet["SubmissionEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise ReportError(_("Lịch sử gửi tỉnh không được sửa."))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ReportError(_("Lịch sử gửi tỉnh không được xóa."))


class SubmissionEvent(CommuneOwned):
    """Append-only history of the report between the commune and the province: sent, returned (with a
    reason), accepted, reopened (with a reason); who and when."""

    Kind = SubmissionEventKind

    report = models.ForeignKey(Report, verbose_name=_("báo cáo"), on_delete=models.PROTECT, related_name="submissions")
    version = models.ForeignKey(
        ReportVersion, verbose_name=_("phiên bản"), on_delete=models.PROTECT, related_name="submissions"
    )
    kind = models.CharField(_("loại"), max_length=10, choices=SubmissionEventKind)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), on_delete=models.PROTECT,
                           related_name="+")  # fmt: skip
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    reason = models.TextField(_("lý do"), blank=True)

    objects = CommuneManager.from_queryset(SubmissionEventQuerySet)()

    class Meta:
        verbose_name = _("lịch sử gửi tỉnh")
        verbose_name_plural = _("lịch sử gửi tỉnh")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SubmissionEventKind.values), name="submissionevent_kind_valid"),
            models.CheckConstraint(
                condition=~Q(kind__in=["returned", "reopened"]) | ~Q(reason=""), name="submissionevent_needs_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ReportError(_("Lịch sử gửi tỉnh không được sửa."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ReportError(_("Lịch sử gửi tỉnh không được xóa."))

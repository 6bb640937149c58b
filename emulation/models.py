"""The emulation movement “Thực hiện cải cách hành chính” 2018–2025: commendations, initiatives and models,
yearly movement activities, and the end-of-period commendation proposals."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kimphuong.formats import date_cited
from kimphuong.models import User
from kimphuong.scoping import CommuneManager, CommuneOwned, ScopedQuerySet
from kimphuong.workflow import InvalidTransition

DEFAULT_MOVEMENT = "Thực hiện cải cách hành chính"


class AwardForm(models.Model):
    """A form of commendation or emulation title, kept as editable data (NĐ 152/2025, Luật TĐKT 2022)."""

    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("hình thức"), max_length=200)
    for_collective = models.BooleanField(_("tặng tập thể"), default=True)
    for_individual = models.BooleanField(_("tặng cá nhân"), default=True)
    decided_by = models.CharField(_("thẩm quyền quyết định"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("hình thức khen thưởng")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(for_collective=True) | Q(for_individual=True), name="awardform_has_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def allows(self, kind: str) -> bool:
        return self.for_collective if kind == RecipientKind.COLLECTIVE else self.for_individual


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class Recipient(models.Model):
    """Who is commended or proposed: one of the commune's users, or a body or person named in free text."""

    kind = models.CharField(_("tập thể / cá nhân"), max_length=10, choices=RecipientKind)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Chọn nếu là cán bộ, công chức có tài khoản; nếu không, ghi tên bên dưới."),
    )
    recipient_name = models.CharField(_("tên tập thể / cá nhân"), max_length=200)
    position_or_unit = models.CharField(_("chức vụ, đơn vị"), max_length=200, blank=True)

    class Meta:
        abstract = True


class DecisionReference(models.Model):
    """The decision that grants (or recognises) something: số, ký hiệu, ngày, người ký."""

    decision_number = models.CharField(_("số quyết định"), max_length=20, blank=True)
    decision_symbol = models.CharField(_("ký hiệu"), max_length=40, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_issuer = models.CharField(_("cấp quyết định"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def decision_citation(self) -> str:
        """“Quyết định số 125/QĐ-UBND ngày 28/12/2021 của Chủ tịch UBND xã Kim Phượng”."""
        return decision_citation(self.decision_number, self.decision_symbol, self.decision_date, self.decision_issuer)


def decision_citation(number: str, symbol: str, date: dt.date | None, issuer: str) -> str:
    """A decision cited from its parts (`DecisionReference.decision_citation`, or rows read as plain values)."""
    if not (number or date):
        return ""
    parts = ["Quyết định"]
    if number:
        parts.append(f"số {number}/{symbol}" if symbol else f"số {number}")
    if date:
        parts.append(f"ngày {date_cited(date)}")
    if issuer:
        parts.append(f"của {issuer}")
    return " ".join(parts)


class CommendationQuerySet(ScopedQuerySet["Commendation"]):
    def for_register(self) -> CommendationQuerySet:
        return self.select_related("form", "recipient_user").order_by("-year", "form__order", "recipient_name")


class Commendation(CommuneOwned, Recipient, DecisionReference):
    """A commendation given within the movement, with the decision that gave it."""

    year = models.PositiveSmallIntegerField(_("năm"))
    form = models.ForeignKey(
        AwardForm, verbose_name=_("hình thức"), on_delete=models.PROTECT, related_name="commendations"
    )
    achievement = models.TextField(_("thành tích"))
    movement = models.CharField(_("phong trào"), max_length=200, default=DEFAULT_MOVEMENT)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = CommuneManager.from_queryset(CommendationQuerySet)()

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-year", "form__order", "recipient_name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=RecipientKind.values), name="commendation_kind_valid"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="commendation_year_sane"),
            models.UniqueConstraint(
                "commune", Lower("recipient_name"), "form", "year", name="commendation_once_per_form_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} – {self.form} – {self.recipient_name}"


class InitiativeKind(models.TextChoices):
    INITIATIVE = "initiative", _("Sáng kiến")
    MODEL = "model", _("Mô hình")
    EXAMPLE = "example", _("Điển hình tiên tiến")


class Initiative(CommuneOwned, DecisionReference):
    """A recognised initiative, model or advanced example on administrative reform."""

    name = models.CharField(_("tên"), max_length=300)
    kind = models.CharField(_("loại"), max_length=12, choices=InitiativeKind, default=InitiativeKind.INITIATIVE)
    year = models.PositiveSmallIntegerField(_("năm"))
    authors = models.CharField(_("tác giả"), max_length=300)
    author_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("tác giả có tài khoản"), blank=True, related_name="initiatives"
    )
    area = models.ForeignKey(
        "kimphuong.TaskGroup", verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="initiatives"
    )
    description = models.TextField(_("mô tả"))
    effect = models.TextField(_("hiệu quả"), blank=True)
    replicated = models.BooleanField(_("đã nhân rộng"), default=False)

    class Meta:
        verbose_name = _("sáng kiến, mô hình")
        verbose_name_plural = _("sáng kiến, mô hình")
        ordering = ["year", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=InitiativeKind.values), name="initiative_kind_valid"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="initiative_year_sane"),
        ]

    def __str__(self) -> str:
        return self.name


class MovementActivity(CommuneOwned):
    """One year of the movement: its launch plan, registrations and reviews held."""

    year = models.PositiveSmallIntegerField(_("năm"))
    plan_number = models.CharField(_("số kế hoạch phát động"), max_length=20, blank=True)
    plan_symbol = models.CharField(_("ký hiệu"), max_length=40, blank=True)
    plan_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    registered_collectives = models.PositiveSmallIntegerField(_("số tập thể đăng ký thi đua"), default=0)
    registered_individuals = models.PositiveSmallIntegerField(_("số cá nhân đăng ký thi đua"), default=0)
    reviews_held = models.PositiveSmallIntegerField(_("số lần sơ kết, tổng kết"), default=0)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("hoạt động phong trào theo năm")
        verbose_name_plural = _("hoạt động phong trào theo năm")
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["commune", "year"], name="movementactivity_one_per_year")]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def plan_citation(self) -> str:
        if not self.plan_number:
            return ""
        ref = f"{self.plan_number}/{self.plan_symbol}" if self.plan_symbol else self.plan_number
        return f"Kế hoạch số {ref}" + (f" ngày {date_cited(self.plan_date)}" if self.plan_date else "")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PROPOSED = "proposed", _("Đã trình Hội đồng TĐKT")
    APPROVED = "approved", _("Được chấp thuận")
    REJECTED = "rejected", _("Không được chấp thuận")


class Proposal(CommuneOwned, Recipient):
    """An end-of-period commendation proposal (đề nghị khen thưởng tổng kết)."""

    form = models.ForeignKey(AwardForm, verbose_name=_("hình thức đề nghị"), on_delete=models.PROTECT, related_name="+")
    achievement = models.TextField(_("tóm tắt thành tích"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=ProposalStatus, default=ProposalStatus.DRAFT)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đề nghị khen thưởng tổng kết")
        verbose_name_plural = _("đề nghị khen thưởng tổng kết")
        ordering = ["kind", "recipient_name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=RecipientKind.values), name="proposal_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=ProposalStatus.values), name="proposal_status_valid"),
            models.UniqueConstraint("commune", Lower("recipient_name"), "form", name="proposal_once_per_form"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name} – {self.form}"

    def propose(self, *, by: User) -> None:
        self._move(ProposalStatus.PROPOSED, allowed_from={ProposalStatus.DRAFT}, by=by)

    def decide(self, *, by: User, approved: bool, note: str = "") -> None:
        new = ProposalStatus.APPROVED if approved else ProposalStatus.REJECTED
        self._move(new, allowed_from={ProposalStatus.PROPOSED}, by=by, note=note)

    def withdraw(self, *, by: User) -> None:
        self._move(ProposalStatus.DRAFT, allowed_from={ProposalStatus.PROPOSED}, by=by)

    @transaction.atomic
    def _move(self, new: str, *, allowed_from: set[str], by: User, note: str = "") -> None:
        current = Proposal.objects.select_for_update().values_list("status", flat=True).get(pk=self.pk)
        if current not in allowed_from:
            raise InvalidTransition(
                _("Không thể chuyển đề nghị từ “%(old)s” sang “%(new)s”.")
                % {"old": ProposalStatus(current).label, "new": ProposalStatus(new).label}
            )
        self.status = new
        self.save(update_fields=["status"])
        ProposalEvent.objects.create(proposal=self, actor=by, from_status=current, to_status=new, note=note.strip())


class ProposalEvent(CommuneOwned):
    """History of a proposal: who moved it, when, from where to where."""

    proposal = models.ForeignKey(Proposal, verbose_name=_("đề nghị"), on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(_("từ"), max_length=10, choices=ProposalStatus)
    to_status = models.CharField(_("sang"), max_length=10, choices=ProposalStatus)
    note = models.TextField(_("ghi chú"), blank=True)
    at = models.DateTimeField(_("lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("lịch sử đề nghị")
        verbose_name_plural = _("lịch sử đề nghị")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.get_from_status_display()} → {self.get_to_status_display()}"


def decision_date_problem(year: int, decision_date: dt.date | None, *, today: dt.date) -> str:
    """Why a decision date cannot be right for the year it commends, or ""."""
    if decision_date is None:
        return ""
    if decision_date.year < year:
        return str(
            _("Ngày quyết định %(date)s ở trước năm được khen %(year)s.")
            % {"date": date_cited(decision_date), "year": year}
        )
    if decision_date > today:
        return str(_("Ngày quyết định %(date)s ở tương lai.") % {"date": date_cited(decision_date)})
    return ""


def plan_date_problem(year: int, plan_date: dt.date | None, *, today: dt.date) -> str:
    """Why a launch plan's date cannot belong to the year it launches, or ""."""
    if plan_date is None:
        return ""
    if plan_date.year != year:
        return str(_("Kế hoạch phát động năm %(year)s phải ban hành trong năm %(year)s.") % {"year": year})
    if plan_date > today:
        return str(_("Ngày ban hành kế hoạch %(date)s ở tương lai.") % {"date": date_cited(plan_date)})
    return ""

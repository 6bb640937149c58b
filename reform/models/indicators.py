"""The figures the report needs: indicators, their yearly values, checks, targets and index scores."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kimphuong.models import LegalBasis
from reform.models.plan import Task, TaskGroup


class Aggregation(models.TextChoices):
    SUM = "sum", _("Tổng cả giai đoạn")
    END = "end", _("Giá trị cuối kỳ")
    RATIO = "ratio", _("Tỷ lệ (tử số / mẫu số)")
    YEARLY = "yearly", _("Theo từng năm")


class ValueKind(models.TextChoices):
    NUMBER = "number", _("Số")
    PERCENT = "percent", _("Tỷ lệ %")
    BOOLEAN = "boolean", _("Có / không")
    MONEY = "money", _("Tiền (triệu đồng)")
    SCORE = "score", _("Điểm")


class Indicator(models.Model):
    """A figure the report needs (DOMAIN §3.4), entered per year."""

    code = models.CharField(_("mã"), max_length=20, unique=True)
    group = models.ForeignKey(
        TaskGroup, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="indicators"
    )
    name = models.CharField(_("chỉ tiêu"), max_length=300)
    unit = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    value_kind = models.CharField(_("kiểu giá trị"), max_length=10, choices=ValueKind, default=ValueKind.NUMBER)
    aggregation = models.CharField(_("cách tổng hợp"), max_length=10, choices=Aggregation, default=Aggregation.SUM)
    responsible = models.ForeignKey(
        "kimphuong.Position",
        verbose_name=_("chủ trì nhập"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
    )
    numerator = models.ForeignKey(
        "self", verbose_name=_("tử số"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    denominator = models.ForeignKey(
        "self", verbose_name=_("mẫu số"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    tasks = models.ManyToManyField(Task, verbose_name=_("nhiệm vụ báo cáo"), blank=True, related_name="indicators")
    first_year = models.PositiveSmallIntegerField(_("từ năm"), default=2021)
    last_year = models.PositiveSmallIntegerField(_("đến năm"), default=2025)
    target_note = models.CharField(_("liên hệ mục tiêu"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu số liệu")
        verbose_name_plural = _("chỉ tiêu số liệu")
        ordering = ["group__order", "order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(aggregation__in=Aggregation.values), name="indicator_aggregation_valid"),
            models.CheckConstraint(condition=Q(value_kind__in=ValueKind.values), name="indicator_kind_valid"),
            models.CheckConstraint(condition=Q(last_year__gte=models.F("first_year")), name="indicator_years_ordered"),
            # A ratio is computed from its two parts, never typed.
            models.CheckConstraint(
                condition=~Q(aggregation="ratio") | (Q(numerator__isnull=False) & Q(denominator__isnull=False)),
                name="indicator_ratio_has_parts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))


class IndicatorValue(models.Model):
    """One value of one indicator for one year, with who changed it last."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.CASCADE, related_name="values"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    value = models.DecimalField(_("giá trị"), max_digits=16, decimal_places=2)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("số liệu theo năm")
        verbose_name_plural = _("số liệu theo năm")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicatorvalue_one_per_year"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="indicatorvalue_year_sane"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.value}"


class CheckComparison(models.TextChoices):
    EQUAL = "eq", _("bằng")
    NOT_GREATER = "lte", _("không vượt quá")


class IndicatorCheck(models.Model):
    """A rule between figures of the same year: the left side sums to (or never exceeds) the right side.

    e.g. trước hạn + đúng hạn + quá hạn = đã giải quyết; đã giải quyết ≤ tiếp nhận + kỳ trước chuyển sang.
    """

    left = models.ManyToManyField(Indicator, verbose_name=_("vế trái (cộng lại)"), related_name="checks_left")
    comparison = models.CharField(_("so sánh"), max_length=3, choices=CheckComparison)
    right = models.ManyToManyField(Indicator, verbose_name=_("vế phải (cộng lại)"), related_name="checks_right")
    message = models.CharField(
        _("giải thích"),
        max_length=300,
        help_text=_("Ví dụ: Trước hạn + đúng hạn + quá hạn phải bằng số đã giải quyết."),
    )

    class Meta:
        verbose_name = _("kiểm tra số liệu")
        verbose_name_plural = _("kiểm tra số liệu")
        constraints = [
            models.CheckConstraint(condition=Q(comparison__in=CheckComparison.values), name="indicatorcheck_cmp_valid"),
        ]

    def __str__(self) -> str:
        return self.message


class Comparison(models.TextChoices):
    AT_LEAST = "gte", "≥"
    AT_MOST = "lte", "≤"
    EQUAL = "eq", "="


class IndicatorTarget(models.Model):
    """A target for an indicator (a year's value, or the whole period's), with where it comes from."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True, help_text=_("Để trống: cả giai đoạn."))
    comparison = models.CharField(_("so sánh"), max_length=3, choices=Comparison, default=Comparison.AT_LEAST)
    value = models.DecimalField(_("giá trị mục tiêu"), max_digits=16, decimal_places=2)
    source = models.CharField(
        _("nguồn"), max_length=200, help_text=_("Ví dụ: Kế hoạch 96/KH-UBND, Nghị quyết 76/NQ-CP.")
    )
    source_document = models.ForeignKey(
        LegalBasis, verbose_name=_("văn bản nguồn"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    is_verified = models.BooleanField(
        _("đã đối chiếu văn bản"), default=True, help_text=_("Bỏ chọn với mục tiêu chưa đối chiếu được văn bản gốc.")
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        # The whole-period target first, then by year: the same on SQLite and PostgreSQL.
        ordering = ["indicator", models.F("year").asc(nulls_first=True), "source"]
        constraints = [
            models.CheckConstraint(condition=Q(comparison__in=Comparison.values), name="target_comparison_valid"),
            models.UniqueConstraint(
                fields=["indicator", "year", "source"],
                condition=Q(year__isnull=False),
                name="target_one_per_source_year",
            ),
            models.UniqueConstraint(
                fields=["indicator", "source"], condition=Q(year__isnull=True), name="target_one_per_source_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.get_comparison_display()} {self.value}"

    @transaction.atomic
    def verify(self, *, by: Any) -> None:
        """The office confirms a target against its source document."""
        locked = IndicatorTarget.objects.select_for_update().get(pk=self.pk)
        if locked.is_verified:
            return
        self.is_verified, self.verified_by, self.verified_at = True, by, timezone.now()
        self.save(update_fields=["is_verified", "verified_by", "verified_at"])


class IndexKind(models.TextChoices):
    PAR = "par", _("Chỉ số cải cách hành chính (PAR INDEX)")
    SIPAS = "sipas", _("Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)")
    PAPI = "papi", _("Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)")
    I766 = "i766", _("Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ (Bộ chỉ số 766)")


class IndexScore(models.Model):
    """One year's result of an index, as published by whoever scored it."""

    index = models.CharField(_("chỉ số"), max_length=10, choices=IndexKind)
    year = models.PositiveSmallIntegerField(_("năm"))
    score = models.DecimalField(_("điểm / tỷ lệ"), max_digits=7, decimal_places=2)
    max_score = models.DecimalField(_("thang điểm"), max_digits=7, decimal_places=2, default=100)
    unit = models.CharField(_("đơn vị"), max_length=20, default="điểm")
    rank = models.PositiveSmallIntegerField(_("xếp hạng"), null=True, blank=True)
    ranked_units = models.PositiveSmallIntegerField(_("số đơn vị được xếp hạng"), null=True, blank=True)
    scope = models.CharField(_("phạm vi"), max_length=200, blank=True, help_text=_("Ví dụ: Tỉnh Thái Nguyên (PAPI)."))
    source = models.CharField(_("nguồn"), max_length=300, blank=True)
    source_date = models.DateField(_("ngày công bố"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("điểm chỉ số")
        verbose_name_plural = _("điểm chỉ số")
        ordering = ["index", "year"]
        constraints = [
            models.UniqueConstraint(fields=["index", "year"], name="indexscore_one_per_year"),
            models.CheckConstraint(condition=Q(index__in=IndexKind.values), name="indexscore_kind_valid"),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=models.F("max_score")), name="indexscore_in_scale"
            ),
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(ranked_units__isnull=True) | Q(rank__lte=models.F("ranked_units")),
                name="indexscore_rank_within_units",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_index_display()} {self.year}: {self.score}"


class IndexComponent(models.Model):
    """A dimension or group of an index (PAPI's 8 dimensions, the 5 groups of Bộ chỉ số 766…)."""

    score = models.ForeignKey(
        IndexScore, verbose_name=_("điểm chỉ số"), on_delete=models.CASCADE, related_name="components"
    )
    name = models.CharField(_("nội dung"), max_length=200)
    value = models.DecimalField(_("điểm"), max_digits=7, decimal_places=2)
    max_value = models.DecimalField(_("điểm tối đa"), max_digits=7, decimal_places=2, null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("thành phần chỉ số")
        verbose_name_plural = _("thành phần chỉ số")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_value__isnull=True) | Q(value__lte=models.F("max_value")),
                name="indexcomponent_within_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"

"""The figures the report needs: indicators, their yearly values, checks, targets and index scores."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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

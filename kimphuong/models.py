"""Commune-wide models: users and positions, the commune profile, legal bases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from kimphuong.formats import date_cited
from kimphuong.scoping import (
    CommuneManager,
    CommuneOwned,
    ScopedQuerySet,
    current_commune_id,
    current_scope,
    scope_filter,
    within_commune_row,
)

OFFICE_GROUP = "Văn phòng - thống kê"
LEADERSHIP_GROUP = "Lãnh đạo"
# Users of Sở Nội vụ, who see every commune of the province (they belong to no commune).
PROVINCE_REVIEWER_GROUP = "Sở Nội vụ - thẩm định"
PROVINCE_ADMIN_GROUP = "Sở Nội vụ - quản trị"
# A commune's administrator (its first office account): manages the commune's own users and data in /admin/.
COMMUNE_ADMIN_GROUP = "Quản trị xã"


class Province(models.Model):
    """The province that hosts the installation, and how Sở Nội vụ heads the documents it issues."""

    name = models.CharField(_("tên tỉnh"), max_length=100, help_text=_("Ví dụ: Thái Nguyên"))
    code = models.CharField(_("mã đơn vị hành chính"), max_length=10, blank=True)
    parent_body = models.CharField(_("cơ quan chủ quản"), max_length=200, default="Ủy ban nhân dân tỉnh")
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200, default="Sở Nội vụ")
    body_symbol = models.CharField(_("ký hiệu cơ quan"), max_length=20, default="SNV")
    place_name = models.CharField(_("địa danh ghi trên văn bản"), max_length=100)
    signer_authority = models.CharField(_("quyền hạn ký"), max_length=100, blank=True, default="KT. GIÁM ĐỐC")
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, default="PHÓ GIÁM ĐỐC")
    signer_name = models.CharField(_("họ tên người ký"), max_length=100, blank=True)
    recipients = models.TextField(_("kính gửi"), blank=True, help_text=_("Mỗi dòng một cơ quan."))
    distribution = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận."))
    archive_line = models.CharField(_("dòng lưu"), max_length=100, default="Lưu: VT, CCHC.")

    class Meta:
        verbose_name = _("tỉnh")
        verbose_name_plural = _("tỉnh")

    def __str__(self) -> str:
        return f"tỉnh {self.name}"

    @property
    def header_lines(self) -> list[str]:
        """“ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN” over “SỞ NỘI VỤ” (NĐ 30, Phụ lục I: chủ quản, ban hành)."""
        return [f"{self.parent_body} {self.name}".upper(), self.issuing_body.upper()]

    @property
    def body_name(self) -> str:
        return f"{self.issuing_body} tỉnh {self.name}"

    def superior_bodies(self) -> list[tuple[str, str]]:
        """The bodies a commune of the province reports to: (name, BodyRole) — Kính gửi the province's
        People's Committee, a copy to Sở Nội vụ."""
        return [(f"{self.parent_body} {self.name}", "addressee"), (self.body_name, "copy")]


class CommuneKind(models.TextChoices):
    COMMUNE = "xa", _("xã")
    WARD = "phuong", _("phường")
    SPECIAL_ZONE = "dac_khu", _("đặc khu")


# The words of documents (NĐ 30): never translated, unlike the kinds' labels in the interface.
UNIT_WORDS = {CommuneKind.COMMUNE: "xã", CommuneKind.WARD: "phường", CommuneKind.SPECIAL_ZONE: "đặc khu"}


class CommuneQuerySet(models.QuerySet["Commune"]):
    def active(self) -> CommuneQuerySet:
        return self.filter(is_active=True)


#: The code given to the commune of an installation upgraded to hold several communes, until it is corrected.
PROVISIONAL_CODE = "00000"


class Commune(models.Model):
    """An đơn vị hành chính cấp xã: one commune's work is isolated from every other's (kimphuong.scoping)."""

    province = models.ForeignKey(
        Province, verbose_name=_("tỉnh"), on_delete=models.PROTECT, null=True, blank=True, related_name="communes"
    )
    name = models.CharField(_("tên"), max_length=100, help_text=_("Ví dụ: Kim Phượng"))
    kind = models.CharField(_("loại"), max_length=10, choices=CommuneKind, default=CommuneKind.COMMUNE)
    code = models.CharField(
        _("mã đơn vị hành chính"), max_length=10, unique=True, help_text=_("Mã 5 chữ số theo danh mục quốc gia.")
    )
    formed_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    formation_basis = models.CharField(_("văn bản thành lập, sắp xếp"), max_length=300, blank=True)
    is_sample = models.BooleanField(_("số liệu mẫu"), default=False)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("xã, phường")
        verbose_name_plural = _("xã, phường")
        ordering = ["name", "code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=CommuneKind.values), name="commune_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.unit_name

    @property
    def has_provisional_code(self) -> bool:
        """The code an installation's commune got when it was upgraded to hold several (see
        kimphuong.constraints): to be replaced by its code in the national list."""
        return self.code == PROVISIONAL_CODE

    @property
    def unit_word(self) -> str:
        """The generic noun in Vietnamese whatever the reader's language: it is printed on documents."""
        return UNIT_WORDS.get(CommuneKind(self.kind), self.kind)

    @property
    def unit_name(self) -> str:
        """“xã Kim Phượng”, “phường Tân Thịnh”."""
        return f"{self.unit_word} {self.name}"


class Predecessor(models.Model):
    """A commune absorbed into this one when communes were merged (e.g. xã Kim Sơn into xã Kim Phượng)."""

    commune = models.ForeignKey(Commune, verbose_name=_("xã"), on_delete=models.CASCADE, related_name="predecessors")
    name = models.CharField(_("tên"), max_length=100)
    kind = models.CharField(_("loại"), max_length=10, choices=CommuneKind, default=CommuneKind.COMMUNE)
    code = models.CharField(_("mã cũ"), max_length=10, blank=True)
    merged_on = models.DateField(_("ngày nhập"), null=True, blank=True)
    basis = models.CharField(_("văn bản sắp xếp"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("đơn vị đã nhập")
        verbose_name_plural = _("đơn vị đã nhập")
        ordering = ["merged_on", "name"]

    def __str__(self) -> str:
        return f"{UNIT_WORDS.get(CommuneKind(self.kind), self.kind)} {self.name}"


class PositionKind(models.TextChoices):
    LEADER = "leader", _("Lãnh đạo UBND")
    CIVIL_SERVANT = "civil_servant", _("Công chức")
    POLICE = "police", _("Công an")
    BODY = "body", _("Tổ chức, đoàn thể")


class Position(CommuneOwned):
    """A chức danh (DOMAIN §7.3), or a body such as Đoàn Thanh niên that is assigned tasks."""

    code = models.CharField(_("mã"), max_length=20)
    title = models.CharField(_("chức danh"), max_length=200)
    short_title = models.CharField(_("tên ngắn"), max_length=80, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=PositionKind, default=PositionKind.CIVIL_SERVANT)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chức danh")
        verbose_name_plural = _("chức danh")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=PositionKind.values), name="position_kind_valid"),
            models.UniqueConstraint(fields=["commune", "code"], name="position_code_unique_in_commune"),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.short_title or self.title}"


class ScopedUserManager(UserManager["User"]):
    """The users of the commune in scope (all of them in the province's scope); none outside a scope.

    Signing in looks a user up by name before any scope exists: user names are unique in the installation."""

    _queryset_class = ScopedQuerySet

    def get_queryset(self) -> models.QuerySet[User]:
        queryset = super().get_queryset()
        return queryset if within_commune_row(self) else scope_filter(queryset)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.model._base_manager.get(**{self.model.USERNAME_FIELD: username})

    def bulk_create(self, objs: Iterable[User], *args: Any, **kwargs: Any) -> list[User]:
        objs = list(objs)
        scope = current_scope()
        for user in objs:
            if user.commune_id is None and isinstance(scope, int):
                user.commune_id = scope
        return super().bulk_create(objs, *args, **kwargs)


class User(AbstractUser):
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("xã"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Để trống với người dùng của tỉnh (Sở Nội vụ)."),
    )
    other_communes = models.ManyToManyField(
        Commune,
        verbose_name=_("xã khác được làm việc"),
        blank=True,
        related_name="visiting_users",
        help_text=_("Hiếm khi cần: người làm việc cho nhiều xã chọn xã đang làm việc ở thanh điều hướng."),
    )
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    position = models.ForeignKey(
        Position,
        verbose_name=_("chức danh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="users",
    )
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    must_change_password = models.BooleanField(
        _("phải đổi mật khẩu"),
        default=False,
        help_text=_("Mật khẩu hiện tại là mật khẩu tạm: người dùng phải tự đặt mật khẩu mới ở lần đăng nhập tới."),
    )

    objects: ClassVar[ScopedUserManager] = ScopedUserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["position__order", "username"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A user created inside a commune's scope belongs to that commune (a province user: none).
        if self._state.adding and self.commune_id is None:
            scope = current_scope()
            if isinstance(scope, int):
                self.commune_id = scope
        super().save(*args, **kwargs)

    def _group_names(self) -> set[str]:
        # Cached per request object: navigation and permission checks ask several times.
        if not hasattr(self, "_group_names_cache"):
            self._group_names_cache = set(self.groups.values_list("name", flat=True))
        return self._group_names_cache

    @property
    def is_office(self) -> bool:
        return self.is_active and (self.is_superuser or OFFICE_GROUP in self._group_names())

    @property
    def is_leadership(self) -> bool:
        return self.is_active and (self.is_superuser or LEADERSHIP_GROUP in self._group_names())

    @property
    def can_oversee(self) -> bool:
        """Office and leadership see the whole review (dashboard, every submitted assessment)."""
        return self.is_office or self.is_leadership

    @property
    def is_commune_admin(self) -> bool:
        """Administers the installation (a superuser) or, in a province's installation, its own commune."""
        return self.is_active and (
            self.is_superuser or (self.commune_id is not None and COMMUNE_ADMIN_GROUP in self._group_names())
        )

    @property
    def is_province_reviewer(self) -> bool:
        """Sở Nội vụ: receives the communes' reports, accepts or returns them, reads every commune."""
        return self.is_active and (self.is_province_admin or PROVINCE_REVIEWER_GROUP in self._group_names())

    @property
    def is_province_admin(self) -> bool:
        """Sở Nội vụ's administrator: creates communes and their first office accounts."""
        return self.is_active and PROVINCE_ADMIN_GROUP in self._group_names()

    @property
    def is_province(self) -> bool:
        return self.commune_id is None and self.is_province_reviewer


class GroupKind(models.TextChoices):
    REFORM_AREA = "area", _("Lĩnh vực cải cách")
    EMULATION = "emulation", _("Phong trào thi đua")
    REVIEW = "review", _("Nhiệm vụ tổng kết")


class TaskGroup(models.Model):
    """A reform area (lĩnh vực CCHC, Nghị quyết 76/NQ-CP), the emulation movement, or the review itself.

    A catalogue shared by the plan's tasks, the indicators and emulation, hence in the core. Its table keeps
    the name it had in reform.
    """

    code = models.CharField(_("mã"), max_length=10, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=GroupKind, default=GroupKind.REFORM_AREA)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nhóm nhiệm vụ")
        verbose_name_plural = _("nhóm nhiệm vụ")
        db_table = "reform_taskgroup"
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=GroupKind.values), name="taskgroup_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class CommuneProfile(CommuneOwned):
    """The row describing one commune for its documents (one per commune); nothing about it is hard-coded."""

    unit_kind = models.CharField(_("cấp hành chính"), max_length=20, default="xã")
    commune_name = models.CharField(_("tên xã"), max_length=100)
    district_name = models.CharField(_("tên huyện"), max_length=100, blank=True)
    province_name = models.CharField(_("tên tỉnh"), max_length=100)
    parent_body = models.CharField(
        _("cơ quan chủ quản trực tiếp"),
        max_length=200,
        blank=True,
        help_text=_("Để trống với Ủy ban nhân dân xã (không ghi cơ quan chủ quản)."),
    )
    issuing_body = models.CharField(_("tên cơ quan ban hành"), max_length=200, default="Ủy ban nhân dân")
    place_name = models.CharField(_("địa danh ghi trên văn bản"), max_length=100)
    body_symbol = models.CharField(_("ký hiệu cơ quan"), max_length=20, default="UBND")
    drafting_unit_symbol = models.CharField(_("ký hiệu đơn vị soạn thảo"), max_length=20, default="VP")
    signer_authority = models.CharField(_("quyền hạn ký"), max_length=100, default="TM. ỦY BAN NHÂN DÂN")
    signer_deputy_line = models.CharField(
        _("dòng ký thay"), max_length=100, blank=True, help_text=_("Ví dụ: KT. CHỦ TỊCH (khi Phó Chủ tịch ký).")
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, default="CHỦ TỊCH")
    signer_name = models.CharField(_("họ tên người ký"), max_length=100)
    recipients = models.TextField(
        _("kính gửi (khi chưa khai cơ quan cấp trên)"),
        blank=True,
        help_text=_("Mỗi dòng một nơi nhận. Để trống khi đã khai các cơ quan cấp trên theo thời gian hiệu lực."),
    )
    distribution = models.TextField(
        _("nơi nhận trong xã"),
        blank=True,
        help_text=_(
            "Mỗi dòng một nơi nhận trong xã (Đảng ủy, HĐND…); cơ quan cấp trên, “Như trên” và “Lưu” hệ thống tự thêm."
        ),
    )
    archive_line = models.CharField(_("dòng lưu"), max_length=100, default="Lưu: VT, VP.")
    # Khái quát tình hình (Phần I, mục I of the report).
    natural_area_km2 = models.DecimalField(
        _("diện tích tự nhiên (km²)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    population = models.PositiveIntegerField(_("dân số (người)"), null=True, blank=True)
    households = models.PositiveIntegerField(_("số hộ"), null=True, blank=True)
    hamlet_word = models.CharField(_("tên gọi thôn, xóm"), max_length=20, default="xóm")
    hamlet_count = models.PositiveSmallIntegerField(_("số thôn, xóm"), null=True, blank=True)
    cadre_count = models.PositiveSmallIntegerField(_("số cán bộ"), null=True, blank=True)
    civil_servant_count = models.PositiveSmallIntegerField(_("số công chức"), null=True, blank=True)
    merged_from = models.CharField(
        _("đơn vị đã nhập vào xã"), max_length=200, blank=True, help_text=_("Ví dụ: xã Kim Sơn.")
    )
    merged_on = models.DateField(_("ngày nhập"), null=True, blank=True)
    merger_basis = models.CharField(
        _("văn bản sắp xếp"), max_length=300, blank=True, help_text=_("Ví dụ: Nghị quyết số …/NQ-UBTVQH14 ngày …")
    )
    situation = models.TextField(
        _("thuận lợi, khó khăn"),
        blank=True,
        help_text=_("Đoạn văn về điều kiện kinh tế - xã hội, thuận lợi và khó khăn; in ở mục Khái quát tình hình."),
    )
    address = models.CharField(_("địa chỉ"), max_length=200, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    website = models.CharField(_("trang thông tin điện tử"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("thông tin xã")
        verbose_name_plural = _("thông tin xã")
        constraints = [
            models.UniqueConstraint(fields=["commune"], name="communeprofile_one_per_commune"),
        ]

    def __str__(self) -> str:
        return self.unit_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # One profile per commune: saving a new one for a commune that has one updates it.
        if self._state.adding and self.pk is None:
            commune_id = self.commune_id or current_commune_id()
            self.commune_id = commune_id
            self.pk = CommuneProfile._base_manager.filter(commune_id=commune_id).values_list("pk", flat=True).first()
            if self.pk is not None:
                self._state.adding = False
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> CommuneProfile | None:
        """The profile of the commune in scope."""
        return cls.objects.first()

    @property
    def unit_name(self) -> str:
        """“xã Kim Phượng” — lower-case generic noun, capitalised proper name (NĐ 30, Phụ lục II)."""
        return f"{self.unit_kind} {self.commune_name}"

    @property
    def body_name(self) -> str:
        return f"{self.issuing_body} {self.unit_name}"

    @property
    def header_lines(self) -> list[str]:
        """The issuing body in capitals, one line per part: “ỦY BAN NHÂN DÂN”, “XÃ KIM PHƯỢNG”."""
        return [self.issuing_body.upper(), self.unit_name.upper()]

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    @property
    def distribution_list(self) -> list[str]:
        return [line.strip() for line in self.distribution.splitlines() if line.strip()]

    def addressees_on(self, day: dt.date, bodies: Iterable[SuperiorBody] | None = None) -> list[str]:
        """“Kính gửi” of a document dated `day`: the superior bodies in force that day (else the typed list).
        `bodies`: those in force that day, when the caller has read them already."""
        bodies = SuperiorBody.objects.in_force_on(day) if bodies is None else bodies
        return [b.name for b in bodies if b.role == BodyRole.ADDRESSEE] or self.recipient_list

    def distribution_on(self, day: dt.date, bodies: Iterable[SuperiorBody] | None = None) -> list[str]:
        """“Nơi nhận” besides “Như trên” and “Lưu”: superior bodies in copy that day, then the commune's own."""
        bodies = SuperiorBody.objects.in_force_on(day) if bodies is None else bodies
        names = [b.name for b in bodies if b.role == BodyRole.COPY]
        return [*names, *(line.lstrip("- ").rstrip(" ;.") for line in self.distribution_list)]

    @staticmethod
    def levels_on(day: dt.date) -> set[str]:
        """The levels of government above the commune on `day` (no district since 01/7/2025, by the data)."""
        return {b.level for b in SuperiorBody.objects.in_force_on(day)}

    @property
    def contact_line(self) -> str:
        parts = [self.address, f"ĐT: {self.phone}" if self.phone else "", self.email, self.website]
        return "; ".join(p for p in parts if p)


class BodyLevel(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Tỉnh")
    DISTRICT = "district", _("Huyện")


class BodyRole(models.TextChoices):
    ADDRESSEE = "addressee", _("Kính gửi")
    COPY = "copy", _("Nơi nhận (gửi để biết)")


class SuperiorBodyQuerySet(ScopedQuerySet["SuperiorBody"]):
    def in_force_on(self, day: dt.date) -> SuperiorBodyQuerySet:
        return (
            self.filter(models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day))
            .filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day))
            .order_by("role", "order", "pk")
        )


class SuperiorBody(CommuneOwned):
    """A body above the commune that its reports are sent to, for the dates it exists.

    Local government changes by law (districts ended on 01/7/2025): a document is addressed to the bodies in
    force on its date, so history stays true and nothing about a reform is written in code.
    """

    name = models.CharField(_("tên cơ quan"), max_length=200, help_text=_("Ví dụ: Ủy ban nhân dân tỉnh Thái Nguyên"))
    level = models.CharField(_("cấp"), max_length=10, choices=BodyLevel, default=BodyLevel.PROVINCE)
    role = models.CharField(_("vai trò"), max_length=10, choices=BodyRole, default=BodyRole.ADDRESSEE)
    valid_from = models.DateField(_("áp dụng từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = CommuneManager.from_queryset(SuperiorBodyQuerySet)()

    class Meta:
        verbose_name = _("cơ quan cấp trên")
        verbose_name_plural = _("cơ quan cấp trên")
        ordering = ["role", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(level__in=BodyLevel.values), name="superiorbody_level_valid"),
            models.CheckConstraint(condition=models.Q(role__in=BodyRole.values), name="superiorbody_role_valid"),
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="superiorbody_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DocumentType(models.TextChoices):
    """Types of documents cited (NĐ 30, Điều 7 and Phụ lục III), with their usual names."""

    LAW = "luat", _("Luật")
    DECREE = "nghi_dinh", _("Nghị định")
    RESOLUTION = "nghi_quyet", _("Nghị quyết")
    DECISION = "quyet_dinh", _("Quyết định")
    DIRECTIVE = "chi_thi", _("Chỉ thị")
    CIRCULAR = "thong_tu", _("Thông tư")
    PLAN = "ke_hoach", _("Kế hoạch")
    PROGRAMME = "chuong_trinh", _("Chương trình")
    REPORT = "bao_cao", _("Báo cáo")
    GUIDANCE = "huong_dan", _("Hướng dẫn")
    NOTICE = "thong_bao", _("Thông báo")
    DISPATCH = "cong_van", _("Công văn")
    MINUTES = "bien_ban", _("Biên bản")
    SUBMISSION = "to_trinh", _("Tờ trình")
    OTHER = "khac", _("Văn bản khác")


def summary_after_issuer(summary: str) -> str:
    """The trích yếu as it follows “của <cơ quan>”: kept when it already reads on (“về việc…”, “ban hành…”);
    a summary typed as on the document's own first page (“Kiện toàn tổ hòa giải”, “V/v kiện toàn…”) becomes
    “về việc kiện toàn tổ hòa giải”, so that the issuing body and the summary do not run together."""
    text = summary.strip()
    lowered = text.casefold()
    for prefix in ("v/v ", "v/v:", "v/v."):
        if lowered.startswith(prefix):
            text = text[len(prefix) :].strip()
            return f"về việc {text[:1].lower()}{text[1:]}"
    if text[:1].isupper():
        return f"về việc {text[:1].lower()}{text[1:]}"
    return text


class DocumentReference(models.Model):
    """A cited document as structured data (loại, số, ký hiệu, ngày, cơ quan, trích yếu).

    Rendered in full at first mention and as “tên loại + số, ký hiệu” afterwards (NĐ 30, Phụ lục I, II.6).
    """

    doc_type = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentType, default=DocumentType.OTHER)
    number = models.CharField(_("số"), max_length=20, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=40, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    summary = models.TextField(_("trích yếu"))

    class Meta:
        abstract = True

    @property
    def reference(self) -> str:
        """“76/NQ-CP”; Party documents, whose symbol already holds a slash, read “20-CT/TU”."""
        if self.number and self.symbol:
            joiner = "-" if "/" in self.symbol else "/"
            return f"{self.number}{joiner}{self.symbol}"
        return self.number or self.symbol

    @property
    def short_citation(self) -> str:
        """Later mentions: tên loại + số, ký hiệu (“Nghị quyết số 76/NQ-CP”)."""
        type_name = self.get_doc_type_display()
        if self.doc_type == DocumentType.LAW or not self.reference:
            return f"{type_name} {self.summary}".strip()
        return f"{type_name} số {self.reference}"

    @property
    def long_citation(self) -> str:
        """First mention: tên loại, số, ký hiệu, ngày, cơ quan ban hành and trích yếu (a Luật: its name only)."""
        if self.doc_type == DocumentType.LAW:
            return self.short_citation
        parts = [self.short_citation]
        if self.issued_on:
            parts.append(f"ngày {date_cited(self.issued_on)}")
        if self.issuer:
            parts.append(f"của {self.issuer}")
        if self.reference and self.summary:  # without a number the summary is already in the short form
            parts.append(summary_after_issuer(self.summary))
        return " ".join(parts)


class LegalBasisQuerySet(ScopedQuerySet["LegalBasis"]):
    def cited(self) -> LegalBasisQuerySet:
        return self.filter(is_cited=True).order_by("order", "pk")


class LegalBasis(CommuneOwned, DocumentReference):
    """A document cited by the review (căn cứ)."""

    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_cited = models.BooleanField(_("dẫn làm căn cứ"), default=True)
    note = models.TextField(
        _("ghi chú kiểm tra"), blank=True, help_text=_("Điểm cần người dùng xác nhận, không in ra văn bản.")
    )

    objects = CommuneManager.from_queryset(LegalBasisQuerySet)()

    class Meta:
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(doc_type__in=DocumentType.values), name="legalbasis_type_valid"),
        ]

    def __str__(self) -> str:
        return self.short_citation


class FieldChange(CommuneOwned):
    """One field of one record changed (kimphuong.audit writes these): append-only."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("loại bản ghi"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(_("mã bản ghi"), max_length=64)
    field = models.CharField(_("trường"), max_length=100)
    label = models.CharField(_("mô tả"), max_length=200, blank=True, help_text=_("Ví dụ: TTHC.2e năm 2024."))
    old = models.TextField(_("giá trị cũ"), blank=True)
    new = models.TextField(_("giá trị mới"), blank=True)
    changed_by = models.ForeignKey(
        "kimphuong.User", verbose_name=_("người sửa"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    changed_at = models.DateTimeField(_("sửa lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lịch sử sửa")
        verbose_name_plural = _("lịch sử sửa")
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-changed_at"], name="fieldchange_object")]

    def __str__(self) -> str:
        return f"{self.field}: {self.old} → {self.new}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("FieldChange is append-only")
        super().save(*args, **kwargs)


from kimphuong.jobs import Job  # noqa: E402, F401 - background work's progress (kimphuong.jobs), registered with the app

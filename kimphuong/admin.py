from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from kimphuong import audit
from kimphuong.forms import TemporaryPasswordForm, TemporaryPasswordUserCreationForm
from kimphuong.models import (
    COMMUNE_ADMIN_GROUP,
    LEADERSHIP_GROUP,
    OFFICE_GROUP,
    Commune,
    CommuneProfile,
    FieldChange,
    LegalBasis,
    Position,
    Predecessor,
    Province,
    SuperiorBody,
    TaskGroup,
    User,
)

COMMUNE_ROLE_GROUPS = (OFFICE_GROUP, LEADERSHIP_GROUP, COMMUNE_ADMIN_GROUP)

admin.site.site_header = _("Quản trị hệ thống tổng kết CCHC")
admin.site.site_title = _("Tổng kết CCHC")
admin.site.index_title = _("Quản trị")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    # A password the administrator sets (new account, or the password form) is temporary: the user must choose
    # their own at the next login. kimphuong.middleware.PasswordChangeRequiredMiddleware enforces it.
    add_form = TemporaryPasswordUserCreationForm
    change_password_form = TemporaryPasswordForm
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Chức danh"), {"fields": ("full_name", "position", "phone")}),
        (_("Mật khẩu tạm"), {"fields": ("must_change_password",)}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Chức danh"), {"fields": ("full_name", "position", "email")}),
        (_("Mật khẩu tạm"), {"fields": ("must_change_password",)}),
    )
    list_display = ("username", "full_name", "position", "email", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "groups", "position")
    search_fields = ("username", "full_name", "email", "position__code", "position__title")
    list_select_related = ("position",)

    #: What a commune's administrator (not a superuser) may not give: rights beyond its commune's roles.
    SUPERUSER_ONLY = ("is_superuser", "user_permissions", "other_communes")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if request.user.is_superuser else (*fields, *self.SUPERUSER_ONLY)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            # A commune's administrator gives its own people the commune's roles, nothing of the province.
            kwargs["queryset"] = Group.objects.filter(name__in=COMMUNE_ROLE_GROUPS)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "issuing_body", "signer_name")
    list_filter = ("issuing_body",)
    search_fields = ("name", "code")


class PredecessorInline(admin.TabularInline):
    model = Predecessor
    extra = 0


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "code", "province", "formed_on", "is_sample", "is_active")
    list_filter = ("kind", "is_active", "is_sample", "province")
    search_fields = ("name", "code")
    inlines = [PredecessorInline]


@admin.register(Predecessor)
class PredecessorAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "code", "commune", "merged_on")
    list_filter = ("kind",)
    search_fields = ("name", "code", "commune__name")


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "kind", "order")
    list_filter = ("kind",)
    search_fields = ("code", "title", "short_title")


@admin.register(CommuneProfile)
class CommuneProfileAdmin(admin.ModelAdmin):
    list_display = ("unit_name", "district_name", "province_name", "signer_name")
    list_filter = ("province_name",)
    search_fields = ("commune_name", "district_name", "province_name")
    fieldsets = (
        (_("Đơn vị"), {"fields": ("unit_kind", "commune_name", "district_name", "province_name", "place_name")}),
        (_("Cơ quan ban hành"), {"fields": ("parent_body", "issuing_body", "body_symbol", "drafting_unit_symbol")}),
        (_("Người ký"), {"fields": ("signer_authority", "signer_deputy_line", "signer_title", "signer_name")}),
        (_("Nơi nhận"), {"fields": ("recipients", "distribution", "archive_line")}),
        (
            _("Khái quát tình hình"),
            {
                "fields": (
                    "natural_area_km2", "population", "households", "hamlet_word", "hamlet_count", "cadre_count",
                    "civil_servant_count", "merged_from", "merged_on", "merger_basis", "situation",
                )
            },
        ),
        (_("Liên hệ"), {"fields": ("address", "phone", "email", "website")}),
    )  # fmt: skip

    def has_add_permission(self, request) -> bool:
        return not CommuneProfile.objects.exists()

    def save_model(self, request, obj, form, change) -> None:
        """Every changed field of the profile goes into the field history, with the same transaction."""
        before = audit.snapshot(CommuneProfile.objects.get(pk=obj.pk), form.changed_data) if change else {}
        super().save_model(request, obj, form, change)
        if change:
            audit.record(obj, audit.changes_between(before, audit.snapshot(obj, form.changed_data)), by=request.user)


@admin.register(SuperiorBody)
class SuperiorBodyAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "role", "valid_from", "valid_to", "order")
    list_filter = ("level", "role")
    search_fields = ("name",)


@admin.register(LegalBasis)
class LegalBasisAdmin(admin.ModelAdmin):
    list_display = ("short_citation", "issued_on", "issuer", "order", "is_cited")
    list_filter = ("doc_type", "is_cited", "issuer")
    search_fields = ("number", "symbol", "summary", "issuer")
    ordering = ("order",)


@admin.register(FieldChange)
class FieldChangeAdmin(admin.ModelAdmin):
    """Read-only: the history is written by the application, never edited."""

    list_display = ("changed_at", "content_type", "object_id", "label", "field", "old", "new", "changed_by")
    list_filter = ("content_type", "field")
    search_fields = ("label", "field", "old", "new", "object_id")
    list_select_related = ("content_type", "changed_by")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TaskGroup)
class TaskGroupAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "order")
    list_filter = ("kind",)
    search_fields = ("code", "name")

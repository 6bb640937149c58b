from django.contrib import admin

from reports.models import Report, ReportSection, ReportVersion, ReportVersionEvent, SubmissionEvent


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("review", "compiled_at", "compiled_by")
    list_filter = ("compiled_at",)
    search_fields = ("review__title",)


@admin.register(ReportSection)
class ReportSectionAdmin(admin.ModelAdmin):
    list_display = ("title", "key", "is_edited", "edited_by", "edited_at")
    list_filter = ("is_edited",)
    search_fields = ("title", "text")


@admin.register(ReportVersion)
class ReportVersionAdmin(admin.ModelAdmin):
    list_display = ("report", "number", "created_by", "created_at", "approved_at", "signed_number")
    list_filter = ("approved_at",)
    search_fields = ("signed_number",)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReportVersionEvent)
class ReportVersionEventAdmin(admin.ModelAdmin):
    """Read-only: the history of corrections to a signed version."""

    list_display = ("version", "kind", "by", "at", "old_number", "new_number", "old_date", "new_date")
    list_filter = ("kind", "at")
    search_fields = ("old_number", "new_number", "reason", "by__full_name")
    list_select_related = ("version__report__review", "by")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SubmissionEvent)
class SubmissionEventAdmin(admin.ModelAdmin):
    """Read-only: the report's history with the province (sent, returned, accepted, reopened)."""

    list_display = ("report", "version", "kind", "by", "at")
    list_filter = ("kind", "at")
    search_fields = ("reason", "by__full_name")
    list_select_related = ("report__review", "version", "by")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

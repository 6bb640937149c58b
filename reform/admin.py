from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from reform.models import (
    Assessment,
    AssessmentEvent,
    Evidence,
    FieldNote,
    Notification,
    Plan,
    Recommendation,
    Reminder,
    Review,
    Task,
    TaskComment,
)


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "document", "start_year", "end_year")
    list_filter = ("start_year", "end_year")
    search_fields = ("title",)


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("title", "period_start", "period_end", "self_assessment_deadline", "report_deadline", "is_active")
    list_filter = ("is_active",)
    search_fields = ("title",)


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("code", "short_content", "group", "lead", "due_date")
    list_filter = ("group", "lead", "plan")
    search_fields = ("code", "content", "target", "lead__full_name")
    filter_horizontal = ("co_owners", "indicators")
    list_select_related = ("group", "lead")

    @admin.display(description=_("nội dung"))
    def short_content(self, obj: Task) -> str:
        return obj.content[:90]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0


class AssessmentEventInline(admin.TabularInline):
    model = AssessmentEvent
    extra = 0
    can_delete = False
    readonly_fields = ("actor", "from_status", "to_status", "reason", "at")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("task", "status", "completion", "submitted_at", "reviewed_by")
    list_filter = ("status", "completion", "task__group")
    search_fields = ("task__code", "task__content", "result", "task__lead__full_name")
    # Status changes only through the workflow methods, never by editing the field here.
    readonly_fields = ("status", "version", "submitted_at", "reviewed_by", "reviewed_at", "return_reason")
    inlines = [EvidenceInline, RecommendationInline, AssessmentEventInline]
    list_select_related = ("task", "reviewed_by")


@admin.register(AssessmentEvent)
class AssessmentEventAdmin(admin.ModelAdmin):
    list_display = ("assessment", "actor", "from_status", "to_status", "at")
    list_filter = ("to_status", "from_status")
    search_fields = ("assessment__task__code", "reason", "actor__full_name")
    list_select_related = ("assessment__task", "actor")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("short_citation", "assessment", "original_name")
    list_filter = ("doc_type",)
    search_fields = ("number", "symbol", "summary", "issuer", "original_name")


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ("content", "level", "assessment")
    list_filter = ("level",)
    search_fields = ("content",)


@admin.register(TaskComment)
class TaskCommentAdmin(admin.ModelAdmin):
    list_display = ("task", "author", "created_at")
    list_filter = ("task__group",)
    search_fields = ("text", "task__code", "author__full_name")
    list_select_related = ("task", "author")


@admin.register(FieldNote)
class FieldNoteAdmin(admin.ModelAdmin):
    list_display = ("event", "field", "text")
    list_filter = ("field",)
    search_fields = ("text", "event__assessment__task__code")
    list_select_related = ("event__assessment__task",)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("recipient", "message", "created_at", "read_at")
    list_filter = ("read_at", "created_at")
    search_fields = ("message", "recipient__full_name", "recipient__username")
    list_select_related = ("recipient",)


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "sent_on", "seen_at")
    list_filter = ("kind", "sent_on")
    search_fields = ("user__full_name", "user__username", "body")
    list_select_related = ("user",)

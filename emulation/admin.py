from django.contrib import admin

from emulation.models import AwardForm, Commendation, Initiative, MovementActivity, Proposal, ProposalEvent


@admin.register(AwardForm)
class AwardFormAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "for_collective", "for_individual", "decided_by", "order")
    list_filter = ("for_collective", "for_individual")
    search_fields = ("code", "name", "decided_by")


@admin.register(Commendation)
class CommendationAdmin(admin.ModelAdmin):
    list_display = ("year", "form", "kind", "recipient_name", "decision_number", "decision_date")
    list_filter = ("year", "form", "kind")
    search_fields = ("recipient_name", "position_or_unit", "achievement", "decision_number")
    list_select_related = ("form",)


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "year", "area", "replicated")
    list_filter = ("kind", "year", "area", "replicated")
    search_fields = ("name", "authors", "description")
    filter_horizontal = ("author_users",)


@admin.register(MovementActivity)
class MovementActivityAdmin(admin.ModelAdmin):
    list_display = ("year", "plan_number", "registered_collectives", "registered_individuals", "reviews_held")
    list_filter = ("year",)
    search_fields = ("plan_number", "note")


class ProposalEventInline(admin.TabularInline):
    model = ProposalEvent
    extra = 0
    can_delete = False
    readonly_fields = ("actor", "from_status", "to_status", "note", "at")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("recipient_name", "kind", "form", "status")
    list_filter = ("status", "kind", "form")
    search_fields = ("recipient_name", "achievement")
    readonly_fields = ("status",)
    inlines = [ProposalEventInline]


@admin.register(ProposalEvent)
class ProposalEventAdmin(admin.ModelAdmin):
    list_display = ("proposal", "actor", "from_status", "to_status", "at")
    list_filter = ("to_status",)
    search_fields = ("proposal__recipient_name", "note")

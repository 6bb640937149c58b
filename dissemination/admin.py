from django.contrib import admin

from dissemination.models import Channel


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    """The channels; the activities themselves are kept on the record's own pages (their changes recount the
    fed indicators and write the history, which the admin would bypass)."""

    list_display = ("name", "unit", "phrase", "order", "is_active")
    list_editable = ("order", "is_active")
    search_fields = ("name",)

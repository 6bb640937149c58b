"""The catalogue, values, checks, targets and index scores in the admin."""

from django.contrib import admin

from indicators.models import IndexComponent, IndexScore, Indicator, IndicatorCheck, IndicatorTarget, IndicatorValue


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0
    fields = ("year", "comparison", "value", "source", "source_document", "is_verified", "note")


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    readonly_fields = ("updated_by", "updated_at")


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit", "aggregation", "responsible")
    list_filter = ("group", "aggregation", "value_kind", "responsible")
    search_fields = ("code", "name")
    inlines = [IndicatorValueInline, IndicatorTargetInline]
    list_select_related = ("responsible",)


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ("indicator", "year", "value", "updated_by", "updated_at")
    list_filter = ("year", "indicator__group")
    search_fields = ("indicator__code", "indicator__name")
    list_select_related = ("indicator", "updated_by")


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(admin.ModelAdmin):
    list_display = ("indicator", "year", "comparison", "value", "source", "is_verified")
    list_filter = ("is_verified", "source", "indicator__group")
    search_fields = ("indicator__code", "indicator__name", "source", "note")
    list_select_related = ("indicator",)


@admin.register(IndicatorCheck)
class IndicatorCheckAdmin(admin.ModelAdmin):
    list_display = ("message", "comparison")
    list_filter = ("comparison",)
    search_fields = ("message", "left__code", "right__code")
    filter_horizontal = ("left", "right")


class IndexComponentInline(admin.TabularInline):
    model = IndexComponent
    extra = 0


@admin.register(IndexScore)
class IndexScoreAdmin(admin.ModelAdmin):
    list_display = ("index", "year", "score", "max_score", "rank", "ranked_units", "source_date")
    list_filter = ("index", "year")
    search_fields = ("source", "scope")
    inlines = [IndexComponentInline]


@admin.register(IndexComponent)
class IndexComponentAdmin(admin.ModelAdmin):
    list_display = ("score", "name", "value", "max_value")
    list_filter = ("score__index",)
    search_fields = ("name",)
    list_select_related = ("score",)

"""Indicators, targets and index scores: the figures of the report (SPEC §2.E)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from indicators import charts, export
from indicators.figures import Figures, display_value, indicator_rows
from indicators.forms import IndexComponentFormSet, IndexScoreForm, IndicatorForm, IndicatorTargetFormSet
from indicators.grid import AreaGrid, area_tables, index_sections, matching
from indicators.imports import import_grid
from indicators.models import (
    Aggregation,
    IndexScore,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    ValueKind,
    figures_refeed,
)
from indicators.permissions import editable_indicators, get_area_for_user, get_indicator_for_user, visible_indicators
from kimphuong.excel import XLSX, sheets_to_xlsx
from kimphuong.forms import UploadForm
from kimphuong.http import AuthenticatedHttpRequest
from kimphuong.permissions import is_office, require_office, require_oversight


@require_GET
def indicator_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Five years of figures by area, with the period value and Đạt / Không đạt against each target."""
    # Every indicator is read (a ratio's parts may be outside what the reader sees), then filtered.
    figures = Figures.read()
    indicators = visible_indicators(request.user, figures.indicators)
    query = request.GET.get("q", "")[:100]
    tables = area_tables(
        matching(indicators, query),
        can_edit=lambda members: editable_indicators(request.user, members),
        figures=figures,
        lines=True,
    )
    return render(
        request, "indicators/indicator_list.html", {"groups": tables, "q": query, "display_value": display_value}
    )


@require_http_methods(["GET", "POST"])
def indicator_grid_edit(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The year-by-column grid of one area: typed figures are checked cell by cell and kept on error."""
    group, editable = get_area_for_user(request.user, code)
    grid = AreaGrid(editable)
    if request.method == "POST":
        changed = grid.save(request.POST, by=request.user)
        if changed is not None:
            messages.success(request, _("Đã lưu số liệu: %(n)s ô thay đổi.") % {"n": changed})
            return redirect("indicators:indicator_grid", code=group.code)
        if grid.conflicts:
            messages.error(
                request,
                _("Chưa lưu: %(cells)s. Các ô báo đỏ ghi số đang lưu; bấm Lưu số liệu lần nữa để giữ số của bạn.")
                % {"cells": "; ".join(c.text for c in grid.conflicts.values())},
            )
        else:
            messages.error(
                request, _("Chưa lưu: có ô chưa hợp lệ (báo đỏ). Các số khác bạn đã nhập vẫn được giữ nguyên.")
            )
    return render(
        request,
        "indicators/indicator_grid.html",
        {"group": group, "years": grid.years, "rows": grid.rows(request.POST), "general": grid.general},
        status=grid.status,
    )


@require_GET
def indicator_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One indicator: its trend with the target line, its values with who entered them, its targets."""
    indicator = get_indicator_for_user(request.user, pk)
    parts = [p for p in (indicator.numerator, indicator.denominator) if p]
    members = list(
        Indicator.objects.filter(pk__in=[indicator.pk, *[p.pk for p in parts]])
        .select_related("numerator", "denominator")
        .prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.select_related("updated_by")),
            Prefetch("targets", queryset=IndicatorTarget.objects.select_related("source_document", "verified_by")),
        )
    )
    years = list(range(indicator.first_year, indicator.last_year + 1))
    row = next(r for r in indicator_rows(members, years=years) if r.indicator.pk == indicator.pk)
    yearly_target = next((r.target for r in row.results if r.target.year is None), None) or next(
        (r.target for r in row.results), None
    )
    is_share = indicator.aggregation == Aggregation.RATIO or indicator.value_kind == ValueKind.PERCENT
    chart = charts.line_chart(
        [charts.Series(indicator.name, [(y, row.yearly.get(y)) for y in years])],
        title=f"{indicator.code} {indicator.name}",
        unit="%" if is_share else indicator.unit,
        target=yearly_target.value if yearly_target else None,
        target_label=(
            _("Mục tiêu %(cmp)s %(value)s")
            % {"cmp": yearly_target.get_comparison_display(), "value": display_value(yearly_target.value)}
            if yearly_target
            else ""
        ),
    )
    own = next(m for m in members if m.pk == indicator.pk)
    entries = {v.year: v for v in own.values.all()}
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "row": row,
            "years": years,
            "chart": chart,
            "entries": [(y, row.yearly.get(y), entries.get(y)) for y in years],
            "display_value": display_value,
        },
    )


@require_http_methods(["GET", "POST"])
def indicator_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The office keeps the catalogue: name, unit, aggregation, who enters it, and its targets."""
    indicator = get_indicator_for_user(request.user, pk, to_manage=True)
    form = IndicatorForm(request.POST or None, instance=indicator)
    targets = IndicatorTargetFormSet(request.POST or None, instance=indicator, prefix="targets")
    if request.method == "POST":
        if form.is_valid() and targets.is_valid():
            with transaction.atomic():
                form.save()
                targets.save()
                if form.refeeds():  # fed from now on: every year recounted at once, in the same transaction
                    figures_refeed(indicator, by=request.user)
            messages.success(request, _("Đã lưu chỉ tiêu %(code)s.") % {"code": indicator.code})
            return redirect("indicators:indicator_detail", pk=indicator.pk)
        messages.error(request, _("Chưa lưu: xem các ô báo đỏ."))
    return render(
        request,
        "indicators/indicator_edit.html",
        {"indicator": indicator, "form": form, "targets": targets},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def target_verify(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The office confirms a target against its source document (those marked “chưa đối chiếu”)."""
    require_office(request.user)
    target = get_object_or_404(IndicatorTarget.objects.select_related("indicator"), pk=pk)
    target.verify(by=request.user)
    messages.success(request, _("Đã xác nhận mục tiêu của chỉ tiêu %(code)s.") % {"code": target.indicator.code})
    return redirect("indicators:indicator_detail", pk=target.indicator_id)


@require_GET
def index_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """PAR INDEX, SIPAS, PAPI and Bộ chỉ số 766 by year, with their trends."""
    require_oversight(request.user)
    return render(
        request, "indicators/index_list.html", {"sections": index_sections(), "can_edit": is_office(request.user)}
    )


@require_http_methods(["GET", "POST"])
def index_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    """The office records an index result as published, with its dimensions or groups."""
    require_office(request.user)
    score = get_object_or_404(IndexScore, pk=pk) if pk else None
    form = IndexScoreForm(request.POST or None, instance=score)
    components = IndexComponentFormSet(request.POST or None, instance=score, prefix="components")
    if request.method == "POST":
        if form.is_valid() and components.is_valid():
            with transaction.atomic():
                saved = form.save(commit=False)
                saved.updated_by = request.user
                saved.save()
                components.instance = saved
                components.save()
            messages.success(
                request, _("Đã lưu %(name)s năm %(year)s.") % {"name": saved.get_index_display(), "year": saved.year}
            )
            return redirect("indicators:index_list")
        messages.error(request, _("Chưa lưu: xem các ô báo đỏ."))
    return render(
        request,
        "indicators/index_edit.html",
        {"form": form, "components": components, "score": score},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def indicator_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The whole grid in Excel: one sheet per area, values, period, targets and results."""
    require_oversight(request.user)
    data = sheets_to_xlsx(export.build())
    filename = f"so-lieu-chi-tieu-{timezone.localdate():%Y%m%d}.xlsx"
    return HttpResponse(data, content_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@require_http_methods(["GET", "POST"])
def indicator_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload the same layout back: every cell is checked first, then all figures are saved, or none."""
    require_office(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = import_grid(form.cleaned_data["file"], by=request.user)
        if result.ok:
            messages.success(request, _("Đã nhập số liệu: %(n)s ô thay đổi.") % {"n": result.changed})
        else:
            messages.error(request, _("Không nhập gì: có %(n)s lỗi.") % {"n": len(result.errors)})
    return render(request, "indicators/indicator_import.html", {"form": form, "result": result})

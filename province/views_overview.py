"""The province's read-only pages over the communes: the overview (and its Excel), one commune's page and
its indicators, the figures across communes, the index scores side by side."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kimphuong.excel import XLSX
from kimphuong.http import AuthenticatedHttpRequest
from kimphuong.models import CommuneKind
from province import export
from province import figures as province_figures
from province import overview as province_overview
from province.permissions import get_commune_for_user, require_province


@require_GET
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One row per active commune: review progress, deadlines, report status; late communes first."""
    require_province(request.user)
    filters = province_overview.OverviewFilters.from_query(request.GET)
    board = province_overview.build(today=timezone.localdate(), filters=filters)
    return render(
        request,
        "province/overview.html",
        {
            "board": board,
            "filters": filters,
            "statuses": list(province_overview.ReportStatus),
            "kinds": list(CommuneKind),
        },
    )


@require_GET
def overview_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The overview's rows, with the page's filters, in Excel."""
    require_province(request.user)
    filters = province_overview.OverviewFilters.from_query(request.GET)
    today = timezone.localdate()
    data = export.overview_xlsx(province_overview.build(today=today, filters=filters))
    filename = f"tien-do-cac-xa-{today:%Y%m%d}.xlsx"
    return HttpResponse(data, content_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@require_GET
def commune_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """One commune, read-only: who it is, its current review's progress, its report's versions."""
    commune = get_commune_for_user(request.user, code)
    every_version = request.GET.get("versions") == "all"
    page = province_overview.commune_page(commune, today=timezone.localdate(), every_version=every_version)
    return render(request, "province/commune_detail.html", {"page": page, "commune": commune})


@require_GET
def commune_indicators(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """One commune's figures by area, read-only."""
    commune = get_commune_for_user(request.user, code)
    tables = province_figures.commune_indicator_tables(commune)
    return render(request, "province/commune_indicators.html", {"commune": commune, "groups": tables})


@require_GET
def figures(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every indicator code across the communes, per year: the province value and who has not reported."""
    require_province(request.user)
    return render(request, "province/figures_list.html", {"areas": province_figures.province_figures()})


@require_GET
def indices(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The communes' index scores for a year, side by side, with their ranks."""
    require_province(request.user)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    return render(request, "province/figures_indices.html", {"table": province_figures.index_table(year)})

"""The province overview (placeholder routes, replaced by the overview module)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from province.permissions import require_province


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    require_province(request.user)
    return render(request, "province/overview.html", {})


@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    require_province(request.user)
    return render(request, "province/overview.html", {})

"""Sở Nội vụ's summary of the communes' reviews: on screen, and as Word, PDF and Excel files built on request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kimphuong.excel import XLSX
from kimphuong.http import AuthenticatedHttpRequest
from province import summary_document, summary_xlsx
from province.permissions import require_province
from province.summary import ProvinceSummary, build, current_province

FORMATS: dict[str, tuple[Callable[[ProvinceSummary], bytes], str]] = {
    "docx": (summary_document.render_word, summary_document.CONTENT_TYPES["docx"]),
    "pdf": (summary_document.render_pdf_file, summary_document.CONTENT_TYPES["pdf"]),
    "xlsx": (summary_xlsx.render, XLSX),
}


@require_GET
def summary(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_province(request.user)
    province = current_province()
    data = build(province) if province else None
    return render(request, "province/summary.html", {"province": province, "summary": data})


@require_GET
def summary_download(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponse:
    require_province(request.user)
    if fmt not in FORMATS:
        raise Http404(_("Không có định dạng này."))
    province = current_province()
    if province is None:
        raise Http404(_("Chưa khai báo thông tin tỉnh."))
    writer, content_type = FORMATS[fmt]
    response = HttpResponse(writer(build(province)), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{summary_document.file_name(fmt)}"'
    return response

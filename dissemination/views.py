"""The dissemination record (sổ tuyên truyền), kept by the office and read by the leadership."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dissemination import export as dissemination_sheets
from dissemination.forms import ChannelForm, RecordFilterForm, RecordForm
from dissemination.models import Channel, ChannelInUse, ChannelQuerySet, Record
from dissemination.permissions import (
    get_channel_for_user,
    get_channels_for_user,
    get_record_file_for_user,
    get_record_for_user,
    get_records_for_user,
    new_channel_for_user,
    new_record_for_user,
)
from dissemination.summary import fed_indicators, recorded_table, review_years
from kimphuong.excel import XLSX, sheets_to_xlsx
from kimphuong.formats import date_short
from kimphuong.http import AuthenticatedHttpRequest, uploaded_file
from kimphuong.links import pk_link

PAGE_SIZE = 50


def _years() -> list[int]:
    """The review's years, and any other year something was recorded in (one query each)."""
    recorded = {d.year for d in Record.objects.dates("date", "year")}
    return sorted(set(review_years()) | recorded)


@require_GET
def record_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Sổ tuyên truyền: the activities, filtered by year, channel and words, with the year × channel counts
    and the fed indicators' values beside them (they must agree)."""
    records = get_records_for_user(request.user)
    channels = list(Channel.objects.all())  # read once: the table's columns and the filter's dropdown
    table = recorded_table(channels)
    filters = RecordFilterForm(request.GET or None, years=table.years, channels=channels)
    page = Paginator(filters.filter(records), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dissemination/record_list.html",
        {
            "page": page,
            "rows": _rows(page.object_list),
            "query": filters.query(),
            "filters": filters,
            "table": table,
            "fed": fed_indicators(),
        },
    )


@dataclass(frozen=True)
class _Row:
    """One activity of the list, its values ready to show (no URL reversed, no label translated per row)."""

    pk: int
    date: str
    channel: str
    title: str
    performer: str
    reach: str
    link: str
    file_url: str  # "" without a file
    file_name: str
    edit_url: str
    edit_label: str


def _rows(records: Iterable[Record]) -> list[_Row]:
    file_url, edit_url = pk_link("dissemination:record_file"), pk_link("dissemination:record_edit")
    unnamed = _("Tệp")
    rows = []
    for r in records:
        day = date_short(r.date)
        rows.append(
            _Row(
                pk=r.pk,
                date=day,
                channel=r.channel.name,
                title=r.title,
                performer=r.performer,
                reach=r.reach_text or "—",
                link=r.link,
                file_url=file_url(r.pk) if r.file else "",
                file_name=r.original_name or unnamed,
                edit_url=edit_url(r.pk),
                edit_label=_("Sửa hoạt động ngày %(date)s") % {"date": day},
            )
        )
    return rows


@require_http_methods(["GET", "POST"])
def record_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    new_record_for_user(request.user)
    return _edit(request, None)


@require_http_methods(["GET", "POST"])
def record_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    record = get_record_for_user(request.user, pk, to_edit=True)
    return _edit(request, record)


def _edit(request: AuthenticatedHttpRequest, record: Record | None) -> HttpResponse:
    """Create or change an activity; a refusal keeps everything typed (a chosen file must be chosen again)."""
    form = RecordForm(request.POST or None, request.FILES or None, instance=record, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            saved = form.save_record(by=request.user)
            messages.success(request, _("Đã lưu hoạt động tuyên truyền ngày %(date)s.") % {"date": _date(saved)})
            return redirect("dissemination:record_list")
        messages.error(request, _("Chưa lưu: xem các ô báo đỏ. Những gì bạn đã nhập vẫn được giữ nguyên."))
    return render(
        request,
        "dissemination/record_form.html",
        {"form": form, "record": record},
        status=400 if request.method == "POST" else 200,
    )


def _date(record: Record) -> str:
    return date_short(record.date)


@require_POST
def record_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    record = get_record_for_user(request.user, pk, to_edit=True)
    record.remove(by=request.user)
    messages.success(request, _("Đã xóa hoạt động tuyên truyền ngày %(date)s khỏi sổ.") % {"date": _date(record)})
    return redirect("dissemination:record_list")


@require_GET
def record_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """The evidence file, only through this check, under the name it was uploaded with."""
    record = get_record_file_for_user(request.user, pk)
    return uploaded_file(record.file, record.original_name)


@require_GET
def record_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    get_records_for_user(request.user)
    data = sheets_to_xlsx(dissemination_sheets.build(_years()))
    filename = f"so-tuyen-truyen-{timezone.localdate():%Y%m%d}.xlsx"
    return HttpResponse(data, content_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@require_GET
def channel_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The channels with how many activities each holds; the office adds one inline."""
    channels = get_channels_for_user(request.user)
    return _channel_page(request, channels, ChannelForm(), status=200)


def _channel_page(
    request: AuthenticatedHttpRequest, channels: ChannelQuerySet, form: ChannelForm, *, status: int
) -> HttpResponse:
    return render(request, "dissemination/channel_list.html", {"channels": channels, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
def channel_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    new_channel_for_user(request.user)
    form = ChannelForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            channel = form.save()
            messages.success(request, _("Đã thêm kênh “%(name)s”.") % {"name": channel.name})
            return redirect("dissemination:channel_list")
        messages.error(request, _("Chưa lưu: xem các ô báo đỏ."))
    return _channel_page(
        request, get_channels_for_user(request.user), form, status=400 if request.method == "POST" else 200
    )


@require_http_methods(["GET", "POST"])
def channel_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    channel = get_channel_for_user(request.user, pk)
    form = ChannelForm(request.POST or None, instance=channel)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Đã lưu kênh “%(name)s”.") % {"name": channel.name})
            return redirect("dissemination:channel_list")
        messages.error(request, _("Chưa lưu: xem các ô báo đỏ."))
    return render(
        request,
        "dissemination/channel_form.html",
        {"form": form, "channel": channel},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def channel_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Delete a channel nothing was recorded on; one in use is only deactivated (said so)."""
    channel = get_channel_for_user(request.user, pk)
    try:
        channel.remove(by=request.user)
    except ChannelInUse as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã xóa kênh “%(name)s”.") % {"name": channel.name})
    return redirect("dissemination:channel_list")

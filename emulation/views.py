"""The emulation movement's record, kept by the office and read by the leadership."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from emulation import export as emulation_sheets
from emulation import tables
from emulation.forms import (
    ActivityForm,
    CommendationForm,
    InitiativeForm,
    ProposalForm,
    RegisterFilterForm,
    movement_years,
)
from emulation.models import Commendation, Initiative, MovementActivity, Proposal
from emulation.permissions import (
    get_activity_for_user,
    get_commendation_for_user,
    get_initiative_for_user,
    get_proposal_for_user,
    new_record_for_user,
)
from kimphuong.excel import XLSX, sheets_to_xlsx
from kimphuong.http import AuthenticatedHttpRequest
from kimphuong.permissions import require_oversight
from kimphuong.workflow import InvalidTransition


def _years() -> list[int]:
    first, last = movement_years()
    return list(range(first, last + 1))


REGISTER_PAGE_SIZE = 50


@require_GET
def commendation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Sổ khen thưởng of the movement, filtered by year, form and collective/individual."""
    require_oversight(request.user)
    filters = RegisterFilterForm(request.GET or None)
    rows = filters.filter(Commendation.objects.for_register())
    page = Paginator(rows, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "emulation/commendation_list.html",
        {"rows": page, "page": page, "query": filters.query(), "filters": filters, "tab": "register"},
    )


def _edit(
    request: AuthenticatedHttpRequest,
    *,
    form_class: type[ModelForm],
    instance: Model | None,
    title: str,
    back: str,
    tab: str,
) -> HttpResponse:
    """Create or change one record of the office's; a refusal keeps everything typed."""
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Đã lưu."))
            return redirect(back)
        messages.error(request, _("Chưa lưu: xem các ô báo đỏ."))
    return render(
        request,
        "emulation/edit.html",
        {"form": form, "title": title, "back": back, "tab": tab, "instance": instance},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def commendation_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    instance = get_commendation_for_user(request.user, pk) if pk else new_record_for_user(request.user, Commendation)
    title = _("Sửa khen thưởng") if instance else _("Ghi khen thưởng")
    return _edit(request, form_class=CommendationForm, instance=instance, title=title,
                 back=reverse("emulation:commendation_list"), tab="register")  # fmt: skip


@require_POST
def commendation_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    commendation = get_commendation_for_user(request.user, pk)
    commendation.delete()
    messages.success(request, _("Đã xóa khen thưởng của %(name)s.") % {"name": commendation.recipient_name})
    return redirect("emulation:commendation_list")


@require_GET
def initiative_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_oversight(request.user)
    rows = Initiative.objects.select_related("area").prefetch_related("author_users")
    return render(request, "emulation/initiative_list.html", {"rows": rows, "tab": "initiatives"})


@require_http_methods(["GET", "POST"])
def initiative_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    instance = get_initiative_for_user(request.user, pk) if pk else new_record_for_user(request.user, Initiative)
    title = _("Sửa sáng kiến, mô hình") if instance else _("Ghi sáng kiến, mô hình")
    return _edit(request, form_class=InitiativeForm, instance=instance, title=title,
                 back=reverse("emulation:initiative_list"), tab="initiatives")  # fmt: skip


@require_GET
def activity_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_oversight(request.user)
    rows = {a.year: a for a in MovementActivity.objects.all()}
    return render(
        request, "emulation/activity_list.html", {"rows": [(y, rows.get(y)) for y in _years()], "tab": "activities"}
    )


@require_http_methods(["GET", "POST"])
def activity_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    instance = get_activity_for_user(request.user, pk) if pk else new_record_for_user(request.user, MovementActivity)
    title = _("Hoạt động phong trào năm %(year)s") % {"year": instance.year} if instance else _("Thêm hoạt động năm")
    return _edit(request, form_class=ActivityForm, instance=instance, title=title,
                 back=reverse("emulation:activity_list"), tab="activities")  # fmt: skip


@require_GET
def proposal_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_oversight(request.user)
    return render(request, "emulation/proposal_list.html", {"rows": tables.proposal_rows(_years()), "tab": "proposals"})


@require_http_methods(["GET", "POST"])
def proposal_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    instance = get_proposal_for_user(request.user, pk) if pk else new_record_for_user(request.user, Proposal)
    title = _("Sửa đề nghị khen thưởng") if instance else _("Thêm đề nghị khen thưởng tổng kết")
    return _edit(request, form_class=ProposalForm, instance=instance, title=title,
                 back=reverse("emulation:proposal_list"), tab="proposals")  # fmt: skip


PROPOSAL_ACTIONS: dict[str, Any] = {
    "propose": lambda p, user, note: p.propose(by=user),
    "approve": lambda p, user, note: p.decide(by=user, approved=True, note=note),
    "reject": lambda p, user, note: p.decide(by=user, approved=False, note=note),
    "withdraw": lambda p, user, note: p.withdraw(by=user),
}


@require_POST
def proposal_move(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    """Trình Hội đồng TĐKT, ghi kết quả chấp thuận / không chấp thuận, hoặc rút về dự thảo."""
    proposal = get_proposal_for_user(request.user, pk)
    if action not in PROPOSAL_ACTIONS:
        messages.error(request, _("Thao tác không hợp lệ."))
        return redirect("emulation:proposal_list")
    try:
        PROPOSAL_ACTIONS[action](proposal, request.user, request.POST.get("note", ""))
    except InvalidTransition as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Đề nghị cho %(name)s: %(status)s.")
            % {"name": proposal.recipient_name, "status": proposal.get_status_display()},
        )
    return redirect("emulation:proposal_list")


@require_GET
def summary_tables(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The tables Phần II needs: commendations by year × form, initiatives by area × year, proposals."""
    require_oversight(request.user)
    years = _years()
    return render(
        request,
        "emulation/tables.html",
        {
            "commendations": tables.commendation_table(years),
            "initiatives": tables.initiative_table(years),
            "proposals": tables.proposal_rows(years),
            "tab": "tables",
        },
    )


@require_GET
def emulation_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_oversight(request.user)
    data = sheets_to_xlsx(emulation_sheets.build(_years()))
    filename = f"thi-dua-khen-thuong-{timezone.localdate():%Y%m%d}.xlsx"
    return HttpResponse(data, content_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{filename}"'})

"""Quản lý xã: the province administrator creates communes, their first office accounts, and loads the plan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kimphuong.excel import XLSX
from kimphuong.http import AuthenticatedHttpRequest
from kimphuong.links import key_link
from kimphuong.models import OFFICE_GROUP, Commune, CommuneKind, User
from kimphuong.scoping import commune_scope
from province.communes import (
    PlanRefused,
    communes_template,
    create_commune,
    create_first_office_account,
    import_communes,
    load_plan_template,
    office_accounts,
    plan_review_defaults,
    plan_sources,
    plan_template,
    province_of_installation,
    split_predecessors,
)
from province.forms_communes import CommuneForm, CommuneImportForm, OfficeAccountForm, PlanLoadForm, add_errors
from province.permissions import get_commune_for_user, require_province_admin
from reform.models import Review, Task
from reform.plan_excel import describe

COMMUNES_PAGE_SIZE = 25  # as the dashboard pages its officials


def with_counts(communes: list[Commune]) -> list[Commune]:
    """The communes (a page of them) with their user count, office account and task count (`user_count`,
    `has_office`, `task_count`): three grouped reads of these communes' rows, whatever the province's size."""
    ids = [c.pk for c in communes]
    users = dict(
        User._base_manager.filter(commune__in=ids).values("commune").annotate(n=Count("pk")).values_list("commune", "n")
    )
    tasks = dict(
        Task.objects.filter(commune__in=ids).values("commune").annotate(n=Count("pk")).values_list("commune", "n")
    )
    offices = set(
        User._base_manager.filter(commune__in=ids, is_active=True)
        .filter(Q(groups__name=OFFICE_GROUP) | Q(is_superuser=True))
        .values_list("commune", flat=True)
        .distinct()
    )
    for commune in communes:
        commune.user_count = users.get(commune.pk, 0)  # type: ignore[attr-defined]
        commune.task_count = tasks.get(commune.pk, 0)  # type: ignore[attr-defined]
        commune.has_office = commune.pk in offices  # type: ignore[attr-defined]
    return communes


def _page(request: AuthenticatedHttpRequest, status: int = 200, **forms: Any) -> HttpResponse:
    province = province_of_installation()
    listing = Commune.objects.filter(province=province).order_by("name", "code")
    page = Paginator(listing, COMMUNES_PAGE_SIZE).get_page(request.GET.get("page"))
    communes = with_counts(list(page))  # the counts of the communes on this page only
    kinds = dict(CommuneKind.choices)
    office_url, plan_url = key_link("province:commune_office_account"), key_link("province:commune_plan")
    for commune in communes:  # shown on each row: prepared once here (a province has hundreds of communes)
        commune.kind_label = kinds.get(commune.kind, commune.kind)  # type: ignore[attr-defined]
        commune.office_url = office_url(commune.code)  # type: ignore[attr-defined]
        commune.plan_url = plan_url(commune.code)  # type: ignore[attr-defined]
        commune.task_label = ngettext(  # type: ignore[attr-defined]
            "%(n)s nhiệm vụ",
            "%(n)s nhiệm vụ",
            commune.task_count,  # type: ignore[attr-defined]
        ) % {"n": commune.task_count}  # type: ignore[attr-defined]
    context = {
        "province": province,
        "communes": communes,
        "page": page,
        "form": forms.get("form") or CommuneForm(),
        "import_form": forms.get("import_form") or CommuneImportForm(),
        "import_result": forms.get("import_result"),
    }
    return render(request, "province/communes.html", context, status=status)


@require_GET
def communes(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_province_admin(request.user)
    return _page(request)


@require_POST
def commune_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_province_admin(request.user)
    province = province_of_installation()
    form = CommuneForm(request.POST)
    if province is None:
        form.add_error(None, _("Chưa khai thông tin tỉnh: người quản trị hệ thống cần tạo tỉnh trước."))
    elif form.is_valid():
        data = form.cleaned_data
        try:
            commune = create_commune(
                province=province,
                name=data["name"],
                code=data["code"],
                kind=data["kind"],
                formed_on=data["formed_on"],
                formation_basis=data["formation_basis"],
                predecessors=split_predecessors(data["predecessors"]),
                by=request.user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, _("Đã tạo %(commune)s (mã %(code)s).") % {"commune": commune, "code": commune.code}
            )
            return redirect("province:communes")
    messages.error(request, _("Chưa tạo xã: xem các ô báo đỏ."))
    return _page(request, status=400, form=form)


@require_POST
def communes_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_province_admin(request.user)
    province = province_of_installation()
    form = CommuneImportForm(request.POST, request.FILES)
    if province is None:
        form.add_error(None, _("Chưa khai thông tin tỉnh: người quản trị hệ thống cần tạo tỉnh trước."))
    elif form.is_valid():
        result = import_communes(form.cleaned_data["file"], province=province, by=request.user)
        if result.ok:
            messages.success(request, _("Đã tạo %(n)s xã, phường từ danh sách.") % {"n": len(result.created)})
            return redirect("province:communes")
        messages.error(request, _("Không tạo xã nào: có %(n)s lỗi.") % {"n": len(result.errors)})
        return _page(request, status=400, import_form=form, import_result=result)
    messages.error(request, _("Chưa nhập danh sách: xem các ô báo đỏ."))
    return _page(request, status=400, import_form=form)


@require_GET
def communes_template_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_province_admin(request.user)
    return HttpResponse(
        communes_template(),
        content_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="mau-danh-sach-xa.xlsx"'},
    )


@never_cache  # the temporary password is shown once: no copy in any cache
@require_http_methods(["GET", "POST"])
def commune_office_account(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    require_province_admin(request.user)
    commune = get_commune_for_user(request.user, code)
    form = OfficeAccountForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                user, password = create_first_office_account(
                    commune=commune,
                    username=form.cleaned_data["username"],
                    full_name=form.cleaned_data["full_name"],
                    email=form.cleaned_data["email"],
                    by=request.user,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                return render(
                    request,
                    "province/communes_office_done.html",
                    {"commune": commune, "account": user, "password": password},
                )
        messages.error(request, _("Chưa tạo tài khoản: xem các ô báo đỏ."))
    existing = office_accounts(commune)
    return render(
        request,
        "province/communes_office.html",
        {"commune": commune, "form": form, "existing": existing},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def commune_plan(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    require_province_admin(request.user)
    commune = get_commune_for_user(request.user, code)
    if request.method == "GET" and "template" in request.GET:
        source = Commune.objects.filter(code=request.GET.get("from", "")).first()
        return HttpResponse(
            plan_template(commune=commune, source=source),
            content_type=XLSX,
            headers={"Content-Disposition": 'attachment; filename="mau-danh-sach-nhiem-vu.xlsx"'},
        )
    with commune_scope(commune):
        review = Review.current()
        task_count = Task.objects.count()
    form = PlanLoadForm(request.POST or None, request.FILES or None, initial=plan_review_defaults())
    loaded = None
    if request.method == "POST":
        if form.is_valid():
            try:
                loaded = load_plan_template(
                    commune=commune,
                    file=form.cleaned_data["file"],
                    by=request.user,
                    self_assessment_deadline=form.cleaned_data["self_assessment_deadline"],
                    report_deadline=form.cleaned_data["report_deadline"],
                )
            except PlanRefused as exc:
                messages.error(request, str(exc))
            else:
                if loaded.result.ok:
                    messages.success(request, describe(loaded.result))
                    with commune_scope(commune):
                        review, task_count = Review.current(), Task.objects.count()
                else:
                    messages.error(request, describe(loaded.result))
        else:
            messages.error(request, _("Chưa nạp kế hoạch: xem các ô báo đỏ."))
    failed = request.method == "POST" and (loaded is None or not loaded.result.ok)
    context = {
        "commune": commune,
        "form": form,
        "loaded": loaded,
        "review": review,
        "task_count": task_count,
        "has_office": bool(office_accounts(commune)),
        "sources": [c for c in plan_sources() if c != commune],
    }
    return render(request, "province/communes_plan.html", context, status=400 if failed else 200)

"""Receiving the communes' reports (bottom-up, as in DHIS2): Sở Nội vụ reads the version each commune sent,
accepts it or returns it with a reason, and may reopen an accepted one.

Province users act under `all_communes()` (CommuneScopeMiddleware); each view starts with the province check.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kimphuong.http import AuthenticatedHttpRequest
from kimphuong.models import Commune, User
from province.forms import ReasonForm
from province.permissions import get_commune_for_user, require_province
from reports.models import ProvinceStatus, Report, ReportError, ReportVersion, SubmissionEvent
from reports.services import version_file


def _report_of(commune: Commune) -> Report | None:
    """The commune's report of its current review (one query), with the version it sent."""
    return (
        Report.objects.filter(commune=commune, review__is_active=True)
        .select_related("review", "commune", "sent_version__approved_by", "sent_version__signed_by")
        .first()
    )


def get_report_for_province(user: User, code: str) -> tuple[Commune, Report]:
    """A commune's report that has reached the province; 403 for anyone but Sở Nội vụ, 404 otherwise."""
    commune = get_commune_for_user(user, code)
    report = _report_of(commune)
    if report is None or report.province_status == ProvinceStatus.NOT_SENT:
        raise Http404(_("Xã chưa gửi báo cáo tổng kết lên tỉnh."))
    return commune, report


@require_GET
def receiving(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The communes' reports: those waiting for the province first (longest waiting first), then the others
    the province has handled (latest first). One query whatever the number of communes."""
    require_province(request.user)
    reports = list(
        Report.objects.exclude(province_status=ProvinceStatus.NOT_SENT)
        .select_related("commune", "review", "sent_version")
        .order_by("province_status_at", "pk")
    )
    waiting = [r for r in reports if r.province_status == ProvinceStatus.SENT]
    handled = [r for r in reports if r.province_status != ProvinceStatus.SENT][::-1]
    return render(request, "province/receiving.html", {"waiting": waiting, "handled": handled})


def _detail(
    request: AuthenticatedHttpRequest, commune: Commune, report: Report | None, *,
    return_form: ReasonForm | None = None, reopen_form: ReasonForm | None = None, status: int = 200,
) -> HttpResponse:  # fmt: skip
    submissions = (
        list(report.submissions.select_related("by", "version").order_by("at", "pk")) if report is not None else []
    )
    sent = {e.version_id for e in submissions if e.kind == SubmissionEvent.Kind.SENT}
    return render(
        request,
        "province/receiving_detail.html",
        {
            "commune": commune,
            "report": report,
            "version": report.sent_version if report is not None else None,
            "submissions": submissions,
            "sent_event": next((e for e in reversed(submissions) if e.kind == SubmissionEvent.Kind.SENT), None),
            "sent_versions": sorted({e.version for e in submissions if e.version_id in sent}, key=lambda v: -v.number),
            "return_form": return_form or ReasonForm(prefix="return"),
            "reopen_form": reopen_form or ReasonForm(prefix="reopen"),
        },
        status=status,
    )


@require_GET
def report_detail(request: AuthenticatedHttpRequest, commune_code: str) -> HttpResponse:
    """The version the commune sent, its files, the history, and what the province may do now."""
    commune = get_commune_for_user(request.user, commune_code)
    report = _report_of(commune)
    return _detail(request, commune, report if report and report.province_status else None)


@require_POST
def report_accept(request: AuthenticatedHttpRequest, commune_code: str) -> HttpResponse:
    commune, report = get_report_for_province(request.user, commune_code)
    try:
        report.accept(by=request.user)
    except ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã tiếp nhận báo cáo của %(unit)s.") % {"unit": commune.unit_name})
    return redirect("province:report_detail", commune_code=commune.code)


@require_POST
def report_return(request: AuthenticatedHttpRequest, commune_code: str) -> HttpResponse:
    commune, report = get_report_for_province(request.user, commune_code)
    return _decide_with_reason(
        request, commune, report, "return", report.return_to_commune, _("Đã trả lại báo cáo cho %(unit)s.")
    )


@require_POST
def report_reopen(request: AuthenticatedHttpRequest, commune_code: str) -> HttpResponse:
    commune, report = get_report_for_province(request.user, commune_code)
    return _decide_with_reason(
        request, commune, report, "reopen", report.reopen, _("Đã mở lại báo cáo cho %(unit)s sửa.")
    )


def _decide_with_reason(
    request: AuthenticatedHttpRequest,
    commune: Commune,
    report: Report,
    prefix: str,
    decide: Callable[..., object],
    done: str,
) -> HttpResponse:
    """Return or reopen: the decision with its reason, or the page again with the reason as typed."""
    form = ReasonForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            decide(by=request.user, reason=form.cleaned_data["reason"])
        except ReportError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done % {"unit": commune.unit_name})
            return redirect("province:report_detail", commune_code=commune.code)
    return _detail(request, commune, report, status=400, **{f"{prefix}_form": form})


@require_GET
def version_download(request: AuthenticatedHttpRequest, commune_code: str, number: int, fmt: str) -> FileResponse:
    """A file of a version the commune sent to the province (never a version it kept to itself)."""
    _commune, report = get_report_for_province(request.user, commune_code)
    sent = ReportVersion.objects.filter(report=report, submissions__kind=SubmissionEvent.Kind.SENT).distinct()
    version = get_object_or_404(sent.select_related("report"), number=number)
    found = version_file(version, fmt)
    if found is None:
        raise Http404
    field, name = found
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404(_("Không tìm thấy tệp trên máy chủ.")) from None
    return FileResponse(handle, as_attachment=True, filename=name)

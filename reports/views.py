"""The report workspace: compile, edit sections, issue versions, approve, record the signed copy, download."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import F, Prefetch, Q, prefetch_related_objects
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kimphuong import audit, jobs
from kimphuong.formats import date_short
from kimphuong.http import AuthenticatedHttpRequest
from kimphuong.links import pk_link
from kimphuong.models import SuperiorBody
from kimphuong.permissions import is_leadership, is_office, require_office
from reform.diff import inline_diff
from reform.models import Status
from reports.forms import AddresseeForm, SectionForm, SignatureCorrectionForm, SignatureForm
from reports.models import ProvinceStatus, ReportError, ReportVersionEvent
from reports.permissions import get_report_for_user, get_section_for_user, get_version_for_user
from reports.services import (
    FORMATS,
    build_file,
    empty_sections,
    file_name,
    plan_tasks,
    version_file,
    workspace_checks,
)
from reports.tasks import COMPILE, ISSUE, KINDS, report_compile_task, version_issue_task

VERSIONS_SHOWN = 5  # on the workspace; "Xem tất cả phiên bản" shows the rest


@require_GET
def report_workspace(request: AuthenticatedHttpRequest) -> HttpResponse:
    report = get_report_for_user(request.user)
    # The sections as shown: their text, and whether an edited one's draft has moved (not the drafts themselves).
    sections = list(
        report.section_rows()
        .defer("draft", "edited_from")
        .annotate(data_moved=Q(is_edited=True) & ~Q(draft=F("edited_from")))
    )
    # The newest versions (all of them with ?versions=all): the page does not grow with the report's history.
    every_version = request.GET.get("versions") == "all"
    versions = list(
        report.version_rows()
        .defer("sections")  # the frozen text, not shown here
        .select_related("created_by", "approved_by")[: None if every_version else VERSIONS_SHOWN + 1]
    )
    more_versions = len(versions) > VERSIONS_SHOWN and not every_version
    versions = versions[:VERSIONS_SHOWN] if more_versions else versions
    # Each version's links, formatted from one reverse per kind (kimphuong.links).
    downloads = {fmt: pk_link("reports:version_download", fmt) for fmt in ("docx", "pdf", "xlsx", "signed")}
    for version in versions:
        version.links = {fmt: link(version.pk) for fmt, link in downloads.items()}  # type: ignore[attr-defined]
    # Corrections of the signature data: only signed versions have them.
    signed = [v for v in versions if v.is_signed]
    prefetch_related_objects(signed, Prefetch("events", queryset=ReportVersionEvent.objects.select_related("by")))
    approved = next((v for v in versions if v.is_approved), None)  # the newest approved (newest first)
    if approved is None and getattr(report, "approved_version_id", None):  # approved, but older than those shown
        approved = (
            report.version_rows()
            .filter(approved_at__isnull=False)
            .defer("sections")
            .select_related("approved_by")
            .first()
        )
    tasks = plan_tasks(report.review)
    # Sources are shown as task codes (links), never as database ids.
    codes = {t.assessment_pk: t.code for t in tasks if t.assessment_pk is not None}
    assessment_url, edit_url = pk_link("reform:assessment_detail"), pk_link("reports:section_edit")
    for section in sections:  # links shown beside each section (formatted here: a page of many links)
        links = sorted((codes[pk], assessment_url(pk)) for pk in section.sources if pk in codes)
        section.source_links = links  # type: ignore[attr-defined]
        section.edit_url = edit_url(section.pk)  # type: ignore[attr-defined]
    today = timezone.localdate()
    bodies = list(SuperiorBody.objects.in_force_on(today))
    addressees, copies = report.addressing(today, bodies)
    checks = workspace_checks(report, sections=sections, levels={b.level for b in bodies}, tasks=tasks)
    labels = dict(Status.choices)
    for task in checks.unaccepted:
        task.detail_url = assessment_url(task.assessment_pk) if task.assessment_pk else ""
        task.status_label = labels.get(task.status, "") if task.assessment_pk else ""
    # A report never sent has no submission history.
    sent = report.pk and report.province_status != ProvinceStatus.NOT_SENT
    submissions = list(report.submissions.select_related("by", "version").order_by("at", "pk")) if sent else []
    latest = versions[0] if versions else None  # newest first
    job = jobs.job_of_request(request, kinds=KINDS)  # compiling, issuing
    return render(
        request,
        "reports/workspace.html",
        {
            "report": report,
            "sections": sections,
            "versions": versions,
            "submissions": submissions,
            # Returned (or reopened): the province's latest reason, shown at the top for office and leadership.
            "province_reason": next(
                (e for e in reversed(submissions) if e.kind in (e.Kind.RETURNED, e.Kind.REOPENED)), None
            )
            if report.province_status == ProvinceStatus.RETURNED
            else None,
            "can_change": is_office(request.user) and report.is_editable,
            "send_version": latest
            if latest is not None
            and latest.can_be_sent
            and is_leadership(request.user)
            and report.province_status in (ProvinceStatus.NOT_SENT, ProvinceStatus.RETURNED)
            else None,
            "more_versions": more_versions,
            "approved": approved,
            "checks": checks,
            "addressees": addressees,
            "copies": copies,
            "addressee_form": AddresseeForm(
                initial={"recipients": report.recipients, "distribution": report.distribution}
            ),
            "can_edit": is_office(request.user),
            "can_approve": is_leadership(request.user),
            **_job_context(job),
        },
    )


def _job_context(job: jobs.Job | None) -> dict:
    if job is None:
        return {"job": None}
    links = []
    if job.kind == COMPILE and job.state == jobs.Job.State.DONE:
        links = [(_("Xem bản dự thảo mới"), reverse("reports:workspace"))]
    if job.kind == ISSUE and job.state == jobs.Job.State.DONE:
        links = [
            (_("Tải %(fmt)s") % {"fmt": label}, reverse("reports:version_download", args=[job.result["version"], fmt]))
            for fmt, label in (("docx", "Word"), ("pdf", "PDF"), ("xlsx", "Excel"))
        ]
    return jobs.page_context(job, status="reports:job", retry="reports:job_retry", links=links)


def _after_start(request: AuthenticatedHttpRequest, job: jobs.Job) -> HttpResponse:
    """A job already done (the immediate backend) shows its outcome as a message; one still queued or running
    is shown on the workspace with its progress; a failed one with its error and a retry."""
    if job.state == jobs.Job.State.DONE:
        messages.success(request, job.result["message"])
        if job.result.get("stale"):
            messages.warning(
                request,
                _("Các phần đã sửa có dữ liệu mới (giữ nguyên nội dung đã sửa, xem dự thảo mới bên cạnh): %(names)s")
                % {"names": "; ".join(job.result["stale"])},
            )
        return redirect("reports:workspace")
    return redirect(f"{reverse('reports:workspace')}?job={job.pk}#job-{job.pk}")


@require_GET
def report_job(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The progress partial of a compile or an issue, polled by the workspace (htmx)."""
    job = jobs.get_job_for_user(request.user, pk, kinds=KINDS)
    context = _job_context(job)
    return jobs.render_status(
        request, job, status_url=context["job_status_url"], retry_url=context["job_retry_url"],
        result={"links": context["job_links"]},
    )  # fmt: skip


@require_POST
def report_job_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = jobs.get_job_for_user(request.user, pk, kinds=KINDS)
    require_office(request.user)  # only the office starts the work again
    return _after_start(request, jobs.retry(job, user=request.user))


@require_POST
def report_addressees(request: AuthenticatedHttpRequest) -> HttpResponse:
    report = get_report_for_user(request.user, to_edit=True, create=True)
    form = AddresseeForm(request.POST)
    use_default = "use_default" in request.POST
    if not use_default and not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(f"{reverse('reports:workspace')}#addressees")
    try:
        if use_default:
            report.set_addressees(recipients="", distribution="")
            messages.success(request, _("Kính gửi và Nơi nhận theo các cơ quan có hiệu lực vào ngày của báo cáo."))
        else:
            report.set_addressees(**form.cleaned_data)
            messages.success(request, _("Đã lưu Kính gửi và Nơi nhận của báo cáo."))
    except ReportError as exc:
        messages.error(request, str(exc))
    return redirect(f"{reverse('reports:workspace')}#addressees")


@require_POST
def report_compile(request: AuthenticatedHttpRequest) -> HttpResponse:
    report = get_report_for_user(request.user, to_edit=True, create=True)
    job = jobs.start(
        COMPILE, label=_("Tổng hợp báo cáo"), user=request.user, commune=report.commune_id,
        task=report_compile_task, args={"report": report.pk},
    )  # fmt: skip
    return _after_start(request, job)


@require_http_methods(["GET", "POST"])
def section_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    section = get_section_for_user(request.user, pk)
    form = SectionForm(request.POST or None, initial={"text": section.text})
    if request.method == "POST":
        # A refused save (the province holds the report) shows the form again with the text as typed.
        try:
            if "use_draft" in request.POST:
                section.use_draft(by=request.user)
                messages.success(
                    request, _("Đã dùng lại bản tự tổng hợp cho phần “%(title)s”.") % {"title": section.title}
                )
                return redirect("reports:workspace")
            if form.is_valid():
                section.edit(text=form.cleaned_data["text"], by=request.user)
                messages.success(request, _("Đã lưu phần “%(title)s”.") % {"title": section.title})
                return redirect(f"{reverse('reports:workspace')}#section-{section.pk}")
        except ReportError as exc:
            messages.error(request, str(exc))
    return render(
        request,
        "reports/section_edit.html",
        {
            "section": section,
            "form": form,
            "draft_diff": inline_diff(section.text, section.draft) if section.is_stale else "",
            "history": list(audit.history_of(section)[:20]),
        },
    )


@require_http_methods(["GET", "POST"])
def version_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Issue the next version; with empty or unfinished sections, a page first names each one to confirm."""
    report = get_report_for_user(request.user, to_edit=True, create=request.method == "POST")
    if request.method == "GET":
        return render(request, "reports/confirm_issue.html", {"report": report, "empty": empty_sections(report)})
    # Checked here so that the page names the sections to confirm; the job issues the version.
    confirmed = request.POST.getlist("confirm")
    if any(s.key not in set(confirmed) for s in empty_sections(report)):
        return render(
            request,
            "reports/confirm_issue.html",
            {"report": report, "empty": empty_sections(report), "refused": "confirm" in request.POST},
            status=200 if "confirm" not in request.POST else 400,
        )
    job = jobs.start(
        ISSUE, label=_("Phát hành phiên bản"), user=request.user, commune=report.commune_id,
        task=version_issue_task, args={"report": report.pk, "confirmed": confirmed},
    )  # fmt: skip
    return _after_start(request, job)


@require_POST
def version_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = get_version_for_user(request.user, pk, to_approve=True)
    try:
        version.approve(by=request.user)
    except ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã duyệt báo cáo phiên bản %(n)s.") % {"n": version.number})
    return redirect("reports:workspace")


@require_POST
def version_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Leadership sends the latest approved and signed version to the province (Sở Nội vụ)."""
    version = get_version_for_user(request.user, pk, to_approve=True)
    try:
        version.send_to_province(by=request.user)
    except ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã gửi báo cáo phiên bản %(n)s lên tỉnh.") % {"n": version.number})
    return redirect(f"{reverse('reports:workspace')}#province")


@require_POST
def version_sign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = get_version_for_user(request.user, pk, to_sign=True)
    form = SignatureForm(request.POST, request.FILES)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}: {error}" if field in form.fields else str(error))
        return redirect("reports:workspace")
    scan = form.cleaned_data["scan"]
    try:
        version.record_signature(
            by=request.user, number=form.cleaned_data["number"], date=form.cleaned_data["date"],
            scan_name="ban-ky.pdf", scan_bytes=scan.read(),
        )  # fmt: skip
    except ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã ghi nhận bản ký số %(n)s/BC-UBND.") % {"n": version.signed_number})
    return redirect("reports:workspace")


@require_POST
def version_correct(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Leadership corrects a wrongly recorded number or date of the signed copy, with a reason kept as an event."""
    version = get_version_for_user(request.user, pk, to_approve=True)
    form = SignatureCorrectionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}: {error}" if field in form.fields else str(error))
        return redirect(f"{reverse('reports:workspace')}#signature-{version.pk}")
    try:
        event = version.correct_signature(
            by=request.user, number=form.cleaned_data["number"], date=form.cleaned_data["date"],
            reason=form.cleaned_data["reason"],
        )  # fmt: skip
    except ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Đã sửa bản ký phiên bản %(v)s: số %(n)s/BC-UBND, ngày %(d)s.")
            % {"v": version.number, "n": event.new_number, "d": date_short(event.new_date)},
        )
    return redirect(f"{reverse('reports:workspace')}#signature-{version.pk}")


def _download(data: bytes, name: str, fmt: str) -> HttpResponse:
    return HttpResponse(
        data, content_type=FORMATS[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@require_GET
def draft_download(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponse:
    report = get_report_for_user(request.user)
    if fmt not in FORMATS:
        raise Http404
    return _download(build_file(report, fmt), file_name(report, fmt), fmt)


@require_GET
def version_download(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> FileResponse:
    version = get_version_for_user(request.user, pk)
    found = version_file(version, fmt)
    if found is None:
        raise Http404
    field, name = found
    return FileResponse(field.open("rb"), as_attachment=True, filename=name)


@require_GET
def version_compare(request: AuthenticatedHttpRequest) -> HttpResponse:
    report = get_report_for_user(request.user)
    versions = {v.number: v for v in report.version_rows()}
    try:
        a, b = versions[int(request.GET.get("a", 0))], versions[int(request.GET.get("b", 0))]
    except (KeyError, ValueError):
        messages.error(request, _("Chọn hai phiên bản để so sánh."))
        return redirect("reports:workspace")
    rows = b.changes_since(a)
    return render(request, "reports/compare.html", {"a": a, "b": b, "rows": rows, "report": report})

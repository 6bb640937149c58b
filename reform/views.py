import uuid
from decimal import Decimal
from itertools import groupby
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from indicators.models import Cell, Indicator, IndicatorValue, StaleFigures, draft_values, figure_text
from indicators.permissions import get_indicator_for_user
from kimphuong import home_panels, jobs
from kimphuong.audit import history_of
from kimphuong.excel import XLSX, rows_to_xlsx
from kimphuong.formats import time_short
from kimphuong.http import AuthenticatedHttpRequest, uploaded_file
from kimphuong.models import TaskGroup
from kimphuong.permissions import (
    can_oversee,
    is_leadership,
    is_office,
    require_commune_member,
    require_office,
    require_oversight,
    require_signed_in,
)
from reform import dashboard as dashboard_data
from reform import export as tracking
from reform.diff import RowDifference, row_differences
from reform.forms.assessment import AssessmentForm, AssessmentFormBundle, EvidenceRowForm, RecommendationRowForm
from reform.forms.plan import IndicatorTasksForm, PlanImportForm
from reform.forms.review import CommentForm, ReopenForm, ReturnForm
from reform.forms.tracking import TrackingFilterForm
from reform.models import (
    DONE_STATUSES,
    SNAPSHOT_LABELS,
    Assessment,
    Completion,
    IncompleteAssessment,
    InvalidTransition,
    Notification,
    Reminder,
    Review,
    Status,
    Task,
    TaskComment,
)
from reform.models.assessment import evidence_line, recommendation_line
from reform.permissions import (
    can_read_content,
    can_review,
    get_assessment_for_user,
    get_evidence_for_user,
    get_notification_for_user,
)
from reform.plan_excel import export_template
from reform.reminders import reminders_send
from reform.services import NotEditable, StaleEdit, assessment_save, indicator_tasks_set
from reform.tasks import PLAN_IMPORT, plan_import_task

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@require_GET
def task_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Nhiệm vụ của tôi: the tasks the user leads, by area, and those they coordinate."""
    require_commune_member(request.user)
    user = request.user
    today = timezone.localdate()
    led = list(Task.objects.led_by(user).for_listing())
    co_owned = list(Task.objects.co_owned_by(user).for_listing())
    groups = [(group, list(tasks)) for group, tasks in groupby(led, key=lambda t: t.group)]
    to_do = sum(1 for t in led if t.status not in DONE_STATUSES)
    reminder = Reminder.objects.latest_unseen(user)
    return render(
        request,
        "reform/task_list.html",
        {
            "groups": groups,
            "co_owned": co_owned,
            "to_do": to_do,
            "reminder": reminder,
            "total": len(led),
            "today": today,
            "review": Review.current(),
            "panels": home_panels.panels_for(user),
        },
    )


@require_POST
def reminder_dismiss(request: AuthenticatedHttpRequest) -> HttpResponse:
    """“Đã xem”: the official closes the reminder banner of their task list."""
    require_commune_member(request.user)
    Reminder.objects.mark_seen(request.user)
    return redirect("reform:task_list")


@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Progress for the office and leadership: totals, areas, officials × areas (by pages of officials), the
    first officials who are late and the first assessments waiting (each with a link to the whole list)."""
    require_oversight(request.user)
    today = timezone.localdate()
    groups = list(TaskGroup.objects.all())  # read once: the board's areas and the filter's dropdown
    filters = TrackingFilterForm(request.GET or None, groups=groups)
    tasks = filters.filter(Task.objects.all(), today=today)
    return render(
        request,
        "reform/dashboard.html",
        {
            "board": dashboard_data.build(tasks, today=today, page=request.GET.get("page"), groups=groups),
            "filters": filters,
            "query": filters.query(),
            "statuses": list(Status),
            "review": Review.current(),
            "today": today,
            "can_remind": can_review(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def reminders_send_now(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The dashboard's button: the same reminders as `send_reminders`, at most once a day each. GET asks first,
    naming who would be reminded (a dry run writes nothing); POST sends."""
    require_office(request.user)
    if request.method == "GET":
        preview = reminders_send(today=timezone.localdate(), dry_run=True)
        return render(request, "reform/reminders_confirm.html", {"run": preview})
    run = reminders_send(today=timezone.localdate())
    messages.success(
        request,
        _("Đã gửi nhắc nhở tới %(sent)s người; %(already)s người đã được nhắc hôm nay nên không gửi lại.")
        % {"sent": len(run.sent), "already": len(run.already)},
    )
    return redirect("reform:dashboard")


TRACKING_PAGE_SIZE = 50
NOTIFICATION_PAGE_SIZE = 50


@require_GET
def tracking_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The list behind every number of the dashboard, with the same filters."""
    require_oversight(request.user)
    today = timezone.localdate()
    filters = TrackingFilterForm(request.GET or None)
    tasks = filters.ordered(filters.filter(Task.objects.all(), today=today).for_tracking())
    page = Paginator(tasks, TRACKING_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reform/tracking_list.html",
        {
            "page": page,
            "rows": tracking.list_rows(cast("models.QuerySet[Task]", page.object_list), today=today),
            "filters": filters,
            "today": today,
            "query": filters.query(),
        },
    )


@require_GET
def tracking_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The tracking table in Excel, with the filters of the page it was asked from."""
    require_oversight(request.user)
    filters = TrackingFilterForm(request.GET or None)
    tasks = filters.filter(Task.objects.all(), today=timezone.localdate())
    data = rows_to_xlsx(
        tracking.build(tasks),
        headers=tracking.HEADERS,
        title=tracking.TITLE,
        widths=tracking.WIDTHS,
        date_columns=tracking.DATE_COLUMNS,
    )
    filename = f"theo-doi-tu-danh-gia-{timezone.localdate():%Y%m%d}.xlsx"
    return HttpResponse(data, content_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _assessment_page(request: AuthenticatedHttpRequest, assessment: Assessment, **extra: Any) -> HttpResponse:
    """The task page: the form for its lead while editable, else the read-only record."""
    user = request.user
    task = assessment.task
    editable = task.lead_id == user.pk and assessment.is_editable
    review = Review.current()
    context = {
        "assessment": assessment,
        "task": task,
        "editable": editable,
        # The office and leadership open others' tasks from their tracking list: the breadcrumb leads back there.
        "from_tracking": can_oversee(user) and task.lead_id != user.pk,
        "show_content": can_read_content(user, assessment),
        "comments": task.comments.select_related("author"),
        "comment_form": CommentForm(),
        "years": review.years if review else [],
        **extra,
    }
    events = list(assessment.events.select_related("actor"))
    # Field notes are written with a return (Assessment.return_for_revision): read for the returns only, so
    # not at all for an assessment never sent back.
    prefetch_related_objects([e for e in events if e.to_status == Status.RETURNED], "field_notes")
    context["events"] = events
    returns = [e for e in events if e.to_status == Status.RETURNED]
    context["last_return"] = returns[-1] if returns and assessment.status == Status.RETURNED else None
    if can_oversee(user) and context["show_content"] and assessment.status != Status.NOT_STARTED:
        context["field_history"] = _field_history(assessment, events)
    if can_review(user) and context["show_content"]:
        context["can_review"] = True
        context.setdefault("return_form", ReturnForm())
        context.setdefault("reopen_form", ReopenForm())
        if since_return := assessment.changes_since_return(events):
            context["changes_since"], context["changes"] = since_return
    if editable:
        context.setdefault("bundle", AssessmentFormBundle(assessment, years=context["years"]))
        context["empty_evidence"] = EvidenceRowForm(prefix="ev-__KEY__")
        context["empty_recommendation"] = RecommendationRowForm(prefix="rec-__KEY__", levels=context["bundle"].levels)
        context["max_mb"] = settings.EVIDENCE_MAX_BYTES // 1048576
        if context["bundle"].bound:  # a refused save: what the page shows is not on the server
            context["unsaved"] = True
            context["saved_message"] = _("Chưa lưu — xem thông báo ở đầu trang; bản nhập vẫn giữ trên máy này.")
        elif assessment.status != Status.NOT_STARTED:
            context["saved_ok"] = True
            context["saved_message"] = _("Đã lưu lúc %(time)s") % {"time": time_short(assessment.updated_at)}
        if request.method == "GET" and request.GET.get("submit") == "incomplete":  # after a refused “Nộp”
            context["missing"] = context["bundle"].main.mark_missing(assessment.missing_items())
        if conflict := extra.get("conflict"):
            context["conflict_fields"] = _conflict_fields(conflict, context["bundle"])
            context["conflict_rows"] = _conflict_rows(conflict, context["bundle"])
    elif (
        assessment.status == Status.RETURNED
        and task.lead_id != user.pk
        and (handed_in := next((e for e in reversed(events) if e.to_status == Status.SUBMITTED), None))
    ):
        # Being revised: others read what was handed in last, never the lead's live edits.
        context["handed_in"] = handed_in
        context["handed_in_texts"] = [
            (label, handed_in.snapshot.get(name, "")) for name, label in SNAPSHOT_LABELS.items()
        ]
    else:
        context["readonly_texts"] = [
            (cast(models.Field, Assessment._meta.get_field(name)).verbose_name, getattr(assessment, name))
            for name in ("shortcomings", "cause_objective", "cause_subjective", "lessons", "proposals")
        ]
        context["evidence"] = assessment.evidence.all()
        context["recommendations"] = assessment.recommendations.all()
        context["figures"] = _figure_rows(assessment, context["years"])
    return render(request, "reform/assessment_detail.html", context, status=extra.get("status", 200))


FIELD_HISTORY_LIMIT = 200


def _field_history(assessment: Assessment, events: list[Any]) -> list[dict[str, Any]]:
    """“Lịch sử sửa” for the office and leadership: who changed which field, from what to what (one query).
    While a returned assessment is being revised, only what was handed in: the live edits stay private."""
    changes = history_of(assessment)
    if assessment.status == Status.RETURNED:
        handed_in = [e.at for e in events if e.to_status == Status.SUBMITTED]
        changes = changes.filter(changed_at__lte=handed_in[-1]) if handed_in else changes.none()
    completion = {value: str(label) for value, label in Completion.choices}
    rows = []
    for change in changes[:FIELD_HISTORY_LIMIT]:
        label = str(SNAPSHOT_LABELS.get(change.field, change.field))
        old, new = change.old, change.new
        if change.field == "completion":
            old, new = completion.get(old, old), completion.get(new, new)
        rows.append(
            {
                "at": change.changed_at,
                "who": change.changed_by.display_name if change.changed_by else "",
                "label": f"{label} · {change.label}" if change.label else label,
                "old": old,
                "new": new,
            }
        )
    return rows


def _conflict_fields(saved: Assessment, bundle: AssessmentFormBundle) -> list[dict[str, Any]]:
    """The main fields side by side, the stored text against the typed one, those that differ marked."""
    rows = []
    for field in bundle.main.visible_fields():
        if field.name == "completion":
            continue
        stored = str(getattr(saved, field.name) or "")
        typed = str(field.value() or "")
        rows.append({"label": field.label, "saved": stored, "yours": typed, "differs": stored.strip() != typed.strip()})
    return rows


def _conflict_rows(saved: Assessment, bundle: AssessmentFormBundle) -> list[RowDifference]:
    """Evidence, recommendations and figures: the stored version (`saved`, just read) against the page."""
    rows = row_differences(
        _("Tài liệu kiểm chứng"),
        {e.client_key: evidence_line(e) for e in saved.evidence.all()},
        bundle.typed_evidence(),
        bundle.ev_removed,
    )
    rows += row_differences(
        _("Kiến nghị"),
        {r.client_key: recommendation_line(r) for r in saved.recommendations.all()},
        bundle.typed_recommendations(),
        bundle.rec_removed,
    )
    edits = bundle.figures.values()
    codes = {ind.pk: ind.code for ind in bundle.figures.indicators}
    stored: dict[Cell, Decimal | None] = {
        (v.indicator_id, v.year): v.value
        for v in IndicatorValue.objects.filter(indicator_id__in=codes, year__in=bundle.figures.years)
    }
    stored.update(draft_values(saved.draft_figures or {}))  # the other tab's draft figures
    for (pk, year), edit in edits.items():
        now = stored.get((pk, year))
        if edit.value != now:
            label = _("Số liệu %(code)s năm %(year)s") % {"code": codes[pk], "year": year}
            rows.append(RowDifference(label, figure_text(now), figure_text(edit.value)))
    return rows


def _figure_rows(assessment: Assessment, years: list[int]) -> list[dict[str, Any]]:
    rows = []
    for ind in assessment.task.indicators.all():
        values = {v.year: v.value for v in ind.values.all()}
        rows.append({"indicator": ind, "values": [values.get(y) for y in years]})
    return rows


def _prefetched(assessment: Assessment) -> Assessment:
    # One query per kind of row, whatever the number of rows (pinned in tests).
    prefetch_related_objects(
        [assessment],
        "evidence",
        "recommendations",
        Prefetch("task__indicators", queryset=Indicator.objects.order_by("order", "code").prefetch_related("values")),
    )
    return assessment


@require_http_methods(["GET", "POST"])
def assessment_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Read a task's self-assessment; its lead fills it in, saves a draft (“Lưu nháp”) or submits (“Nộp”)."""
    assessment = get_assessment_for_user(request.user, pk, for_edit=request.method == "POST")
    _prefetched(assessment)
    if request.method == "GET":
        return _assessment_page(request, assessment)

    review = Review.current()
    bundle = AssessmentFormBundle(
        assessment, years=review.years if review else [], data=request.POST, files=request.FILES
    )
    if not assessment.is_editable:
        messages.error(request, _("Bản tự đánh giá đã nộp, không sửa được nữa. Chỉ nộp một lần."))
        return redirect(assessment)
    if not bundle.is_valid():
        messages.error(
            request,
            _("Chưa lưu được: có ô chưa hợp lệ (báo đỏ bên dưới). Các nội dung khác bạn đã nhập vẫn được giữ nguyên."),
        )
        return _assessment_page(request, assessment, bundle=bundle, status=400)
    try:
        saved = assessment_save(
            assessment=assessment, by=request.user, expected_version=bundle.expected_version, changes=bundle.changes()
        )
    except StaleEdit as exc:
        messages.error(
            request,
            _(
                "Chưa lưu: bản tự đánh giá vừa được %(who)s lưu lúc %(when)s (ở tab hoặc máy khác). "
                "Không có gì bị ghi đè. Hãy so sánh hai bản bên dưới, chỉnh lại rồi bấm Lưu nháp lần nữa."
            )
            % {"who": exc.current.updated_by or "", "when": time_short(exc.current.updated_at)},
        )
        data = cast(QueryDict, bundle.main.data).copy()  # the page's POST, immutable until copied
        data["expected_version"] = str(exc.current.version)
        bundle.main.data = data
        return _assessment_page(request, assessment, bundle=bundle, conflict=exc.current, status=409)
    except StaleFigures as exc:
        messages.error(
            request,
            _("Chưa lưu: %(cells)s. Hãy xem các ô báo đỏ, chỉnh lại nếu cần rồi bấm Lưu nháp lần nữa.")
            % {"cells": "; ".join(c.text for c in exc.conflicts)},
        )
        bundle.figures.take_stored(exc.conflicts)
        return _assessment_page(request, assessment, bundle=bundle, status=409)
    except NotEditable as exc:
        messages.error(request, str(exc))
        return redirect(assessment)

    if "submit" in request.POST:
        try:
            saved.submit(by=request.user)
        except StaleFigures as exc:
            messages.error(
                request,
                _(
                    "Đã lưu nháp nhưng chưa nộp: %(cells)s. Các ô báo đỏ ghi số đang lưu; sửa lại nếu cần, "
                    "rồi bấm Nộp lần nữa để nộp số của bạn."
                )
                % {"cells": "; ".join(c.text for c in exc.conflicts)},
            )
            return redirect(saved)
        except IncompleteAssessment:
            # The page lists what is missing in one alert, each item a link to its field (marked invalid).
            return redirect(f"{saved.get_absolute_url()}?submit=incomplete")
        except InvalidTransition as exc:
            messages.error(request, str(exc))
            return redirect(saved)
        messages.success(request, _("Đã nộp bản tự đánh giá. Văn phòng sẽ xem xét và phản hồi."))
        return redirect(saved)
    messages.success(request, _("Đã lưu nháp lúc %(time)s.") % {"time": time_short(saved.updated_at)})
    return redirect(saved)


@require_POST
def assessment_autosave(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Autosave (htmx): every 30 seconds and when leaving a field. Files go with “Lưu nháp” only."""
    assessment = get_assessment_for_user(request.user, pk, for_edit=True)
    _prefetched(assessment)
    review = Review.current()
    bundle = AssessmentFormBundle(assessment, years=review.years if review else [], data=request.POST)
    context: dict[str, Any] = {"assessment": assessment, "ok": False}
    if not assessment.is_editable:
        context["message"] = _("Bản tự đánh giá đã nộp, không tự động lưu nữa.")
    elif not bundle.is_valid():
        if too_long := bundle.too_long():  # the field shows the same words; nothing typed is cut
            context["message"] = _("Chưa tự động lưu — %(fields)s") % {"fields": " ".join(too_long)}
        else:
            context["message"] = _("Chưa tự động lưu: có ô chưa hợp lệ. Bấm Lưu nháp để xem chi tiết.")
    else:
        try:
            saved = assessment_save(
                assessment=assessment,
                by=request.user,
                expected_version=bundle.expected_version,
                changes=bundle.changes(),
            )
        except StaleEdit as exc:
            context["message"] = _(
                "Chưa tự động lưu: bản này vừa được lưu ở nơi khác lúc %(when)s. Bấm Lưu nháp để so sánh hai bản."
            ) % {"when": time_short(exc.current.updated_at)}
        except StaleFigures as exc:
            context["message"] = _(
                "Chưa tự động lưu: số liệu %(cells)s vừa được sửa ở nơi khác. Bấm Lưu nháp để so sánh."
            ) % {"cells": ", ".join(c.label for c in exc.conflicts)}
        except NotEditable as exc:
            context["message"] = str(exc)
        else:
            context.update(
                ok=True,
                version=saved.version,
                message=_("Đã lưu lúc %(time)s") % {"time": time_short(saved.updated_at)},
            )
    return render(request, "reform/assessment_detail.html#autosave-status", context)


@require_POST
def assessment_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk, to_review=True)
    try:
        assessment.accept(by=request.user)
    except InvalidTransition as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã duyệt nhiệm vụ %(code)s.") % {"code": assessment.task.code})
    return redirect(assessment)


@require_POST
def assessment_return(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk, to_review=True)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chưa trả lại: cần ghi lý do trả lại."))
        _prefetched(assessment)
        return _assessment_page(request, assessment, return_form=form, status=400)
    try:
        assessment.return_for_revision(by=request.user, reason=form.cleaned_data["reason"], notes=form.notes())
    except InvalidTransition as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Đã trả lại nhiệm vụ %(code)s để bổ sung; người chủ trì đã được báo.") % {"code": assessment.task.code},
        )
    return redirect(assessment)


@require_POST
def assessment_reopen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk, to_review=True)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chưa mở lại: cần ghi lý do mở lại."))
        _prefetched(assessment)
        return _assessment_page(request, assessment, reopen_form=form, status=400)
    try:
        assessment.reopen(by=request.user, reason=form.cleaned_data["reason"])
    except InvalidTransition as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã mở lại nhiệm vụ %(code)s.") % {"code": assessment.task.code})
    return redirect(assessment)


@require_POST
def assessment_comment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Co-owners, the lead and the office exchange remarks on the task."""
    assessment = get_assessment_for_user(request.user, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        # Shown again with what was typed: a refused remark is never lost.
        messages.error(request, _("Ý kiến trống hoặc quá dài (tối đa 2000 ký tự)."))
        return _assessment_page(request, assessment, comment_form=form, status=400)
    TaskComment.objects.create(task=assessment.task, author=request.user, text=form.cleaned_data["text"])
    messages.success(request, _("Đã gửi ý kiến."))
    return redirect(assessment)


@require_GET
def evidence_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """Evidence files are never served from a public folder: only through this check."""
    evidence = get_evidence_for_user(request.user, pk)
    return uploaded_file(evidence.file, evidence.original_name)


@require_GET
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The bell: the user's own notices, newest first."""
    require_signed_in(request.user)
    notices = Notification.objects.filter(recipient=request.user).select_related("assessment")
    page = Paginator(notices, NOTIFICATION_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reform/notification_list.html", {"page": page})


@require_POST
def notification_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notice = get_notification_for_user(request.user, pk)
    notice.mark_read()
    if notice.assessment_id:
        return redirect("reform:assessment_detail", pk=notice.assessment_id)
    return redirect("reform:notification_list")


@require_POST
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_signed_in(request.user)
    Notification.objects.filter(recipient=request.user).mark_read()
    messages.success(request, _("Đã đánh dấu tất cả thông báo là đã đọc."))
    return redirect("reform:notification_list")


@require_http_methods(["GET", "POST"])
def plan_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The office uploads the plan's task list; every row is checked before anything is saved. The check and
    the import run in the background (a large plan takes a while); `?job=` shows its progress, then its outcome."""
    require_office(request.user)
    review = Review.current()
    job = jobs.job_of_request(request, kinds=(PLAN_IMPORT,))
    form = PlanImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if review is None:
            messages.error(request, _("Chưa có đợt tổng kết đang thực hiện."))
        else:
            name = default_storage.save(f"imports/ke-hoach-{uuid.uuid4().hex}.xlsx", form.cleaned_data["file"])
            args = {"review": review.pk, "file": name, "dry_run": form.cleaned_data["dry_run"]}
            job = jobs.start(
                PLAN_IMPORT, label=_("Nhập danh sách nhiệm vụ"), user=request.user, commune=review.commune_id,
                task=plan_import_task, args=args,
            )  # fmt: skip
            return redirect(f"{reverse('reform:plan_import')}?job={job.pk}")
    result = job.result if job is not None and job.state == jobs.Job.State.DONE else None
    return render(
        request,
        "reform/plan_import.html",
        {"form": form, "result": result, "review": review, **_plan_job_context(job)},
    )


def _plan_job_context(job: jobs.Job | None) -> dict[str, Any]:
    return jobs.page_context(job, status="reform:plan_import_job", retry="reform:plan_import_job_retry")


@require_GET
def plan_import_job(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The progress partial of an import, polled by its page; once it has finished, the page is reloaded to
    show the outcome (the new tasks, or the errors row by row: jobs.render_status)."""
    job = jobs.get_job_for_user(request.user, pk, kinds=(PLAN_IMPORT,))
    require_office(request.user)
    context = _plan_job_context(job)
    return jobs.render_status(request, job, status_url=context["job_status_url"], retry_url=context["job_retry_url"])


@require_POST
def plan_import_job_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = jobs.get_job_for_user(request.user, pk, kinds=(PLAN_IMPORT,))
    require_office(request.user)
    return redirect(f"{reverse('reform:plan_import')}?job={jobs.retry(job, user=request.user).pk}")


@require_http_methods(["GET", "POST"])
def indicator_tasks(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The office chooses the tasks that report an indicator (the link lives on the task, in the plan)."""
    indicator = get_indicator_for_user(request.user, pk, to_manage=True)
    review = Review.current()
    plan = review.plan if review else None
    current = list(indicator.tasks.filter(plan=plan)) if plan is not None else []
    form = IndicatorTasksForm(request.POST or None, plan=plan, initial={"tasks": current})
    if request.method == "POST":
        if form.is_valid():
            indicator_tasks_set(indicator=indicator, tasks=form.cleaned_data["tasks"], within=current)
            messages.success(request, _("Đã lưu các nhiệm vụ báo cáo chỉ tiêu %(code)s.") % {"code": indicator.code})
            return redirect("indicators:indicator_detail", pk=indicator.pk)
        messages.error(request, _("Chưa lưu: xem các ô báo đỏ."))
    return render(
        request,
        "reform/indicator_tasks.html",
        {"indicator": indicator, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def plan_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_office(request.user)
    review = Review.current()
    data = export_template(review.plan if review else None)
    return HttpResponse(
        data, content_type=XLSX, headers={"Content-Disposition": 'attachment; filename="mau-danh-sach-nhiem-vu.xlsx"'}
    )


# ---- Hướng dẫn sử dụng ----------------------------------------------------------------------------------------

HELP_ROLES: "dict[str, StrOrPromise]" = {
    "official": gettext_lazy("Cán bộ, công chức"),
    "office": gettext_lazy("Văn phòng - thống kê"),
    "leadership": gettext_lazy("Lãnh đạo"),
    "admin": gettext_lazy("Quản trị hệ thống"),
}
HELP_SUMMARIES: "dict[str, StrOrPromise]" = {
    "official": gettext_lazy("Xem nhiệm vụ của mình, ghi bản tự đánh giá, nộp, bổ sung khi bị trả lại."),
    "office": gettext_lazy("Theo dõi tiến độ, duyệt hoặc trả lại, nhập kế hoạch và số liệu, tổng hợp báo cáo."),
    "leadership": gettext_lazy("Xem tiến độ và các bản tự đánh giá, duyệt báo cáo trước khi ký."),
    "admin": gettext_lazy("Thiết lập ban đầu, người dùng và quyền, trang quản trị, sao lưu."),
}


def _help_roles_of(user: Any) -> set[str]:
    """The guide's pages that concern this user (anonymous readers get none marked)."""
    if not user.is_authenticated:
        return set()
    roles = {"official"}
    if is_office(user):
        roles.add("office")
    if is_leadership(user):
        roles.add("leadership")
    if user.is_superuser:
        roles.add("admin")
    return roles


def _assessment_field_help() -> dict[str, Any]:
    """The self-assessment form's labels and help texts, read from the form classes (never copied)."""
    fields = AssessmentForm.base_fields
    completion = cast(forms.ChoiceField, fields["completion"])
    return {
        "fields": [
            {"label": fields[name].label, "help": fields[name].help_text} for name in AssessmentForm.Meta.fields
        ],
        "completion_levels": [
            label for value, label in cast("list[tuple[str, StrOrPromise]]", completion.choices) if value
        ],
        "evidence_columns": [f.label for name, f in EvidenceRowForm.base_fields.items() if name != "remove_file"],
        "recommendation_columns": [f.label for f in RecommendationRowForm.base_fields.values()],
    }


@login_not_required  # the guide holds no data: it also helps someone who cannot sign in yet
@require_GET
def help_index(request: HttpRequest) -> HttpResponse:
    """Hướng dẫn sử dụng: one short page per role; the reader's own roles come first."""
    mine = _help_roles_of(request.user)
    pages = [
        {"slug": slug, "title": title, "summary": HELP_SUMMARIES[slug], "mine": slug in mine}
        for slug, title in HELP_ROLES.items()
    ]
    return render(request, "help/index.html", {"pages": pages, "roles": HELP_ROLES})


@login_not_required
@require_GET
def help_page(request: HttpRequest, role: str) -> HttpResponse:
    if role not in HELP_ROLES:
        raise Http404
    context: dict[str, Any] = {"role": role, "role_title": HELP_ROLES[role], "roles": HELP_ROLES}
    if role == "official":
        context["form_help"] = _assessment_field_help()
    return render(request, f"help/{role}.html", context)

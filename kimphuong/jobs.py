"""Background work with progress: a report build, the province summary, reminders (README, "Background work").

A ``Job`` row is what the pages show: its step, its percentage, then its result or its error. The work itself
is a task of Django's tasks API (the ``django-tasks`` backport on Django 5.2): ``start()`` records the job and
enqueues the task with the job's id; the task calls ``run()``, which enters the job's commune scope (a task
runs outside any request), reports progress as it goes and records the outcome. With the immediate backend
(the default) the task has run when ``start()`` returns; with the database backend ``db_worker`` runs it.

Each progress write is a single UPDATE in autocommit (its own short transaction), so a page polling the job
sees it while the work goes on; the work's own writes take their transactions where they need them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import admin
from django.core.files.storage import default_storage
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kimphuong.scoping import all_communes, commune_scope, current_scope

if TYPE_CHECKING:
    from django_tasks.base import Task

    from kimphuong.models import User

logger = logging.getLogger(__name__)


class Job(models.Model):
    """One run of a background task, as the person who started it sees it."""

    class State(models.TextChoices):
        QUEUED = "queued", gettext_lazy("Đang chờ")
        RUNNING = "running", gettext_lazy("Đang chạy")
        DONE = "done", gettext_lazy("Đã xong")
        FAILED = "failed", gettext_lazy("Bị lỗi")

    kind = models.CharField(gettext_lazy("loại việc"), max_length=40)
    label = models.CharField(gettext_lazy("việc"), max_length=200)
    # The commune the work is for; none for the province's work (read by province users only).
    commune = models.ForeignKey(
        "kimphuong.Commune", verbose_name=gettext_lazy("xã"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    state = models.CharField(gettext_lazy("tình trạng"), max_length=10, choices=State.choices, default=State.QUEUED)
    step = models.CharField(gettext_lazy("bước"), max_length=200, blank=True)
    percent = models.PositiveSmallIntegerField(gettext_lazy("phần trăm"), default=0)
    args = models.JSONField(gettext_lazy("tham số"), default=dict, blank=True)
    result = models.JSONField(gettext_lazy("kết quả"), default=dict, blank=True)
    error = models.TextField(gettext_lazy("lỗi"), blank=True)
    task_path = models.CharField(gettext_lazy("tác vụ"), max_length=200)
    task_result_id = models.CharField(gettext_lazy("mã tác vụ"), max_length=64, blank=True)
    language = models.CharField(gettext_lazy("ngôn ngữ"), max_length=10, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("người chạy"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(gettext_lazy("lúc bắt đầu"), default=timezone.now)
    finished_at = models.DateTimeField(gettext_lazy("lúc xong"), null=True, blank=True)

    class Meta:
        app_label = "kimphuong"
        verbose_name = gettext_lazy("việc chạy nền")
        verbose_name_plural = gettext_lazy("việc chạy nền")
        indexes = [models.Index(fields=["commune", "kind", "-created_at"], name="job_commune_kind")]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_state_display()})"

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


def start(
    kind: str, *, label: str, user: User | None, commune: Any, task: Task, args: dict[str, Any] | None = None
) -> Job:
    """Record a job and enqueue `task(job_id)`; the task reads its arguments from the job (so a retry can
    start the same work again). `commune` is a Commune, its id, or None for the province's work."""
    commune_id = commune if commune is None or isinstance(commune, int) else commune.pk
    job = Job.objects.create(
        kind=kind, label=label, commune_id=commune_id, args=args or {}, task_path=task.module_path,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        created_by=user if user is not None and user.is_authenticated else None,
    )  # fmt: skip
    task_result = task.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_result_id=str(task_result.id))
    job.refresh_from_db()
    return job


def retry(job: Job, *, user: User) -> Job:
    """Start the same work again, as a new job."""
    return start(job.kind, label=job.label, user=user, commune=job.commune_id, task=import_string(job.task_path),
                 args=job.args)  # fmt: skip


def progress(job_id: int, step: str, percent: int) -> None:
    Job.objects.filter(pk=job_id).update(state=Job.State.RUNNING, step=step, percent=max(0, min(100, percent)))


def finish(job_id: int, result: dict[str, Any]) -> None:
    Job.objects.filter(pk=job_id).update(
        state=Job.State.DONE, step=_("Đã xong"), percent=100, result=result, finished_at=timezone.now()
    )


def fail(job_id: int, error: str) -> None:
    Job.objects.filter(pk=job_id).update(state=Job.State.FAILED, error=error, finished_at=timezone.now())


def _scope_of(job: Job) -> AbstractContextManager[None]:
    return commune_scope(job.commune_id) if job.commune_id is not None else all_communes()


def run(
    job_id: int,
    work: Callable[[Job], dict[str, Any]],
    *,
    expected: tuple[type[BaseException], ...] = (),
) -> dict[str, Any]:
    """Run a task's work for its job: in the job's scope and language, recording the outcome.

    An `expected` error (a refusal the user can act on: the report is with the province) is shown as it
    is; any other shows only its kind (the traceback goes to the log). Either way the task fails too, so
    django-tasks records it."""
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job_id).update(state=Job.State.RUNNING)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            with _scope_of(job):
                result = work(job)
        except expected as exc:
            fail(job_id, str(exc))
            raise
        except Exception as exc:
            logger.exception("Job %s (%s) failed", job_id, job.kind)
            fail(job_id, _("Lỗi khi chạy (%(kind)s). Thử lại, hoặc báo quản trị viên.") % {"kind": type(exc).__name__})
            raise
        finish(job_id, result)
    return result


def prune(before: Any) -> tuple[int, int]:
    """Delete the finished jobs started before `before` (a datetime) and the files they left in the storage
    (a summary's built files, an import's upload kept for a retry). Returns (jobs, files) deleted."""
    old = list(Job.objects.filter(created_at__lt=before, state__in=[Job.State.DONE, Job.State.FAILED]))
    files = 0
    for job in old:
        names = [*(job.result.get("files") or {}).values(), *([job.args["file"]] if job.args.get("file") else [])]
        for name in names:
            if default_storage.exists(name):
                default_storage.delete(name)
                files += 1
    Job.objects.filter(pk__in=[job.pk for job in old]).delete()
    return len(old), files


# Pages


def get_job_for_user(user: User, pk: int, *, kinds: tuple[str, ...]) -> Job:
    """A job of one of `kinds`: a commune's job for its creator or that commune's office and leadership (in
    the commune being worked on), the province's for province users; 404 for anyone else."""
    job = get_object_or_404(Job.objects.select_related("created_by"), pk=pk, kind__in=kinds)
    if job.commune_id is None:
        if not user.is_province:
            raise Http404
    elif job.commune_id != current_scope() or not (job.created_by_id == user.pk or user.can_oversee):
        raise Http404
    return job


def job_of_request(request: HttpRequest, *, kinds: tuple[str, ...]) -> Job | None:
    """The job named by the page's `?job=` (one of `kinds`, that the user may see), shown with its progress."""
    pk = request.GET.get("job", "")
    return get_job_for_user(request.user, int(pk), kinds=kinds) if pk.isdigit() else None  # type: ignore[arg-type]


def page_context(
    job: Job | None, *, status: str, retry: str, links: list[tuple[str, str]] | None = None
) -> dict[str, Any]:
    """What includes/_job_progress.html needs beside the job: the URLs (by name; each takes the job's pk) of its
    progress partial and of its retry, and the links to its outcome."""
    if job is None:
        return {"job": None}
    return {
        "job": job,
        "job_status_url": reverse(status, args=[job.pk]),
        "job_retry_url": reverse(retry, args=[job.pk]),
        "job_links": links or [],
    }


def render_status(
    request: HttpRequest, job: Job, *, status_url: str, retry_url: str, result: dict[str, Any] | None = None
) -> HttpResponse:
    """The progress partial (polled every second while the job runs). Once the job has finished, a poll asks
    htmx to reload the page, which then shows what the work changed with the job's outcome."""
    if job.is_finished and request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(
        request,
        "includes/_job_progress.html",
        {"job": job, "status_url": status_url, "retry_url": retry_url, **(result or {})},
    )


# Admin: read-only, for the installation's administrator looking into a failed job (registered here, beside
# the model, so that the job machinery stays one module).


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("label", "kind", "state", "percent", "commune", "created_by", "created_at", "finished_at")
    list_filter = ("state", "kind")
    search_fields = ("label", "error", "commune__name", "created_by__username")
    list_select_related = ("commune", "created_by")
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Job | None = None) -> bool:
        return False

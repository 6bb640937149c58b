"""Background work (kimphuong.jobs): a job records its progress and outcome, the pages show them, and the
database backend's worker runs it as the immediate backend does."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from kimphuong import jobs
from kimphuong.models import PROVINCE_REVIEWER_GROUP, Commune, User
from kimphuong.scoping import all_communes, commune_scope, current_scope
from reform.models import Review
from reports.models import Report, ReportError, ReportVersion
from reports.services import empty_sections
from reports.tasks import COMPILE, KINDS, report_compile_task
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FAIL = {"on": True}  # the failing task fails while this is set (a retry after a fix succeeds)


def _steady(job: jobs.Job) -> dict:
    jobs.progress(job.pk, "Bước một", 40)
    return {"message": f"Xong trong xã {current_scope()}", "seen": job.args["n"]}


@task()
def steady_task(job_id: int) -> dict:
    return jobs.run(job_id, _steady)


def _shaky(job: jobs.Job) -> dict:
    jobs.progress(job.pk, "Dựng tệp Word", 30)
    if FAIL["on"]:
        raise ValueError("hỏng giữa chừng")
    return {"message": "Lần này được."}


@task()
def shaky_task(job_id: int) -> dict:
    return jobs.run(job_id, _shaky)


def _refuse(job: jobs.Job) -> dict:
    raise ReportError("Báo cáo đang chờ tỉnh thẩm định.")


@task()
def refusing_task(job_id: int) -> dict:
    return jobs.run(job_id, _refuse, expected=(ReportError,))


def test_a_job_runs_through_the_immediate_backend_in_its_communes_scope(_commune_scope, office_user):
    job = jobs.start("test", label="Thử", user=office_user, commune=_commune_scope, task=steady_task, args={"n": 3})
    assert job.state == jobs.Job.State.DONE and job.percent == 100 and job.finished_at is not None
    assert job.result == {"message": f"Xong trong xã {_commune_scope.pk}", "seen": 3}
    assert job.task_result_id and job.created_by == office_user and job.error == ""


def test_compiling_from_the_workspace_runs_as_a_job_and_shows_its_outcome(demo, client):
    office = User.objects.get(username="vanphong")
    client.force_login(office)
    response = client.post(reverse("reports:compile"), follow=True)
    job = jobs.Job.objects.get(kind=COMPILE)
    assert job.state == jobs.Job.State.DONE and job.result["sections"] > 0
    assert "Đã tổng hợp" in response.content.decode()
    assert Report.for_review(Review.current()).sections.count() == job.result["sections"]


def test_issuing_a_version_runs_as_a_job_after_the_view_asks_to_confirm_empty_sections(demo, client):
    office = User.objects.get(username="vanphong")
    client.force_login(office)
    client.post(reverse("reports:compile"))
    assert client.post(reverse("reports:version_create")).status_code == 200  # the confirmation page
    assert not jobs.Job.objects.filter(kind="version_issue").exists()
    empty = [s.key for s in empty_sections(Report.for_review(Review.current()))]
    response = client.post(reverse("reports:version_create"), {"confirm": empty}, follow=True)
    job = jobs.Job.objects.get(kind="version_issue")
    version = ReportVersion.objects.get()
    assert job.state == jobs.Job.State.DONE and job.result["version"] == version.pk
    assert f"Đã phát hành phiên bản {version.number}." in response.content.decode()


def test_a_failed_job_shows_its_error_and_a_retry_starts_a_new_one(_commune_scope, client, office_user):
    FAIL["on"] = True
    job = jobs.start("report_compile", label="Thử", user=office_user, commune=_commune_scope, task=shaky_task)
    assert job.state == jobs.Job.State.FAILED and job.step == "Dựng tệp Word" and job.percent == 30
    assert "ValueError" in job.error and "hỏng giữa chừng" not in job.error  # an unexpected error: its kind only
    client.force_login(office_user)
    page = client.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert 'data-state="failed"' in page and "ValueError" in page and "Thử lại" in page and "hx-get" not in page
    FAIL["on"] = False
    response = client.post(reverse("reports:job_retry", args=[job.pk]))
    again = jobs.Job.objects.exclude(pk=job.pk).get()
    assert response.status_code == 302 and again.state == jobs.Job.State.DONE and again.task_path == job.task_path
    assert jobs.Job.objects.get(pk=job.pk).state == jobs.Job.State.FAILED  # the failed run stays as it was


def test_a_refusal_is_shown_as_it_is(_commune_scope, client, office_user):
    job = jobs.start(COMPILE, label="Thử", user=office_user, commune=_commune_scope, task=refusing_task)
    assert job.state == jobs.Job.State.FAILED and job.error == "Báo cáo đang chờ tỉnh thẩm định."
    client.force_login(office_user)
    assert "Báo cáo đang chờ tỉnh thẩm định." in client.get(reverse("reports:job", args=[job.pk])).content.decode()


def test_progress_is_visible_in_the_status_partial_while_the_job_runs(_commune_scope, client, office_user):
    job = jobs.Job.objects.create(kind=COMPILE, label="Tổng hợp báo cáo", commune=_commune_scope,
                                  created_by=office_user, task_path=report_compile_task.module_path)  # fmt: skip
    jobs.progress(job.pk, "Soạn các phần", 45)
    client.force_login(office_user)
    page = client.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert 'data-state="running"' in page and "Soạn các phần" in page and 'aria-valuenow="45"' in page
    assert f'hx-get="{reverse("reports:job", args=[job.pk])}"' in page and 'hx-trigger="every 1s"' in page


def test_another_communes_user_and_an_official_get_404_for_a_job(_commune_scope, client, office_user):
    job = jobs.start("test", label="Thử", user=office_user, commune=_commune_scope, task=steady_task, args={"n": 1})
    job.kind = COMPILE
    job.save(update_fields=["kind"])
    other = Commune.objects.create(name="Tân Thịnh", kind="phuong", code="05999")
    with commune_scope(other):
        stranger = UserFactory(office=True)
    client.force_login(stranger)
    assert client.get(reverse("reports:job", args=[job.pk])).status_code == 404
    assert client.post(reverse("reports:job_retry", args=[job.pk])).status_code == 404
    client.force_login(UserFactory())  # an official of the same commune, who did not start it
    assert client.get(reverse("reports:job", args=[job.pk])).status_code == 404
    client.force_login(office_user)
    assert client.get(reverse("reports:job", args=[job.pk])).status_code == 200
    assert client.get(reverse("province:summary_job", args=[job.pk])).status_code == 404  # not a province job


@pytest.mark.django_db(transaction=True)
def test_the_database_backend_queues_the_job_and_the_worker_runs_it(_commune_scope, settings, office_user):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = jobs.start("test", label="Thử", user=office_user, commune=_commune_scope, task=steady_task, args={"n": 7})
    assert job.state == jobs.Job.State.QUEUED and job.percent == 0
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    job.refresh_from_db()
    assert job.state == jobs.Job.State.DONE and job.result["seen"] == 7
    assert steady_task.get_result(job.task_result_id).status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_send_reminders_queues_one_job_per_commune_with_the_database_backend(_commune_scope, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    out = StringIO()
    call_command("send_reminders", stdout=out)
    job = jobs.Job.objects.get(kind="reminders")
    assert f"Đã xếp hàng việc #{job.pk}" in out.getvalue() and job.commune_id == _commune_scope.pk
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    job.refresh_from_db()
    assert job.state == jobs.Job.State.DONE and job.result["lines"][-1].endswith("email.")


def test_kinds_of_the_workspace_are_compile_and_issue():
    assert KINDS == ("report_compile", "version_issue")


def _province_user() -> User:
    with all_communes():
        user = UserFactory(position=None)
    user.groups.add(Group.objects.get_or_create(name=PROVINCE_REVIEWER_GROUP)[0])
    return user


def test_the_province_summary_files_are_built_as_a_job_and_downloaded_by_province_users(_commune_scope, client):
    client.force_login(_province_user())
    response = client.post(reverse("province:summary_build"), follow=True)
    job = jobs.Job.objects.get(kind="province_summary")
    assert job.state == jobs.Job.State.DONE and job.commune_id is None and set(job.result["files"]) == {
        "docx", "pdf", "xlsx",
    }  # fmt: skip
    page = response.content.decode()
    assert 'data-testid="job-result"' in page and reverse("province:summary_file", args=[job.pk, "pdf"]) in page
    pdf = client.get(reverse("province:summary_file", args=[job.pk, "pdf"]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("province:summary_file", args=[job.pk, "odt"])).status_code == 404
    client.force_login(UserFactory(office=True))  # a commune's office: not the province's files
    assert client.post(reverse("province:summary_build")).status_code == 403
    assert client.get(reverse("province:summary_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("province:summary_file", args=[job.pk, "pdf"])).status_code == 404
    assert client.get(reverse("reports:job", args=[job.pk])).status_code == 404


def test_prune_jobs_deletes_old_finished_jobs_and_their_files(_commune_scope, office_user, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)

    def job(state, days_ago, **extra):
        return jobs.Job.objects.create(
            kind="test", label="Thử", commune=_commune_scope, state=state, task_path="x",
            created_at=timezone.now() - dt.timedelta(days=days_ago), **extra,
        )  # fmt: skip

    summary = default_storage.save("province/summary/1/bao-cao.docx", ContentFile(b"docx"))
    upload = default_storage.save("imports/ke-hoach.xlsx", ContentFile(b"xlsx"))
    old_done = job(jobs.Job.State.DONE, 40, result={"files": {"docx": summary}})
    old_failed = job(jobs.Job.State.FAILED, 40, args={"file": upload})
    old_running = job(jobs.Job.State.RUNNING, 40)
    recent = job(jobs.Job.State.DONE, 2)
    out = StringIO()
    call_command("prune_jobs", "--days", "30", stdout=out)
    assert "Đã xóa 2 việc chạy nền cũ và 2 tệp" in out.getvalue()
    left = set(jobs.Job.objects.values_list("pk", flat=True))
    assert left == {old_running.pk, recent.pk} and old_done.pk not in left and old_failed.pk not in left
    assert not default_storage.exists(summary) and not default_storage.exists(upload)

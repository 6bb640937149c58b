import datetime as dt
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kimphuong import jobs
from kimphuong.models import User
from reform.models import Assessment, Review, Status, Task
from reform.plan_excel import HEADERS, export_template, import_plan

pytestmark = pytest.mark.django_db


def _workbook(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Nhiệm vụ"
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


GOOD = [
    ["TC-90", "TC", "Rà soát văn bản mới", "100% văn bản", "TP-HT", "VH-XH1, MTTQ, trưởng xóm", "Hằng năm",
     "15/12/2026", "Báo cáo"],
    ["CQS-90", "CQS", "Số hóa hồ sơ mới", "100%", "vanphong", "", "2025", dt.date(2026, 12, 20), ""],
]  # fmt: skip


def test_a_good_file_imports_every_row(demo):
    review = Review.current()
    result = import_plan(_workbook(GOOD), plan=review.plan)
    assert result.ok and result.created == ["TC-90", "CQS-90"]
    task = Task.objects.get(code="TC-90")
    assert task.lead.username == "tuphap"
    assert {u.username for u in task.co_owners.all()} == {"vanhoa", "mttq"}
    assert task.coordination_text == "VH-XH1, MTTQ, trưởng xóm"
    assert task.due_date == dt.date(2026, 12, 15)
    assert task.assessment.status == Status.NOT_STARTED
    assert Task.objects.get(code="CQS-90").due_date == dt.date(2026, 12, 20)


def test_five_kinds_of_errors_import_nothing_and_say_why_row_by_row(demo):
    before = Task.objects.count()
    bad = [
        ["TC-91", "XX", "Nhiệm vụ lĩnh vực lạ", "", "TP-HT", "", "", "15/12/2026", ""],
        ["TC-92", "TC", "Người chủ trì lạ", "", "Không Có Ai", "", "", "15/12/2026", ""],
        ["TC-93", "TC", "", "", "TP-HT", "", "", "15/12/2026", ""],
        ["TC-91", "TC", "Trùng mã", "", "TP-HT", "", "", "15/12/2026", ""],
        ["TC-95", "TC", "Ngày sai", "", "TP-HT", "", "", "31/02/2026", ""],
        GOOD[0],
    ]
    result = import_plan(_workbook(bad), plan=Review.current().plan)
    assert not result.ok
    messages = {(e.row, e.message) for e in result.errors}
    assert messages == {
        (2, "lĩnh vực “XX” không có trong danh mục"),
        (3, "không tìm thấy người chủ trì “Không Có Ai”"),
        (4, "thiếu nội dung nhiệm vụ"),
        (5, "mã “TC-91” trùng với dòng 2"),
        (6, "hạn nộp “31/02/2026” không phải ngày hợp lệ (dd/mm/yyyy)"),
    }
    assert Task.objects.count() == before


def test_export_then_import_round_trip_keeps_everything_and_the_assessments(demo):
    plan = Review.current().plan
    accepted = Assessment.objects.filter(status=Status.ACCEPTED).first()
    snapshot = {(a.pk, a.status, a.result, a.version) for a in Assessment.objects.all()}
    leads = {t.code: (t.lead_id, t.lead_text) for t in Task.objects.filter(plan=plan)}
    assert leads["TK-01"][1] == "Tất cả CBCC"  # as the plan wrote it: no single person
    data = export_template(plan)
    first = import_plan(data, plan=plan)
    assert first.ok and not first.created and first.updated == [] and len(first.unchanged) == 62
    assert {t.code: (t.lead_id, t.lead_text) for t in Task.objects.filter(plan=plan)} == leads
    second = import_plan(export_template(plan), plan=plan)
    assert second.ok and second.updated == [] and len(second.unchanged) == 62
    assert {(a.pk, a.status, a.result, a.version) for a in Assessment.objects.all()} == snapshot
    accepted.refresh_from_db()
    assert accepted.status == Status.ACCEPTED


def test_a_lead_written_for_everyone_is_kept_and_assigned_to_the_account_beside_it(demo):
    plan = Review.current().plan
    rows = [
        [*GOOD[0][:4], "Tất cả CBCC", *GOOD[0][5:], "vanphong"],  # kept as written, assigned to vanphong
        [*GOOD[1][:4], "vanphong", *GOOD[1][5:], "TP-HT"],  # two different people: refused
        ["TC-92", "TC", "Nhiệm vụ", "", "Tất cả CBCC", "", "", "15/12/2026", "", ""],  # no account: refused
    ]
    wb = load_workbook(BytesIO(_workbook(rows)))
    wb["Nhiệm vụ"]["J1"] = "Tài khoản chủ trì"
    buffer = BytesIO()
    wb.save(buffer)
    result = import_plan(buffer.getvalue(), plan=plan, dry_run=True)
    assert [(e.row, e.message) for e in result.errors] == [
        (3, "cột Chủ trì “vanphong” và cột Tài khoản chủ trì “TP-HT” chỉ hai người khác nhau"),
        (4, "không tìm thấy người chủ trì “Tất cả CBCC”"),
    ]
    wb["Nhiệm vụ"].delete_rows(3, 2)
    buffer = BytesIO()
    wb.save(buffer)
    assert import_plan(buffer.getvalue(), plan=plan).created == ["TC-90"]
    task = Task.objects.get(code="TC-90")
    assert (task.lead.username, task.lead_text) == ("vanphong", "Tất cả CBCC")
    ws = load_workbook(BytesIO(export_template(plan)))["Nhiệm vụ"]
    exported = next(row for row in ws.iter_rows(min_row=2, values_only=True) if row[0] == "TC-90")
    assert (exported[4], exported[9]) == ("Tất cả CBCC", "VP-TK1")


def test_reimport_updates_a_task_by_code_without_touching_its_assessment(demo):
    plan = Review.current().plan
    wb = load_workbook(BytesIO(export_template(plan)))
    ws = wb["Nhiệm vụ"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "TC-01":
            row[3].value = "Chỉ tiêu mới: 100% văn bản đúng thể thức"
    buffer = BytesIO()
    wb.save(buffer)
    assessment = Assessment.objects.get(task__code="TC-01")
    result = import_plan(buffer.getvalue(), plan=plan)
    assert "TC-01" in result.updated
    assert Task.objects.get(code="TC-01").target == "Chỉ tiêu mới: 100% văn bản đúng thể thức"
    fresh = Assessment.objects.get(task__code="TC-01")
    assert (fresh.pk, fresh.status, fresh.result) == (assessment.pk, assessment.status, assessment.result)


def test_template_lists_valid_codes(demo):
    wb = load_workbook(BytesIO(export_template(None)))
    assert wb.sheetnames == ["Nhiệm vụ", "Danh mục"]
    lists = wb["Danh mục"]
    area_codes = {r[0].value for r in lists.iter_rows(min_row=2) if r[0].value}
    position_codes = {r[3].value for r in lists.iter_rows(min_row=2) if r[3].value}
    assert {"CĐ", "TC", "TTHC", "BM", "CV", "TCC", "CQS", "TĐ", "TK"} <= area_codes
    assert {"TP-HT", "VP-TK1", "CA"} <= position_codes
    assert [c.value for c in wb["Nhiệm vụ"][1]] == [*HEADERS, "Tài khoản chủ trì"]


def test_commands_export_and_import(demo, tmp_path, capsys):
    path = tmp_path / "ke-hoach.xlsx"
    call_command("export_plan_template", str(path))
    call_command("import_plan", str(path), "--dry-run")
    assert "Kiểm tra thử" in capsys.readouterr().out
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_workbook([["TC-99", "TC", "", "", "TP-HT", "", "", "15/12/2026", ""]]))
    with pytest.raises(CommandError):
        call_command("import_plan", str(bad))
    assert "Dòng 2: thiếu nội dung nhiệm vụ" in capsys.readouterr().err


def test_upload_page_for_the_office(client, demo):
    client.force_login(User.objects.get(username="vanphong"))
    upload = BytesIO(_workbook(GOOD))
    upload.name = "nhiem-vu.xlsx"
    response = client.post(reverse("reform:plan_import"), {"file": upload}, follow=True)
    assert "Đã nhập: 2 nhiệm vụ mới" in response.content.decode()
    broken = BytesIO(b"not an excel file")
    broken.name = "hong.xlsx"
    response = client.post(reverse("reform:plan_import"), {"file": broken}, follow=True)
    assert "Không đọc được tệp" in response.content.decode()
    client.force_login(User.objects.get(username="tuphap"))
    assert client.get(reverse("reform:plan_import")).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_a_large_import_runs_in_the_background_with_its_progress_then_its_outcome(client, demo, settings, tmp_path):
    """With the database backend (production), the upload is queued: the page polls the job's progress;
    the worker (on any server: the file is in the storage) imports it, and the page then shows the outcome."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = str(tmp_path)
    office = User.objects.get(username="vanphong")
    client.force_login(office)
    upload = BytesIO(_workbook(GOOD))
    upload.name = "nhiem-vu.xlsx"
    response = client.post(reverse("reform:plan_import"), {"file": upload})
    job = jobs.Job.objects.get(kind="plan_import")
    assert response["Location"] == f"{reverse('reform:plan_import')}?job={job.pk}"
    assert job.state == jobs.Job.State.QUEUED and [p.name for p in (tmp_path / "imports").iterdir()]
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="job"' in page and reverse("reform:plan_import_job", args=[job.pk]) in page
    assert not Task.objects.filter(code="TC-90").exists()

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    job.refresh_from_db()
    assert job.state == jobs.Job.State.DONE and job.result["created"] == ["TC-90", "CQS-90"]
    assert Task.objects.filter(code="TC-90").exists()
    assert not list((tmp_path / "imports").iterdir())  # read and acted on: the upload is gone
    # the polling partial asks htmx to reload the page, which shows the outcome
    status = client.get(reverse("reform:plan_import_job", args=[job.pk]), headers={"HX-Request": "true"})
    assert status.status_code == 204 and status["HX-Refresh"] == "true"
    page = client.get(response["Location"]).content.decode()
    assert "Đã nhập: 2 nhiệm vụ mới" in page and "TC-90, CQS-90" in page


def test_an_import_job_is_the_office_s_alone(client, demo):
    office = User.objects.get(username="vanphong")
    client.force_login(office)
    upload = BytesIO(_workbook([["TC-99", "TC", "", "", "TP-HT", "", "", "15/12/2026", ""]]))
    upload.name = "loi.xlsx"
    response = client.post(reverse("reform:plan_import"), {"file": upload}, follow=True)
    page = response.content.decode()
    assert "Không nhập gì: có 1 lỗi." in page and "Dòng" in page and 'data-testid="import-errors"' in page
    job = jobs.Job.objects.get(kind="plan_import")
    client.force_login(User.objects.get(username="tuphap"))
    assert client.get(reverse("reform:plan_import_job", args=[job.pk])).status_code == 404
    assert client.post(reverse("reform:plan_import_job_retry", args=[job.pk])).status_code == 404

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reform import dashboard
from reform.models import Status, Task
from tests.factories import AssessmentFactory, EvidenceFactory, TaskGroupFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _assessment(group, lead, status, *, late_days=0, code=None):
    due = TODAY - dt.timedelta(days=late_days) if late_days else TODAY + dt.timedelta(days=5)
    extra = {"task__code": code} if code else {}
    a = AssessmentFactory(filled=True, task__group=group, task__lead=lead, task__due_date=due, **extra)
    office = UserFactory(office=True)
    if status in (Status.DRAFTING, Status.SUBMITTED, Status.RETURNED, Status.ACCEPTED):
        a.start_drafting(by=lead)
    if status in (Status.SUBMITTED, Status.RETURNED, Status.ACCEPTED):
        a.submit(by=lead)
    if status == Status.RETURNED:
        a.return_for_revision(by=office, reason="Bổ sung số liệu")
    if status == Status.ACCEPTED:
        a.accept(by=office)
    return a


@pytest.fixture
def fixture_data(db):
    """Hand-computed: 2 areas, 3 officials, 8 tasks."""
    tc = TaskGroupFactory(code="TC", name="Cải cách thể chế", order=1)
    cqs = TaskGroupFactory(code="CQS", name="Chính quyền số", order=2)
    lan = UserFactory(full_name="Hoàng Thị Lan")
    hanh = UserFactory(full_name="Lường Thị Hạnh")
    nam = UserFactory(full_name="Lý Văn Nam")
    _assessment(tc, hanh, Status.ACCEPTED, code="TC-01")
    _assessment(tc, hanh, Status.SUBMITTED, code="TC-02")
    _assessment(tc, hanh, Status.NOT_STARTED, late_days=3, code="TC-03")  # late 3 days
    _assessment(tc, lan, Status.RETURNED, late_days=10, code="TC-04")  # late 10 days
    _assessment(cqs, lan, Status.DRAFTING, code="CQS-01")
    _assessment(cqs, lan, Status.SUBMITTED, late_days=2, code="CQS-02")  # handed in: not late
    _assessment(cqs, nam, Status.ACCEPTED, code="CQS-03")
    _assessment(cqs, nam, Status.NOT_STARTED, code="CQS-04")
    return {"tc": tc, "cqs": cqs, "lan": lan, "hanh": hanh, "nam": nam}


def test_dashboard_numbers_match_the_hand_computed_fixture(client, fixture_data, leader):
    client.force_login(leader)
    board = client.get(reverse("reform:dashboard")).context["board"]
    t = board.totals
    assert t.total == 8
    assert t.by_status == {
        Status.NOT_STARTED: 2,
        Status.DRAFTING: 1,
        Status.SUBMITTED: 2,
        Status.RETURNED: 1,
        Status.ACCEPTED: 2,
    }
    assert t.overdue == 2
    assert t.done == 4
    areas = {g.code: c for g, c in board.areas}
    assert (areas["TC"].total, areas["TC"].done, areas["TC"].overdue) == (4, 2, 2)
    assert (areas["CQS"].total, areas["CQS"].done, areas["CQS"].overdue) == (4, 2, 0)
    cells = {(u.full_name, g.code): c for u, _total, row in board.matrix for g, c in row}
    assert (cells["Hoàng Thị Lan", "TC"].done, cells["Hoàng Thị Lan", "TC"].total) == (0, 1)
    assert cells["Hoàng Thị Lan", "TC"].level == "late"
    assert (cells["Lường Thị Hạnh", "TC"].done, cells["Lường Thị Hạnh", "TC"].total) == (2, 3)
    assert cells["Lý Văn Nam", "TC"].total == 0
    assert cells["Lý Văn Nam", "CQS"].level == "progress"
    assert [(x.user.full_name, x.overdue, x.days_late) for x in board.late] == [
        ("Hoàng Thị Lan", 1, 10),
        ("Lường Thị Hạnh", 1, 3),
    ]
    assert [a.task.code for a in board.waiting] == ["TC-02", "CQS-02"]  # oldest first


def test_every_number_links_to_its_list(client, fixture_data, office_user):
    client.force_login(office_user)
    html = client.get(reverse("reform:dashboard")).content.decode()
    assert f'href="{reverse("reform:tracking_list")}?status=returned"' in html
    assert f'href="{reverse("reform:tracking_list")}?overdue=on"' in html
    lan = fixture_data["lan"]
    listing = client.get(reverse("reform:tracking_list"), {"lead": lan.pk, "overdue": "on"}).content.decode()
    assert listing.count('data-task-code="') == 1 and 'data-task-code="TC-04"' in listing
    listing = client.get(reverse("reform:tracking_list"), {"status": "not_started"}).content.decode()
    assert listing.count('data-task-code="') == 2
    filtered = client.get(reverse("reform:dashboard"), {"group": "CQS"}).context["board"]
    assert filtered.totals.total == 4


def test_tracking_export_is_a_formatted_workbook_checked_cell_by_cell(client, fixture_data, office_user):
    a = _assessment(fixture_data["tc"], fixture_data["hanh"], Status.SUBMITTED, code="TC-05")
    EvidenceFactory.create_batch(2, assessment=a)
    a.task.co_owners.add(fixture_data["nam"])
    client.force_login(office_user)
    response = client.get(reverse("reform:tracking_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(BytesIO(response.content)).active
    assert [c.value for c in ws[1]] == [
        "Lĩnh vực", "Mã", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Hạn nộp", "Trạng thái",
        "Thao tác gần nhất", "Lý do trả lại", "Số tài liệu kiểm chứng",
    ]  # fmt: skip
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:J10"
    assert ws[1][0].font.bold
    rows = {r[1].value: r for r in ws.iter_rows(min_row=2)}
    assert len(rows) == 9
    row = rows["TC-05"]
    assert row[0].value == "Cải cách thể chế"
    assert row[3].value == "Lường Thị Hạnh"
    assert row[4].value == "Lý Văn Nam"
    assert row[5].value.date() == a.task.due_date
    assert row[5].number_format == "DD/MM/YYYY"
    assert row[6].value == "Đã nộp"
    assert row[7].value.startswith("Đã nộp, ")
    assert row[9].value == 2
    returned = rows["TC-04"]
    assert returned[6].value == "Yêu cầu bổ sung"
    assert returned[8].value == "Bổ sung số liệu"
    assert ws.column_dimensions["C"].width == 60


def _grow(fixture_data, n):
    for i in range(n):
        user = UserFactory()
        for group in (fixture_data["tc"], fixture_data["cqs"]):
            a = _assessment(group, user, Status.SUBMITTED if i % 2 else Status.NOT_STARTED, late_days=i % 3)
            EvidenceFactory(assessment=a)
            a.task.co_owners.add(fixture_data["nam"])


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("reform:dashboard", 10),  # one aggregate for totals, cells and the late; the areas read once; no leads menu
        ("reform:tracking_list", 8),  # the leads menu became a search field
        ("reform:tracking_export", 5),
    ],
)
def test_query_counts_stay_flat_as_data_grows(
    client, fixture_data, office_user, django_assert_num_queries, url, queries
):
    client.force_login(office_user)
    _grow(fixture_data, 2)
    with django_assert_num_queries(queries):
        client.get(reverse(url))
    _grow(fixture_data, 20)
    with django_assert_num_queries(queries):
        response = client.get(reverse(url))
    assert response.status_code == 200


def test_build_without_the_matrix_and_the_queue_reads_the_same_numbers_and_the_late_only(
    fixture_data, django_assert_num_queries
):
    """The province's commune page shows the totals, the areas and who is late: `matrix=False, waiting=False`
    gives the same, with no page of officials and no queue, and reads only the late officials."""
    full = dashboard.build(Task.objects.all(), today=TODAY)
    with django_assert_num_queries(3):  # the aggregate, the areas, the late officials' names
        part = dashboard.build(Task.objects.all(), today=TODAY, matrix=False, waiting=False)

    assert part.totals == full.totals
    assert [(g.code, c) for g, c in part.areas] == [(g.code, c) for g, c in full.areas]
    assert [(r.user.display_name, r.overdue, r.days_late) for r in part.late] == [
        (r.user.display_name, r.overdue, r.days_late) for r in full.late
    ]
    assert [r.user.display_name for r in part.late] == ["Hoàng Thị Lan", "Lường Thị Hạnh"]
    assert part.more_late == full.more_late
    assert part.matrix == [] and list(part.officials) == []
    assert part.waiting == [] and not part.more_waiting
    assert full.waiting  # the full build still reads them


def test_build_without_the_matrix_reads_no_names_when_nobody_is_late(fixture_data, django_assert_num_queries):
    with django_assert_num_queries(2):  # the aggregate and the areas
        part = dashboard.build(Task.objects.filter(due_date__gte=TODAY), today=TODAY, matrix=False, waiting=False)
    assert part.late == [] and part.totals.total == 5  # TC-01, TC-02, CQS-01, CQS-03, CQS-04

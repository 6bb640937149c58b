"""Pages that list people or tasks page or search on the server: the dashboard's matrix by pages of officials,
its "who is late" and review queue bounded, the tracking list's lead a search field and its rows paged. Neither
page's size nor its number of queries grows with the number of officials or with a commune's history."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from demo import scale
from kimphuong.models import User
from reform import dashboard
from reform.models import Assessment, AssessmentEvent, Notification, Plan, Status, Task
from reform.views import TRACKING_PAGE_SIZE

pytestmark = pytest.mark.django_db

HTML_MARGIN = 0.02  # the numbers of the totals and of the pager get a digit longer: nothing else may grow


def _more_officials(n: int) -> None:
    """`n` more officials without a position (last in the matrix), each leading one overdue task."""
    plan = Plan.objects.get()
    first = Task.objects.order_by("group__order", "order").first()
    users = User.objects.bulk_create(User(username=f"more-{i}", full_name=f"Người thêm {i:03d}") for i in range(n))
    today = timezone.localdate()
    tasks = Task.objects.bulk_create(
        Task(
            plan=plan, group_id=first.group_id, code=f"MORE-{i}", content="Nhiệm vụ thêm", lead=user,
            due_date=today - dt.timedelta(days=1), order=first.order,
        )
        for i, user in enumerate(users)
    )  # fmt: skip
    Assessment.objects.bulk_create(Assessment(task=task, status=Status.NOT_STARTED) for task in tasks)


def _get(client, url: str, params: dict | None = None) -> tuple[str, int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode(), len(queries), response


def _codes(html: str) -> list[str]:
    return re.findall(r'data-task-code="([^"]+)"', html)


@pytest.fixture
def grown(demo, client):
    """The demo grown five times (about 60 officials, 310 tasks), the office signed in."""
    scale.grow(5)
    client.force_login(User.objects.get(username="vanphong"))
    return client


def test_dashboard_size_and_queries_do_not_grow_with_the_officials(grown):
    url = reverse("reform:dashboard")
    html, queries, response = _get(grown, url)
    board = response.context["board"]
    assert board.officials.paginator.count > dashboard.OFFICIALS_PER_PAGE
    assert len(board.matrix) == dashboard.OFFICIALS_PER_PAGE
    assert len(board.late) == dashboard.LATE_SHOWN and board.more_late and 'data-testid="late-all"' in html
    assert len(board.waiting) == dashboard.WAITING_SHOWN and board.more_waiting and 'data-testid="waiting-all"' in html

    _more_officials(40)  # forty more officials, each late
    more_html, more_queries, more = _get(grown, url)
    assert more.context["board"].officials.paginator.count == board.officials.paginator.count + 40
    assert more_queries == queries
    assert abs(len(more_html) - len(html)) <= HTML_MARGIN * len(html)
    assert more_html.count('<tr><th scope="row"') == html.count('<tr><th scope="row"') == dashboard.OFFICIALS_PER_PAGE


def test_matrix_pages_go_through_every_official_and_totals_are_over_everyone(grown):
    url = reverse("reform:dashboard")
    first = _get(grown, url)[2].context["board"]
    assert first.totals.total == Task.objects.count()
    assert sum(c.total for _g, c in first.areas) == first.totals.total
    seen: list[int] = []
    assigned = 0
    for number in first.officials.paginator.page_range:
        html, _queries, response = _get(grown, url, {"page": number})
        board = response.context["board"]
        assert board.totals.by_status == first.totals.by_status  # the same totals on every page
        seen += [user.pk for user, _total, _cells in board.matrix]
        assigned += sum(total.total for _user, total, _cells in board.matrix)
        if number == 2:
            expected = list(dashboard.officials_of(Task.objects.all()))[
                dashboard.OFFICIALS_PER_PAGE : 2 * dashboard.OFFICIALS_PER_PAGE
            ]
            assert [u.pk for u, _t, _c in board.matrix] == [u.pk for u in expected]
            assert expected[0].display_name in html
            assert 'href="?page=1"' in html  # the pager's previous page
    assert len(seen) == len(set(seen)) == Task.objects.values("lead").distinct().count()
    assert assigned == first.totals.total  # every task in one row of one page


def test_the_matrix_pager_keeps_the_filters(grown):
    _more_officials(40)
    url = reverse("reform:dashboard")
    html, _queries, response = _get(grown, url, {"lead_name": "thêm", "overdue": "on"})
    assert response.context["board"].officials.paginator.count == 40
    assert "lead_name=th%C3%AAm&amp;overdue=on&amp;page=2" in html
    board = _get(grown, url, {"lead_name": "thêm", "overdue": "on", "page": 2})[2].context["board"]
    assert [u.full_name for u, _t, _c in board.matrix] == [f"Người thêm {i:03d}" for i in range(25, 40)]


def test_tracking_list_finds_a_lead_by_part_of_the_name(grown):
    url = reverse("reform:tracking_list")
    html = _get(grown, url)[0]
    assert 'name="lead_name"' in html and '<select name="lead"' not in html  # no dropdown of every official
    lead = Task.objects.get(code="TC-03").lead
    part = lead.full_name.split()[-1]
    html = _get(grown, url, {"lead_name": part.lower()})[0]
    codes = _codes(html)
    assert "TC-03" in codes
    matching = set(Task.objects.filter(lead__full_name__icontains=part).values_list("code", flat=True)) | set(
        Task.objects.filter(lead__username__icontains=part).values_list("code", flat=True)
    )
    assert set(codes) <= matching
    assert _codes(_get(grown, url, {"lead_name": "bench3"})[0])  # the user name too
    assert not _codes(_get(grown, url, {"lead_name": "Không ai tên này"})[0])


def test_tracking_list_pages_keep_the_filters(grown):
    url = reverse("reform:tracking_list")
    html, queries, response = _get(grown, url)
    assert response.context["page"].paginator.count == Task.objects.count() > TRACKING_PAGE_SIZE
    assert len(_codes(html)) == TRACKING_PAGE_SIZE
    params = {"lead_name": "Cán bộ", "status": "not_started"}
    html, _queries, response = _get(grown, url, params)
    page = response.context["page"]
    assert page.paginator.count > TRACKING_PAGE_SIZE
    assert "lead_name=C%C3%A1n+b%E1%BB%99&amp;status=not_started&amp;page=2" in html
    second = _get(grown, url, {**params, "page": 2})[0]
    codes = _codes(second)
    assert codes and not set(codes) & set(_codes(html))
    for task in Task.objects.filter(code__in=codes).select_related("lead", "assessment"):
        assert "Cán bộ" in task.lead.full_name and task.status == Status.NOT_STARTED

    _more_officials(40)
    more_html, more_queries, _response = _get(grown, url)
    assert more_queries == queries
    assert len(_codes(more_html)) == TRACKING_PAGE_SIZE


def test_a_dashboard_link_to_one_official_names_them_and_can_be_removed(grown):
    lead = Task.objects.get(code="TC-03").lead
    html = _get(grown, reverse("reform:tracking_list"), {"lead": lead.pk, "status": "not_started"})[0]
    assert 'data-testid="chosen-lead"' in html and lead.display_name in html
    assert f'href="{reverse("reform:tracking_list")}?status=not_started"' in html  # the link that drops them
    assert f'name="lead" value="{lead.pk}"' in html  # kept when the filters change


def _history(n: int) -> None:
    """`n` more events and notifications on the assessments (comments and reminders piling up)."""
    assessments = list(Assessment.objects.select_related("task__lead").order_by("pk")[:20])
    now = timezone.now()
    AssessmentEvent.objects.bulk_create(
        AssessmentEvent(
            assessment=a, actor=a.task.lead, from_status=a.status, to_status=a.status, reason="Ghi chú",
            at=now + dt.timedelta(seconds=i),
        )
        for i, a in enumerate(assessments[i % len(assessments)] for i in range(n))
    )  # fmt: skip
    office = User.objects.get(username="vanphong")
    Notification.objects.bulk_create(
        Notification(recipient=office, assessment=assessments[i % len(assessments)], message=f"Thông báo {i}")
        for i in range(n)
    )


@pytest.mark.parametrize("name", ["reform:dashboard", "reform:tracking_list"])
def test_pages_do_not_grow_with_the_history(grown, name):
    url = reverse(name)
    html, queries, _response = _get(grown, url)
    _history(200)
    more_html, more_queries, _response = _get(grown, url)
    assert more_queries == queries
    assert abs(len(more_html) - len(html)) <= HTML_MARGIN * len(html)

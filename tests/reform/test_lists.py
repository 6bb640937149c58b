import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from reform.models import Status
from tests.factories import AssessmentFactory, TaskFactory, TaskGroupFactory, UserFactory

pytestmark = pytest.mark.django_db

TASK_LIST_QUERIES = 10  # session, user, led, co-owned, reminder, review, role groups, position, unread notices,
# the conference the user is invited to (a panel of the conference app)
DASHBOARD_QUERIES = 10  # session, user, roles, position, unread, review, the areas (the board's and the menu's),
# 3 for the board (one aggregate by area, lead and status: totals, cells, the late; the leads; the waiting)


def _tasks_for(user, n, groups):
    for i in range(n):
        assessment = AssessmentFactory(filled=True, task__lead=user, task__group=groups[i % len(groups)])
        if i % 3 == 0:
            assessment.submit(by=user)
        other = TaskFactory(group=groups[i % len(groups)])
        other.co_owners.add(user)
        AssessmentFactory(task=other)


def test_task_list_shows_only_my_tasks_with_status_and_days(client, official):
    mine = AssessmentFactory(task__lead=official, task__due_date=timezone.localdate() - dt.timedelta(days=3))
    AssessmentFactory()  # someone else's
    client.force_login(official)
    html = client.get(reverse("reform:task_list")).content.decode()
    assert mine.task.code in html
    assert "Quá hạn 3 ngày" in html
    assert "Chưa bắt đầu" in html
    assert html.count('data-task-code="') == 1


def test_task_list_query_count_does_not_grow(client, official, django_assert_num_queries):
    groups = [TaskGroupFactory() for _ in range(3)]
    client.force_login(official)
    _tasks_for(official, 3, groups)
    with django_assert_num_queries(TASK_LIST_QUERIES):
        client.get(reverse("reform:task_list"))
    _tasks_for(official, 27, groups)  # ten times the data
    with django_assert_num_queries(TASK_LIST_QUERIES):
        response = client.get(reverse("reform:task_list"))
    assert response.content.decode().count('data-task-code="') == 30


def test_dashboard_counts_by_area_and_status(client, office_user):
    group = TaskGroupFactory(name="Cải cách thể chế")
    lead = UserFactory()
    for _ in range(2):
        AssessmentFactory(filled=True, task__group=group, task__lead=lead).submit(by=lead)
    AssessmentFactory(task__group=group, task__due_date=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(office_user)
    response = client.get(reverse("reform:dashboard"))
    areas = response.context["board"].areas
    assert len(areas) == 1
    counts = areas[0][1]
    assert counts.by_status[Status.SUBMITTED] == 2
    assert counts.by_status[Status.NOT_STARTED] == 1
    assert counts.overdue == 1
    assert "2/3 (66,7%)" in response.content.decode()


def test_dashboard_query_count_does_not_grow(client, leader, django_assert_num_queries):
    groups = [TaskGroupFactory() for _ in range(3)]
    client.force_login(leader)
    _tasks_for(UserFactory(), 3, groups)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        client.get(reverse("reform:dashboard"))
    for _ in range(9):
        _tasks_for(UserFactory(), 3, groups)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("reform:dashboard"))
    assert response.context["board"].totals.total == 60

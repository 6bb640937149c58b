from itertools import groupby

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from reform.models import DONE_STATUSES, Review, Status, Task, TaskGroup, status_counts
from reform.permissions import get_assessment_for_user, require_oversight


@require_GET
def task_list(request: HttpRequest) -> HttpResponse:
    """Nhiệm vụ của tôi: the tasks the user leads, by area, and those they coordinate."""
    user = request.user
    today = timezone.localdate()
    led = list(Task.objects.led_by(user).for_listing())
    co_owned = list(Task.objects.co_owned_by(user).for_listing())
    groups = [(group, list(tasks)) for group, tasks in groupby(led, key=lambda t: t.group)]
    to_do = sum(1 for t in led if t.status not in DONE_STATUSES)
    return render(
        request,
        "reform/task_list.html",
        {
            "groups": groups,
            "co_owned": co_owned,
            "to_do": to_do,
            "total": len(led),
            "today": today,
            "review": Review.current(),
        },
    )


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Counts by area and status for the office and leadership."""
    require_oversight(request.user)
    today = timezone.localdate()
    counts = status_counts(Task.objects.all())
    overdue_by_group = dict(Task.objects.overdue(today).values_list("group_id").annotate(n=Count("id")).order_by())
    statuses = list(Status)
    rows = []
    totals = dict.fromkeys(statuses, 0)
    for group in TaskGroup.objects.all():
        cells = [counts.get((group.pk, s.value), 0) for s in statuses]
        total = sum(cells)
        if not total:
            continue
        for s, n in zip(statuses, cells, strict=True):
            totals[s] += n
        done = sum(n for s, n in zip(statuses, cells, strict=True) if s in DONE_STATUSES)
        rows.append(
            {
                "group": group,
                "cells": cells,
                "total": total,
                "done": done,
                "overdue": overdue_by_group.get(group.pk, 0),
            }
        )
    grand_total = sum(totals.values())
    return render(
        request,
        "reform/dashboard.html",
        {
            "rows": rows,
            "statuses": statuses,
            "totals": [totals[s] for s in statuses],
            "grand_total": grand_total,
            "grand_done": sum(totals[s] for s in DONE_STATUSES),
            "grand_overdue": sum(r["overdue"] for r in rows),
            "review": Review.current(),
            "today": today,
        },
    )


@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    return render(
        request,
        "reform/assessment_detail.html",
        {
            "assessment": assessment,
            "task": assessment.task,
            "evidence": assessment.evidence.all(),
            "recommendations": assessment.recommendations.all(),
            "events": assessment.events.select_related("actor"),
        },
    )

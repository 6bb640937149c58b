"""Grow the demo N times (bench and load checks): more officials, more tasks, a spread of statuses."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from kimphuong.models import User
from reform.models import Assessment, Completion, Plan, Status, Task


@transaction.atomic
def grow(scale: int) -> None:
    """Copy the 62 demo tasks (scale - 1) times, each copy led by 12 new officials (scale 100 ≈ 6,200 tasks)."""
    if scale <= 1:
        return
    plan = Plan.objects.get()
    originals = list(Task.objects.filter(plan=plan).select_related("lead__position").order_by("code"))
    positions = {t.lead.position_id for t in originals}
    now, today = timezone.now(), timezone.localdate()
    statuses = [Status.NOT_STARTED, Status.DRAFTING, Status.SUBMITTED, Status.RETURNED, Status.ACCEPTED]
    for copy in range(2, scale + 1):
        leads = {
            pos: User(username=f"bench{copy}-{pos}", full_name=f"Cán bộ {copy}-{pos}", position_id=pos)
            for pos in positions
        }
        User.objects.bulk_create(leads.values())
        leads = {u.position_id: u for u in User.objects.filter(username__startswith=f"bench{copy}-")}
        tasks = Task.objects.bulk_create(
            Task(
                plan=plan, group_id=t.group_id, code=f"{t.code}/{copy}", content=t.content, target=t.target,
                lead=leads[t.lead.position_id], due_date=today + dt.timedelta(days=(i % 20) - 5), order=t.order,
            )
            for i, t in enumerate(originals)
        )  # fmt: skip
        Assessment.objects.bulk_create(
            Assessment(
                task=task, status=statuses[i % 5], completion=Completion.DONE if i % 5 else "",
                result="Hoàn thành theo kế hoạch." if i % 5 else "",
                submitted_at=now if statuses[i % 5] in (Status.SUBMITTED, Status.ACCEPTED) else None,
                return_reason="Bổ sung số liệu." if statuses[i % 5] == Status.RETURNED else "",
            )
            for i, task in enumerate(tasks)
        )  # fmt: skip

"""The office links an indicator to the tasks that report it (the link lives on the task, in the plan)."""

import pytest
from django.urls import reverse

from indicators.models import Indicator
from kimphuong.models import User
from reform.models import Task

pytestmark = pytest.mark.django_db


def test_the_office_chooses_the_tasks_that_report_an_indicator(client, demo):
    indicator = Indicator.objects.get(code="TTHC.3a")
    before = set(indicator.tasks.values_list("code", flat=True))
    added = Task.objects.exclude(pk__in=indicator.tasks.all()).order_by("code").first()
    kept = sorted(before)[1:]
    url = reverse("reform:indicator_tasks", args=[indicator.pk])

    client.force_login(User.objects.get(username="vanphong"))
    page = client.get(url).content.decode()
    assert all(f">{code} – " in page for code in before)
    chosen = list(Task.objects.filter(code__in=[*kept, added.code]).values_list("pk", flat=True))
    response = client.post(url, {"tasks": chosen})

    assert response.status_code == 302
    assert set(indicator.tasks.values_list("code", flat=True)) == {*kept, added.code}
    assert indicator in added.indicators.all()


def test_only_the_office_links_tasks(client, demo):
    indicator = Indicator.objects.get(code="TTHC.3a")
    before = set(indicator.tasks.all())
    url = reverse("reform:indicator_tasks", args=[indicator.pk])
    for username in ("chutich", "tuphap"):
        client.force_login(User.objects.get(username=username))
        assert client.post(url, {"tasks": []}).status_code == 403
    assert set(indicator.tasks.all()) == before


def test_saving_the_catalogue_keeps_the_tasks(client, demo):
    """The indicator's own form no longer carries the tasks, so saving it never clears them."""
    indicator = Indicator.objects.get(code="TTHC.3a")
    before = set(indicator.tasks.all())
    assert before
    client.force_login(User.objects.get(username="vanphong"))
    data = {
        "name": indicator.name, "unit": indicator.unit, "value_kind": indicator.value_kind,
        "aggregation": indicator.aggregation, "first_year": 2021, "last_year": 2025,
        "targets-TOTAL_FORMS": 0, "targets-INITIAL_FORMS": 0,
    }  # fmt: skip
    assert client.post(reverse("indicators:indicator_edit", args=[indicator.pk]), data).status_code == 302
    assert set(indicator.tasks.all()) == before

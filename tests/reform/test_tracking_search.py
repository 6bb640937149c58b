"""Lists that grow: the tracking list searches (?q=) and sorts by any column; the register and the
indicator catalogue search; the register and the notifications page."""

import pytest
from django.urls import reverse

from emulation.models import Commendation
from kimphuong.models import User
from reform.models import Task

pytestmark = pytest.mark.django_db


def _codes(html: str) -> list[str]:
    return [part.split('"', 1)[0] for part in html.split('data-task-code="')[1:]]


def test_tracking_list_searches_code_content_and_person(client, demo):
    client.force_login(User.objects.get(username="vanphong"))
    url = reverse("reform:tracking_list")
    assert _codes(client.get(url, {"q": "tc-03"}).content.decode()) == ["TC-03"]
    lead = Task.objects.get(code="TC-03").lead
    by_person = _codes(client.get(url, {"q": lead.full_name.split()[-1]}).content.decode())
    assert "TC-03" in by_person and set(by_person) <= set(
        Task.objects.filter(lead__full_name__icontains=lead.full_name.split()[-1]).values_list("code", flat=True)
    )
    words = _codes(client.get(url, {"q": "hòa giải"}).content.decode())
    assert words and all("hòa giải" in Task.objects.get(code=c).content.lower() for c in words)


@pytest.mark.parametrize(("key", "field"), [("code", "code"), ("due", "due_date"), ("lead", "lead__full_name")])
def test_tracking_list_sorts_by_a_column_and_back(client, demo, key, field):
    client.force_login(User.objects.get(username="vanphong"))
    url = reverse("reform:tracking_list")
    up = _codes(client.get(url, {"sort": key}).content.decode())
    down = _codes(client.get(url, {"sort": f"-{key}"}).content.decode())
    values = dict(Task.objects.values_list("code", field))
    assert [values[c] for c in up] == sorted(values[c] for c in up)
    assert [values[c] for c in down] == sorted((values[c] for c in down), reverse=True)
    html = client.get(url, {"sort": key}).content.decode()
    assert 'aria-sort="ascending"' in html and f"sort=-{key}" in html


def test_register_and_catalogue_search(client, demo):
    client.force_login(User.objects.get(username="vanphong"))
    name = Commendation.objects.order_by("pk").first().recipient_name
    html = client.get(reverse("emulation:commendation_list"), {"q": name}).content.decode()
    shown = html.count("data-commendation=")
    assert shown == Commendation.objects.filter(recipient_name__icontains=name).count() or shown >= 1
    html = client.get(reverse("indicators:indicator_list"), {"q": "TTHC.4"}).content.decode()
    assert 'data-indicator="TTHC.4"' in html and 'data-indicator="CQS.1"' not in html

"""A user who works for several communes (rare) switches between them; nobody else can."""

import pytest
from django.urls import reverse

from kimphuong.models import Commune
from kimphuong.scoping import commune_scope
from tests.factories import AssessmentFactory, ReviewFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_user_of_two_communes_switches_and_sees_each_communes_work(client):
    office = UserFactory(office=True)
    AssessmentFactory(task=TaskFactory(plan=ReviewFactory().plan, content="Nhiệm vụ của Kim Phượng"))
    other = Commune.objects.create(name="Phượng Tiến", code="05530")
    with commune_scope(other):
        AssessmentFactory(task=TaskFactory(plan=ReviewFactory().plan, content="Nhiệm vụ của Phượng Tiến"))
    office.other_communes.add(other)
    client.force_login(office)
    page = client.get(reverse("reform:tracking_list")).content.decode()
    assert "Nhiệm vụ của Kim Phượng" in page and "Nhiệm vụ của Phượng Tiến" not in page
    assert 'data-testid="commune-switch"' in page
    assert client.post(reverse("commune_switch"), {"commune": other.pk}).status_code == 302
    page = client.get(reverse("reform:tracking_list")).content.decode()
    assert "Nhiệm vụ của Phượng Tiến" in page and "Nhiệm vụ của Kim Phượng" not in page


def test_nobody_switches_to_a_commune_that_is_not_theirs(client):
    office = UserFactory(office=True)
    stranger = Commune.objects.create(name="Linh Sơn", kind="phuong", code="05800")
    client.force_login(office)
    assert 'data-testid="commune-switch"' not in client.get(reverse("reform:dashboard")).content.decode()
    assert client.post(reverse("commune_switch"), {"commune": stranger.pk}).status_code == 403
    assert client.post(reverse("commune_switch"), {"commune": "x"}).status_code == 403

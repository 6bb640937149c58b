"""Who opens the commendation register."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_only_office_and_leadership_open_the_register(client, demo, official):
    client.force_login(official)
    assert client.get(reverse("emulation:commendation_list")).status_code == 403
    client.force_login(UserFactory(leadership=True))
    assert client.get(reverse("emulation:commendation_list")).status_code == 200
    assert client.get(reverse("emulation:commendation_new")).status_code == 403

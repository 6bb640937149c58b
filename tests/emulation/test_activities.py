"""The movement's yearly activity: its year and the date of its plan."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_yearly_activity_checks_its_year_and_plan_date(client, office_user):
    client.force_login(office_user)
    url = reverse("emulation:activity_new")
    data = {"year": 2021, "plan_number": "05", "plan_symbol": "KH-UBND", "plan_date": "10/02/2020"}
    data.update(
        {"registered_collectives": 5, "registered_individuals": 18, "reviews_held": 1, "note": "Phát động đầu năm"}
    )
    response = client.post(url, data)
    assert response.status_code == 400
    assert "phải ban hành trong năm 2021" in response.content.decode()
    assert "Phát động đầu năm" in response.content.decode()
    assert client.post(url, {**data, "year": 2030}).status_code == 400
    assert client.post(url, {**data, "plan_date": "10/02/2021"}).status_code == 302

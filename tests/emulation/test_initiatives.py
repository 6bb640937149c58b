"""Initiatives by reform area and year."""

import pytest
from django.urls import reverse

from emulation.models import Initiative
from tests.factories import TaskGroupFactory

pytestmark = pytest.mark.django_db


def test_initiatives_by_area_and_year(client, forms, leader):
    area = TaskGroupFactory(code="TTHC", name="Cải cách TTHC", kind="area")
    Initiative.objects.create(name="Một cửa thân thiện", year=2021, authors="Hoàng Thị Lan", area=area, description="x")
    Initiative.objects.create(
        name="Trả kết quả tại nhà", year=2023, authors="Hoàng Thị Lan", area=area, description="x"
    )
    client.force_login(leader)
    table = client.get(reverse("emulation:tables")).context["initiatives"]
    rows = {a.code if a else None: (cells, total) for a, cells, total in table.rows()}
    assert rows["TTHC"] == ([0, 0, 0, 1, 0, 1, 0, 0], 2)
    assert rows[None][1] == 2

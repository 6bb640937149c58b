"""The summary tables: commendations by year and form, and query counts that do not grow with the register."""

import pytest
from django.urls import reverse

from emulation.tables import commendation_table
from kimphuong.models import TaskGroup
from tests.emulation.helpers import YEARS, _commend
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_year_by_form_table_matches_a_hand_computed_fixture(forms):
    gk, ld, tt = forms["GK-XA"], forms["LĐTT"], forms["TTLĐTT"]
    _commend(gk, 2019, "A")
    _commend(gk, 2019, "Bộ phận Một cửa", kind="collective")
    _commend(gk, 2021, "B")
    _commend(ld, 2021, "A")
    _commend(ld, 2021, "C")
    _commend(tt, 2025, "Văn phòng UBND", kind="collective")
    table = commendation_table(YEARS)
    assert [f.code for f in table.forms] == ["GK-XA", "LĐTT", "TTLĐTT"]
    rows = {year: (cells, total) for year, cells, total in table.rows()}
    # columns: GK tập thể, GK cá nhân, LĐTT tập thể, LĐTT cá nhân, TTLĐTT tập thể, TTLĐTT cá nhân
    assert rows[2019] == ([1, 1, 0, 0, 0, 0], 2)
    assert rows[2021] == ([0, 1, 0, 2, 0, 0], 3)
    assert rows[2025] == ([0, 0, 0, 0, 1, 0], 1)
    assert rows[2018] == ([0] * 6, 0)
    assert rows[None] == ([1, 2, 0, 2, 1, 0], 6)


@pytest.mark.parametrize(("url", "queries"), [("emulation:commendation_list", 9), ("emulation:tables", 13)])
def test_register_and_tables_query_counts_stay_flat(client, forms, django_assert_num_queries, url, queries):
    client.force_login(UserFactory(office=True))
    TaskGroup.objects.get_or_create(code="CĐ", defaults={"name": "Chỉ đạo", "kind": "area"})

    def grow(n, start):
        for i in range(start, start + n):
            _commend(forms["GK-XA"], 2018 + i % 8, f"Người {i}")
            _commend(forms["TTLĐTT"], 2018 + i % 8, f"Tập thể {i}", kind="collective")

    grow(2, 0)
    with django_assert_num_queries(queries):
        client.get(reverse(url))
    grow(20, 2)
    with django_assert_num_queries(queries):
        response = client.get(reverse(url))
    assert response.status_code == 200

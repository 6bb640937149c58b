from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import IndexScore, IndicatorValue
from kimphuong.models import PROVINCE_REVIEWER_GROUP, Commune
from kimphuong.scoping import all_communes, commune_scope
from province.figures import Method, competition_ranks, index_table, province_figures
from tests.factories import IndicatorFactory, TaskGroupFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def province_user(db):
    with all_communes():
        user = UserFactory(position=None)
    user.groups.add(Group.objects.get_or_create(name=PROVINCE_REVIEWER_GROUP)[0])
    return user


def catalogue_with_values(commune: Commune, values: dict[str, dict[int, int]]) -> None:
    """The same small catalogue in `commune`, with the given values {code: {year: value}}."""
    first, second = TaskGroupFactory(code="TTHC", order=2), TaskGroupFactory(code="CCTC", order=1)
    with commune_scope(commune):
        made = {
            "SL.1": IndicatorFactory(code="SL.1", group=first, order=1, name="Số hồ sơ"),
            "TL.1": IndicatorFactory(code="TL.1", group=first, order=2, value_kind="percent", unit="%"),
            "CO.1": IndicatorFactory(code="CO.1", group=first, order=3, value_kind="boolean"),
            "A": IndicatorFactory(code="A", group=second, order=1),
            "B": IndicatorFactory(code="B", group=second, order=2),
        }
        made["TL.2"] = IndicatorFactory(
            code="TL.2", group=second, order=3, aggregation="ratio", numerator=made["A"], denominator=made["B"]
        )
        for code, years in values.items():
            for year, value in years.items():
                IndicatorValue.objects.create(indicator=made[code], year=year, value=value)


@pytest.fixture
def three_communes():
    x = Commune.objects.create(name="Xuân", code="30001")
    y = Commune.objects.create(name="Yên", code="30002", kind="phuong")
    z = Commune.objects.create(name="Zang", code="30003")
    catalogue_with_values(
        x, {"SL.1": {2023: 10, 2024: 5}, "TL.1": {2023: 80}, "CO.1": {2023: 1}, "A": {2023: 30}, "B": {2023: 40}}
    )
    catalogue_with_values(
        y, {"SL.1": {2023: 20}, "TL.1": {2023: 90}, "CO.1": {2023: 0}, "A": {2023: 20}, "B": {2023: 60}}
    )
    catalogue_with_values(z, {"CO.1": {2023: 1}, "A": {2023: 50}})
    return x, y, z


def _by_code():
    with all_communes():
        areas = province_figures()
    return areas, {row.code: row for area in areas for row in area.rows}


def _year(row, year):
    return next(y for y in row.years if y.year == year)


def test_province_figures_aggregate_each_code_by_its_kind(three_communes):
    areas, rows = _by_code()

    # Areas in their order (CCTC before TTHC), codes in the indicators' order.
    assert [a.group.code for a in areas] == ["CCTC", "TTHC"]
    assert [r.code for r in areas[0].rows] == ["A", "B", "TL.2"]
    assert [r.code for r in areas[1].rows] == ["SL.1", "TL.1", "CO.1"]

    count = _year(rows["SL.1"], 2023)
    assert rows["SL.1"].method == Method.SUM
    assert (count.value, count.reported, count.expected, count.missing) == (Decimal(30), 2, 3, ["Zang"])
    assert _year(rows["SL.1"], 2024).value == Decimal(5)
    assert _year(rows["SL.1"], 2024).missing == ["Yên", "Zang"]

    percent = _year(rows["TL.1"], 2023)
    assert rows["TL.1"].method == Method.MEAN
    assert (percent.value, percent.reported) == (Decimal("85.00"), 2)

    yes = _year(rows["CO.1"], 2023)
    assert rows["CO.1"].method == Method.YES
    assert (yes.value, yes.reported, yes.missing) == (Decimal(2), 3, [])

    # The ratio: numerators and denominators of the communes that have both, added up, then divided.
    share = _year(rows["TL.2"], 2023)
    assert rows["TL.2"].method == Method.RATIO
    assert share.value == Decimal(50)
    assert (share.reported, share.missing) == (2, ["Zang"])
    assert _year(rows["A"], 2023).value == Decimal(100)
    assert _year(rows["TL.2"], 2022).value is None
    assert _year(rows["TL.2"], 2022).missing == ["Xuân", "Yên", "Zang"]


def test_an_indicator_over_more_years_than_one_mask_holds(three_communes):
    """Years are read as bit masks of 62 years each: an indicator over a century is read in two."""
    x, _y, _z = three_communes
    with commune_scope(x):
        long = IndicatorFactory(code="DAI.1", first_year=2000, last_year=2100)
        ratio = IndicatorFactory(
            code="DAI.2",
            aggregation="ratio",
            numerator=long,
            denominator=IndicatorFactory(code="DAI.3", first_year=2000, last_year=2100),
            first_year=2000,
            last_year=2100,
        )
        for year in (2000, 2061, 2062, 2100):
            IndicatorValue.objects.create(indicator=long, year=year, value=1)
        IndicatorValue.objects.create(indicator_id=ratio.denominator_id, year=2062, value=2)

    _areas, rows = _by_code()

    reported = {y.year for y in rows["DAI.1"].years if not y.missing}
    assert reported == {2000, 2061, 2062, 2100}
    assert _year(rows["DAI.1"], 2063).missing == ["Xuân"]
    assert _year(rows["DAI.1"], 2063).expected == 1
    assert {y.year for y in rows["DAI.2"].years if not y.missing} == {2062}
    assert _year(rows["DAI.2"], 2062).value == Decimal(50)


def test_inactive_communes_are_left_out(three_communes):
    x, _y, z = three_communes
    Commune.objects.filter(pk=z.pk).update(is_active=False)

    _areas, rows = _by_code()

    assert _year(rows["CO.1"], 2023).value == Decimal(1)
    assert _year(rows["CO.1"], 2023).expected == 2
    assert _year(rows["SL.1"], 2023).missing == []


def test_figures_page(client, province_user, three_communes):
    client.force_login(province_user)

    response = client.get(reverse("province:figures"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-code="TL.2"' in html
    assert "2/3 xã" in html
    assert "<details" in html and "Zang" in html


def test_figures_page_escapes_names(client, province_user, three_communes):
    """The lines are built by a template tag (figure_rows): names are escaped there, as a template would."""
    _x, _y, z = three_communes
    Commune.objects.filter(pk=z.pk).update(name="Zang <i>&</i>")
    client.force_login(province_user)

    html = client.get(reverse("province:figures")).content.decode()

    assert "<li>Zang &lt;i&gt;&amp;&lt;/i&gt;</li>" in html
    assert "<i>" not in html


# Session, user, groups; catalogue, values, ratio pairs, each indicator's years covered, areas; the bell. Pinned.
FIGURES_QUERIES = 9


def test_figures_page_runs_a_fixed_number_of_queries(client, province_user, django_assert_num_queries):
    client.force_login(province_user)
    url = reverse("province:figures")
    one = Commune.objects.create(name="Một", code="40000")
    catalogue_with_values(one, {"SL.1": {2023: 1}, "A": {2023: 1}, "B": {2023: 2}})
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    assert len(first.captured_queries) == FIGURES_QUERIES

    for i in range(1, 6):
        commune = Commune.objects.create(name=f"Xã {i}", code=f"4000{i}")
        catalogue_with_values(commune, {"SL.1": {2023: i, 2024: i}, "TL.1": {2022: 50}, "A": {2023: i}, "B": {2023: 9}})
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(url).status_code == 200


def test_competition_ranks_share_a_rank_on_a_tie():
    assert competition_ranks({1: Decimal(85), 2: Decimal(90), 3: Decimal(85), 4: Decimal(70)}) == {
        2: 1,
        1: 2,
        3: 2,
        4: 4,
    }


def test_index_table_ranks_communes_per_index(client, province_user, three_communes):
    x, y, z = three_communes
    for commune, par, sipas in ((x, 85, 80), (y, 90, None), (z, 85, None)):
        with commune_scope(commune):
            IndexScore.objects.create(index="par", year=2024, score=par)
            if sipas is not None:
                IndexScore.objects.create(index="sipas", year=2024, score=sipas)
    with commune_scope(x):
        IndexScore.objects.create(index="par", year=2023, score=70)
        # A score on another scale compares by its share of the scale: 45/50 = 90%.
        IndexScore.objects.create(index="papi", year=2024, score=45, max_score=50)

    with all_communes():
        table = index_table()
        older = index_table(2023)

    assert table.year == 2024 and table.years == [2024, 2023]
    kinds = [k.value for k in table.kinds]
    rows = {r.commune.code: {k: c for k, c in zip(kinds, r.cells, strict=True)} for r in table.rows}
    assert (rows["30002"]["par"].rank, rows["30001"]["par"].rank, rows["30003"]["par"].rank) == (1, 2, 2)
    assert rows["30001"]["sipas"].rank == 1 and rows["30002"]["sipas"].score is None
    assert rows["30001"]["papi"].score.score == 45
    assert rows["05536"]["par"].rank is None  # Kim Phượng has no score
    assert older.year == 2023
    assert [r.commune.code for r in older.rows if r.cells[0].rank == 1] == ["30001"]

    client.force_login(province_user)
    response = client.get(reverse("province:indices"), {"year": "2024"})
    assert response.status_code == 200
    assert 'data-rank="2"' in response.content.decode()
    assert client.get(reverse("province:indices"), {"year": "abc"}).status_code == 200

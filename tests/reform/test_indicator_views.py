from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indicators import export
from indicators.figures import display_value, indicator_rows, parse_number
from indicators.models import Aggregation, IndexScore, Indicator, IndicatorTarget, IndicatorValue, ValueKind
from kimphuong.models import TaskGroup, User
from reform.models import Assessment
from tests.factories import IndicatorFactory, TaskGroupFactory, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    return user


def test_the_office_sees_five_years_with_target_results(client, demo):
    _login(client, "vanphong")
    html = client.get(reverse("indicators:indicator_list")).content.decode()
    assert 'data-indicator="TTHC.4"' in html
    assert "Vượt" in html and "Không đạt" in html and "chưa đối chiếu" in html
    assert "99,9%" in html  # TTHC.4 over the period, computed from its parts
    link = reverse("indicators:indicator_detail", args=[Indicator.objects.get(code="TTHC.4").pk])
    assert f'<a href="{link}">TTHC.4</a>' in html


def test_an_official_sees_and_enters_only_their_figures(client, demo):
    _login(client, "tuphap")
    html = client.get(reverse("indicators:indicator_list")).content.decode()
    assert 'data-indicator="TC.4a"' in html
    assert 'data-indicator="TTHC.2a"' not in html
    assert client.get(reverse("indicators:indicator_grid", args=["TC"])).status_code == 200
    assert client.get(reverse("indicators:indicator_grid", args=["TTHC"])).status_code in (200, 403)
    other = Indicator.objects.exclude(responsible__code="TP-HT").first()
    assert client.get(reverse("indicators:indicator_detail", args=[other.pk])).status_code == 403


def test_grid_saves_and_records_who(client, demo):
    user = _login(client, "tuphap")
    ind = Indicator.objects.get(code="TC.4a")
    response = client.post(reverse("indicators:indicator_grid", args=["TC"]), _grid_post("TC", {("TC.4a", 2025): "9"}))
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=ind, year=2025)
    assert value.value == 9 and value.updated_by == user


def _grid_post(code, changes):
    """The grid as the page shows it (each cell with the value and version it showed), some cells changed."""
    data = {}
    for ind in Indicator.objects.filter(group__code=code).exclude(aggregation="ratio").prefetch_related("values"):
        stored = {v.year: v for v in ind.values.all()}
        for year in range(ind.first_year, ind.last_year + 1):
            row = stored.get(year)
            text = "" if row is None else f"{row.value.normalize():f}".replace(".", ",")
            data[f"v-{ind.pk}-{year}"] = data[f"v-{ind.pk}-{year}-orig"] = text
            data[f"v-{ind.pk}-{year}-v"] = row.version if row else 0
    for (c, year), text in changes.items():
        data[f"v-{Indicator.objects.get(code=c).pk}-{year}"] = text
    return data


def test_grid_errors_keep_every_typed_value_and_save_nothing(client, demo):
    _login(client, "vanphong")
    before = {(v.indicator_id, v.year): v.value for v in IndicatorValue.objects.all()}
    changes = {("TTHC.6", 2024): "120", ("TTHC.3a", 2023): "900", ("TTHC.2a", 2021): "1.111"}
    response = client.post(reverse("indicators:indicator_grid", args=["TTHC"]), _grid_post("TTHC", changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert "tỷ lệ phải từ 0 đến 100%" in html
    assert "Trước hạn + đúng hạn + quá hạn phải bằng số hồ sơ đã giải quyết" in html
    assert 'value="120"' in html and 'value="900"' in html and 'value="1.111"' in html
    assert {(v.indicator_id, v.year): v.value for v in IndicatorValue.objects.all()} == before


def test_office_edits_the_catalogue_and_a_ratio_needs_its_parts(client, demo):
    _login(client, "vanphong")
    ind = Indicator.objects.get(code="TTHC.9")
    url = reverse("indicators:indicator_edit", args=[ind.pk])
    data = {
        "name": "Tỷ lệ hài lòng",
        "unit": "%",
        "value_kind": "percent",
        "aggregation": "ratio",
        "first_year": 2021,
        "last_year": 2025,
        "targets-TOTAL_FORMS": 0,
        "targets-INITIAL_FORMS": 0,
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "cần chọn cả tử số và mẫu số" in response.content.decode()
    data["aggregation"] = "yearly"
    data.update({"targets-TOTAL_FORMS": 1, "targets-0-year": 2025, "targets-0-comparison": "gte"})
    data.update({"targets-0-value": "95", "targets-0-source": "Kế hoạch năm 2025"})
    assert client.post(url, data).status_code == 302
    assert IndicatorTarget.objects.filter(indicator=ind, source="Kế hoạch năm 2025", value=95).exists()
    _login(client, "tuphap")
    assert client.get(url).status_code == 403


def test_office_confirms_an_unverified_target(client, demo):
    target = IndicatorTarget.objects.filter(is_verified=False).first()
    _login(client, "chutich")
    assert client.post(reverse("indicators:target_verify", args=[target.pk])).status_code == 403
    user = _login(client, "vanphong")
    client.post(reverse("indicators:target_verify", args=[target.pk]))
    target.refresh_from_db()
    assert target.is_verified and target.verified_by == user


def test_index_scores_page_and_edit_with_checks(client, demo):
    _login(client, "chutich")
    html = client.get(reverse("indicators:index_list")).content.decode()
    assert "PAR INDEX" in html and "<svg" in html and "Quản trị điện tử" in html
    _login(client, "vanphong")
    data = {
        "index": "sipas", "year": 2026, "score": "101", "max_score": "100", "unit": "%",
        "components-TOTAL_FORMS": 0, "components-INITIAL_FORMS": 0,
    }  # fmt: skip
    response = client.post(reverse("indicators:index_new"), data)
    assert response.status_code == 400 and "Điểm phải từ 0 đến thang điểm" in response.content.decode()
    data["score"] = "94.5"
    assert client.post(reverse("indicators:index_new"), data).status_code == 302
    assert IndexScore.objects.get(index="sipas", year=2026).score == Decimal("94.5")


def test_export_then_import_round_trip_and_a_changed_cell(client, demo):
    _login(client, "vanphong")
    exported = client.get(reverse("indicators:indicator_export")).content
    wb = load_workbook(BytesIO(exported))
    assert "TTHC" in wb.sheetnames and "CĐ" in wb.sheetnames
    ws = wb["TTHC"]
    header = [c.value for c in ws[2]]
    assert header[:4] == ["Mã", "Chỉ tiêu", "Đơn vị tính", "Cách tổng hợp"] and "2025" in header
    rows = {r[0].value: r for r in ws.iter_rows(min_row=3)}
    assert rows["TTHC.4"][header.index("Kết quả")].value.startswith("Vượt")

    before = {(v.indicator_id, v.year): v.value for v in IndicatorValue.objects.all()}
    response = client.post(reverse("indicators:indicator_import"), {"file": _upload(exported)})
    assert "0 ô thay đổi" in response.content.decode()
    assert {(v.indicator_id, v.year): v.value for v in IndicatorValue.objects.all()} == before

    rows["TTHC.9"][header.index("2025")].value = 98.2
    client.post(reverse("indicators:indicator_import"), {"file": _upload(_save(wb))})
    assert IndicatorValue.objects.get(indicator__code="TTHC.9", year=2025).value == Decimal("98.2")


def test_import_with_errors_saves_nothing(client, demo):
    _login(client, "vanphong")
    wb = load_workbook(BytesIO(client.get(reverse("indicators:indicator_export")).content))
    ws = wb["TTHC"]
    header = [c.value for c in ws[2]]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=3)}
    rows["TTHC.9"][header.index("2024")].value = 130
    rows["TTHC.2a"][header.index("2021")].value = 5
    before = {(v.indicator_id, v.year): v.value for v in IndicatorValue.objects.all()}
    response = client.post(reverse("indicators:indicator_import"), {"file": _upload(_save(wb))})
    html = response.content.decode()
    assert "Không nhập gì" in html
    assert "TTHC.9, năm 2024" in html and "tỷ lệ phải từ 0 đến 100%" in html
    assert "Trực tiếp + trực tuyến + bưu chính công ích" in html
    assert {(v.indicator_id, v.year): v.value for v in IndicatorValue.objects.all()} == before


def _save(wb) -> bytes:
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _upload(data: bytes) -> BytesIO:
    upload = BytesIO(data)
    upload.name = "so-lieu.xlsx"
    return upload


LIST_QUERIES = 9


def _grow(n_indicators: int, groups: list[TaskGroup]) -> None:
    for i in range(n_indicators):
        ind = IndicatorFactory(group=groups[i % len(groups)], first_year=2018)
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=ind, year=y, value=i + y) for y in range(2018, 2026)
        )
        IndicatorTarget.objects.create(indicator=ind, comparison="gte", value=1, source="KH 96")
        if i % 3 == 0:
            IndicatorFactory(group=ind.group, aggregation="ratio", numerator=ind, denominator=ind)


def test_indicator_list_query_count_is_flat(client, django_assert_num_queries):
    client.force_login(UserFactory(office=True))
    groups = [TaskGroupFactory() for _ in range(3)]
    _grow(3, groups)
    with django_assert_num_queries(LIST_QUERIES):
        client.get(reverse("indicators:indicator_list"))
    _grow(30, groups)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("indicators:indicator_list"))
    assert response.content.decode().count("data-indicator=") == 33 + 11


EXPORT_QUERIES = 7  # session, user, groups, then indicators, values, targets, areas


def test_indicator_export_query_count_is_flat(client, django_assert_num_queries):
    client.force_login(UserFactory(office=True))
    groups = [TaskGroupFactory() for _ in range(3)]
    _grow(3, groups)
    with django_assert_num_queries(EXPORT_QUERIES):
        client.get(reverse("indicators:indicator_export"))
    _grow(30, groups)
    with django_assert_num_queries(EXPORT_QUERIES):
        response = client.get(reverse("indicators:indicator_export"))
    wb = load_workbook(BytesIO(response.content))
    assert sum(ws.max_row - 2 for ws in wb.worksheets) == 33 + 11


def test_the_export_rows_are_those_read_from_prefetched_indicators(demo):
    """The grid read as plain values gives the rows the prefetched model instances gave."""
    indicators = list(export.indicator_queryset())
    aggregations = {value: str(label) for value, label in Aggregation.choices}
    expected = []
    for group in TaskGroup.objects.all():
        members = [ind for ind in indicators if ind.group_id == group.pk]
        if members:
            years = export.group_years(members)
            expected.append([export._row(r, years, aggregations) for r in indicator_rows(members, years=years)])
    assert [sheet.rows for sheet in export.build()] == expected
    assert any(ind.aggregation == Aggregation.RATIO for ind in indicators)


def test_the_self_assessment_figures_obey_the_same_rules(client, demo):
    user = _login(client, "vanphong")
    assessment = Assessment.objects.get(task__code="TTHC-03")
    assessment.task.indicators.add(Indicator.objects.get(code="TTHC.3a"))
    early = Indicator.objects.get(code="TTHC.3a")
    data = {"expected_version": assessment.version, "result": "Đang cập nhật số liệu.", f"ind-{early.pk}-2023": "1"}
    response = client.post(assessment.get_absolute_url(), data)
    assert response.status_code == 400
    assert "Trước hạn + đúng hạn phải bằng số hồ sơ giải quyết trước hạn và đúng hạn" in response.content.decode()
    assert IndicatorValue.objects.get(indicator=early, year=2023).value != 1
    assert assessment.task.lead == user


GRID_QUERIES = 8


def test_grid_page_query_count_is_flat(client, django_assert_num_queries):
    client.force_login(UserFactory(office=True))
    group = TaskGroupFactory(code="GRID")
    _grow(3, [group])
    with django_assert_num_queries(GRID_QUERIES):
        client.get(reverse("indicators:indicator_grid", args=["GRID"]))
    _grow(30, [group])
    with django_assert_num_queries(GRID_QUERIES):
        response = client.get(reverse("indicators:indicator_grid", args=["GRID"]))
    assert response.content.decode().count('inputmode="decimal" name="v-') == 33 * 8


def test_a_second_score_for_the_same_index_and_year_is_refused_in_plain_words(client, demo):
    existing = IndexScore.objects.filter(index="par").order_by("year").first()
    client.force_login(User.objects.get(username="vanphong"))
    response = client.post(
        reverse("indicators:index_new"),
        {"index": "par", "year": existing.year, "score": "80", "max_score": "100", "unit": "điểm",
         "components-TOTAL_FORMS": 0, "components-INITIAL_FORMS": 0},
    )  # fmt: skip
    assert response.status_code == 400
    assert f"Đã có điểm PAR INDEX năm {existing.year}" in response.content.decode()


def test_a_percentage_typed_with_its_sign_and_a_yes_no_figure(demo):
    assert parse_number("98,5%") == Decimal("98.5")
    assert parse_number("có") == 1 and parse_number("Không") == 0
    yes_no = Indicator.objects.filter(value_kind=ValueKind.BOOLEAN).first()
    assert display_value(Decimal(1), yes_no) == "Có" and display_value(Decimal(0), yes_no) == "Không"

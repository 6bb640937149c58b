"""The record in Excel: every activity, then the year × channel table whose totals are the indicator's values."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dissemination.models import Record
from indicators.models import Indicator, IndicatorValue
from kimphuong.models import User

pytestmark = pytest.mark.django_db


def test_excel_export_reopens_with_the_record_and_the_totals(client, demo):
    client.force_login(User.objects.get(username="chutich"))
    response = client.get(reverse("dissemination:record_export"))
    assert response.status_code == 200 and "so-tuyen-truyen-" in response["Content-Disposition"]
    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames == ["Sổ tuyên truyền", "Tổng hợp theo năm"]
    register = wb["Sổ tuyên truyền"]
    assert register["A2"].value == "Ngày" and register.max_row == 2 + Record.objects.count() == 109
    first = Record.objects.order_by("date", "pk").first()
    assert register["A3"].value.date() == first.date and register["A3"].number_format == "DD/MM/YYYY"
    assert register["C3"].value == first.title

    totals = wb["Tổng hợp theo năm"]
    header = [c.value for c in totals[2]]
    assert header[0] == "Năm" and header[-1] == "Cộng" and "Loa truyền thanh (lượt)" in header
    by_year = {row[0].value: row[-1].value for row in totals.iter_rows(min_row=3)}
    cd5 = dict(IndicatorValue.objects.filter(indicator=Indicator.objects.get(code="CĐ.5")).values_list("year", "value"))
    assert {y: n for y, n in by_year.items() if y != "Cộng"} == {y: int(v) for y, v in cd5.items()}
    assert by_year["Cộng"] == 107


def test_a_formula_typed_as_a_title_stays_text(client, office):
    from tests.dissemination.helpers import record

    record(dt.date(2024, 1, 1), title='=HYPERLINK("http://x")')
    client.force_login(office)
    wb = load_workbook(BytesIO(client.get(reverse("dissemination:record_export")).content))
    cell = wb["Sổ tuyên truyền"]["C3"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")

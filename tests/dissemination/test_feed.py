"""The record feeds the indicators whose feed is “dissemination”: every change recounts the years it touches,
and nobody can type another number into a fed indicator (grid, Excel import, self-assessment, figures_save)."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dissemination.models import Record
from indicators.models import (
    FedFigures,
    Feed,
    FigureEdit,
    Indicator,
    IndicatorValue,
    figures_overwrite,
    figures_publish,
    figures_save,
)
from kimphuong.audit import history_of
from kimphuong.models import User
from reform.models import Assessment
from tests.dissemination.helpers import record, values
from tests.factories import AssessmentFactory, IndicatorFactory

pytestmark = pytest.mark.django_db


def test_each_change_writes_the_years_it_touches_with_version_and_history(fed, office):
    r = record(dt.date(2022, 4, 1), by=office)
    assert values(fed) == {2022: 1}  # the other years are written when they change (or all at once: refeed)
    record(dt.date(2022, 6, 1), by=office)
    cell = IndicatorValue.objects.get(indicator=fed, year=2022)
    assert cell.value == 2 and cell.version == 2 and cell.updated_by == office
    assert [(c.field, c.old, c.new) for c in history_of(fed).order_by("pk")] == [("2022", "", "1"), ("2022", "1", "2")]

    # Moved to another year: both years are recounted.
    r.edit(by=office, values={"date": dt.date(2024, 2, 3)})
    assert values(fed) == {2022: 1, 2024: 1}
    # Deleted: its year is recounted, a year left empty holds 0.
    r.remove(by=office)
    assert values(fed) == {2022: 1, 2024: 0}


def test_the_edit_page_moving_a_date_between_years_updates_both(client, fed, office):
    r = record(dt.date(2021, 3, 1))
    record(dt.date(2021, 8, 1))
    client.force_login(office)
    data = {"date": "05/01/2023", "channel": r.channel_id, "title": r.title, "performer": r.performer}
    assert client.post(reverse("dissemination:record_edit", args=[r.pk]), data).status_code == 302
    assert values(fed) == {2021: 1, 2023: 1}
    assert client.post(reverse("dissemination:record_delete", args=[r.pk])).status_code == 302
    assert values(fed) == {2021: 1, 2023: 0}


def test_a_record_outside_the_indicators_years_writes_nothing(fed, office):
    record(dt.date(2019, 5, 5), by=office)
    assert values(fed) == {}


def test_no_fed_indicator_no_write(office):
    manual = IndicatorFactory()
    record(dt.date(2022, 4, 1), by=office)
    assert values(manual) == {}


def test_choosing_the_feed_recounts_every_year_at_once(client, office):
    indicator = IndicatorFactory(code="TT.9", unit="tin, bài")
    IndicatorValue.objects.create(indicator=indicator, year=2022, value=40)
    record(dt.date(2022, 4, 1))
    record(dt.date(2025, 4, 1))
    client.force_login(office)
    data = {
        "name": indicator.name, "unit": indicator.unit, "value_kind": "number", "aggregation": "sum",
        "first_year": 2021, "last_year": 2025, "feed": Feed.DISSEMINATION,
        "targets-TOTAL_FORMS": 0, "targets-INITIAL_FORMS": 0, "targets-MIN_NUM_FORMS": 0, "targets-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    response = client.post(reverse("indicators:indicator_edit", args=[indicator.pk]), data)
    assert response.status_code == 302
    assert values(indicator) == {2021: 0, 2022: 1, 2023: 0, 2024: 0, 2025: 1}
    html = client.get(reverse("indicators:indicator_edit", args=[indicator.pk])).content.decode()
    assert "Đếm từ sổ tuyên truyền" in html


def test_a_ratio_or_a_percentage_cannot_be_fed(client, office):
    indicator = IndicatorFactory(value_kind="percent", unit="%")
    client.force_login(office)
    data = {
        "name": indicator.name, "unit": "%", "value_kind": "percent", "aggregation": "yearly",
        "first_year": 2021, "last_year": 2025, "feed": Feed.DISSEMINATION,
        "targets-TOTAL_FORMS": 0, "targets-INITIAL_FORMS": 0, "targets-MIN_NUM_FORMS": 0, "targets-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    response = client.post(reverse("indicators:indicator_edit", args=[indicator.pk]), data)
    assert response.status_code == 400
    assert "phải có kiểu giá trị Số và không phải tỷ lệ" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.feed == Feed.MANUAL


# --- Nobody types another number into a fed indicator ---


def test_the_grid_shows_fed_cells_read_only_with_a_link_and_ignores_a_posted_value(client, fed, office):
    record(dt.date(2023, 4, 1))
    typed = IndicatorFactory(group=fed.group)
    client.force_login(office)
    url = reverse("indicators:indicator_grid", args=[fed.group.code])
    html = client.get(url).content.decode()
    assert f'name="v-{fed.pk}-2023"' not in html and f'name="v-{typed.pk}-2023"' in html
    assert 'data-testid="fed-cell"' in html and "Tính từ sổ tuyên truyền" in html
    assert f'href="{reverse("dissemination:record_list")}"' in html
    # A page loaded before the indicator was fed (or a forged one) sends a value: it is not written.
    response = client.post(url, {f"v-{fed.pk}-2023": "99", f"v-{typed.pk}-2023": "5"})
    assert response.status_code == 302
    assert values(fed) == {2023: 1} and values(typed) == {2023: 5}


def test_figures_save_and_overwrite_refuse_a_fed_cell(fed, office):
    record(dt.date(2023, 4, 1))
    with pytest.raises(FedFigures) as refused:
        figures_save(edits={(fed.pk, 2023): FigureEdit(value=Decimal(7), shown=Decimal(1), version=1)}, by=office)
    assert f"{fed.code} năm 2023" in str(refused.value) and "không nhập tay được" in str(refused.value)
    with pytest.raises(FedFigures):
        figures_overwrite(values={(fed.pk, 2023): Decimal(7)}, by=office)
    assert values(fed) == {2023: 1}
    # The same number as counted is no change: accepted (an exported grid imported back).
    assert figures_overwrite(values={(fed.pk, 2023): Decimal(1)}, by=office) == 0


def _upload(data: bytes) -> BytesIO:
    upload = BytesIO(data)
    upload.name = "so-lieu.xlsx"
    return upload


def test_the_excel_import_skips_an_unchanged_fed_cell_and_refuses_a_changed_one(client, demo):
    client.force_login(User.objects.get(username="vanphong"))
    cd5 = Indicator.objects.get(code="CĐ.5")
    exported = client.get(reverse("indicators:indicator_export")).content
    before = {(v.indicator_id, v.year): v.value for v in IndicatorValue.objects.all()}
    response = client.post(reverse("indicators:indicator_import"), {"file": _upload(exported)})
    assert "0 ô thay đổi" in response.content.decode()

    wb = load_workbook(BytesIO(exported))
    ws = wb["CĐ"]
    header = [c.value for c in ws[2]]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=3)}
    rows["CĐ.5"][header.index("2024")].value = 99
    rows["CĐ.2"][header.index("2024")].value = 15
    buffer = BytesIO()
    wb.save(buffer)
    html = client.post(reverse("indicators:indicator_import"), {"file": _upload(buffer.getvalue())}).content.decode()
    assert "Không nhập gì" in html
    assert "CĐ.5, năm 2024" in html and "tính từ sổ tuyên truyền (đang là 25)" in html
    assert {(v.indicator_id, v.year): v.value for v in IndicatorValue.objects.all()} == before
    assert IndicatorValue.objects.get(indicator=cd5, year=2024).value == 25


def test_a_self_assessment_does_not_offer_a_fed_indicator_and_never_hands_one_in(client, demo):
    cd5 = Indicator.objects.get(code="CĐ.5")
    assessment = Assessment.objects.get(task__code="CĐ-02")
    lead = assessment.task.lead
    # Another assessment of the same lead, still editable, linked to CĐ.5 and a typed indicator.
    editable = Assessment.objects.filter(task__lead=lead, status__in=["not_started", "drafting", "returned"]).first()
    if editable is None:
        editable = AssessmentFactory(task__lead=lead)
    typed = Indicator.objects.get(code="CĐ.2")
    editable.task.indicators.add(cd5, typed)
    client.force_login(lead)
    html = client.get(editable.get_absolute_url()).content.decode()
    assert f'name="ind-{cd5.pk}-2024"' not in html and f'name="ind-{typed.pk}-2024"' in html
    assert 'data-testid="fed-figures"' in html and "Tính từ sổ tuyên truyền" in html
    # A draft typed before the indicator was fed is never written when handed in.
    stored = IndicatorValue.objects.get(indicator=cd5, year=2024)
    draft = {f"{cd5.pk}-2024": {"value": "99", "base": stored.version}}
    assert figures_publish(draft, by=lead) == 0
    assert IndicatorValue.objects.get(indicator=cd5, year=2024).value == 25


def test_the_record_counts_equal_the_indicator_the_report_sentence_and_the_compiled_report(client, demo):
    from dissemination.summary import counts_by_year, report_sentence
    from reform.models import Review
    from reports.compile import compile_report
    from reports.models import Report, ReportSection

    review = Review.current()
    cd5 = Indicator.objects.get(code="CĐ.5")
    counts = counts_by_year(review.years)
    assert counts == {2021: 14, 2022: 18, 2023: 22, 2024: 25, 2025: 28}
    assert {y: int(v) for y, v in values(cd5).items()} == counts
    assert Record.objects.count() == sum(counts.values()) == 107

    sentence = report_sentence(review.years)
    assert sentence.startswith(
        "Giai đoạn 2021 - 2025, Ủy ban nhân dân xã Kim Phượng tổ chức 107 lượt tuyên truyền về cải cách hành chính, "
        "trong đó 40 lượt trên hệ thống loa truyền thanh, 31 tin, bài trên Trang thông tin điện tử, "
    )
    assert sentence.endswith("; số lượt tuyên truyền tăng từ 14 năm 2021 lên 28 năm 2025.")

    report = Report.for_review(review)
    compile_report(report, by=User.objects.get(username="vanphong"))
    area = ReportSection.objects.get(report=report, key="area_CĐ").text
    assert sentence in area.splitlines()

    # One more activity: the record, the indicator, the sentence and the next compilation all say 29.
    record(dt.date(2025, 11, 20), code="web", title="Tin: Hội nghị tổng kết cải cách hành chính")
    assert IndicatorValue.objects.get(indicator=cd5, year=2025).value == 29
    assert "tăng từ 14 năm 2021 lên 29 năm 2025" in report_sentence(review.years)
    compile_report(report, by=User.objects.get(username="vanphong"))
    assert "108 lượt tuyên truyền" in ReportSection.objects.get(report=report, key="area_CĐ").text

    client.force_login(User.objects.get(username="chutich"))
    html = client.get(reverse("dissemination:record_list")).content.decode()
    totals = html.split('data-testid="year-channel"')[1].split("</table>")[0]
    assert totals.count('data-testid="year-total"') == 6 and ">108<" in totals and ">29<" in totals

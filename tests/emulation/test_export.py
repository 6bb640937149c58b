"""The emulation workbook: one sheet per register and table."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from emulation import export, tables
from emulation.forms import movement_years
from emulation.models import AwardForm, Commendation, Initiative, Proposal
from emulation.tables import commendation_table
from tests.emulation.helpers import _commend
from tests.factories import TaskGroupFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_excel_export_reopens_with_every_sheet(client, demo):
    client.force_login(UserFactory(leadership=True))
    response = client.get(reverse("emulation:export"))
    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames == ["Sổ khen thưởng", "Tổng hợp khen thưởng", "Sáng kiến, mô hình", "Đề nghị khen thưởng"]
    register = wb["Sổ khen thưởng"]
    assert register["A2"].value == "Năm" and register.max_row == 2 + Commendation.objects.count()
    totals = wb["Tổng hợp khen thưởng"]
    last = [c.value for c in totals[totals.max_row]]
    assert last[0] == "Cộng" and last[-1] == Commendation.objects.count()
    assert wb["Đề nghị khen thưởng"].max_row == 2 + Proposal.objects.count()
    notes = [r[6].value for r in wb["Đề nghị khen thưởng"].iter_rows(min_row=3)]
    assert any(notes)  # the demo proposes someone with nothing on record


def test_the_export_rows_are_those_read_from_model_instances(demo):
    """The tables read as plain values give the rows the model instances gave."""
    first, last = movement_years()
    years = list(range(first, last + 1))
    register, table, initiatives, proposals = export.build(years)
    assert table.rows == [[year or "Cộng", *cells, total] for year, cells, total in commendation_table(years).rows()]
    assert table.headers[1:-1:2] == [f"{f.name} – Tập thể" for f in commendation_table(years).forms]
    register, initiatives, proposals = register.rows, initiatives.rows, proposals.rows
    assert register == [
        [c.year, c.form.name, c.get_kind_display(), c.recipient_name, c.position_or_unit, c.decision_citation,
         c.achievement]
        for c in Commendation.objects.for_register().filter(year__in=years).order_by("year", "form__order",
                                                                                       "recipient_name")
    ]  # fmt: skip
    assert initiatives == [
        [i.year, i.name, i.get_kind_display(), i.authors, i.area.name, i.effect, i.decision_citation,
         "Có" if i.replicated else "Không"]
        for i in Initiative.objects.filter(year__in=years).select_related("area").order_by("year", "name")
    ]  # fmt: skip
    assert proposals == [
        [r.proposal.get_kind_display(), r.proposal.recipient_name, r.proposal.position_or_unit, r.proposal.form.name,
         r.proposal.achievement, r.proposal.get_status_display(), export.NO_RECORD if r.warning else ""]
        for r in tables.proposal_rows(years)
    ]  # fmt: skip
    assert any(c.decision_citation for c in Commendation.objects.all())


def test_the_year_by_form_table_keeps_the_forms_order_when_their_order_ties(forms):
    """Forms of the same order fall back on their code, as the model orders them, on either database."""
    late = AwardForm.objects.create(code="Z-MỚI", name="Hình thức Z", order=0)
    early = AwardForm.objects.create(code="Đ-MỚI", name="Hình thức Đ", order=0)
    for i, form in enumerate([late, early, forms["GK-XA"]]):
        _commend(form, 2020, f"Người {i}")
    table = export.build(list(range(2018, 2026)))[1]
    names = [f.name for f in commendation_table(list(range(2018, 2026))).forms]
    assert table.headers[1:-1:2] == [f"{name} – Tập thể" for name in names]
    assert names[2] == "Giấy khen của Chủ tịch UBND xã"


def _proposals_with_an_author(forms):
    """Three proposals: one on record by name, one by an initiative written with their account, one not."""
    author, other = UserFactory(), UserFactory()
    initiative = Initiative.objects.create(
        name="Một cửa số", year=2024, authors="Người viết", area=TaskGroupFactory(), description="Mô tả"
    )
    initiative.author_users.add(author)
    for name, user in [("Người viết", None), ("Tên khác", author), ("Chưa có gì", other)]:
        Proposal.objects.create(
            kind="individual", recipient_name=name, recipient_user=user, form=forms["LĐTT"], achievement="A"
        )


def test_an_initiative_written_with_an_account_puts_its_author_on_record(forms):
    _proposals_with_an_author(forms)
    proposals = export.build(list(range(2018, 2026)))[3].rows
    assert {row[1]: row[6] for row in proposals} == {
        "Người viết": "",
        "Tên khác": "",
        "Chưa có gì": export.NO_RECORD,
    }


EXPORT_QUERIES = 9  # session, user, groups, review, register, forms, initiatives, proposals, authors' accounts


def test_export_query_count_is_flat(client, forms, django_assert_num_queries):
    client.force_login(UserFactory(office=True))
    _proposals_with_an_author(forms)

    def grow(n, start):
        for i in range(start, start + n):
            _commend(forms["GK-XA"], 2018 + i % 8, f"Người {i}")
            _commend(forms["TTLĐTT"], 2018 + i % 8, f"Tập thể {i}", kind="collective")

    grow(2, 0)
    with django_assert_num_queries(EXPORT_QUERIES):
        client.get(reverse("emulation:export"))
    grow(20, 2)
    with django_assert_num_queries(EXPORT_QUERIES):
        response = client.get(reverse("emulation:export"))
    assert load_workbook(BytesIO(response.content))["Sổ khen thưởng"].max_row == 2 + 44

"""The emulation workbook: one sheet per register and table."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from emulation.models import Commendation, Proposal
from tests.factories import UserFactory

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

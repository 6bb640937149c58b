"""Recording commendations: the citation of the decision, what is refused, duplicates, the recipient list."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from emulation.models import Commendation
from kimphuong.models import User
from tests.emulation.helpers import _commend

pytestmark = pytest.mark.django_db


def _post(**overrides):
    data = {
        "year": 2021,
        "kind": "individual",
        "recipient_name": "Lường Thị Hạnh",
        "position_or_unit": "Công chức Tư pháp - hộ tịch",
        "decision_number": "125",
        "decision_symbol": "QĐ-UBND",
        "decision_date": "28/12/2021",
        "decision_issuer": "Chủ tịch UBND xã Kim Phượng",
        "achievement": "Hoàn thành xuất sắc nhiệm vụ cải cách hành chính năm 2021.",
        "movement": "Thực hiện cải cách hành chính",
    }
    data.update(overrides)
    return data


def test_office_records_a_commendation(client, forms, office_user):
    client.force_login(office_user)
    response = client.post(reverse("emulation:commendation_new"), _post(form=forms["GK-XA"].pk))
    assert response.status_code == 302
    c = Commendation.objects.get()
    assert c.decision_citation == "Quyết định số 125/QĐ-UBND ngày 28/12/2021 của Chủ tịch UBND xã Kim Phượng"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"year": 2017}, "Năm 2017 nằm ngoài giai đoạn 2018 - 2025"),
        ({"year": 2026}, "Năm 2026 nằm ngoài giai đoạn 2018 - 2025"),
        ({"decision_date": "15/06/2020"}, "ở trước năm được khen 2021"),
        ({"decision_date": "31/02/2021"}, "Ngày không hợp lệ"),
        ({"kind": "collective", "recipient_name": "Bộ phận Một cửa"}, None),  # the LĐTT case below
    ],
)
def test_bad_commendations_are_refused_and_keep_what_was_typed(client, forms, office_user, overrides, message):
    client.force_login(office_user)
    form = forms["LĐTT"] if overrides.get("kind") == "collective" else forms["GK-XA"]
    response = client.post(reverse("emulation:commendation_new"), _post(form=form.pk, **overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html if message else "không dùng cho tập thể" in html
    assert "Hoàn thành xuất sắc nhiệm vụ cải cách hành chính năm 2021." in html
    assert not Commendation.objects.exists()


def test_a_decision_in_the_future_and_a_duplicate_are_refused(client, forms, office_user):
    client.force_login(office_user)
    future = timezone.localdate() + dt.timedelta(days=3)
    response = client.post(
        reverse("emulation:commendation_new"),
        _post(form=forms["GK-XA"].pk, year=2025, decision_date=future.strftime("%d/%m/%Y")),
    )
    assert "ở tương lai" in response.content.decode()
    _commend(forms["GK-XA"], 2021, "Lường Thị Hạnh")
    response = client.post(
        reverse("emulation:commendation_new"), _post(form=forms["GK-XA"].pk, recipient_name="lường thị hạnh")
    )
    assert response.status_code == 400
    assert "đã có Giấy khen của Chủ tịch UBND xã năm 2021" in response.content.decode()
    assert Commendation.objects.count() == 1


def test_the_admin_account_is_never_offered_as_a_recipient_and_dropdowns_prompt_in_vietnamese(client, demo):
    client.force_login(User.objects.get(username="vanphong"))
    html = client.get(reverse("emulation:commendation_new")).content.decode()
    admin = User.objects.get(username="admin")
    assert f'value="{admin.pk}"' not in html.split('name="recipient_user"')[1].split("</select>")[0]
    assert "— Chọn —" in html and "---------" not in html

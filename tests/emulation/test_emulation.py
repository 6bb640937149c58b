import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from emulation.models import AwardForm, Commendation, Initiative, Proposal, ProposalEvent, ProposalStatus
from emulation.tables import commendation_table, proposal_rows
from kimphuong.models import TaskGroup, User
from tests.factories import TaskGroupFactory, UserFactory

pytestmark = pytest.mark.django_db
YEARS = list(range(2018, 2026))


@pytest.fixture
def forms(db):
    return {
        "GK-XA": AwardForm.objects.create(code="GK-XA", name="Giấy khen của Chủ tịch UBND xã", order=1),
        "LĐTT": AwardForm.objects.create(code="LĐTT", name="Lao động tiên tiến", for_collective=False, order=2),
        "TTLĐTT": AwardForm.objects.create(
            code="TTLĐTT", name="Tập thể lao động tiên tiến", for_individual=False, order=3
        ),
    }


def _commend(form, year, name, kind="individual", **extra):
    return Commendation.objects.create(
        form=form, year=year, recipient_name=name, kind=kind, achievement="Thành tích", **extra
    )


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


def test_proposals_refuse_duplicates_warn_without_records_and_move_through_the_council(client, forms, office_user):
    _commend(forms["GK-XA"], 2022, "Lường Thị Hạnh")
    client.force_login(office_user)
    url = reverse("emulation:proposal_new")
    base = {"kind": "individual", "form": forms["GK-XA"].pk, "achievement": "Nhiều năm hoàn thành xuất sắc."}
    assert client.post(url, {**base, "recipient_name": "Lường Thị Hạnh"}).status_code == 302
    assert client.post(url, {**base, "recipient_name": "Người Mới"}).status_code == 302
    response = client.post(url, {**base, "recipient_name": "Lường Thị Hạnh"})
    assert response.status_code == 400 and "đã được đề nghị" in response.content.decode()
    warnings = {r.proposal.recipient_name: r.warning for r in proposal_rows(YEARS)}
    assert warnings == {"Lường Thị Hạnh": False, "Người Mới": True}
    html = client.get(reverse("emulation:proposal_list")).content.decode()
    assert html.count('data-testid="no-record"') == 1

    proposal = Proposal.objects.get(recipient_name="Người Mới")
    response = client.post(reverse("emulation:proposal_move", args=[proposal.pk, "approve"]), follow=True)
    assert "Không thể chuyển đề nghị từ “Dự thảo” sang “Được chấp thuận”" in response.content.decode()
    client.post(reverse("emulation:proposal_move", args=[proposal.pk, "propose"]))
    client.post(reverse("emulation:proposal_move", args=[proposal.pk, "approve"]))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert list(ProposalEvent.objects.filter(proposal=proposal).values_list("to_status", flat=True)) == [
        "proposed",
        "approved",
    ]


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


def test_only_office_and_leadership_open_the_register(client, demo, official):
    client.force_login(official)
    assert client.get(reverse("emulation:commendation_list")).status_code == 403
    client.force_login(UserFactory(leadership=True))
    assert client.get(reverse("emulation:commendation_list")).status_code == 200
    assert client.get(reverse("emulation:commendation_new")).status_code == 403


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


def test_the_admin_account_is_never_offered_as_a_recipient_and_dropdowns_prompt_in_vietnamese(client, demo):
    client.force_login(User.objects.get(username="vanphong"))
    html = client.get(reverse("emulation:commendation_new")).content.decode()
    admin = User.objects.get(username="admin")
    assert f'value="{admin.pk}"' not in html.split('name="recipient_user"')[1].split("</select>")[0]
    assert "— Chọn —" in html and "---------" not in html

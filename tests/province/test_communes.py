import datetime as dt
import re
from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from demo.seed import demo_province
from kimphuong.models import (
    OFFICE_GROUP,
    PROVINCE_ADMIN_GROUP,
    PROVINCE_REVIEWER_GROUP,
    PROVISIONAL_CODE,
    Commune,
    CommuneProfile,
    User,
)
from kimphuong.scoping import all_communes, commune_scope
from province.communes import (
    HEADERS,
    PlanRefused,
    create_commune,
    create_first_office_account,
    import_communes,
    load_plan_template,
)
from reform.models import Review, Task
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Mot-mat-khau-moi-2026"


def _province_user(group: str) -> User:
    with all_communes():
        user = UserFactory(position=None, commune=None)
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


@pytest.fixture
def province_admin(db):
    return _province_user(PROVINCE_ADMIN_GROUP)


@pytest.fixture
def province():
    return demo_province()[0]


def _xlsx(rows, headers=HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _upload(data: bytes, name: str = "danh-sach.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


# ---- one commune ---------------------------------------------------------------------------------------------


def test_a_new_commune_gets_its_profile_and_merger_history(province, province_admin):
    commune = create_commune(
        province=province,
        name="Tân Thịnh",
        code="05999",
        kind="phuong",
        formed_on=dt.date(2025, 7, 1),
        formation_basis="Nghị quyết số 1683/NQ-UBTVQH15",
        predecessors=["phường Tân Lập", "Thịnh Đức"],
        by=province_admin,
    )
    assert commune.province == province and commune.unit_name == "phường Tân Thịnh"
    assert {(p.kind, p.name) for p in commune.predecessors.all()} == {("phuong", "Tân Lập"), ("xa", "Thịnh Đức")}
    with commune_scope(commune):
        profile = CommuneProfile.load()
    assert profile is not None
    assert (profile.unit_kind, profile.commune_name, profile.province_name, profile.place_name) == (
        "phường",
        "Tân Thịnh",
        "Thái Nguyên",
        "Tân Thịnh",
    )
    assert profile.merged_from == "phường Tân Lập, xã Thịnh Đức"
    assert profile.merged_on == dt.date(2025, 7, 1)
    assert profile.header_lines == ["ỦY BAN NHÂN DÂN", "PHƯỜNG TÂN THỊNH"]
    # Kim Phượng's own profile is untouched: one profile per commune.
    assert CommuneProfile._base_manager.filter(commune=commune).count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"code": "5999"}, "code", "5 chữ số"),
        ({"code": "0599a"}, "code", "5 chữ số"),
        ({"code": "05536"}, "code", "xã Kim Phượng"),  # the demo commune's code
        ({"name": "  "}, "name", "Nhập tên xã"),
        ({"name": "Kim Phượng", "kind": "xa", "code": "05998"}, "name", "Tỉnh đã có xã Kim Phượng"),
        ({"kind": "huyen"}, "kind", "xã, phường hoặc đặc khu"),
    ],
)
def test_a_commune_is_refused_with_a_vietnamese_message(province, province_admin, fields, field, message):
    data = {"name": "Tân Thịnh", "code": "05999", "kind": "phuong", **fields}
    kim_phuong = Commune.objects.get(code="05536")
    kim_phuong.province = province
    kim_phuong.save(update_fields=["province"])
    with pytest.raises(ValidationError) as caught:
        create_commune(province=province, by=province_admin, **data)
    assert message in " ".join(caught.value.message_dict[field])
    assert not Commune.objects.filter(code=data["code"]).exclude(code="05536").exists()


def test_the_create_form_keeps_what_was_typed_and_explains(client, province_admin, province):
    client.force_login(province_admin)
    bad = client.post(
        reverse("province:commune_create"), {"name": "Tân Thịnh", "code": "123", "kind": "phuong", "formed_on": ""}
    )
    assert bad.status_code == 400
    page = bad.content.decode()
    assert 'value="Tân Thịnh"' in page and 'value="123"' in page
    assert "5 chữ số" in page
    good = client.post(
        reverse("province:commune_create"),
        {
            "name": "Tân Thịnh",
            "code": "05999",
            "kind": "phuong",
            "formed_on": "01/07/2025",
            "predecessors": "xã A, xã B",
        },
    )
    assert good.status_code == 302
    commune = Commune.objects.get(code="05999")
    assert commune.formed_on == dt.date(2025, 7, 1) and commune.predecessors.count() == 2
    listing = client.get(reverse("province:communes")).content.decode()
    assert 'data-commune="05999"' in listing and "Tạo tài khoản văn phòng" in listing


# ---- the Excel list ------------------------------------------------------------------------------------------


def test_the_template_has_the_headers_and_an_example(client, province_admin):
    client.force_login(province_admin)
    response = client.get(reverse("province:communes_template"))
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS and rows[1][1] == "05999"


def test_an_excel_list_creates_every_commune(province, province_admin):
    data = _xlsx(
        [
            ["Tân Thịnh", "05999", "phường", "01/07/2025", "phường Tân Lập, xã Thịnh Đức"],
            ["Phú Xuyên", 5998, "Xã", dt.datetime(2025, 7, 1), None],  # noqa: DTZ001 - as openpyxl reads a date; a code Excel turned into a number
            ["Cô Tô", "05997", "đặc khu", None, ""],
        ]
    )
    result = import_communes(data, province=province, by=province_admin)
    assert result.ok, result.errors
    created = {c.code: c for c in Commune.objects.filter(code__in=["05999", "05998", "05997"])}
    assert {code: c.kind for code, c in created.items()} == {"05999": "phuong", "05998": "xa", "05997": "dac_khu"}
    assert created["05998"].formed_on == dt.date(2025, 7, 1)
    assert created["05999"].predecessors.count() == 2
    with commune_scope(created["05997"]):
        assert CommuneProfile.load().unit_kind == "đặc khu"


def test_one_bad_row_creates_no_commune_and_is_named(client, province_admin, province):
    data = _xlsx(
        [
            ["Tân Thịnh", "05999", "phường", None, None],
            ["Phú Xuyên", "5998", "xã", None, None],  # row 3: four digits as text
            ["Tân Thịnh 2", "05999", "xã", None, None],  # row 4: the code of row 2
            ["Kim Phượng Mới", "05536", "xã", "32/13/2025", None],  # row 5: an existing code and a bad date
            ["Hòa Bình", "05996", "huyện", None, None],  # row 6: not a kind
        ]
    )
    before = Commune.objects.count()
    client.force_login(province_admin)
    response = client.post(reverse("province:communes_import"), {"file": _upload(data)})
    assert response.status_code == 400
    assert Commune.objects.count() == before
    page = response.content.decode()
    table = page[page.index('data-testid="import-errors"') :]
    rows: dict[str, str] = {}
    for number, message in re.findall(r"<tr><td>(\d+)</td><td>(.*?)</td></tr>", table):
        rows[number] = rows.get(number, "") + message
    assert set(rows) == {"3", "4", "5", "6"}
    assert "5 chữ số" in rows["3"]
    assert "trùng với dòng 2" in rows["4"]
    assert "Kim Phượng" in rows["5"]
    assert "huyện" in rows["6"]
    result = import_communes(data, province=province, by=province_admin)
    assert [e.row for e in result.errors] == [3, 4, 5, 5, 6]
    assert "dd/mm/yyyy" in result.errors[3].message


def test_a_file_that_is_not_the_list_is_refused(province, province_admin):
    assert import_communes(b"not a zip", province=province, by=province_admin).errors[0].row == 0
    wrong = import_communes(_xlsx([["x"]], headers=["Tên xã"]), province=province, by=province_admin)
    assert wrong.errors[0].row == 1 and "Mã" in wrong.errors[0].message


# ---- the first office account --------------------------------------------------------------------------------


@pytest.fixture
def new_commune(province, province_admin):
    return create_commune(province=province, name="Tân Thịnh", code="05999", kind="phuong", by=province_admin)


def test_the_office_account_signs_in_changes_its_password_and_sees_only_its_commune(
    client, demo, province_admin, new_commune
):
    client.force_login(province_admin)
    url = reverse("province:commune_office_account", args=[new_commune.code])
    assert client.get(url).status_code == 200
    response = client.post(url, {"username": "vp.tanthinh", "full_name": "Lê Thị Hoa", "email": "hoa@example.vn"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    password = re.search(r'data-testid="temporary-password">([^<]+)<', response.content.decode()).group(1)
    user = User._base_manager.get(username="vp.tanthinh")
    assert user.commune == new_commune and user.must_change_password and user.is_staff
    assert user.groups.filter(name=OFFICE_GROUP).exists()
    assert user.check_password(password)
    client.logout()

    signed_in = client.post(reverse("login"), {"username": "vp.tanthinh", "password": password}, follow=True)
    assert signed_in.redirect_chain[-1][0] == reverse("password_change")
    assert client.get(reverse("reform:dashboard"))["Location"] == reverse("password_change")
    client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    user.refresh_from_db()
    assert not user.must_change_password

    assert client.get("/").status_code == 302
    dashboard = client.get(reverse("reform:dashboard"))
    assert dashboard.status_code == 200
    page = dashboard.content.decode()
    assert "Kim Phượng" not in page
    assert "tuphap" not in page and "Lường Thị Hạnh" not in page
    tasks = client.get(reverse("reform:tracking_list")).content.decode()
    assert "TC-01" not in tasks
    # The province's pages are not for a commune's account.
    assert client.get(reverse("province:communes")).status_code == 403


def test_the_commune_administrator_manages_only_its_own_users_in_the_admin(client, demo, province_admin, new_commune):
    office, _password = create_first_office_account(
        commune=new_commune, username="vp.tanthinh", full_name="Lê Thị Hoa", email="", by=province_admin
    )
    office.must_change_password = False
    office.save(update_fields=["must_change_password"])
    with commune_scope(new_commune):
        colleague = UserFactory(username="tuphap.tanthinh", position=None)
    tuphap = User.objects.get(username="tuphap")  # Kim Phượng's
    client.force_login(office)
    changelist = client.get(reverse("admin:kimphuong_user_changelist"))
    assert changelist.status_code == 200
    page = changelist.content.decode()
    assert "vp.tanthinh" in page and colleague.username in page
    assert "tuphap</a>" not in page and "chutich" not in page and "admin</a>" not in page
    searched = client.get(reverse("admin:kimphuong_user_changelist"), {"q": "tuphap"}).content.decode()
    assert "tuphap</a>" not in searched
    other = client.get(reverse("admin:kimphuong_user_change", args=[tuphap.pk]))
    assert other.status_code == 302 and other["Location"] == reverse("admin:index")
    # Nor can it set the password of another commune's user, or see its history.
    assert client.get(reverse("admin:auth_user_password_change", args=[tuphap.pk])).status_code == 404
    password = client.post(
        reverse("admin:auth_user_password_change", args=[tuphap.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert password.status_code == 404
    assert client.get(reverse("admin:kimphuong_user_history", args=[tuphap.pk])).status_code == 302
    assert client.get(reverse("admin:kimphuong_user_change", args=[colleague.pk])).status_code == 200
    # A user the commune's administrator adds belongs to its commune.
    added = client.post(
        reverse("admin:kimphuong_user_add"),
        {"username": "vanhoa.tanthinh", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true",
         "full_name": "Hà Văn Cường", "email": "", "must_change_password": "on"},
    )  # fmt: skip
    assert added.status_code == 302, added.content.decode()[:3000]
    assert User._base_manager.get(username="vanhoa.tanthinh").commune == new_commune


def test_a_user_name_used_in_any_commune_is_refused(client, demo, province_admin, new_commune):
    client.force_login(province_admin)
    url = reverse("province:commune_office_account", args=[new_commune.code])
    response = client.post(url, {"username": "TUPHAP", "full_name": "Lê Thị Hoa", "email": "sai"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "đã có người dùng" in page and "Thư điện tử" in page and 'value="Lê Thị Hoa"' in page
    assert not User._base_manager.filter(commune=new_commune).exists()
    create_first_office_account(commune=new_commune, username="vp1", full_name="A", email="", by=province_admin)
    with pytest.raises(ValidationError, match="đã có tài khoản văn phòng"):
        create_first_office_account(commune=new_commune, username="vp2", full_name="B", email="", by=province_admin)


# ---- who may open the pages ----------------------------------------------------------------------------------


def _urls(code: str) -> list[tuple[str, str]]:
    return [
        ("get", reverse("province:communes")),
        ("post", reverse("province:commune_create")),
        ("post", reverse("province:communes_import")),
        ("get", reverse("province:communes_template")),
        ("get", reverse("province:commune_office_account", args=[code])),
        ("post", reverse("province:commune_office_account", args=[code])),
        ("get", reverse("province:commune_plan", args=[code])),
        ("post", reverse("province:commune_plan", args=[code])),
    ]


def test_only_the_province_administrator_opens_these_pages(client, province_admin, new_commune):
    reviewer = _province_user(PROVINCE_REVIEWER_GROUP)
    office = UserFactory(office=True)  # Kim Phượng's office
    superuser = UserFactory(is_superuser=True, is_staff=True)  # Kim Phượng's administrator
    for user in (reviewer, office, superuser):
        client.force_login(user)
        for method, url in _urls(new_commune.code):
            assert getattr(client, method)(url).status_code == 403, (user, method, url)
    client.force_login(province_admin)
    for method, url in _urls(new_commune.code):
        if method == "get":
            assert client.get(url).status_code == 200, url
    assert client.get(reverse("province:commune_plan", args=["00000"])).status_code == 404


# ---- the plan template ---------------------------------------------------------------------------------------


def test_the_plan_template_fills_the_new_commune_only(client, demo, province_admin, new_commune):
    kim_phuong_tasks = Task.objects.count()
    assert kim_phuong_tasks == 62
    client.force_login(province_admin)
    url = reverse("province:commune_plan", args=[new_commune.code])
    # Kim Phượng's task list serves as the model.
    download = client.get(url, {"template": "1", "from": "05536"})
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxmlformats")
    template = download.content
    assert load_workbook(BytesIO(template))["Nhiệm vụ"].max_row == 1 + kim_phuong_tasks
    empty = load_workbook(BytesIO(client.get(url, {"template": "1", "from": ""}).content))
    assert empty["Nhiệm vụ"].max_row == 1 and empty["Danh mục"].max_row > 1  # headers; the areas
    assert 'data-testid="no-office"' in client.get(url).content.decode()
    with pytest.raises(PlanRefused):
        load_plan_template(commune=new_commune, file=template, by=province_admin)

    create_first_office_account(
        commune=new_commune, username="vp.tt", full_name="Lê Thị Hoa", email="", by=province_admin
    )
    response = client.post(
        url,
        {"file": _upload(template), "self_assessment_deadline": "30/12/2026", "report_deadline": "15/01/2027"},
    )
    assert response.status_code == 200, response.content.decode()[:3000]
    assert 'data-testid="plan-loaded"' in response.content.decode()
    assert Task.objects.count() == kim_phuong_tasks  # the test runs in Kim Phượng's scope
    with commune_scope(new_commune):
        review = Review.current()
        assert review.self_assessment_deadline == dt.date(2026, 12, 30)
        assert review.report_deadline == dt.date(2027, 1, 15)
        tasks = list(Task.objects.select_related("lead", "assessment"))
        assert len(tasks) == kim_phuong_tasks
        assert {t.lead.username for t in tasks} == {"vp.tt"}  # nobody else has an account yet
        assert {t.plan_id for t in tasks} == {review.plan_id}
        tuphap_task = next(t for t in tasks if t.lead_text == "TP-HT")
        assert tuphap_task.assessment.status == "not_started"
        assert next(t for t in tasks if t.code == "TK-01").lead_text == "Tất cả CBCC"  # as the model wrote it
    with all_communes():
        assert Task.objects.filter(commune=new_commune).count() == kim_phuong_tasks
    # Once the commune has its tasks, its office imports the list itself.
    again = client.post(url, {"file": _upload(template)})
    assert again.status_code == 400
    assert "đã có danh sách nhiệm vụ" in again.content.decode()


def test_a_bad_plan_writes_nothing_not_even_the_review(demo, province_admin, new_commune):
    create_first_office_account(
        commune=new_commune, username="vp.tt", full_name="Lê Thị Hoa", email="", by=province_admin
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Nhiệm vụ"
    ws.append(["Mã", "Lĩnh vực", "Nội dung nhiệm vụ", "Chỉ tiêu / sản phẩm", "Chủ trì", "Phối hợp", "Thời hạn",
               "Hạn nộp tự đánh giá", "Tài liệu kiểm chứng"])  # fmt: skip
    ws.append(["TC-01", "TC", "Rà soát văn bản", "", "TP-HT", "", "", "15/12/2026", ""])
    ws.append(["TC-02", "KHONGCO", "Lĩnh vực lạ", "", "TP-HT", "", "", "15/12/2026", ""])
    buffer = BytesIO()
    wb.save(buffer)
    loaded = load_plan_template(commune=new_commune, file=buffer.getvalue(), by=province_admin)
    assert not loaded.result.ok and [e.row for e in loaded.result.errors] == [3]
    with commune_scope(new_commune):
        assert not Task.objects.exists() and Review.current() is None


# Session, user, groups (navigation and the permission), the province, the number of communes (the pages), a
# page of communes and their three counts (users, tasks, office accounts: grouped reads of that page's communes),
# and the session's save: whatever the number of communes.
LIST_QUERIES = 10


def test_the_list_costs_the_same_queries_whatever_the_number_of_communes(
    client, province_admin, province, django_assert_num_queries
):
    client.force_login(province_admin)
    url = reverse("province:communes")
    client.get(url)
    with django_assert_num_queries(LIST_QUERIES):
        client.get(url)
    for n in range(5):
        create_commune(province=province, name=f"Xã {n}", code=f"0590{n}", kind="xa", by=province_admin)
    with django_assert_num_queries(LIST_QUERIES):
        page = client.get(url).content.decode()
    assert page.count("data-commune=") == 6  # Kim Phượng and the five new ones


def test_the_commune_administrator_gives_no_rights_beyond_its_commune(client, demo, province_admin, new_commune):
    office, _password = create_first_office_account(
        commune=new_commune, username="vp.tanthinh", full_name="Lê Thị Hoa", email="", by=province_admin
    )
    office.must_change_password = False
    office.save(update_fields=["must_change_password"])
    assert not office.is_superuser and office.is_commune_admin
    client.force_login(office)
    assert client.get(reverse("setup")).status_code == 200  # its commune's first-run guide
    # The catalogues every commune shares are not its to change.
    for name in (
        "admin:kimphuong_taskgroup_changelist",
        "admin:auth_group_changelist",
        "admin:kimphuong_commune_changelist",
    ):
        assert client.get(reverse(name)).status_code == 403, name
    form = client.get(reverse("admin:kimphuong_user_change", args=[office.pk])).content.decode()
    assert 'name="is_superuser"' not in form and 'name="user_permissions"' not in form
    assert PROVINCE_REVIEWER_GROUP not in form and "Sở Nội vụ" not in form


def test_an_upgraded_installation_s_provisional_code_is_flagged_on_the_list(client, province_admin, province):
    create_commune(province=province, name="Chưa đặt mã", code=PROVISIONAL_CODE, kind="xa", by=province_admin)
    client.force_login(province_admin)
    page = client.get(reverse("province:communes")).content.decode()
    row = page[page.index(f'data-commune="{PROVISIONAL_CODE}"') :]
    assert 'data-testid="provisional-code"' in row[: row.index("</tr>")]
    assert page.count('data-testid="provisional-code"') == 1  # Kim Phượng's own code is not flagged

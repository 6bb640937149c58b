"""The first-run guide: a superuser on an empty installation is led step by step, each step computed from the
database, until everything the review needs exists; then '/' lands them where they work."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from kimphuong import setup_guide
from kimphuong.models import LEADERSHIP_GROUP, OFFICE_GROUP, CommuneProfile, SuperiorBody, User
from tests.factories import PositionFactory, ReviewFactory, TaskFactory, TaskGroupFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(client):
    user = User.objects.create_superuser("quantri", "quantri@example.com", "secret-pass-123", position=None)
    client.force_login(user)
    return user


def _done(client) -> list[bool]:
    response = client.get(reverse("setup"))
    assert response.status_code == 200
    return [step.done for step in response.context["steps"]]


def _next_title(client) -> str:
    step = client.get(reverse("setup")).context["next_step"]
    return str(step.title) if step else ""


def test_a_superuser_on_an_empty_installation_is_sent_to_the_guide(client, administrator):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("setup")

    page = client.get(reverse("setup"))
    html = page.content.decode()
    titles = [str(step.title) for step in page.context["steps"]]
    assert titles == [
        "Thông tin xã",
        "Cơ quan cấp trên",
        "Lĩnh vực cải cách hành chính",
        "Chức danh và người dùng",
        "Kế hoạch, đợt tổng kết và các hạn",
        "Danh sách nhiệm vụ của kế hoạch",
    ]
    assert not any(step.done for step in page.context["steps"])
    assert page.context["next_step"].title == "Thông tin xã"
    # Each step says what is there and links to the page that does it.
    assert "Chưa có thông tin xã." in html
    assert reverse("admin:kimphuong_communeprofile_add") in html
    assert reverse("admin:kimphuong_superiorbody_add") in html
    assert reverse("admin:kimphuong_taskgroup_add") in html
    assert reverse("admin:kimphuong_user_add") in html
    assert reverse("admin:reform_plan_add") in html
    assert reverse("admin:reform_review_add") in html
    # The role groups do not exist yet: the guide offers them with their exact names filled in.
    assert f"{reverse('admin:auth_group_add')}?name=V%C4%83n+ph%C3%B2ng" in html


def test_the_steps_flip_to_done_as_the_data_is_created(client, administrator):
    assert _done(client) == [False] * 6

    profile = CommuneProfile(
        commune_name="Kim Phượng", province_name="Thái Nguyên", place_name="Kim Phượng", signer_name="Trương Anh Tú"
    )
    profile.save()
    assert _done(client) == [True, False, False, False, False, False]
    assert _next_title(client) == "Cơ quan cấp trên"
    change = reverse("admin:kimphuong_communeprofile_change", args=[profile.pk])
    assert change in client.get(reverse("setup")).content.decode()

    SuperiorBody.objects.create(name="Ủy ban nhân dân tỉnh Thái Nguyên")
    assert _done(client)[:3] == [True, True, False]

    area = TaskGroupFactory()
    assert _done(client)[:4] == [True, True, True, False]

    # People: a position, a user holding it, someone in each role group.
    office = UserFactory(position=PositionFactory(code="VP-TK"), office=True)
    assert _done(client)[3] is False, "no leadership yet"
    UserFactory(position=PositionFactory(code="CT"), leadership=True)
    assert _done(client) == [True, True, True, True, False, False]
    assert _next_title(client) == "Kế hoạch, đợt tổng kết và các hạn"

    review = ReviewFactory()
    done = _done(client)
    assert done == [True, True, True, True, True, False]
    html = client.get(reverse("setup")).content.decode()
    assert reverse("reform:plan_import") in html and reverse("reform:plan_template") in html
    assert review.title in html

    assert client.get(reverse("home"))["Location"] == reverse("setup")
    TaskFactory(plan=review.plan, group=area, lead=office)
    assert _done(client) == [True] * 6
    page = client.get(reverse("setup"))
    assert page.context["complete"] and 'data-testid="setup-complete"' in page.content.decode()
    assert setup_guide.is_complete()
    # Done: '/' lands the superuser on the dashboard like the office.
    assert client.get(reverse("home"))["Location"] == reverse("reform:dashboard")


def test_a_group_that_exists_but_is_empty_is_not_enough(client, administrator):
    Group.objects.create(name=OFFICE_GROUP)
    Group.objects.create(name=LEADERSHIP_GROUP)
    UserFactory()  # a position, but no role
    step = next(s for s in client.get(reverse("setup")).context["steps"] if s.order == 40)
    assert not step.done
    assert "nhóm Văn phòng - thống kê: 0 người" in str(step.state)


def test_only_a_superuser_opens_the_guide(client):
    client.force_login(UserFactory(office=True))
    assert client.get(reverse("setup")).status_code == 403
    # An office user on an empty installation still lands on the dashboard (the guide is the administrator's).
    assert client.get(reverse("home"))["Location"] == reverse("reform:dashboard")
    client.logout()
    assert client.get(reverse("setup"))["Location"].startswith(reverse("login"))


def test_the_demo_needs_no_setup(client, demo):
    assert setup_guide.is_complete()
    client.force_login(User.objects.get(username="admin"))
    assert client.get(reverse("home"))["Location"] == reverse("reform:dashboard")
    assert 'data-testid="setup-complete"' in client.get(reverse("setup")).content.decode()


def test_each_app_contributes_its_steps_in_order():
    # The core registers 10-40; reform adds 50 and 60 from its AppConfig.ready() (lint-imports keeps the core
    # from importing it).
    assert set(setup_guide._providers) == {"kimphuong", "reform"}
    assert [step.order for step in setup_guide.steps()] == [10, 20, 30, 40, 50, 60]

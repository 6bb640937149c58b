import pytest
from django.urls import reverse

from demo.seed import PEOPLE
from kimphuong.models import User

pytestmark = pytest.mark.django_db


OVERSEERS = {"chutich", "phochutich", "vanphong", "vanphong2", "admin"}


@pytest.mark.parametrize(
    ("username", "landing"),
    [(p.username, "/dashboard/" if p.username in OVERSEERS else "/tasks/") for p in PEOPLE]
    + [("admin", "/dashboard/")],
)
def test_each_role_lands_where_it_works(client, demo, username, landing):
    response = client.post(reverse("login"), {"username": username, "password": demo}, follow=True)
    assert response.redirect_chain[-1][0] == landing
    assert response.status_code == 200


def test_login_page_is_vietnamese_and_a_wrong_password_says_so(client, demo):
    page = client.get(reverse("login"))
    assert "Đăng nhập" in page.content.decode()
    response = client.post(reverse("login"), {"username": "tuphap", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_logout_is_post_only(client, demo):
    client.post(reverse("login"), {"username": "tuphap", "password": demo})
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("reform:task_list")).status_code == 302


def test_repeated_failures_lock_the_login(client, demo, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "tuphap", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "tuphap", "password": demo})
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()


def test_healthz_checks_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_navigation_shows_only_what_the_role_may_open(client, demo):
    client.force_login(User.objects.get(username="tuphap"))
    html = client.get(reverse("reform:task_list")).content.decode()
    assert "Nhiệm vụ của tôi" in html
    assert reverse("reform:dashboard") not in html
    assert reverse("admin:index") not in html
    client.force_login(User.objects.get(username="vanphong"))
    html = client.get(reverse("reform:task_list")).content.decode()
    assert reverse("reform:dashboard") in html

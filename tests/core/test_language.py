import pytest
from django.urls import reverse

from kimphuong.models import User

pytestmark = pytest.mark.django_db


def test_vietnamese_is_the_default_even_for_an_english_browser(client, demo):
    client.force_login(User.objects.get(username="tuphap"))
    html = client.get(reverse("reform:task_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Nhiệm vụ của tôi" in html
    assert "Chưa bắt đầu" in html or "Đang soạn" in html


def test_english_is_available_from_the_switch(client, demo):
    client.force_login(User.objects.get(username="tuphap"))
    client.post(reverse("set_language"), {"language": "en", "next": "/tasks/"})
    html = client.get(reverse("reform:task_list")).content.decode()
    assert "My tasks" in html
    assert 'lang="en"' in html
    client.post(reverse("set_language"), {"language": "vi", "next": "/tasks/"})
    assert "Nhiệm vụ của tôi" in client.get(reverse("reform:task_list")).content.decode()


def test_login_page_can_switch_language_before_signing_in(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert "Log in" in client.get(reverse("login")).content.decode()

"""Every user changes their own password; a password set by the administrator is temporary and must be changed
at the next login; a reset link by email only where an SMTP server is configured."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kimphuong.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW = "xa-kim-phuong-2025!"


def test_every_user_can_change_their_password(client, demo):
    client.post(reverse("login"), {"username": "tuphap", "password": demo})
    page = client.get(reverse("reform:task_list")).content.decode()
    assert reverse("password_change") in page, "the user menu links the change page"
    form = client.get(reverse("password_change"))
    assert form.status_code == 200
    assert "Đổi mật khẩu" in form.content.decode()
    response = client.post(
        reverse("password_change"), {"old_password": demo, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    assert client.get(reverse("reform:task_list")).status_code == 200, "the session survives the change"
    assert User.objects.get(username="tuphap").check_password(NEW)


def test_a_wrong_old_password_or_a_weak_new_one_is_refused_in_vietnamese(client, demo):
    client.force_login(User.objects.get(username="tuphap"))
    wrong = client.post(reverse("password_change"), {"old_password": "x", "new_password1": NEW, "new_password2": NEW})
    assert wrong.status_code == 200
    weak = client.post(
        reverse("password_change"), {"old_password": demo, "new_password1": "12345678", "new_password2": "12345678"}
    )
    assert weak.status_code == 200
    assert "mật khẩu" in weak.content.decode().lower()
    assert User.objects.get(username="tuphap").check_password(demo)


def test_a_temporary_password_must_be_changed_before_anything_else(client, db):
    user = UserFactory(must_change_password=True)
    user.set_password("tam-thoi-123")
    user.save()
    response = client.post(reverse("login"), {"username": user.username, "password": "tam-thoi-123"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("password_change")
    assert 'data-testid="must-change"' in response.content.decode()
    for url in (reverse("reform:task_list"), reverse("reform:notification_list"), "/admin/"):
        blocked = client.get(url)
        assert blocked.status_code == 302, url
        assert blocked["Location"] == reverse("password_change"), url
    htmx = client.get(reverse("reform:task_list"), HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"] == reverse("password_change")
    assert client.post(reverse("logout")).status_code == 302, "logging out stays possible"

    client.force_login(user)
    client.post(
        reverse("password_change"), {"old_password": "tam-thoi-123", "new_password1": NEW, "new_password2": NEW}
    )
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get(reverse("reform:task_list")).status_code == 200


def test_the_administrator_sets_a_temporary_password(client, demo):
    client.force_login(User.objects.get(username="admin"))
    tuphap = User.objects.get(username="tuphap")
    url = reverse("admin:auth_user_password_change", args=[tuphap.pk])
    response = client.post(url, {"password1": "tam-thoi-456", "password2": "tam-thoi-456", "usable_password": "true"})
    assert response.status_code == 302, response.content.decode()[:2000]
    tuphap.refresh_from_db()
    assert tuphap.check_password("tam-thoi-456")
    assert tuphap.must_change_password
    # The box is on the user's page, so the administrator can also tick or untick it there.
    assert (
        'name="must_change_password"'
        in client.get(reverse("admin:kimphuong_user_change", args=[tuphap.pk])).content.decode()
    )
    # A new account starts with the box ticked.
    add = client.get(reverse("admin:kimphuong_user_add")).content.decode()
    assert re.search(r'<input type="checkbox" name="must_change_password"[^>]*checked', add)


def test_no_reset_by_email_without_an_smtp_server(client, db, settings):
    settings.PASSWORD_RESET_BY_EMAIL = False
    assert "Quên mật khẩu" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("password_reset")).status_code == 404
    assert client.post(reverse("password_reset"), {"email": "a@b.vn"}).status_code == 404
    assert not mail.outbox


def test_reset_by_email_with_django_tokens(client, db, settings):
    settings.PASSWORD_RESET_BY_EMAIL = True
    settings.SITE_URL = "https://cchc.example.gov.vn"
    user = UserFactory(email="hanh@example.gov.vn", must_change_password=True)
    login = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in login and "Quên mật khẩu?" in login

    response = client.post(reverse("password_reset"), {"email": "hanh@example.gov.vn"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hanh@example.gov.vn"]
    assert "Đặt lại mật khẩu" in message.subject
    link = re.search(r"https://cchc\.example\.gov\.vn(/accounts/password/reset/\S+/)", message.body).group(1)
    assert user.username in message.body

    # An unknown address gets the same answer and no email (nobody learns which addresses exist).
    assert client.post(reverse("password_reset"), {"email": "ai@example.gov.vn"})["Location"] == reverse(
        "password_reset_done"
    )
    assert len(mail.outbox) == 1

    form = client.get(link, follow=True)  # Django swaps the token for a session marker and redirects
    assert form.status_code == 200
    assert 'name="new_password1"' in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert not user.must_change_password
    # The link works once.
    assert 'data-testid="invalid-link"' in client.get(link, follow=True).content.decode()


def test_a_made_up_reset_link_is_refused(client, db, settings):
    settings.PASSWORD_RESET_BY_EMAIL = True
    user = UserFactory(email="a@example.gov.vn")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    page = client.get(reverse("password_reset_confirm", args=[uid, "bad-token"]))
    assert page.status_code == 200
    assert 'data-testid="invalid-link"' in page.content.decode()
    token = default_token_generator.make_token(user)
    user.set_password("changed-meanwhile-1")
    user.save()  # a new password invalidates the token
    assert (
        'data-testid="invalid-link"'
        in client.get(reverse("password_reset_confirm", args=[uid, token]), follow=True).content.decode()
    )

"""The scripts' words come from Django's JavaScript catalogue, in the language the user chose."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from kimphuong.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_restored():
    """A request with the English cookie activates English in the test's thread: give Vietnamese back after."""
    with translation.override("vi"):
        yield


def test_the_catalogue_is_public_script_in_the_chosen_language(client):
    url = reverse("javascript_catalog")
    vietnamese = client.get(url)
    assert vietnamese.status_code == 200
    assert vietnamese["Content-Type"].startswith("text/javascript")
    assert "Not saved" not in vietnamese.content.decode()  # Vietnamese is the source: the words are the ids
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert json.dumps("Not saved — connection lost; what you typed is kept on this computer") in english
    assert "%(count)s/%(limit)s characters" in english
    assert "characters too many" in english  # the plural form
    assert "django.pluralidx" in english and "get_format" in english


def test_a_repeat_visit_is_answered_304_until_the_language_changes(client):
    url = reverse("javascript_catalog")
    first = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    client.cookies["django_language"] = "en"
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_every_page_loads_the_catalogue_before_its_scripts(client, demo):
    client.force_login(User.objects.get(username="tuphap"))
    html = client.get(reverse("reform:task_list")).content.decode()
    catalogue = html.index(f'<script src="{reverse("javascript_catalog")}"></script>')
    assert catalogue < html.index("js/app.js")
    client.logout()
    assert reverse("javascript_catalog") in client.get(reverse("login")).content.decode()


def test_a_user_who_must_change_the_password_still_gets_the_words(client, demo):
    user = User.objects.get(username="tuphap")
    user.must_change_password = True
    user.save()
    client.force_login(user)
    assert client.get(reverse("javascript_catalog")).status_code == 200
    assert client.get(reverse("reform:task_list")).status_code == 302

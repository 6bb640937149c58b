"""The office edits the conference; leadership reads and downloads; an official sees their invitation."""

import pytest

from kimphuong.models import User
from tests.conference.helpers import demo_conference

pytestmark = pytest.mark.django_db

READ = ["/conference/", "/conference/documents/invitation/", "/conference/documents/minutes/",
        "/conference/documents/invitation.docx", "/conference/documents/closing.pdf"]  # fmt: skip
EDIT = ["/conference/edit/", "/conference/agenda/", "/conference/held/"]
POSTS = ["/conference/documents/opening/welcome/", "/conference/documents/opening/welcome/reset/",
         "/conference/news/publish/"]  # fmt: skip


@pytest.mark.parametrize("username", ["chutich", "phochutich"])
def test_leadership_reads_and_downloads_but_changes_nothing(client, demo, username):
    client.force_login(User.objects.get(username=username))
    for url in READ:
        assert client.get(url).status_code == 200, url
    for url in EDIT:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    for url in POSTS:
        assert client.post(url, {"text": "x", "shown": ""}).status_code == 403, url
    assert "Sửa phần này" not in client.get("/conference/documents/opening/").content.decode()


def test_an_official_gets_none_of_the_pages_but_sees_the_invitation_on_their_own_page(client, demo):
    conference = demo_conference()
    client.force_login(User.objects.get(username="tuphap"))
    for url in READ + EDIT:
        assert client.get(url).status_code == 403, url
    for url in POSTS:
        assert client.post(url, {"text": "x", "shown": ""}).status_code == 403, url
    page = client.get("/tasks/").content.decode()
    assert "Bạn được mời dự hội nghị" in page
    assert conference.place in page
    for item in conference.agenda_rows():
        assert item.content in page


def test_an_official_not_invited_sees_no_invitation(client, demo):
    conference = demo_conference()
    tuphap = User.objects.get(username="tuphap")
    conference.participants.filter(user=tuphap).delete()
    client.force_login(tuphap)
    assert "Bạn được mời dự hội nghị" not in client.get("/tasks/").content.decode()


def test_anonymous_is_sent_to_sign_in(client, demo):
    for url in READ + EDIT:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url

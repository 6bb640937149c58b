"""Who opens what: the office keeps the record, the leadership reads it and downloads, officials are refused."""

import datetime as dt

import pytest
from django.urls import reverse

from dissemination.models import Channel, Record
from tests.dissemination.helpers import channel, pdf, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(db):
    return record(dt.date(2024, 5, 6), upload=pdf())


def _urls(r: Record, c: Channel) -> dict[str, str]:
    return {
        "list": reverse("dissemination:record_list"),
        "export": reverse("dissemination:record_export"),
        "file": reverse("dissemination:record_file", args=[r.pk]),
        "new": reverse("dissemination:record_new"),
        "edit": reverse("dissemination:record_edit", args=[r.pk]),
        "channels": reverse("dissemination:channel_list"),
        "channel_new": reverse("dissemination:channel_new"),
        "channel_edit": reverse("dissemination:channel_edit", args=[c.pk]),
    }


def test_an_official_is_refused_everywhere(client, official, kept):
    client.force_login(official)
    for name, url in _urls(kept, kept.channel).items():
        assert client.get(url).status_code == 403, name
    assert client.post(reverse("dissemination:record_delete", args=[kept.pk])).status_code == 403
    assert client.post(reverse("dissemination:record_new"), {"title": "x"}).status_code == 403
    assert Record.objects.count() == 1


def test_the_leadership_reads_and_downloads_but_changes_nothing(client, leader, kept):
    client.force_login(leader)
    urls = _urls(kept, kept.channel)
    for name in ("list", "export", "file", "channels"):
        assert client.get(urls[name]).status_code == 200, name
    for name in ("new", "edit", "channel_new", "channel_edit"):
        assert client.get(urls[name]).status_code == 403, name
    assert client.post(reverse("dissemination:record_delete", args=[kept.pk])).status_code == 403
    assert client.post(reverse("dissemination:channel_delete", args=[channel("khac").pk])).status_code == 403
    html = client.get(urls["list"]).content.decode()
    assert f'href="{urls["new"]}"' not in html and f'href="{urls["edit"]}"' not in html  # no buttons answering 403
    assert f'href="{urls["file"]}"' in html
    assert Record.objects.count() == 1 and Channel.objects.filter(code="khac").exists()


def test_the_office_opens_every_page(client, office, kept):
    client.force_login(office)
    for name, url in _urls(kept, kept.channel).items():
        assert client.get(url).status_code == 200, name
    html = client.get(reverse("dissemination:record_list")).content.decode()
    assert reverse("dissemination:record_edit", args=[kept.pk]) in html


def test_a_signed_out_visitor_is_sent_to_the_login_page(client, kept):
    response = client.get(reverse("dissemination:record_list"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_activity_without_a_file_has_no_download(client, leader):
    bare = record(dt.date(2024, 1, 2))
    client.force_login(leader)
    assert client.get(reverse("dissemination:record_file", args=[bare.pk])).status_code == 404
    assert client.get(reverse("dissemination:record_file", args=[bare.pk + 100])).status_code == 404

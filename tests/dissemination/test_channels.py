"""The office keeps the list of channels: adds, renames, reorders, deactivates; a channel in use is never deleted."""

import datetime as dt

import pytest
from django.urls import reverse

from dissemination.models import DEFAULT_CHANNELS, Channel, ChannelInUse
from kimphuong.models import Commune
from kimphuong.scoping import commune_scope
from tests.dissemination.helpers import channel, record

pytestmark = pytest.mark.django_db


def test_the_office_adds_renames_and_reorders_a_channel(client, office):
    channel("loa")
    client.force_login(office)
    page = client.get(reverse("dissemination:channel_list")).content.decode()
    assert "Loa truyền thanh" in page and f'action="{reverse("dissemination:channel_new")}"' in page
    data = {"name": "Bản tin Đài truyền thanh huyện", "unit": "lượt", "phrase": "", "order": 5, "is_active": "on"}
    assert client.post(reverse("dissemination:channel_new"), data).status_code == 302
    added = Channel.objects.get(name="Bản tin Đài truyền thanh huyện")
    assert added.report_phrase == "qua bản tin Đài truyền thanh huyện"
    assert list(Channel.objects.values_list("name", flat=True))[0] == "Bản tin Đài truyền thanh huyện"
    url = reverse("dissemination:channel_edit", args=[added.pk])
    data.update(name="Đài truyền thanh huyện", phrase="trên Đài truyền thanh huyện", order=200)
    assert client.post(url, data).status_code == 302
    added.refresh_from_db()
    assert added.name == "Đài truyền thanh huyện" and added.order == 200


def test_a_duplicate_or_empty_name_is_refused_and_the_list_stays(client, office):
    channel("loa")
    client.force_login(office)
    data = {"name": "loa TRUYỀN THANH", "unit": "lượt", "order": 1, "is_active": "on"}
    response = client.post(reverse("dissemination:channel_new"), data)
    assert response.status_code == 400 and "Đã có kênh" in response.content.decode()
    assert 'value="loa TRUYỀN THANH"' in response.content.decode()
    response = client.post(reverse("dissemination:channel_new"), {**data, "name": ""})
    assert response.status_code == 400 and "Hãy ghi tên kênh" in response.content.decode()


def test_a_channel_in_use_is_only_deactivated_an_unused_one_is_deleted(client, office):
    used = record(dt.date(2023, 1, 5), code="pano").channel
    unused = channel("khac")
    client.force_login(office)
    page = client.get(reverse("dissemination:channel_list")).content.decode()
    assert reverse("dissemination:channel_delete", args=[used.pk]) not in page
    assert reverse("dissemination:channel_delete", args=[unused.pk]) in page

    response = client.post(reverse("dissemination:channel_delete", args=[used.pk]), follow=True)
    assert "không xóa được" in response.content.decode()
    assert Channel.objects.filter(pk=used.pk).exists()
    with pytest.raises(ChannelInUse):
        used.remove(by=office)

    data = {"name": used.name, "unit": used.unit, "phrase": used.phrase, "order": used.order}  # is_active unticked
    assert client.post(reverse("dissemination:channel_edit", args=[used.pk]), data).status_code == 302
    used.refresh_from_db()
    assert not used.is_active

    assert client.post(reverse("dissemination:channel_delete", args=[unused.pk])).status_code == 302
    assert not Channel.objects.filter(pk=unused.pk).exists()


def test_each_commune_has_its_own_channels():
    """A new commune starts with the default channels; renaming one changes nothing for another commune."""
    mine = Channel.objects.get(code="loa")
    other = Commune.objects.create(name="Phượng Tiến", code="05530")
    with commune_scope(other):
        theirs = Channel.objects.get(code="loa")
        assert Channel.objects.count() == len(DEFAULT_CHANNELS)
    assert theirs.pk != mine.pk
    mine.name = "Đài truyền thanh xã"
    mine.save()
    with commune_scope(other):
        assert Channel.objects.get(code="loa").name == "Loa truyền thanh"

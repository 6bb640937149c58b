"""The list page: filters, paging, and a number of queries that does not grow with the record."""

import datetime as dt

import pytest
from django.urls import reverse

from dissemination.models import Record
from tests.dissemination.helpers import channel
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _grow(n: int, *, start: int = 0) -> None:
    codes = ["loa", "web", "hop-xom", "mxh"]
    Record.objects.bulk_create(
        Record(
            date=dt.date(2021 + (i % 5), 1 + i % 12, 1 + i % 28),
            channel=channel(codes[i % len(codes)]),
            title=f"Hoạt động số {i}",
            performer="Văn phòng",
        )
        for i in range(start, start + n)
    )


LIST_QUERIES = 11  # measured once: session, user, groups, the channels (the table's and the filter's), review,
# count, the table's counts (which give the years too), fed indicators with their values, the bell, the position
# (base.html), the page of rows


def test_the_list_query_count_does_not_grow_with_the_record(client, fed, django_assert_num_queries):
    client.force_login(UserFactory(office=True))
    url = reverse("dissemination:record_list")
    _grow(3)
    with django_assert_num_queries(LIST_QUERIES):
        client.get(url)
    _grow(120, start=3)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(url)
    assert response.content.decode().count("data-record=") == 50  # one page


def test_filters_by_year_channel_and_words_and_pages_keep_them(client, office):
    _grow(120)
    client.force_login(office)
    url = reverse("dissemination:record_list")
    loa = channel("loa")
    html = client.get(url, {"year": 2022, "channel": loa.pk}).content.decode()
    expected = Record.objects.filter(date__year=2022, channel=loa).count()
    assert html.count("data-record=") == expected > 0
    html = client.get(url, {"q": "động 77"}).content.decode()  # every word, anywhere in the title or performer
    assert html.count("data-record=") == 1 and "Hoạt động số 77" in html
    html = client.get(url, {"q": "Hoạt"}).content.decode()  # all 120: three pages, the filter kept in the links
    assert html.count("data-record=") == 50 and "q=Ho%E1%BA%A1t&amp;page=2" in html
    assert client.get(url, {"q": "Hoạt", "page": 3}).content.decode().count("data-record=") == 20
    html = client.get(url, {"year": "không phải năm"}).content.decode()  # a bad filter lists everything
    assert html.count("data-record=") == 50

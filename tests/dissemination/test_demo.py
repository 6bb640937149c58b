"""The demo's record: 107 activities that CĐ.5 counts, the same split as the CĐ-02 self-assessment writes,
seeded once whatever the number of runs; the default channels and the conference's entry point."""

import datetime as dt
import re

import pytest

from demo.seed import seed
from dissemination.models import DEFAULT_CHANNELS, Channel, Record
from dissemination.services import record_publication
from dissemination.summary import counts_by_channel
from indicators.models import Feed, Indicator, IndicatorValue
from kimphuong.models import User
from reform.models import Review, Task
from reports.figure_check import figure_mismatches
from tests.dissemination.helpers import values

pytestmark = pytest.mark.django_db


def test_a_new_installation_has_the_default_channels():
    # Created by the data migration (a flushed test database gets them back from ensure_defaults()).
    Channel.objects.ensure_defaults()
    assert list(Channel.objects.values_list("name", flat=True)) == [name for _c, name, _u, _p in DEFAULT_CHANNELS]
    assert Channel.objects.ensure_defaults() == 0


def test_seeding_twice_creates_nothing_new_and_cd5_keeps_its_values():
    seed()
    first = (Record.objects.count(), Channel.objects.count(), IndicatorValue.objects.count())
    created = seed()
    assert (Record.objects.count(), Channel.objects.count(), IndicatorValue.objects.count()) == first
    assert created["dissemination_records"] == 0 and created.get("fed_indicators", 0) == 0
    cd5 = Indicator.objects.get(code="CĐ.5")
    assert cd5.feed == Feed.DISSEMINATION
    assert {y: int(v) for y, v in values(cd5).items()} == {2021: 14, 2022: 18, 2023: 22, 2024: 25, 2025: 28}
    assert Record.objects.count() == 107


def test_the_demo_record_is_realistic_and_agrees_with_the_cd02_text(demo):
    records = list(Record.objects.select_related("channel"))
    assert len({(r.date, r.channel_id, r.title) for r in records}) == 107
    assert not any(r.file for r in records)
    assert any(r.title.startswith("Phát thanh chuyên mục cải cách hành chính: ") for r in records)
    assert any(r.title.startswith("Tuyên truyền tại họp xóm Nà Lạc") for r in records)
    assert all(r.reach is None or r.reach_kind for r in records)
    assert all(r.channel.code != "web" or r.link.startswith("https://") for r in records)
    performers = {r.performer for r in records}
    assert "La Văn Tuấn, Văn hóa - xã hội" in performers and "Hoàng Thị Lan, Văn phòng - thống kê" in performers
    # Dates spread over each year.
    for year in range(2021, 2026):
        months = {r.date.month for r in records if r.date.year == year}
        assert len(months) >= 6, year

    # The CĐ-02 self-assessment quotes the same split by channel, and the figure check finds nothing there.
    review = Review.current()
    task = Task.objects.get(code="CĐ-02")
    text = task.assessment.result
    for channel, n in counts_by_channel(review.years):
        assert re.search(rf"\b{n} {re.escape(channel.unit)}", text), (channel.name, n)
    assert figure_mismatches(review, tasks=[task]) == []


def test_a_published_news_item_is_one_activity_on_the_website(demo):
    office = User.objects.get(username="vanphong")
    website = Channel.objects.get(code="web")
    website.name = "Cổng thông tin điện tử xã"  # renamed by the office: still found
    website.save()
    record = record_publication(
        date=dt.date(2025, 12, 20), title="Tin: Hội nghị tổng kết CCHC", link="https://x.example/tin", by=office
    )
    assert record.channel == website and record.performer == "Văn phòng - thống kê" and record.created_by == office
    assert IndicatorValue.objects.get(indicator__code="CĐ.5", year=2025).value == 29

"""What other apps call: a published news item becomes one dissemination activity (the conference app)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from dissemination.models import DEFAULT_CHANNELS, WEBSITE, Channel, Record
from kimphuong.models import OFFICE_GROUP, User


def website_channel() -> Channel:
    """The “Trang thông tin điện tử” channel, found by its code whatever it is called now (put back if gone)."""
    channel = Channel.objects.filter(code=WEBSITE).first()
    if channel is None:
        _code, name, unit, phrase = next(c for c in DEFAULT_CHANNELS if c[0] == WEBSITE)
        channel = Channel.objects.filter(name__iexact=name).first() or Channel.objects.create(
            code=WEBSITE, name=name, unit=unit, phrase=phrase
        )
    return channel


@transaction.atomic
def record_publication(*, date: dt.date, title: str, link: str, by: User) -> Record:
    """A news item published on the commune's website, recorded as one activity by the office (with its history,
    the fed indicators recounted in the same transaction)."""
    return Record.add(by=by, date=date, channel=website_channel(), title=title, performer=OFFICE_GROUP, link=link)

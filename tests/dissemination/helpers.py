"""Shared by the dissemination tests: files that pass or fail the evidence check, a record made directly."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from dissemination.models import Channel, Record
from indicators.models import IndicatorValue

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def pdf(name: str = "Bản tin tháng 3.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def fake_pdf(name: str = "anh-chup.pdf") -> SimpleUploadedFile:
    """A file called .pdf that is not one (a renamed program)."""
    return SimpleUploadedFile(name, b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")


def channel(code: str = "loa") -> Channel:
    Channel.objects.ensure_defaults()
    return Channel.objects.get(code=code)


def record(day: dt.date, *, code: str = "loa", title: str = "Phát thanh chuyên mục CCHC", by=None, **extra) -> Record:
    return Record.add(by=by, date=day, channel=channel(code), title=title, performer="Văn phòng", **extra)


def values(indicator) -> dict[int, Decimal]:
    return dict(IndicatorValue.objects.filter(indicator=indicator).values_list("year", "value"))

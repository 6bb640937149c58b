"""The dissemination record (sổ tuyên truyền): what the commune did to publicise administrative reform, on
which channel, when, by whom and for how many people (source plan, III.1).

The record feeds the indicators whose `feed` is “dissemination”: each change writes the affected years'
counts into them in the same transaction (`_feed`), so the report, the indicator tables and this record can
never give different numbers.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.models import Feed, fed_indicators, feed_values, figures_feed
from kimphuong import audit
from kimphuong.formats import date_short
from kimphuong.models import User
from kimphuong.scoping import CommuneManager, CommuneOwned, ScopedQuerySet
from kimphuong.workflow import InvalidTransition

# The channels a new installation starts with (the data migration keeps its own frozen copy; the demo seed
# puts back any that are missing): code, name, unit, how the report says it.
DEFAULT_CHANNELS = [
    ("loa", "Loa truyền thanh", "lượt", "trên hệ thống loa truyền thanh"),
    ("web", "Trang thông tin điện tử", "tin, bài", "trên Trang thông tin điện tử"),
    ("hop-xom", "Họp xóm, thôn", "buổi", "tại các cuộc họp xóm, thôn"),
    ("mxh", "Zalo, mạng xã hội", "tin, bài", "trên Zalo, mạng xã hội"),
    ("pano", "Pa-nô, áp phích", "bộ", "pa-nô, áp phích"),
    ("hoi-nghi", "Hội nghị", "lượt", "lồng ghép tại hội nghị"),
    ("khac", "Hình thức khác", "lượt", "bằng hình thức khác"),
]
WEBSITE = "web"  # the channel a published news item is recorded on (services.record_publication)


class ChannelInUse(InvalidTransition):
    """A channel that records point at is never deleted, only deactivated."""


class ChannelQuerySet(ScopedQuerySet["Channel"]):
    def active(self) -> ChannelQuerySet:
        return self.filter(is_active=True)

    def with_use(self) -> ChannelQuerySet:
        return self.annotate(record_count=Count("records"))

    def ensure_defaults(self) -> int:
        """Create the default channels that are missing (by code or name); returns how many were created."""
        have = set(self.values_list("code", flat=True)) | {n.lower() for n in self.values_list("name", flat=True)}
        missing = [
            Channel(code=code, name=name, unit=unit, phrase=phrase, order=order * 10)
            for order, (code, name, unit, phrase) in enumerate(DEFAULT_CHANNELS, start=1)
            if code not in have and name.lower() not in have
        ]
        Channel.objects.bulk_create(missing)
        return len(missing)


class Channel(CommuneOwned):
    """A kind of channel or form of dissemination (loa truyền thanh, trang thông tin điện tử…), editable data.

    Each commune has its own list (a new commune starts with the default channels), so one commune's office
    renaming or removing a channel changes nothing for another."""

    name = models.CharField(_("tên kênh, hình thức"), max_length=100)
    unit = models.CharField(_("đơn vị đếm"), max_length=30, default="lượt", help_text=_("Ví dụ: lượt; tin, bài; buổi."))
    phrase = models.CharField(
        _("cách ghi trong báo cáo"),
        max_length=150,
        blank=True,
        help_text=_("Ví dụ: trên hệ thống loa truyền thanh. Để trống thì báo cáo ghi “qua” và tên kênh."),
    )
    # The fixed key of a default channel (renaming it keeps it): the website is found by it.
    code = models.CharField(_("mã"), max_length=20, blank=True, editable=False)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(
        _("đang dùng"), default=True, help_text=_("Bỏ chọn để không chọn được kênh này cho hoạt động mới.")
    )

    objects = CommuneManager.from_queryset(ChannelQuerySet)()

    class Meta:
        verbose_name = _("kênh tuyên truyền")
        verbose_name_plural = _("kênh tuyên truyền")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint("commune", Lower("name"), name="channel_name_unique"),
            models.UniqueConstraint(fields=["commune", "code"], condition=~Q(code=""), name="channel_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def report_phrase(self) -> str:
        """How the report names the channel after a count: “trên hệ thống loa truyền thanh”."""
        return self.phrase or f"qua {self.name[:1].lower()}{self.name[1:]}"

    @transaction.atomic
    def remove(self, *, by: User | None) -> None:
        """Delete a channel nothing was recorded on; one in use is refused (ChannelInUse): deactivate it."""
        locked = Channel.objects.select_for_update().get(pk=self.pk)
        if locked.records.exists():
            raise ChannelInUse(
                _("Kênh “%(name)s” đã có hoạt động tuyên truyền trong sổ nên không xóa được; hãy bỏ chọn “đang dùng”.")
                % {"name": locked.name}
            )
        audit.record(locked, {"name": (locked.name, None)}, by=by, label=str(_("Xóa kênh tuyên truyền")))
        locked.delete()


class ReachKind(models.TextChoices):
    LISTENERS = "listeners", _("người nghe")
    VIEWS = "views", _("lượt xem")
    ATTENDEES = "attendees", _("người dự")


def record_upload_to(instance: Record, filename: str) -> str:
    """An unguessable stored name; the original name is kept in `original_name`."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"dissemination/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class RecordQuerySet(ScopedQuerySet["Record"]):
    def in_years(self, years: Iterable[int]) -> RecordQuerySet:
        return self.filter(date__year__in=list(years))

    def for_listing(self) -> RecordQuerySet:
        """Everything a list row or the export touches, in one query."""
        return self.select_related("channel").order_by("-date", "-pk")

    def counts_by_year(self, years: Iterable[int]) -> dict[int, int]:
        """{year: number of records dated that year} for every year asked, 0 included (one query)."""
        years = list(years)
        counts = dict.fromkeys(years, 0)
        rows = self.in_years(years).annotate(year=ExtractYear("date")).values("year").annotate(n=Count("pk"))
        counts.update({row["year"]: row["n"] for row in rows.order_by()})
        return counts

    def counts_by_channel_and_year(self, years: Iterable[int] | None = None) -> dict[tuple[int, int], int]:
        """{(channel id, year): count}, only what is not 0, in `years` or (None) in every year (one query)."""
        rows = (
            (self if years is None else self.in_years(years))
            .annotate(year=ExtractYear("date"))
            .values("channel", "year")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {(row["channel"], row["year"]): row["n"] for row in rows}


#: The fields whose changes go to the field history, with how each is written there.
AUDITED = ("date", "channel", "title", "performer", "reach", "reach_kind", "link", "file")


def _audit_values(record: Record) -> dict[str, Any]:
    return {
        "date": date_short(record.date),
        "channel": record.channel.name if record.channel_id else "",
        "title": record.title,
        "performer": record.performer,
        "reach": record.reach,
        "reach_kind": record.get_reach_kind_display() if record.reach_kind else "",
        "link": record.link,
        "file": record.original_name,
    }


def performer_of(user: User) -> str:
    """“Hoàng Thị Lan, Văn phòng - thống kê”: who did it, as a new record is prefilled (queries the position
    unless it was fetched with the user)."""
    position = user.position
    title = (position.short_title or position.title) if position else ""
    return f"{user.display_name}, {title}" if title else user.display_name


@contextmanager
def _new_files() -> Iterator[list[tuple[Storage, str]]]:
    """Files stored by a change that then fails are deleted again: a refused or failed save leaves none behind."""
    stored: list[tuple[Storage, str]] = []
    try:
        yield stored
    except BaseException:
        for storage, name in stored:
            storage.delete(name)
        raise


def _delete_on_commit(field: models.fields.files.FieldFile) -> None:
    name, storage = field.name, field.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


class Record(CommuneOwned):
    """One dissemination activity: a broadcast, a news item, a meeting, a poster…"""

    date = models.DateField(_("ngày"))
    channel = models.ForeignKey(
        Channel, verbose_name=_("kênh, hình thức"), on_delete=models.PROTECT, related_name="records"
    )
    title = models.TextField(_("tiêu đề, nội dung"))
    performer = models.CharField(_("người, bộ phận thực hiện"), max_length=200)
    reach = models.PositiveIntegerField(
        _("số người tiếp cận"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    reach_kind = models.CharField(_("tính theo"), max_length=10, choices=ReachKind, blank=True)
    link = models.URLField(_("đường dẫn"), max_length=500, blank=True)
    file = models.FileField(_("tệp minh chứng"), upload_to=record_upload_to, blank=True, max_length=200)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(_("dung lượng"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người sửa"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    objects = CommuneManager.from_queryset(RecordQuerySet)()

    class Meta:
        verbose_name = _("hoạt động tuyên truyền")
        verbose_name_plural = _("sổ tuyên truyền")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reach_kind="") | Q(reach_kind__in=ReachKind.values), name="record_reach_kind_valid"
            ),
            # A number of people always says what it counts (listeners, views, attendees), and only then.
            models.CheckConstraint(
                condition=(Q(reach__isnull=True) & Q(reach_kind="")) | (Q(reach__gte=1) & ~Q(reach_kind="")),
                name="record_reach_has_kind",
            ),
            models.CheckConstraint(
                condition=Q(date__gte=dt.date(2000, 1, 1)) & Q(date__lte=dt.date(2100, 12, 31)),
                name="record_date_sane",
            ),
        ]
        indexes = [models.Index(fields=["date"], name="record_date_idx")]

    def __str__(self) -> str:
        return f"{date_short(self.date)} – {self.channel} – {self.title[:60]}"

    @property
    def reach_text(self) -> str:
        """“120 người dự”, or “”."""
        if self.reach is None:
            return ""
        return f"{self.reach:,}".replace(",", ".") + f" {self.get_reach_kind_display()}"

    @classmethod
    def add(cls, *, by: User | None, upload: UploadedFile | None = None, **values: Any) -> Record:
        """Record an activity, with its history, and recount the year for the fed indicators."""
        record = cls(**values, created_by=by, updated_by=by)
        with _new_files() as stored, transaction.atomic():
            record._take_file(upload, remove=False)
            record.save()
            if upload is not None:
                stored.append((record.file.storage, record.file.name))
            audit.record(
                record,
                {name: (None, value) for name, value in _audit_values(record).items()},
                by=by,
                label=str(_("Ghi hoạt động tuyên truyền")),
            )
            _feed({record.date.year}, by=by)
        return record

    def edit(
        self,
        *,
        by: User | None,
        values: Mapping[str, Any],
        upload: UploadedFile | None = None,
        remove_file: bool = False,
    ) -> None:
        """Change the activity under a row lock, with its history; a date moved to another year recounts both."""
        with _new_files() as stored, transaction.atomic():
            locked = Record.objects.select_for_update(of=("self",)).select_related("channel").get(pk=self.pk)
            before = _audit_values(locked)
            for name, value in values.items():
                setattr(self, name, value)
            # The file as stored now, whatever this instance was loaded with.
            self.file, self.original_name, self.file_size = locked.file, locked.original_name, locked.file_size
            self._take_file(upload, remove=remove_file)
            self.updated_by = by
            self.save(update_fields=[*values, "file", "original_name", "file_size", "updated_by", "updated_at"])
            if upload is not None:
                stored.append((self.file.storage, self.file.name))
            audit.record(self, audit.changes_between(before, _audit_values(self)), by=by)
            _feed({locked.date.year, self.date.year}, by=by)

    @transaction.atomic
    def remove(self, *, by: User | None) -> None:
        """Delete the activity (its file once the deletion is committed) and recount its year."""
        locked = Record.objects.select_for_update(of=("self",)).select_related("channel").get(pk=self.pk)
        audit.record(
            locked,
            {name: (value, None) for name, value in _audit_values(locked).items()},
            by=by,
            label=str(_("Xóa hoạt động tuyên truyền")),
        )
        _delete_on_commit(locked.file)
        year = locked.date.year
        locked.delete()
        _feed({year}, by=by)

    def _take_file(self, upload: UploadedFile | None, *, remove: bool) -> None:
        """A new upload replaces the stored file (deleted once committed); `remove` drops it."""
        if upload is not None:
            _delete_on_commit(self.file)
            self.file = upload  # stored by save(), as FileField does
            self.original_name = unicodedata.normalize("NFC", PurePath(upload.name or "").name)[:255]
            self.file_size = upload.size
        elif remove and self.file:
            _delete_on_commit(self.file)
            self.file, self.original_name, self.file_size = "", "", None


def _feed(years: Iterable[int], *, by: User | None) -> int:
    """Write the years' counts into every indicator fed by this record, inside the caller's transaction.

    The fed indicators are locked before counting: a concurrent change of the record waits, then counts
    what this one committed, so the last writer always writes the true count."""
    indicators = fed_indicators(Feed.DISSEMINATION)
    if not indicators:
        return 0
    years = sorted(set(years))
    return figures_feed(feed_values(indicators, Record.objects.counts_by_year(years), years), by=by)


def counts_for_feed(years: list[int]) -> Mapping[int, int]:
    """What an indicator fed by the record counts (registered with the indicators in apps.py)."""
    return Record.objects.counts_by_year(years)

"""The review conference (source plan III.2): when and where, who is invited, the agenda, what happened.

One conference per review, created on the first write. Its documents (giấy mời, the chairman's speeches,
the biên bản, the news item) are drafted from the data whenever they are read; only what the office
rewrote is stored (`DocumentEdit`), so an edit survives every later change of the data and is marked
when the draft it was made over has changed. Every transition is a model method that locks the row and
writes its event in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dissemination.models import Record
from kimphuong import audit
from kimphuong.models import User
from kimphuong.scoping import CommuneManager, CommuneOwned, ScopedQuerySet
from kimphuong.text import clean_input
from kimphuong.workflow import InvalidTransition
from reform.models import Review


class ConferenceError(InvalidTransition):
    """An action the conference does not allow in its current state (shown as a message)."""


class StaleConference(ConferenceError):
    """Someone saved the conference after this page was opened: nothing was written."""

    def __init__(self, current: Conference) -> None:
        super().__init__(_("Người khác vừa lưu thông tin hội nghị sau khi bạn mở trang này; chưa lưu gì."))
        self.current = current


class ConferenceStatus(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    HELD = "held", _("Đã tổ chức")


class DocumentKind(models.TextChoices):
    INVITATION = "invitation", _("Giấy mời")
    OPENING = "opening", _("Bài phát biểu khai mạc")
    CLOSING = "closing", _("Bài phát biểu bế mạc")
    MINUTES = "minutes", _("Biên bản hội nghị")
    NEWS = "news", _("Tin bài trên Trang thông tin điện tử")


class Conference(CommuneOwned):
    """Hội nghị tổng kết of one review."""

    Status = ConferenceStatus

    review = models.OneToOneField(
        Review, verbose_name=_("đợt tổng kết"), on_delete=models.PROTECT, related_name="conference"
    )
    title = models.CharField(_("tên hội nghị"), max_length=400)
    starts_at = models.DateTimeField(_("thời gian bắt đầu"))
    ends_at = models.TimeField(_("dự kiến kết thúc"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=300)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chủ trì"), on_delete=models.PROTECT, related_name="+"
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("thư ký"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ConferenceStatus, default=ConferenceStatus.PLANNED
    )
    started_at = models.TimeField(_("bắt đầu thực tế"), null=True, blank=True)
    ended_at = models.TimeField(_("kết thúc thực tế"), null=True, blank=True)
    minutes = models.TextField(
        _("diễn biến hội nghị"), blank=True,
        help_text=_("Mỗi dòng một đoạn: ý kiến phát biểu, thảo luận, biểu quyết."),
    )  # fmt: skip
    conclusions = models.TextField(
        _("kết luận của chủ trì"), blank=True, help_text=_("Mỗi dòng một đoạn; đưa vào biên bản và bài bế mạc.")
    )
    news_published_on = models.DateField(_("ngày đăng tin"), null=True, blank=True)
    news_link = models.URLField(_("đường dẫn tin bài"), max_length=500, blank=True)
    news_record = models.ForeignKey(
        Record, verbose_name=_("lượt tuyên truyền"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người cập nhật"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("hội nghị tổng kết")
        verbose_name_plural = _("hội nghị tổng kết")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ConferenceStatus.values), name="conference_status_valid"),
            # The news item is published after the conference, never before.
            models.CheckConstraint(
                condition=Q(news_published_on__isnull=True) | Q(status=ConferenceStatus.HELD),
                name="conference_news_after_held",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def default_title(review: Review) -> str:
        """“Hội nghị tổng kết Chương trình … giai đoạn 2021 - 2025 và phong trào thi đua … 2018 - 2025”."""
        subject = review.title.replace("; ", " và ").rstrip(".")
        if subject.lower().startswith("tổng kết "):
            subject = subject[len("tổng kết ") :]
        return f"Hội nghị tổng kết {subject}"

    @classmethod
    def read_for_review(cls, review: Review) -> Conference | None:
        """The review's conference, or None while it has not been planned (reading never writes)."""
        return cls.objects.filter(review=review).select_related("chair__position", "secretary__position").first()

    @property
    def is_held(self) -> bool:
        return self.status == ConferenceStatus.HELD

    @property
    def day(self) -> dt.date:
        return timezone.localtime(self.starts_at).date()

    @property
    def start_time(self) -> dt.time:
        return timezone.localtime(self.starts_at).time()

    def participant_rows(self) -> models.QuerySet[Participant]:
        return self.participants.select_related("user__position").order_by("order", "pk")

    def guest_rows(self) -> models.QuerySet[Guest]:
        return self.guests.order_by("order", "pk")

    def agenda_rows(self) -> models.QuerySet[AgendaItem]:
        return self.agenda.order_by("order", "time", "pk")

    # --- transitions: each locks the row and writes its event in the same transaction ---------------

    def _lock(self, version: int | None = None) -> Conference:
        locked = Conference.objects.select_for_update().get(pk=self.pk)
        if version is not None and locked.version != version:
            raise StaleConference(locked)
        return locked

    def _event(self, kind: str, by: User, note: str = "") -> ConferenceEvent:
        return ConferenceEvent.objects.create(conference=self, kind=kind, by=by, note=note)

    @classmethod
    @transaction.atomic
    def plan(cls, *, review: Review, details: dict[str, Any], by: User) -> Conference:
        """The first save: the conference is planned (dự kiến)."""
        if cls.objects.filter(review=review).exists():
            raise ConferenceError(_("Đợt tổng kết này đã có hội nghị; hãy sửa hội nghị đó."))
        conference = cls(review=review, updated_by=by, **_details(details))
        conference.save()
        conference.set_participants(details.get("participants", []))
        conference.set_guests(details.get("guests", ""))
        conference._event(EventKind.PLANNED, by)
        return conference

    @transaction.atomic
    def update_details(self, *, details: dict[str, Any], version: int, by: User) -> None:
        """Time, place, chair, participants, guests: only what changed is written (and recorded)."""
        locked = self._lock(version)
        values = _details(details)
        changes = {name: (getattr(locked, name), value) for name, value in values.items()}
        for name, value in values.items():
            setattr(self, name, value)
        before_people = set(locked.participants.values_list("user_id", flat=True))
        before_guests = [g.name for g in locked.guest_rows()]
        self.set_participants(details.get("participants", []))
        self.set_guests(details.get("guests", ""))
        after_people = set(self.participants.values_list("user_id", flat=True))
        after_guests = [g.name for g in self.guest_rows()]
        changes["participants"] = (sorted(before_people), sorted(after_people))
        changes["guests"] = ("\n".join(before_guests), "\n".join(after_guests))
        changes = {name: (old, new) for name, (old, new) in changes.items() if old != new}  # one instant, two zones
        if audit.record(self, changes, by=by, label=str(_("Hội nghị tổng kết"))) == 0:
            return
        self.version = locked.version + 1
        self.updated_by = by
        self.save(update_fields=[*values, "version", "updated_by", "updated_at"])
        self._event(EventKind.UPDATED, by)

    def set_participants(self, users: list[User]) -> None:
        """The invited users, in the order of the roster; attendance already recorded is kept."""
        wanted = {u.pk: u for u in users}
        self.participants.exclude(user_id__in=wanted).delete()
        have = {p.user_id: p for p in self.participants.all()}
        ordered = sorted(users, key=lambda u: (u.position.order if u.position else 999, u.username))
        new, moved = [], []
        for i, u in enumerate(ordered):
            if (row := have.get(u.pk)) is None:
                new.append(Participant(conference=self, user=u, order=i))
            elif row.order != i:
                row.order = i
                moved.append(row)
        Participant.objects.bulk_create(new)
        Participant.objects.bulk_update(moved, ["order"])

    def set_guests(self, text: str) -> None:
        """Guests typed one per line (“Đại diện lãnh đạo Sở Nội vụ tỉnh Thái Nguyên”); attendance is kept."""
        names = list(
            dict.fromkeys(
                line.strip().lstrip("-").strip().rstrip(";.") for line in clean_input(text or "").splitlines()
            )
        )
        names = [n for n in names if n]
        self.guests.exclude(name__in=names).delete()
        have = {g.name: g for g in self.guests.all()}
        for i, name in enumerate(names):
            guest = have.get(name) or Guest(conference=self, name=name)
            guest.order = i
            guest.save()

    @transaction.atomic
    def save_agenda(self, *, items: list[dict[str, Any]], version: int, by: User) -> None:
        """The agenda replaced by the rows of the form (time, content, who presents), in their order."""
        locked = self._lock(version)
        before = [f"{a.time or ''} {a.content} ({a.presenter})" for a in locked.agenda_rows()]
        self.agenda.all().delete()
        AgendaItem.objects.bulk_create(
            AgendaItem(conference=self, order=i, time=row.get("time"), content=row["content"],
                       presenter=row.get("presenter", ""))
            for i, row in enumerate(items)
        )  # fmt: skip
        after = [f"{a.time or ''} {a.content} ({a.presenter})" for a in self.agenda_rows()]
        if before == after:
            return
        audit.record(self, {"agenda": ("\n".join(before), "\n".join(after))}, by=by, label=str(_("Chương trình")))
        self.version = locked.version + 1
        self.updated_by = by
        self.save(update_fields=["version", "updated_by", "updated_at"])
        self._event(EventKind.AGENDA, by)

    @transaction.atomic
    def record_held(
        self,
        *,
        version: int,
        attended: set[int],
        guests_attended: set[int],
        started_at: dt.time | None,
        ended_at: dt.time | None,
        minutes: str,
        conclusions: str,
        by: User,
    ) -> None:
        """After the conference: who came, the minutes and the chair's conclusions. The first time, the
        conference moves from dự kiến to đã tổ chức; later saves correct the record."""
        locked = self._lock(version)
        if locked.day > timezone.localdate():
            raise ConferenceError(
                _("Hội nghị chưa diễn ra (dự kiến ngày %(day)s).") % {"day": locked.day.strftime("%d/%m/%Y")}
            )
        values = {
            "started_at": started_at,
            "ended_at": ended_at,
            "minutes": clean_input(minutes).strip(),
            "conclusions": clean_input(conclusions).strip(),
        }
        changes = {name: (getattr(locked, name), value) for name, value in values.items()}
        was_held = locked.status == ConferenceStatus.HELD
        for participant in self.participants.all():
            came = participant.pk in attended
            if participant.attended != came:
                participant.attended = came
                participant.save(update_fields=["attended"])
        for guest in self.guests.all():
            came = guest.pk in guests_attended
            if guest.attended != came:
                guest.attended = came
                guest.save(update_fields=["attended"])
        for name, value in values.items():
            setattr(self, name, value)
        self.status = ConferenceStatus.HELD
        changes["status"] = (locked.status, self.status)
        audit.record(self, changes, by=by, label=str(_("Hội nghị tổng kết")))
        self.version = locked.version + 1
        self.updated_by = by
        self.save(update_fields=[*values, "status", "version", "updated_by", "updated_at"])
        self._event(EventKind.MINUTES if was_held else EventKind.HELD, by)

    @transaction.atomic
    def publish_news(self, *, title: str, day: dt.date, link: str, by: User) -> Record:
        """The news item is on the commune's website: recorded here and as one dissemination activity."""
        from dissemination.services import record_publication

        locked = self._lock()
        if locked.status != ConferenceStatus.HELD:
            raise ConferenceError(_("Chỉ đăng tin sau khi hội nghị đã được ghi nhận là đã tổ chức."))
        if locked.news_published_on:
            raise ConferenceError(
                _("Tin bài về hội nghị đã được ghi nhận đăng ngày %(day)s.")
                % {"day": locked.news_published_on.strftime("%d/%m/%Y")}
            )
        record = record_publication(date=day, title=title, link=link, by=by)
        self.news_published_on, self.news_link, self.news_record = day, link, record
        self.version = locked.version + 1
        self.updated_by = by
        self.save(
            update_fields=["news_published_on", "news_link", "news_record", "version", "updated_by", "updated_at"]
        )
        self._event(EventKind.NEWS, by, note=link)
        return record


def _details(details: dict[str, Any]) -> dict[str, Any]:
    keys = ("title", "starts_at", "ends_at", "place", "chair", "secretary")
    return {k: details[k] for k in keys if k in details}


class Participant(CommuneOwned):
    """A user invited to the conference; `attended` is recorded after it (None: not recorded yet)."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("đại biểu"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    attended = models.BooleanField(_("có mặt"), null=True, blank=True)

    class Meta:
        verbose_name = _("đại biểu được mời")
        verbose_name_plural = _("đại biểu được mời")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["conference", "user"], name="participant_once")]

    def __str__(self) -> str:
        return str(self.user)


class Guest(CommuneOwned):
    """An invited guest who is not a user (“Đại diện lãnh đạo Sở Nội vụ tỉnh”)."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("khách mời"), max_length=300)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    attended = models.BooleanField(_("có mặt"), null=True, blank=True)

    class Meta:
        verbose_name = _("khách mời")
        verbose_name_plural = _("khách mời")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["conference", "name"], name="guest_once")]

    def __str__(self) -> str:
        return self.name


class AgendaItem(CommuneOwned):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    time = models.TimeField(_("thời gian"), null=True, blank=True)
    content = models.CharField(_("nội dung"), max_length=500)
    presenter = models.CharField(_("người thực hiện"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("mục chương trình")
        verbose_name_plural = _("chương trình hội nghị")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.content


class DocumentEdit(CommuneOwned):
    """What the office rewrote in one part of a conference document, over the draft it saw then.

    A part that was never edited follows the data; an edited one keeps its text whatever the data does,
    and is marked when its draft has changed since (the new draft is shown beside it to merge)."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="edits")
    document = models.CharField(_("văn bản"), max_length=12, choices=DocumentKind)
    key = models.CharField(_("mã phần"), max_length=40)
    text = models.TextField(_("nội dung"))
    edited_from = models.TextField(_("dự thảo lúc sửa"), blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người sửa"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    edited_at = models.DateTimeField(_("sửa lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("phần văn bản đã sửa")
        verbose_name_plural = _("phần văn bản đã sửa")
        constraints = [
            models.UniqueConstraint(fields=["conference", "document", "key"], name="documentedit_one_per_part"),
            models.CheckConstraint(condition=Q(document__in=DocumentKind.values), name="documentedit_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.document}/{self.key}"

    @classmethod
    @transaction.atomic
    def save_part(
        cls, *, conference: Conference, document: str, key: str, text: str, draft: str, shown: str, by: User
    ) -> DocumentEdit | None:
        """Store the office's text of one part. Refused (StalePart, nothing written) when the part no longer
        says what the page showed; the same text as the draft drops the edit (the part follows the data)."""
        conference._lock()  # one writer at a time per conference
        edit: DocumentEdit | None = DocumentEdit.objects.filter(
            conference=conference, document=document, key=key
        ).first()
        current = edit.text if edit else draft
        if not _same(shown, current):
            raise StalePart(current)
        text = clean_input(text).strip()
        if _same(text, current):
            return edit
        label = f"{DocumentKind(document).label}: {key}"
        audit.record(conference, {f"{document}.{key}": (current, text)}, by=by, label=label)
        ConferenceEvent.objects.create(conference=conference, kind=EventKind.DOCUMENT, by=by, note=label[:500])
        if _same(text, draft):
            if edit:
                edit.delete()
            return None
        edit = edit or DocumentEdit(conference=conference, document=document, key=key)
        edit.text, edit.edited_from, edit.edited_by, edit.edited_at = text, draft, by, timezone.now()
        edit.save()
        return edit

    @classmethod
    @transaction.atomic
    def use_draft(cls, *, conference: Conference, document: str, key: str, by: User) -> None:
        """Drop the office's text: the part follows the data again."""
        conference._lock()
        edit = cls.objects.filter(conference=conference, document=document, key=key).first()
        if edit is None:
            return
        label = f"{DocumentKind(document).label}: {key}"
        audit.record(conference, {f"{document}.{key}": (edit.text, "")}, by=by, label=label)
        ConferenceEvent.objects.create(conference=conference, kind=EventKind.DOCUMENT, by=by, note=label[:500])
        edit.delete()


class StalePart(ConferenceError):
    """The part was changed by someone else after the page was opened."""

    def __init__(self, current: str) -> None:
        super().__init__(_("Phần này vừa được người khác sửa sau khi bạn mở trang; chưa lưu gì."))
        self.current = current


def _same(a: str, b: str) -> bool:
    """Two texts that differ only in spaces and line ends are the same text."""
    return [" ".join(line.split()) for line in a.splitlines() if line.strip()] == [
        " ".join(line.split()) for line in b.splitlines() if line.strip()
    ]


class EventKind(models.TextChoices):
    PLANNED = "planned", _("Lập kế hoạch hội nghị")
    UPDATED = "updated", _("Sửa thông tin hội nghị")
    AGENDA = "agenda", _("Sửa chương trình")
    HELD = "held", _("Ghi nhận đã tổ chức")
    MINUTES = "minutes", _("Sửa biên bản, điểm danh")
    DOCUMENT = "document", _("Sửa văn bản")
    NEWS = "news", _("Đăng tin bài")


class ConferenceEventQuerySet(ScopedQuerySet["ConferenceEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise ConferenceError(_("Lịch sử hội nghị không được sửa."))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ConferenceError(_("Lịch sử hội nghị không được xóa."))


class ConferenceEvent(CommuneOwned):
    """Append-only history of the conference: who did what, when."""

    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("loại"), max_length=10, choices=EventKind)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    objects = CommuneManager.from_queryset(ConferenceEventQuerySet)()

    class Meta:
        verbose_name = _("lịch sử hội nghị")
        verbose_name_plural = _("lịch sử hội nghị")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="conferenceevent_kind_valid")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.at:%d/%m/%Y %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ConferenceError(_("Lịch sử hội nghị không được sửa."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ConferenceError(_("Lịch sử hội nghị không được xóa."))

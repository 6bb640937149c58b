"""The office's forms for the conference: details, agenda, the record after it, a part of a document."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from conference.models import Conference
from kimphuong.forms import DATE_INPUT_FORMATS, NFCFormMixin
from kimphuong.models import User

TIME_FORMATS = ["%H:%M", "%H.%M", "%Hh%M", "%H giờ %M"]
TIME_ERROR = {"invalid": _("Giờ không hợp lệ: hãy nhập theo dạng giờ:phút, ví dụ 08:00.")}


def _time_field(label: Any, *, required: bool = False) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "08:00", "inputmode": "numeric"}),
        error_messages={**TIME_ERROR, "required": _("Hãy nhập giờ bắt đầu, ví dụ 08:00.")},
    )


def active_users() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, is_superuser=False)
        .select_related("position")
        .order_by("position__order", "username")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return (
            f"{obj.display_name} – {obj.position.short_title or obj.position.title}"
            if obj.position
            else obj.display_name
        )


class UsersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return UserChoiceField.label_from_instance(self, obj)  # type: ignore[arg-type]


class ConferenceForm(NFCFormMixin, forms.Form):
    """Hội nghị: name, day and time, place, chair and secretary, who is invited."""

    title = forms.CharField(label=_("Tên hội nghị"), max_length=400, widget=forms.Textarea(attrs={"rows": 2}))
    day = forms.DateField(
        label=_("Ngày họp"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={
            "invalid": _("Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 17/12/2026."),
            "required": _("Hãy nhập ngày họp."),
        },
    )
    start = _time_field(_("Giờ bắt đầu"), required=True)
    end = _time_field(_("Dự kiến kết thúc"))
    place = forms.CharField(
        label=_("Địa điểm"), max_length=300, error_messages={"required": _("Hãy nhập địa điểm họp.")}
    )
    chair = UserChoiceField(
        label=pgettext_lazy("conference", "Chủ trì"),
        queryset=User.objects.none(),
        error_messages={"required": _("Hãy chọn người chủ trì.")},
    )
    secretary = UserChoiceField(label=_("Thư ký"), queryset=User.objects.none(), required=False)
    participants = UsersChoiceField(
        label=_("Đại biểu được mời (người dùng)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    guests = forms.CharField(
        label=_("Khách mời khác"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng một khách mời, ví dụ: Đại diện lãnh đạo Sở Nội vụ tỉnh Thái Nguyên."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        users = active_users()
        for name in ("chair", "secretary", "participants"):
            self.fields[name].queryset = users  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, conference: Conference | None, *, title: str, chair: User | None) -> dict[str, Any]:
        if conference is None:
            return {"title": title, "chair": chair, "start": dt.time(8, 0), "version": 0}
        local = timezone.localtime(conference.starts_at)
        return {
            "title": conference.title,
            "day": local.date(),
            "start": local.time(),
            "end": conference.ends_at,
            "place": conference.place,
            "chair": conference.chair,
            "secretary": conference.secretary,
            "participants": [p.user for p in conference.participant_rows()],
            "guests": "\n".join(g.name for g in conference.guest_rows()),
            "version": conference.version,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("Giờ kết thúc phải sau giờ bắt đầu."))
        return cleaned

    def details(self) -> dict[str, Any]:
        c = self.cleaned_data
        starts_at = timezone.make_aware(dt.datetime.combine(c["day"], c["start"]))
        return {
            "title": " ".join(c["title"].split()),
            "starts_at": starts_at,
            "ends_at": c.get("end"),
            "place": c["place"].strip(),
            "chair": c["chair"],
            "secretary": c.get("secretary"),
            "participants": list(c.get("participants") or []),
            "guests": c.get("guests", ""),
        }


class AgendaItemForm(NFCFormMixin, forms.Form):
    time = _time_field(_("Thời gian"))
    content = forms.CharField(label=_("Nội dung"), max_length=500, required=False)
    presenter = forms.CharField(label=_("Người thực hiện"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            invalid = " is-invalid" if self.is_bound and name in self.errors else ""
            field.widget.attrs["class"] = f"form-control form-control-sm{invalid}"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (cleaned.get("time") or cleaned.get("presenter")) and not cleaned.get("content"):
            self.add_error("content", _("Hãy ghi nội dung của mục này (hoặc xóa giờ và người thực hiện)."))
        return cleaned


AgendaFormSet = forms.formset_factory(AgendaItemForm, extra=3, max_num=40, validate_max=True)


def agenda_rows(formset: Any) -> list[dict[str, Any]]:
    """The filled rows, in their order (empty rows are dropped)."""
    return [f.cleaned_data for f in formset.forms if f.cleaned_data.get("content")]


class HeldForm(NFCFormMixin, forms.Form):
    """After the conference: the real times, the minutes and the chair's conclusions (attendance is read
    from the check boxes of the page: `attended` and `guest_attended`)."""

    started_at = _time_field(_("Bắt đầu lúc"))
    ended_at = _time_field(_("Kết thúc lúc"))
    minutes = forms.CharField(
        label=_("Diễn biến hội nghị"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Mỗi dòng một đoạn: ý kiến phát biểu, thảo luận, biểu quyết."),
    )
    conclusions = forms.CharField(
        label=_("Kết luận của chủ trì"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Mỗi dòng một ý; đưa vào biên bản, bài bế mạc và tin bài."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("started_at"), cleaned.get("ended_at")
        if start and end and end <= start:
            self.add_error("ended_at", _("Giờ kết thúc phải sau giờ bắt đầu."))
        return cleaned


class PartForm(NFCFormMixin, forms.Form):
    """One part of a document: the text the office wants, over the text the page showed."""

    text = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    shown = forms.CharField(required=False, widget=forms.HiddenInput)


class NewsPublishForm(NFCFormMixin, forms.Form):
    day = forms.DateField(
        label=_("Ngày đăng"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={
            "invalid": _("Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 18/12/2026."),
            "required": _("Hãy nhập ngày đăng tin."),
        },
    )
    link = forms.URLField(
        label=_("Đường dẫn tin bài"),
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Đường dẫn không hợp lệ, ví dụ https://kimphuong.thainguyen.gov.vn/tin-tuc/….")},
    )

    def clean_day(self) -> dt.date:
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ngày đăng không được sau hôm nay."))
        return day

"""The office's forms for the dissemination record: an activity, a channel, and the list's filters."""

from __future__ import annotations

from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dissemination.models import Channel, Record, performer_of
from kimphuong.formats import date_short
from kimphuong.forms import DATE_INPUT_FORMATS, FilterForm, NFCFormMixin, search_words
from kimphuong.models import User
from reform.files import ALLOWED_EXTENSIONS, validate_evidence_file

RECORD_FIELDS = ["date", "channel", "title", "performer", "reach", "reach_kind", "link"]


class RecordForm(NFCFormMixin, forms.ModelForm):
    date = forms.DateField(
        label=_("Ngày"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        error_messages={
            "required": _("Hãy nhập ngày thực hiện, ví dụ 15/03/2024."),
            "invalid": _("Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 15/03/2024."),
        },
    )
    upload = forms.FileField(
        label=_("Tệp minh chứng"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS)}),
        help_text=_("Không bắt buộc: ảnh chụp, bản tin, biên bản… (PDF, Word, Excel hoặc ảnh jpg, png)."),
    )
    remove_file = forms.BooleanField(label=_("Bỏ tệp đã đính kèm"), required=False)
    link = forms.URLField(
        label=_("Đường dẫn"),
        required=False,
        max_length=500,
        assume_scheme="https",  # a link pasted without its scheme is the commune's https site
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        error_messages={"invalid": _("Đường dẫn không hợp lệ: hãy dán cả phần đầu https://.")},
    )

    class Meta:
        model = Record
        fields = RECORD_FIELDS
        widgets = {
            "title": forms.Textarea(attrs={"rows": 3}),
            "reach": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
        }
        error_messages = {
            "title": {"required": _("Hãy ghi tiêu đề hoặc nội dung tuyên truyền.")},
            "channel": {"required": _("Hãy chọn kênh, hình thức tuyên truyền.")},
            "performer": {"required": _("Hãy ghi người, bộ phận thực hiện.")},
            "reach": {"min_value": _("Số người tiếp cận phải từ 1 trở lên; để trống nếu không đếm được.")},
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        channel = cast("forms.ModelChoiceField[Channel]", self.fields["channel"])
        # A channel no longer in use is not offered, except to the activities already recorded on it.
        offered = Q(is_active=True)
        if self.instance.pk:
            offered |= Q(pk=self.instance.channel_id)
        channel.queryset = Channel.objects.filter(offered)
        if not self.instance.pk:
            self.fields["performer"].initial = performer_of(user)
        self.fields["reach"].help_text = _("Không bắt buộc: số người nghe, lượt xem hoặc người dự.")
        if not (self.instance.pk and self.instance.file):
            del self.fields["remove_file"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("date", css_class="col-sm-4"), Column("channel", css_class="col-sm-8")),
            "title",
            "performer",
            Row(Column("reach", css_class="col-sm-6"), Column("reach_kind", css_class="col-sm-6")),
            "link",
            Field("upload"),
            *(["remove_file"] if "remove_file" in self.fields else []),
        )

    def clean_date(self) -> Any:
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                _("Ngày %(date)s ở tương lai: sổ chỉ ghi hoạt động đã thực hiện.") % {"date": date_short(day)}
            )
        if day.year < 2000:
            raise forms.ValidationError(_("Năm %(year)s không hợp lệ.") % {"year": day.year})
        return day

    def clean_upload(self) -> Any:
        upload = self.cleaned_data.get("upload")
        if upload:
            validate_evidence_file(upload)  # the same check as the self-assessment's evidence files
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        reach, kind = cleaned.get("reach"), cleaned.get("reach_kind")
        if reach and not kind:
            self.add_error("reach_kind", _("Chọn số %(n)s là người nghe, lượt xem hay người dự.") % {"n": reach})
        elif kind and reach is None and not self.has_error("reach"):
            cleaned["reach_kind"] = ""  # a kind without a number says nothing
        return cleaned

    @property
    def unsaved_upload(self) -> str:
        """The name of a file chosen but not saved (the page came back with an error elsewhere): a browser
        cannot put a file back into a file input, so it must be chosen again."""
        upload = self.files.get(self.add_prefix("upload")) if self.is_bound else None
        if upload is None or self.has_error("upload"):
            return ""
        return upload.name or ""

    def save_record(self, *, by: User) -> Record:
        """Create or change the activity through the model's methods (history, fed indicators, files)."""
        values = {name: self.cleaned_data[name] for name in RECORD_FIELDS}
        upload = self.cleaned_data.get("upload")
        if self.instance.pk:
            self.instance.edit(
                by=by, values=values, upload=upload, remove_file=self.cleaned_data.get("remove_file", False)
            )
            return self.instance
        return Record.add(by=by, upload=upload, **values)


class ChannelForm(NFCFormMixin, forms.ModelForm):
    class Meta:
        model = Channel
        fields = ["name", "unit", "phrase", "order", "is_active"]
        error_messages = {"name": {"required": _("Hãy ghi tên kênh, hình thức tuyên truyền.")}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        twins = Channel.objects.annotate(lname=Lower("name")).filter(lname=name.lower()).exclude(pk=self.instance.pk)
        if twins.exists():
            raise forms.ValidationError(_("Đã có kênh “%(name)s”.") % {"name": name})
        return name


class RecordFilterForm(FilterForm):
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    channel = forms.ModelChoiceField(
        label=_("Kênh, hình thức"), queryset=Channel.objects.all(), required=False, empty_label=_("Tất cả")
    )
    q = forms.CharField(
        label=_("Tìm"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Tiêu đề, nội dung hoặc người thực hiện")}),
    )

    def __init__(self, *args: Any, years: list[int], channels: list[Channel] | None = None, **kwargs: Any) -> None:
        """`channels`: every channel, when the page has read them already: the dropdown shows them instead of
        reading them again."""
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["year"])
        field.choices = [("", _("Tất cả")), *[(y, y) for y in years]]
        if channels is not None:
            channel = cast("forms.ModelChoiceField[Channel]", self.fields["channel"])
            channel.choices = [("", channel.empty_label), *((c.pk, channel.label_from_instance(c)) for c in channels)]

    def filter(self, rows: QuerySet[Record]) -> QuerySet[Record]:
        """The record narrowed to the chosen year, channel and words (everything when the filters are invalid)."""
        if not self.is_valid():
            return rows
        data = self.cleaned_data
        if data["year"]:
            rows = rows.filter(date__year=data["year"])
        if data["channel"]:
            rows = rows.filter(channel=data["channel"])
        return search_words(rows, data["q"], "title__icontains", "performer__icontains")

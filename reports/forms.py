from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reform.forms import DATE_INPUT_FORMATS, NFCFormMixin
from reform.models import Review


class SectionForm(NFCFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Nội dung"),
        widget=forms.Textarea(attrs={"rows": 16, "data-counter": 40000, "maxlength": 40000}),
        max_length=40000,
        required=False,
        help_text=_("Mỗi dòng là một đoạn văn. Dòng bắt đầu bằng “a)”, “b)”… là một điểm."),
    )


class AddresseeForm(NFCFormMixin, forms.Form):
    recipients = forms.CharField(
        label=_("Kính gửi"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000, "class": "form-control"}),
        max_length=2000,
        required=False,
        help_text=_("Mỗi dòng một cơ quan. Để trống: các cơ quan cấp trên có hiệu lực vào ngày của báo cáo."),
    )
    distribution = forms.CharField(
        label=_("Nơi nhận"),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 4000, "class": "form-control"}),
        max_length=4000,
        required=False,
        help_text=_(
            "Mỗi dòng một nơi nhận; “- Như trên;” và dòng “Lưu” hệ thống tự thêm. Để trống: theo thông tin xã."
        ),
    )


class SignatureForm(forms.Form):
    number = forms.CharField(label=_("Số văn bản"), max_length=20, help_text=_("Ví dụ: 15 (ký hiệu BC-UBND tự thêm)."))
    date = forms.DateField(
        label=_("Ngày ký"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm.")},
    )
    scan = forms.FileField(label=_("Bản ký đã quét (PDF)"), widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}))

    def clean_number(self) -> str:
        number = self.cleaned_data["number"].strip()
        if not number.isdigit():
            raise forms.ValidationError(_("Số văn bản chỉ gồm chữ số, ví dụ 15."))
        return number.zfill(2)  # NĐ 30: numbers below 10 get a leading zero

    def clean_scan(self) -> Any:
        scan = self.cleaned_data["scan"]
        scan.seek(0)
        if not scan.name.lower().endswith(".pdf") or not scan.read(5).startswith(b"%PDF-"):
            raise forms.ValidationError(_("Bản ký phải là tệp PDF."))
        scan.seek(0)
        return scan

    def clean_date(self) -> Any:
        date = self.cleaned_data["date"]
        review = Review.current()
        if review and date.year < review.period_end:
            raise forms.ValidationError(_("Ngày ký không thể trước năm %(year)s.") % {"year": review.period_end})
        return date

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader

from kimphuong.forms import DATE_INPUT_FORMATS, NFCFormMixin
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


#: The document number: ASCII digits only (str.isdigit() would also take “１５” or “١٥”).
DOCUMENT_NUMBER = re.compile(r"[0-9]+")


def clean_document_number(value: str) -> str:
    number = value.strip()
    if not DOCUMENT_NUMBER.fullmatch(number):
        raise forms.ValidationError(_("Số văn bản chỉ gồm chữ số 0–9, ví dụ 15."))
    return number.zfill(2)  # NĐ 30: numbers below 10 get a leading zero


def clean_signed_date(date: Any) -> Any:
    review = Review.current()
    if review and date.year < review.period_end:
        raise forms.ValidationError(_("Ngày ký không thể trước năm %(year)s.") % {"year": review.period_end})
    return date


def check_signed_scan(scan: Any) -> None:
    """A real PDF of at most SIGNED_SCAN_MAX_MB, at least one page: parsed with pypdf, not judged by its
    first bytes (a renamed file or a truncated download starts with “%PDF-” too)."""
    limit_mb = settings.SIGNED_SCAN_MAX_MB
    if scan.size > limit_mb * 1024 * 1024:
        raise forms.ValidationError(
            _("Bản ký dung lượng %(size)s MB, vượt quá giới hạn %(limit)s MB.")
            % {"size": f"{scan.size / 1048576:.1f}".replace(".", ","), "limit": limit_mb}
        )
    scan.seek(0)
    if not (scan.name or "").lower().endswith(".pdf") or not scan.read(5).startswith(b"%PDF-"):
        raise forms.ValidationError(_("Bản ký phải là tệp PDF."))
    scan.seek(0)
    try:
        reader = PdfReader(scan, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise forms.ValidationError(_("Bản ký PDF có mật khẩu: hãy quét hoặc lưu lại không đặt mật khẩu."))
        pages = len(reader.pages)
    except forms.ValidationError:
        raise
    except Exception:  # noqa: BLE001 - pypdf raises many kinds of errors on a damaged file; all mean the same here
        pages = None
    finally:
        scan.seek(0)
    if pages is None:
        raise forms.ValidationError(_("Bản ký không đọc được như một tệp PDF (tệp hỏng hoặc không phải PDF)."))
    if pages == 0:
        raise forms.ValidationError(_("Bản ký PDF không có trang nào."))


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
        return clean_document_number(self.cleaned_data["number"])

    def clean_scan(self) -> Any:
        scan = self.cleaned_data["scan"]
        check_signed_scan(scan)
        return scan

    def clean_date(self) -> Any:
        return clean_signed_date(self.cleaned_data["date"])


class SignatureCorrectionForm(NFCFormMixin, forms.Form):
    """Leadership corrects a wrongly recorded number or date of a signed version; the reason is kept."""

    number = forms.CharField(label=_("Số văn bản"), max_length=20)
    date = forms.DateField(
        label=_("Ngày ký"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm.")},
    )
    reason = forms.CharField(
        label=_("Lý do sửa"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
        error_messages={"required": _("Hãy ghi lý do sửa số hoặc ngày của văn bản.")},
    )

    def clean_number(self) -> str:
        return clean_document_number(self.cleaned_data["number"])

    def clean_date(self) -> Any:
        return clean_signed_date(self.cleaned_data["date"])

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Hãy ghi lý do sửa số hoặc ngày của văn bản."))
        return reason

"""The province administrator's forms: a commune, the Excel list of communes, an office account, the plan."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kimphuong.forms import DATE_INPUT_FORMATS, NFCFormMixin, UploadForm
from kimphuong.models import CommuneKind
from kimphuong.text import clean_input
from province.communes import username_problem


def _date_field(label: Any, *, required: bool = False, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        help_text=help_text,
        error_messages={"invalid": _("Ngày không hợp lệ: ghi theo dạng dd/mm/yyyy.")},
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """The service's messages (by field) shown on the form's fields; the typed values stay in the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class CommuneForm(NFCFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Tên"), max_length=100, help_text=_("Không ghi chữ xã, phường. Ví dụ: Kim Phượng."),
        error_messages={"required": _("Nhập tên xã.")},
    )  # fmt: skip
    code = forms.CharField(
        label=_("Mã đơn vị hành chính"), max_length=10, help_text=_("5 chữ số theo danh mục quốc gia."),
        error_messages={"required": _("Nhập mã đơn vị hành chính (5 chữ số).")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]{5}"}),
    )  # fmt: skip
    kind = forms.ChoiceField(label=_("Loại"), choices=CommuneKind.choices, initial=CommuneKind.COMMUNE)
    formed_on = _date_field(_("Ngày thành lập"))
    formation_basis = forms.CharField(
        label=_("Văn bản thành lập, sắp xếp"), max_length=300, required=False,
        help_text=_("Ví dụ: Nghị quyết số …/NQ-UBTVQH15 ngày …"),
    )  # fmt: skip
    predecessors = forms.CharField(
        label=_("Đơn vị đã nhập"), max_length=1000, required=False,
        help_text=_("Các đơn vị nhập vào xã, cách nhau bằng dấu phẩy. Ví dụ: xã Kim Sơn, xã Phú Đình."),
    )  # fmt: skip


class CommuneImportForm(UploadForm):
    pass


class OfficeAccountForm(NFCFormMixin, forms.Form):
    username = forms.CharField(
        label=_("Tên đăng nhập"), max_length=150,
        help_text=_("Chữ, số và @ . + - _; không dấu cách. Không trùng với người dùng nào của hệ thống."),
        error_messages={"required": _("Nhập tên đăng nhập.")},
    )  # fmt: skip
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150, error_messages={"required": _("Nhập họ và tên.")})
    email = forms.EmailField(
        label=_("Thư điện tử"), required=False, error_messages={"invalid": _("Địa chỉ thư điện tử không đúng.")}
    )

    def clean_username(self) -> str:
        username = clean_input(self.cleaned_data["username"])
        if problem := username_problem(username):
            raise ValidationError(problem)
        return username


class PlanLoadForm(UploadForm):
    self_assessment_deadline = _date_field(
        _("Hạn nộp tự đánh giá"), help_text=_("Khi xã chưa có đợt tổng kết: đợt tổng kết được tạo với hạn này.")
    )
    report_deadline = _date_field(_("Hạn gửi báo cáo"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        start, end = cleaned.get("self_assessment_deadline"), cleaned.get("report_deadline")
        if start and end and end < start:
            self.add_error("report_deadline", _("Hạn gửi báo cáo phải sau hạn nộp tự đánh giá."))
        return cleaned

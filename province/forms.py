"""The province's forms: the reason given when Sở Nội vụ returns or reopens a commune's report."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kimphuong.forms import NFCFormMixin


class ReasonForm(NFCFormMixin, forms.Form):
    """Returning or reopening a report: the commune reads the reason at the top of its report page."""

    reason = forms.CharField(
        label=_("Lý do"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 4000, "class": "form-control"}),
        error_messages={"required": _("Hãy ghi lý do để xã biết cần bổ sung, sửa gì.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Hãy ghi lý do để xã biết cần bổ sung, sửa gì."))
        return reason

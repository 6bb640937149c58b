"""The office's review: comments, returning with a reason (and remarks per field), reopening."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from kimphuong.forms import NFCFormMixin
from reform.models import SNAPSHOT_LABELS


class CommentForm(NFCFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Ý kiến"),
        validators=[MaxLengthValidator(2000)],  # no maxlength attribute: a paste is never cut
        widget=forms.Textarea(attrs={"rows": 2, "data-counter": 2000, "placeholder": _("Ghi ý kiến trao đổi…")}),
    )


class ReturnForm(NFCFormMixin, forms.Form):
    """“Trả lại”: a reason for the whole, optional remarks pinned to single fields."""

    reason = forms.CharField(
        label=_("Lý do trả lại"),
        validators=[MaxLengthValidator(2000)],  # no maxlength attribute: a paste is never cut
        widget=forms.Textarea(attrs={"rows": 3, "data-counter": 2000}),
        error_messages={"required": _("Cần ghi lý do trả lại.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in SNAPSHOT_LABELS.items():
            self.fields[f"note_{name}"] = forms.CharField(
                label=label,
                required=False,
                validators=[MaxLengthValidator(1000)],
                widget=forms.TextInput(attrs={"data-limit": 1000}),
            )

    def note_fields(self) -> list[forms.BoundField]:
        return [self[f"note_{name}"] for name in SNAPSHOT_LABELS]

    def notes(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(f"note_{name}", "") for name in SNAPSHOT_LABELS}


class ReopenForm(NFCFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do mở lại"),
        validators=[MaxLengthValidator(2000)],  # no maxlength attribute: a paste is never cut
        widget=forms.Textarea(attrs={"rows": 2, "data-counter": 2000}),
        error_messages={"required": _("Cần ghi lý do mở lại.")},
    )

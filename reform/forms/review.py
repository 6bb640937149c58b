"""The office's review: comments, returning with a reason (and remarks per field), reopening."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
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
                # The classes crispy gives a text input, set here: the page writes these inputs itself
                # (`note_rows`), and crispy, for a field in error, keeps them as they are.
                widget=forms.TextInput(attrs={"data-limit": 1000, "class": "textinput form-control"}),
            )

    def note_fields(self) -> list[forms.BoundField]:
        return [self[f"note_{name}"] for name in SNAPSHOT_LABELS]

    def note_rows(self) -> list[tuple[forms.BoundField, SafeString]]:
        """Each note field with its input as Django's TextInput writes it, written here: a widget template
        per field (and a crispy field template around each) cost more than the rest of the review panel. The
        page wraps each input as crispy does, and lets crispy render a field in error."""
        return [(field, _text_input(field)) for field in self.note_fields()]

    def notes(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(f"note_{name}", "") for name in SNAPSHOT_LABELS}


class ReopenForm(NFCFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do mở lại"),
        validators=[MaxLengthValidator(2000)],  # no maxlength attribute: a paste is never cut
        widget=forms.Textarea(attrs={"rows": 2, "data-counter": 2000}),
        error_messages={"required": _("Cần ghi lý do mở lại.")},
    )


def _text_input(field: forms.BoundField) -> SafeString:
    """`str(field)` for a TextInput (the same attributes in the same order), without its templates."""
    widget = field.field.widget
    extra = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        extra.setdefault("id", field.auto_id)
    attrs: dict[str, Any] = {"type": widget.input_type, "name": field.html_name}
    value = widget.format_value(field.value())
    if value is not None:
        attrs["value"] = value
    attrs.update({**widget.attrs, **extra})
    # As django/forms/widgets/attrs.html writes them: in order, True as a bare name, False left out.
    written = (
        format_html(" {}", k) if v is True else format_html(' {}="{}"', k, v)
        for k, v in attrs.items()
        if v is not False
    )
    return format_html("<input{}>", format_html_join("", "{}", ((w,) for w in written)))

"""Forms and form helpers shared by every app: login and passwords, text cleaning, dates, uploads."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar, cast
from urllib.parse import urlencode

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q, QuerySet
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from kimphuong.text import clean_input, strip_controls

if TYPE_CHECKING:
    # The mixins below are only ever combined with a form class: type-check them as one.
    FormMixinBase = forms.BaseForm
else:
    FormMixinBase = object

Rows = TypeVar("Rows", bound=QuerySet[Any])  # the queryset class is kept (TaskQuerySet stays a TaskQuerySet)


class LoginForm(AuthenticationForm):
    """Django's login form with messages an official understands at once."""

    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Vui lòng nhập lại; mật khẩu phân biệt chữ hoa và chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Vui lòng liên hệ Văn phòng - thống kê."),
    }


class _BootstrapMixin(FormMixinBase):
    """Django's password forms with Bootstrap classes on their inputs (the templates render them field by field)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class PasswordChangeForm(_BootstrapMixin, auth_forms.PasswordChangeForm):
    pass


class SetPasswordForm(_BootstrapMixin, auth_forms.SetPasswordForm):
    pass


class PasswordResetForm(_BootstrapMixin, auth_forms.PasswordResetForm):
    pass


class TemporaryPasswordForm(auth_forms.AdminPasswordChangeForm):
    """The administrator's "set password" form: a password set for someone else is temporary.

    The user must choose their own at the next login (User.must_change_password); the administrator can untick
    the box on the user's page afterwards.
    """

    def save(self, commit: bool = True):
        if self.cleaned_data.get("set_usable_password", True):
            self.user.must_change_password = True
        return super().save(commit=commit)


class TemporaryPasswordUserCreationForm(auth_forms.AdminUserCreationForm):
    """A new account's first password comes from the administrator: ticked to be changed at the first login."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "must_change_password" in self.fields:
            self.fields["must_change_password"].initial = True


DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


def nfc(value: Any) -> Any:
    """Store Vietnamese text in Unicode NFC (browsers on macOS may send NFD), without control characters."""
    return clean_input(value) if isinstance(value, str) else value


DASHES = "---------"  # Django's empty choice label


def choose_prompts(form: forms.BaseForm) -> None:
    """Dropdowns open on “— Chọn —” rather than Django's row of dashes."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) and field.empty_label == DASHES:
            field.empty_label = _("— Chọn —")
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            choices = list(cast(Iterable[Any], field.choices))
            if choices and choices[0] == ("", DASHES):
                field.choices = [("", _("— Chọn —")), *choices[1:]]


class NFCFormMixin(FormMixinBase):
    """Control characters (a NUL pasted from another program…) are dropped before validation, so they
    neither reach the database nor produce an untranslated error; text is stored in NFC. Dropdowns open on
    “— Chọn —”."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_prompts(self)
        if self.is_bound and isinstance(self.data, MultiValueDict):  # request.POST (a QueryDict)
            data = self.data.copy()
            for key, values in self.data.lists():
                data.setlist(key, [strip_controls(v) if isinstance(v, str) else v for v in values])
            self.data = data

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned is None:  # a parent's clean() may return None, and Django then keeps cleaned_data
            cleaned = self.cleaned_data
        for key, value in cleaned.items():
            cleaned[key] = nfc(value)
        return cleaned


class UploadForm(forms.Form):
    """An Excel file to import (.xlsx, at most 10 MB)."""

    file = forms.FileField(
        label=_("Tệp Excel"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        error_messages={"required": _("Hãy chọn tệp Excel (.xlsx).")},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel .xlsx theo mẫu."))
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 10 MB)."))
        return upload


def filter_helper(*fields: str, width: str = "col-sm-3") -> FormHelper:
    """A list's filters as crispy renders them: one row of fields inside the page's own GET form."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(Row(*(Column(name, css_class=width) for name in fields), css_class="g-2 align-items-end"))
    return helper


class FilterForm(forms.Form):
    """The filters of a list page (GET, all optional), rendered with crispy like every other form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = filter_helper(*self.fields)

    def query(self, **changes: Any) -> str:
        """This filter's query string, some values replaced: the pager's links, each number's list."""
        params = {k: v for k, v in (self.data or {}).items() if v and k in self.fields}
        params.update(changes)
        return urlencode({k: v for k, v in params.items() if v not in ("", None, False)})


def search_words(rows: Rows, text: str, *lookups: str) -> Rows:
    """The rows holding every word of `text` in one of the `lookups` (“code__icontains”, …)."""
    for word in text.split():
        match = Q()
        for lookup in lookups:
            match |= Q(**{lookup: word})
        rows = rows.filter(match)
    return rows

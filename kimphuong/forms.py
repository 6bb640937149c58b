from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's login form with messages an official understands at once."""

    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Vui lòng nhập lại; mật khẩu phân biệt chữ hoa và chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Vui lòng liên hệ Văn phòng - thống kê."),
    }


class _BootstrapMixin:
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

from typing import ClassVar

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .services import login_locked, record_login_failure, reset_login_failures

LOCKED_MESSAGE = _(
    "Tài khoản tạm thời bị khóa do đăng nhập sai quá %(count)d lần. "
    "Vui lòng thử lại sau %(minutes)d phút."
)


class ThrottleMixin:
    """Refuse a username, from one address, after LOGIN_MAX_FAILURES failed logins."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        if username and login_locked(username, address):
            raise ValidationError(
                LOCKED_MESSAGE,
                code="locked",
                params={
                    "count": settings.LOGIN_MAX_FAILURES,
                    "minutes": max(1, settings.LOGIN_LOCKOUT_SECONDS // 60),
                },
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            if username:
                record_login_failure(username, address)
            raise
        reset_login_failures(username, address)
        return cleaned


class ThrottledAuthenticationForm(ThrottleMixin, AuthenticationForm):
    error_messages: ClassVar[dict[str, str]] = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị vô hiệu hóa."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")
        self.fields["username"].widget = forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}
        )


class ThrottledAdminAuthenticationForm(ThrottleMixin, AdminAuthenticationForm):
    """The admin's own login form, throttled the same way."""

from typing import ClassVar

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import throttle

LOCKED_MESSAGE = _(
    "Tài khoản tạm thời bị khóa do đăng nhập sai quá %(count)d lần. "
    "Vui lòng thử lại sau %(minutes)d phút."
)
ADDRESS_LOCKED_MESSAGE = _(
    "Có quá nhiều lần đăng nhập sai từ địa chỉ này (%(count)d lần). "
    "Vui lòng thử lại sau %(minutes)d phút."
)


class ThrottleMixin:
    """Refuse a username from one address, or one address, after too many failed logins."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password") or ""
        if not (username and password):
            return super().clean()  # nothing is checked, so nothing is counted or reset
        address = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        attempt = throttle.begin_attempt(username, address)
        if isinstance(attempt, throttle.Lock):
            raise ValidationError(
                ADDRESS_LOCKED_MESSAGE if attempt.per_address else LOCKED_MESSAGE,
                code="locked",
                params={
                    "count": settings.LOGIN_MAX_FAILURES_PER_ADDRESS
                    if attempt.per_address
                    else settings.LOGIN_MAX_FAILURES,
                    "minutes": attempt.minutes,
                },
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            raise  # the attempt stays written: one failure
        except BaseException:
            throttle.abandoned(attempt)
            raise
        throttle.succeeded(attempt)
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

"""Django's password validators with Vietnamese messages (AUTH_PASSWORD_VALIDATORS).

Django's own Vietnamese catalogue leaves some of these messages in English, so each validator is
wrapped with the same rule and a message of ours.
"""

from __future__ import annotations

from itertools import pairwise

from django.contrib.auth import password_validation as base
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MinimumLengthValidator(base.MinimumLengthValidator):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                _("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.")
                % {"min_length": self.min_length},
                code="password_too_short",
            )

    def get_help_text(self):
        return _("Mật khẩu cần ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(base.UserAttributeSimilarityValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError(
                _("Mật khẩu quá giống tên đăng nhập, họ tên hoặc địa chỉ thư điện tử."),
                code="password_too_similar",
            ) from None

    def get_help_text(self):
        return _("Mật khẩu không được quá giống thông tin cá nhân của bạn.")


#: words Vietnamese users make passwords of (Django's list is English): with digits or symbols
#: after them ("matkhau123", "Admin@2026") they are still guessed first (rough edge S8)
VIETNAMESE_WORDS = (
    "matkhau",
    "mật khẩu",
    "danhgia",
    "quantri",
    "admin",
    "canbo",
    "vietnam",
    "hanoi",
    "saigon",
    "tinhuy",
    "password",
    "qwerty",
    "abc",
    "asdfgh",
)


def _is_run(text: str) -> bool:
    """ "abcdefghijkl", "123456789", "zyxwvu", "aaaaaaaa": a keyboard or alphabet run."""
    if len(set(text)) == 1:
        return True
    steps = {ord(b) - ord(a) for a, b in pairwise(text)}
    return steps in ({1}, {-1})


def is_guessable(password: str) -> bool:
    """A run of letters or digits, or a common Vietnamese word with only digits and symbols
    around it."""
    lowered = password.lower()
    if _is_run(lowered):
        return True
    core = lowered.strip("0123456789!@#$%^&*._- ")
    return not core or core in VIETNAMESE_WORDS or _is_run(core)


class CommonPasswordValidator(base.CommonPasswordValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError(
                _("Mật khẩu này quá phổ biến, dễ bị đoán."), code="password_too_common"
            ) from None
        if is_guessable(password):
            raise ValidationError(
                _(
                    "Mật khẩu này dễ bị đoán (một dãy chữ, số liên tiếp hoặc một từ thông dụng "
                    "kèm vài chữ số): hãy dùng một cụm từ dài hơn, khó đoán."
                ),
                code="password_too_common",
            )

    def get_help_text(self):
        return _("Mật khẩu không được là một mật khẩu phổ biến.")


class NumericPasswordValidator(base.NumericPasswordValidator):
    def validate(self, password, user=None):
        if password.isdigit():
            raise ValidationError(
                _("Mật khẩu không được chỉ gồm chữ số."), code="password_entirely_numeric"
            )

    def get_help_text(self):
        return _("Mật khẩu không được chỉ gồm chữ số.")

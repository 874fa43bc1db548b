"""Django's password validators with Vietnamese messages (AUTH_PASSWORD_VALIDATORS).

Django's own Vietnamese catalogue leaves some of these messages in English, so each validator is
wrapped with the same rule and a message of ours.
"""

from __future__ import annotations

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


class CommonPasswordValidator(base.CommonPasswordValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError(
                _("Mật khẩu này quá phổ biến, dễ bị đoán."), code="password_too_common"
            ) from None

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

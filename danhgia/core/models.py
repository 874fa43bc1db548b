"""Failed logins, kept in the database so that every process and thread counts the same."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginFailure(models.Model):
    """One failed (or still running) login attempt of a username from an address (SPEC §14).

    The username is stored as a hash: people sometimes type their password into it.
    """

    username_hash = models.CharField(_("tên đăng nhập (băm)"), max_length=64)
    address = models.CharField(_("địa chỉ"), max_length=45)
    at = models.DateTimeField(_("lúc"), db_index=True)

    class Meta:
        verbose_name = _("lần đăng nhập sai")
        verbose_name_plural = _("các lần đăng nhập sai")
        indexes = (
            models.Index(fields=["username_hash", "address", "at"], name="login_fail_user_addr"),
            models.Index(fields=["address", "at"], name="login_fail_addr"),
        )

    def __str__(self) -> str:
        return f"{self.address} {self.at:%Y-%m-%d %H:%M:%S}"

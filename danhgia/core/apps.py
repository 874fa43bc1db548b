from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "danhgia.core"
    label = "core"
    verbose_name = _("Trang chung")

    def ready(self) -> None:
        from django.contrib import admin

        from danhgia import converters

        converters.register()  # every app's routes use <id:…>; ready() runs before URL modules
        blank_choices_in_vietnamese()

        from django.contrib.auth import get_user_model

        from danhgia.names import account_full_name

        # Vietnamese order, family name first, wherever an account's name is printed
        get_user_model().get_full_name = account_full_name

        from .forms import ThrottledAdminAuthenticationForm

        admin.site.login_form = ThrottledAdminAuthenticationForm
        admin.site.site_header = _("Quản trị hệ thống đánh giá cán bộ hằng quý")
        admin.site.site_title = _("Quản trị đánh giá cán bộ")
        admin.site.index_title = _("Cấu hình hệ thống")


#: the empty choice of every select that does not name its own (rough edge #25)
EMPTY_CHOICE = _("— Chọn —")


def blank_choices_in_vietnamese() -> None:
    """Django's empty option reads "---------" (model fields with choices, ModelChoiceField):
    one place replaces it for every form of the application and the admin. A form that says
    more (e.g. "— Chọn mức —") still sets its own."""
    from django.db.models import fields
    from django.forms import ModelChoiceField

    fields.BLANK_CHOICE_DASH[:] = [("", EMPTY_CHOICE)]  # the list every get_choices() reads
    ModelChoiceField.__init__.__kwdefaults__["empty_label"] = EMPTY_CHOICE

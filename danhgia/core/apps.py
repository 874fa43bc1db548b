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

        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        # PostgreSQL with DB_PREPARED_STATEMENTS: statements with many parameters bound on the
        # client (danhgia.pg_cursor); it imports psycopg, so only when that is the database
        connection_created.connect(_preparing_cursor, dispatch_uid="danhgia.pg_cursor")

        # after django.contrib.auth's own receiver (its ready() ran first): it creates them
        post_migrate.connect(
            vietnamese_permission_names, dispatch_uid="danhgia.core.permission_names"
        )


def _preparing_cursor(sender, connection, **kwargs) -> None:
    if connection.vendor == "postgresql":
        from danhgia.pg_cursor import use_preparing_cursor

        use_preparing_cursor(sender, connection, **kwargs)


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


#: Django names its built-in permissions "Can add <model>" etc. in English, in the database
PERMISSION_VERBS = {
    "Can add ": _("Được thêm "),
    "Can change ": _("Được sửa "),
    "Can delete ": _("Được xóa "),
    "Can view ": _("Được xem "),
}


def vietnamese_permission_names(app_config, using: str = "default", **kwargs) -> None:
    """Name the app's built-in permissions in Vietnamese ("Được thêm phiếu đánh giá"), as the
    administrator reads them on an account's or a group's page (walk of 05/12/2026)."""
    from django.contrib.auth.models import Permission
    from django.utils import translation

    with translation.override("vi"):
        verbs = {english: str(vietnamese) for english, vietnamese in PERMISSION_VERBS.items()}
    changed = []
    for permission in Permission.objects.using(using).filter(
        content_type__app_label=app_config.label, name__startswith="Can "
    ):
        for english, vietnamese in verbs.items():
            if permission.name.startswith(english):
                permission.name = (vietnamese + permission.name[len(english) :])[:255]
                changed.append(permission)
                break
    if changed:
        Permission.objects.using(using).bulk_update(changed, ["name"])

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "danhgia.dossiers"
    label = "dossiers"
    verbose_name = _("Hội nghị và hồ sơ của đơn vị")

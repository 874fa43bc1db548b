from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "danhgia.decisions"
    label = "decisions"
    verbose_name = _("Quyết định và công khai kết quả")

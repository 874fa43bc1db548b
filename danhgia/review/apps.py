from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "danhgia.review"
    label = "review"
    verbose_name = _("Xác nhận, nhận xét và thẩm định")

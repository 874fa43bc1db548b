from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "danhgia.tasks"
    label = "tasks"
    verbose_name = _("Nhiệm vụ và danh mục sản phẩm")

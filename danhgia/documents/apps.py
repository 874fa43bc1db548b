from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "danhgia.documents"
    label = "documents"
    verbose_name = _("Văn bản, biểu mẫu")

    def ready(self) -> None:
        from . import kinds  # noqa: F401  (each module registers its document kinds)

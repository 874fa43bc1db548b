from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "danhgia.jobs"
    label = "jobs"
    verbose_name = _("Công việc nền")

    def ready(self) -> None:
        # Each app declares its job kinds in its own ``jobs.py`` (the registry is filled here, so
        # the web process and every worker know the same kinds).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("jobs")

"""The administrator's view of background jobs and workers (/quan-tri/): read-only, with
"Cho chạy lại" for failed jobs (``services.retry``)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .choices import JobState
from .errors import JobError
from .models import Job, WorkerHeartbeat
from .registry import KINDS
from .services import retry


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class KindFilter(admin.SimpleListFilter):
    title = _("loại công việc")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(kind.name, kind.title) for kind in sorted(KINDS.values(), key=lambda k: k.name)]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = (
        "label",
        "state",
        "progress",
        "attempts",
        "created_by",
        "created_at",
        "finished_at",
        "error",
    )
    list_filter = ("state", KindFilter)
    search_fields = ("label", "idempotency_key", "created_by__username")
    list_select_related = ("created_by",)
    actions = ("retry_failed",)

    def get_actions(self, request):
        # "Delete selected" goes (jobs are a record); "retry" stays although rows are read-only.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description=_("tiến độ"))
    def progress(self, job: Job) -> str:
        return f"{job.progress_done}/{job.progress_total}"

    @admin.action(description=_("Cho chạy lại các công việc bị lỗi đã chọn"))
    def retry_failed(self, request, queryset) -> None:
        retried, refused = 0, []
        others = queryset.exclude(state=JobState.FAILED).count()
        for job in list(queryset.filter(state=JobState.FAILED)):
            try:
                retry(job, request.user)
            except JobError as exc:
                refused.append(f"#{job.pk}: {exc.message}")
            else:
                retried += 1
        if retried:
            messages.success(request, _("Đã cho chạy lại %(n)d công việc.") % {"n": retried})
        if others:
            messages.warning(
                request, _("%(n)d công việc không bị lỗi nên được giữ nguyên.") % {"n": others}
            )
        for message in refused:
            messages.error(request, message)


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ("worker", "hostname", "pid", "started_at", "seen_at", "stopped_at", "jobs_done")

"""The administrator's view of background jobs and workers (/quan-tri/): read-only, with
"Cho chạy lại" for failed jobs (``services.retry``)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .choices import JobState
from .errors import JobError
from .models import Job, WorkerHeartbeat
from .services import retry


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = (
        "pk",
        "label",
        "state",
        "progress_done",
        "progress_total",
        "attempts",
        "created_by",
        "created_at",
        "finished_at",
        "error",
    )
    list_filter = ("state", "kind")
    search_fields = ("label", "idempotency_key", "created_by__username")
    list_select_related = ("created_by",)
    actions = ("retry_failed",)

    def get_actions(self, request):
        # "Delete selected" goes (jobs are a record); "retry" stays although rows are read-only.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

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

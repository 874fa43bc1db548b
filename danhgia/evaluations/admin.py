"""Evaluations in the admin: view only. Every change goes through the workflow's services (with
the engine's numbers, the state checks and the audit log), never through a raw edit here."""

from django.contrib import admin

from .models import CriterionEntry, Evaluation, Evidence


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CriterionEntryInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CriterionEntry
    extra = 0
    fields = (
        "code",
        "met",
        "target_low",
        "target_high",
        "actual",
        "category",
        "level",
        "not_applicable",
        "use_tasks",
        "kpi",
        "points",
        "exceeded",
    )
    readonly_fields = fields


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("official", "period", "state", "self_total", "submitted_at", "submitted_late")
    list_filter = ("period", "state", "submitted_late")
    search_fields = ("official__full_name", "official__code")
    list_select_related = ("official", "period")
    inlines = (CriterionEntryInline,)


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    # The file itself has no URL (private storage): it is downloaded from the application.
    fields = ("entry", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    list_display = ("original_name", "entry", "size", "uploaded_by", "uploaded_at")
    list_select_related = ("entry", "uploaded_by")
    search_fields = ("original_name",)

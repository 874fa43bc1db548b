"""Evaluations in the admin: view only. Every change goes through the workflow's services (with
the engine's numbers, the state checks and the audit log), never through a raw edit here."""

from django.contrib import admin

from danhgia.organisation.admin import OfficialAdmin
from danhgia.organisation.models import Official

from .models import CriterionEntry, Evaluation, Evidence
from .opening import recheck_deferrals


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


# The official's page in the admin records absences and posts (inlines): once they are saved, the
# person's evaluations of open quarters are deferred (or no longer) at once (rough edge N2). The
# organisation app sits below the evaluations, so the hook is added here, above it.
admin.site.unregister(Official)


@admin.register(Official)
class OfficialDeferralAdmin(OfficialAdmin):
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        recheck_deferrals(form.instance, actor=request.user)

from django.contrib import admin

from danhgia.access.freeze_admin import FreezeAdminMixin, FreezeInlineMixin
from danhgia.audit.admin import AuditedModelAdmin

from .models import Catalogue, CollectiveResult, Product, Task, TaskEvidence


class ProductInline(admin.TabularInline):
    model = Product
    extra = 0


@admin.register(Catalogue)
class CatalogueAdmin(AuditedModelAdmin):
    list_display = ("unit", "version", "period", "state", "approved_at")
    list_filter = ("state", "period")
    search_fields = ("unit__name", "unit__code")
    autocomplete_fields = ("unit",)
    list_select_related = ("unit", "period")
    readonly_fields = ("approved_by", "approved_at")
    inlines = (ProductInline,)


class TaskEvidenceInline(FreezeInlineMixin, admin.TabularInline):
    model = TaskEvidence
    extra = 0
    fields = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Task)
class TaskAdmin(FreezeAdminMixin, AuditedModelAdmin):
    """A task a decision rests on, or of a closed quarter, is read-only (access.freeze)."""

    list_display = ("title", "lead", "period", "assigning_unit", "axis", "due_date", "state")
    list_filter = ("state", "period", "axis", "source")
    search_fields = ("title", "lead__full_name", "lead__code")
    autocomplete_fields = ("lead", "assigning_unit", "product")
    raw_id_fields = ("carried_from",)
    list_select_related = ("lead", "period", "assigning_unit")
    # newest first on the primary key: the model's ordering by period sorts a province's
    # ~100,000 tasks through the period's own ordering (0,48 s at 20,000 officials)
    ordering = ("-id",)
    show_full_result_count = False
    readonly_fields = ("assigned_by", "verified_by", "verified_at", "batch")
    inlines = (TaskEvidenceInline,)

    def save_model(self, request, obj, form, change):
        if not change and obj.assigned_by_id is None:
            obj.assigned_by = request.user  # a task added here is assigned by the administrator
        super().save_model(request, obj, form, change)


@admin.register(Product)
class ProductAdmin(AuditedModelAdmin):
    list_display = ("name", "catalogue", "points", "is_standard")
    search_fields = ("name",)
    list_select_related = ("catalogue__unit",)


@admin.register(CollectiveResult)
class CollectiveResultAdmin(FreezeAdminMixin, AuditedModelAdmin):
    """Read-only once decided upon or closed (access.freeze)."""

    list_display = ("unit", "period", "self_level", "updated_at")
    list_filter = ("period", "self_level")
    search_fields = ("unit__name",)
    list_select_related = ("unit", "period")
    readonly_fields = ("lock_version", "prepared_by")

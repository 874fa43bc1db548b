from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from .choices import AuditAction
from .display import object_type_choices, object_type_label
from .models import AuditEntry
from .services import changed_only, log_action, snapshot


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletions are written to the audit log."""

    #: fields too large or too noisy to copy into every entry
    audit_exclude: tuple[str, ...] = ()

    def get_changeform_initial_data(self, request):
        """The add form's values from the query string, without those that cannot be ids.

        ``?unit=<27 digits>`` would otherwise reach the database when the form is drawn and
        overflow its integer (a 500); such a value is simply not prefilled.
        """
        initial = super().get_changeform_initial_data(request)
        for name in list(initial):
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if not isinstance(field, models.ForeignKey):
                continue
            values = initial[name] if isinstance(initial[name], list) else [initial[name]]
            try:
                for value in values:
                    number = field.target_field.to_python(value)
                    if isinstance(number, int) and not 0 < number < 2**31:
                        raise ValidationError("not an id")
            except ValidationError:
                del initial[name]
        return initial

    def save_model(self, request, obj, form, change):
        before = None
        if change:
            old = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = snapshot(old, self.audit_exclude) if old else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            after = snapshot(obj, self.audit_exclude)
            action = AuditAction.RECORD_CHANGED if change else AuditAction.RECORD_CREATED
            before, after = changed_only(before, after)
            log_action(request.user, action, obj, before=before, after=after)

    def delete_model(self, request, obj):
        with transaction.atomic():
            log_action(
                request.user,
                AuditAction.RECORD_DELETED,
                obj,
                before=snapshot(obj, self.audit_exclude),
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                log_action(
                    request.user,
                    AuditAction.RECORD_DELETED,
                    obj,
                    before=snapshot(obj, self.audit_exclude),
                )
            super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        """Inline rows are records too: log each one created, changed or deleted."""
        # The forms' instances already hold the submitted values: read "before" from the database.
        pks = [f.instance.pk for f in formset.initial_forms if f.instance.pk is not None]
        befores = {
            obj.pk: snapshot(obj) for obj in formset.model._default_manager.filter(pk__in=pks)
        }
        with transaction.atomic():
            for obj in (f.instance for f in formset.deleted_forms):
                if obj.pk in befores:
                    log_action(
                        request.user, AuditAction.RECORD_DELETED, obj, before=befores[obj.pk]
                    )
            super().save_formset(request, form, formset, change)
            for obj in formset.new_objects:
                log_action(request.user, AuditAction.RECORD_CREATED, obj, after=snapshot(obj))
            for obj, _fields in formset.changed_objects:
                before, after = changed_only(befores.get(obj.pk), snapshot(obj))
                log_action(
                    request.user, AuditAction.RECORD_CHANGED, obj, before=before, after=after
                )


class ObjectTypeFilter(admin.SimpleListFilter):
    """The kinds of records by their Vietnamese names, not "periods.period" (D12)."""

    title = _("loại đối tượng")
    parameter_name = "object_type"

    def lookups(self, request, model_admin):
        return object_type_choices()

    def queryset(self, request, queryset):
        return queryset.filter(object_type=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence, so nobody adds, edits or deletes entries here."""

    list_display = ("created_at", "actor_shown", "action", "object_type_name", "object_repr")
    list_filter = ("action", ObjectTypeFilter)
    search_fields = ("object_repr", "actor_name", "object_id")
    date_hierarchy = "created_at"
    list_select_related = ("actor",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("người thực hiện"), ordering="actor_name")
    def actor_shown(self, entry: AuditEntry) -> str:
        """The name as the application's log prints it: "Hệ thống" for the system's entries."""
        return entry.actor_name or _("Hệ thống")

    @admin.display(description=_("loại đối tượng"), ordering="object_type")
    def object_type_name(self, entry: AuditEntry) -> str:
        """The model's Vietnamese name ("Kỳ đánh giá"), not its label ("periods.period")."""
        return object_type_label(entry.object_type)

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from danhgia.access.freeze_admin import FreezeAdminMixin, FreezeInlineMixin
from danhgia.audit.admin import AuditedModelAdmin

from .choices import PeriodState
from .models import Deadline, Holiday, Period, PeriodFramework
from .services import close_period


class DeadlineInline(admin.TabularInline):
    """Deadlines come from the policy: shown, never typed in."""

    model = Deadline
    extra = 0
    fields = ("due_date", "label", "who", "key")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PeriodFrameworkInline(FreezeInlineMixin, admin.TabularInline):
    """Frameworks of a closed period are read-only (access.freeze)."""

    model = PeriodFramework
    extra = 0
    autocomplete_fields = ("framework_version",)


@admin.register(Period)
class PeriodAdmin(FreezeAdminMixin, AuditedModelAdmin):
    """A closed period is read-only (access.freeze); it is closed by the action, once."""

    list_display = ("__str__", "policy_version", "state", "created_at")
    list_filter = ("state", "year")
    list_select_related = ("policy_version",)
    autocomplete_fields = ("policy_version",)
    inlines = (PeriodFrameworkInline, DeadlineInline)
    actions = ("close_selected",)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_open:
            return ["year", "quarter", "policy_version", "state"]
        return ["state"]  # closing is the action below: logged, and final

    @admin.action(description=_("Đóng các kỳ đánh giá đã chọn"))
    def close_selected(self, request, queryset):
        """Close after a confirmation page saying what follows (closing is final)."""
        if request.POST.get("post") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": _("Đóng kỳ đánh giá?"),
                "opts": self.model._meta,
                "periods": list(queryset.filter(state=PeriodState.OPEN)),
                "selected": queryset,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            template = "admin/periods/period/close_confirmation.html"
            return TemplateResponse(request, template, context)
        for period in queryset.filter(state=PeriodState.OPEN):
            close_period(period, actor=request.user)
            self.message_user(
                request, _("Đã đóng %(period)s.") % {"period": period}, messages.SUCCESS
            )


@admin.register(Holiday)
class HolidayAdmin(AuditedModelAdmin):
    """The days off that do not count as working days when a dossier is late (SPEC §15)."""

    list_display = ("day", "name")
    list_filter = ("day",)
    search_fields = ("name",)
    date_hierarchy = "day"

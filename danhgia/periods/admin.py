from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from danhgia.access.freeze_admin import FreezeAdminMixin, FreezeInlineMixin
from danhgia.audit.admin import AuditedModelAdmin
from danhgia.engine import deadline_date
from danhgia.organisation.models import Block

from .choices import PeriodState
from .models import Deadline, Period, PeriodFramework
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


def _deadlines_text(rows: list[tuple]) -> str:
    return "; ".join(f"{due:%d/%m/%Y} – {label}" for due, label in rows) or "—"


class PeriodAdminForm(forms.ModelForm):
    """Changing an open period's policy replaces its deadlines: say which, and ask first (D17)."""

    confirm_new_deadlines = forms.BooleanField(
        label=_("Đồng ý tính lại các thời hạn theo chính sách mới"),
        required=False,
        help_text=_(
            "Chỉ cần khi đổi chính sách của một kỳ đã có: mọi thời hạn của kỳ được thay bằng "
            "thời hạn của chính sách mới."
        ),
    )

    class Meta:
        model = Period
        fields = ("year", "quarter", "policy_version")

    def clean(self):
        data = super().clean()
        period, policy = self.instance, data.get("policy_version")
        if period.pk is None or policy is None or policy.pk == period.policy_version_id:
            return data
        if not policy.is_valid:
            return data  # the model's own message names the problem
        year, quarter = data.get("year", period.year), data.get("quarter", period.quarter)
        now = [(d.due_date, d.label) for d in period.deadlines.order_by("order")]
        new = [
            (deadline_date(year, quarter, item.month, item.day), item.label)
            for item in policy.load().deadlines
        ]
        if now != new and not data.get("confirm_new_deadlines"):
            raise forms.ValidationError(
                _(
                    "Đổi chính sách sẽ thay %(n_now)d thời hạn hiện có (%(now)s) bằng %(n_new)d "
                    "thời hạn của chính sách mới (%(new)s). Nếu đúng ý bạn, hãy đánh dấu ô “Đồng "
                    "ý tính lại các thời hạn theo chính sách mới” rồi lưu lại."
                )
                % {
                    "n_now": len(now),
                    "now": _deadlines_text(now),
                    "n_new": len(new),
                    "new": _deadlines_text(new),
                }
            )
        return data


@admin.register(Period)
class PeriodAdmin(FreezeAdminMixin, AuditedModelAdmin):
    """A closed period is read-only (access.freeze); it is closed by the action, once."""

    list_display = ("__str__", "policy_version", "state", "created_at")
    list_filter = ("state", "year")
    list_select_related = ("policy_version",)
    autocomplete_fields = ("policy_version",)
    inlines = (PeriodFrameworkInline, DeadlineInline)
    actions = ("close_selected",)
    form = PeriodAdminForm

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f != "confirm_new_deadlines"]
        if obj is not None and obj.is_open:
            fields.append("confirm_new_deadlines")
        return fields

    def save_related(self, request, form, formsets, change):
        """After the frameworks are saved: name the blocks whose people have none (D16)."""
        super().save_related(request, form, formsets, change)
        period = form.instance
        missing = list(
            Block.objects.filter(units__officials__isnull=False)
            .exclude(period_frameworks__period=period)
            .distinct()
            .order_by("order")
            .values_list("name", flat=True)
        )
        if missing and period.is_open:
            self.message_user(
                request,
                _(
                    "%(period)s chưa gán khung chấm điểm cho %(n)d khối có cán bộ: %(blocks)s. "
                    "Cán bộ của các khối này chưa lập được phiếu đánh giá cho đến khi được gán."
                )
                % {"period": period, "n": len(missing), "blocks": ", ".join(missing)},
                messages.WARNING,
            )

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

import json

from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from danhgia.audit.admin import AuditedModelAdmin

from .models import FrameworkVersion, PolicyVersion
from .services import copy_as_new_version, describe_problem, next_version


class RulesVersionAdmin(AuditedModelAdmin):
    """Versions are read-only once a period uses them; "copy" makes an editable new version."""

    #: the reverse relation that counts the periods using a version
    uses_relation = ""
    list_display = ("code", "version", "title", "status", "use_count", "created_at")
    list_filter = ("status", "code")
    search_fields = ("code", "title")
    ordering = ("code", "-version")
    actions = ("make_new_version",)
    base_readonly = ("version", "title", "status", "problem_list", "import_hash", "created_at")

    #: the model whose autocomplete picker chooses a version (only valid ones are offered there)
    picked_by = ""

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if self.picked_by and request.GET.get("model_name") == self.picked_by:
            queryset = queryset.filter(status="valid")
        return queryset, may_have_duplicates

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(use_count=Count(self.uses_relation, distinct=True))
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.in_use():
            return [*self.base_readonly, "code", "content_display", "origin"]
        return self.base_readonly

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if obj is not None and obj.in_use():
            fields = ["content_display" if f == "content" else f for f in fields]
            if "content_display" not in fields:
                fields.append("content_display")
        return fields

    @admin.display(description=_("nội dung tệp dữ liệu"))
    def content_display(self, obj):
        """A used version's content as indented JSON, not a Python dict (D19)."""
        text = json.dumps(obj.content, ensure_ascii=False, indent=2, sort_keys=False)
        return format_html('<pre class="rules-content">{}</pre>', text)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.in_use():
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.version = next_version(type(obj), obj.code)
        super().save_model(request, obj, form, change)

    @admin.display(description=_("số kỳ sử dụng"), ordering="use_count")
    def use_count(self, obj) -> int:
        return obj.use_count

    @admin.display(description=_("các vấn đề"))
    def problem_list(self, obj):
        if not obj.problems:
            return "—"
        return format_html_join("", "<div>{}</div>", ((describe_problem(p),) for p in obj.problems))

    @admin.action(description=_("Tạo phiên bản mới từ phiên bản đã chọn"))
    def make_new_version(self, request, queryset):
        for record in queryset:
            copy = copy_as_new_version(record, actor=request.user)
            self.message_user(
                request,
                _("Đã tạo %(copy)s từ %(record)s.") % {"copy": copy, "record": record},
                messages.SUCCESS,
            )


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(RulesVersionAdmin):
    uses_relation = "period_uses__period"  # a period assigns a version to several blocks
    #: the picker of a period's framework offers only what a period may use (D16)
    picked_by = "periodframework"
    base_readonly = (*RulesVersionAdmin.base_readonly, "appendix", "policy_code", "pages")

    @admin.display(description=_("trang khung chấm điểm"))
    def pages(self, obj):
        """Where the framework is read, completed in a form, or compared (issue 15, item 7)."""
        if obj is None or obj.pk is None:
            return "—"
        links = [(obj.get_absolute_url(), _("Xem khung"))]
        if not obj.in_use():
            links.append(
                (reverse("rules:framework_edit", args=[obj.pk]), _("Hoàn thiện trên biểu mẫu"))
            )
        links.append((reverse("rules:import"), _("Nhập tệp YAML/JSON")))
        return format_html_join(" · ", '<a href="{}">{}</a>', links)


@admin.register(PolicyVersion)
class PolicyVersionAdmin(RulesVersionAdmin):
    uses_relation = "periods"
    picked_by = "period"
    base_readonly = (*RulesVersionAdmin.base_readonly, "province")

from typing import ClassVar

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from danhgia.audit.admin import AuditedModelAdmin

from .models import (
    Absence,
    Block,
    ComparisonGroup,
    Official,
    PositionHistory,
    RoleAssignment,
    Unit,
)


@admin.register(Block)
class BlockAdmin(AuditedModelAdmin):
    list_display = ("name", "code", "framework_code", "order")
    search_fields = ("name", "code")
    prepopulated_fields: ClassVar[dict[str, tuple[str, ...]]] = {"code": ("name",)}


@admin.register(Unit)
class UnitAdmin(AuditedModelAdmin):
    list_display = ("name", "code", "block", "parent")
    list_filter = ("block",)
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)
    readonly_fields = ("path",)
    list_select_related = ("block", "parent")


@admin.register(ComparisonGroup)
class ComparisonGroupAdmin(AuditedModelAdmin):
    list_display = ("name", "code", "quota_pct")
    search_fields = ("name", "code")


class PositionHistoryInline(admin.TabularInline):
    model = PositionHistory
    extra = 0
    autocomplete_fields = ("unit",)


class AbsenceInline(admin.TabularInline):
    model = Absence
    extra = 0


@admin.register(Official)
class OfficialAdmin(AuditedModelAdmin):
    list_display = ("full_name", "code", "unit", "leadership_role", "management_scope", "gender")
    list_filter = (
        "unit__block",
        "leadership_role",
        "management_scope",
        "gender",
        "ethnic_minority",
        "comparison_group",
        "rated_quarterly",
    )
    search_fields = ("full_name", "code", "user__username")
    autocomplete_fields = ("unit", "user", "comparison_group", "area_units")
    list_select_related = ("unit",)
    inlines = (PositionHistoryInline, AbsenceInline)
    fieldsets = (
        (None, {"fields": ["code", "full_name", "user"]}),
        (
            _("Nhân thân"),
            {"fields": ["gender", "date_of_birth", "ethnic_minority"]},
        ),
        (
            _("Chức vụ và đơn vị"),
            {
                "fields": [
                    "unit",
                    "party_position",
                    "government_position",
                    "mass_org_position",
                    "leadership_role",
                    "management_scope",
                    "comparison_group",
                    "area_units",
                    "rated_quarterly",
                ]
            },
        ),
        (_("Công tác"), {"fields": ["service_start", "expected_retirement"]}),
    )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedModelAdmin):
    list_display = ("user", "role", "unit", "include_subtree", "acting_unit")
    list_filter = ("role",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "unit__name")
    autocomplete_fields = ("user", "unit", "acting_unit")
    list_select_related = ("user", "unit", "acting_unit")


class RoleAssignmentInline(admin.StackedInline):
    """Stacked, not a table: the five columns (with the acting unit) overflowed the user's page
    at 1280 px, its note out of sight (walk of issue 16)."""

    model = RoleAssignment
    extra = 0
    autocomplete_fields = ("unit", "acting_unit")


User = get_user_model()


class DanhgiaUserAdmin(AuditedModelAdmin, UserAdmin):
    """Django's user admin with the account's roles and scopes on the same page, audited."""

    audit_exclude = ("password",)
    inlines = (*UserAdmin.inlines, RoleAssignmentInline)
    # One "Họ và tên" column, family name first (not "Tên" before "Họ"), and fewer columns: the
    # list fits beside the menu at 1280 px (walk of issue 16: the last column was cut off).
    list_display = ("username", "vn_full_name", "email", "is_staff", "is_active")

    @admin.display(description=_("Họ và tên"), ordering="last_name")
    def vn_full_name(self, user) -> str:
        return user.get_full_name()


admin.site.unregister(User)
admin.site.register(User, DanhgiaUserAdmin)

"""Units, officials, comparison groups, periods with deadlines, framework and policy versions."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from danhgia.organisation.choices import LeadershipRole, ManagementScope
from danhgia.organisation.models import Block, ComparisonGroup, Official, Unit
from danhgia.periods.models import Deadline, Period, PeriodFramework
from danhgia.rules.models import FrameworkVersion, PolicyVersion


@extend_schema_field({"type": "string", "nullable": True, "readOnly": True})
class CodeOf(serializers.SlugRelatedField):
    """The code of a related record (a block, a comparison group), or null."""

    def __init__(self, **kwargs) -> None:
        super().__init__(slug_field="code", read_only=True, **kwargs)


class UnitSerializer(serializers.ModelSerializer):
    block = CodeOf()

    class Meta:
        model = Unit
        fields = ("id", "code", "name", "parent", "block", "path", "order")


class OfficialSerializer(serializers.ModelSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    comparison_group = CodeOf()

    class Meta:
        model = Official
        fields = (
            "id",
            "code",
            "full_name",
            "gender",
            "date_of_birth",
            "ethnic_minority",
            "unit",
            "unit_code",
            "party_position",
            "government_position",
            "mass_org_position",
            "leadership_role",
            "management_scope",
            "comparison_group",
            "service_start",
            "expected_retirement",
            "rated_quarterly",
        )


class ComparisonGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = ComparisonGroup
        fields = ("id", "code", "name", "description", "quota_pct")


class DeadlineSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deadline
        fields = ("key", "label", "who", "due_date", "order")


class PeriodFrameworkSerializer(serializers.ModelSerializer):
    block = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = PeriodFramework
        fields = ("block", "framework_version")


class PeriodSerializer(serializers.ModelSerializer):
    deadlines = DeadlineSerializer(many=True, read_only=True)
    frameworks = PeriodFrameworkSerializer(many=True, read_only=True)

    class Meta:
        model = Period
        fields = (
            "id",
            "year",
            "quarter",
            "state",
            "policy_version",
            "results_cutoff",
            "deadlines",
            "frameworks",
        )


RULES_FIELDS = ("id", "code", "version", "title", "status", "problems", "created_at")


class FrameworkVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = FrameworkVersion
        fields = (*RULES_FIELDS, "appendix", "policy_code")


class PolicyVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PolicyVersion
        fields = (*RULES_FIELDS, "province")


class RulesContentField(serializers.JSONField):
    """The data file as stored (a framework as written, a policy with ``extends`` resolved)."""


class FrameworkVersionDetailSerializer(FrameworkVersionSerializer):
    content = RulesContentField(read_only=True)

    class Meta(FrameworkVersionSerializer.Meta):
        fields = (*FrameworkVersionSerializer.Meta.fields, "content")


class PolicyVersionDetailSerializer(PolicyVersionSerializer):
    content = RulesContentField(read_only=True)

    class Meta(PolicyVersionSerializer.Meta):
        fields = (*PolicyVersionSerializer.Meta.fields, "content")


#: DRF's messages its Vietnamese catalogue lacks, for the organisation writes
_NO_UNIT = {
    "does_not_exist": "Không có đơn vị id {pk_value}.",
    "incorrect_type": "Đơn vị phải là id (số nguyên).",
}
_NO_CODE = {
    "does_not_exist": "Không có mã “{value}”.",
    "invalid": "Mã không hợp lệ.",
}
_NO_CHOICE = {"invalid_choice": "“{input}” không phải giá trị hợp lệ."}


class OfficialWriteSerializer(serializers.Serializer):
    """What an HR system may change on an official (the organisation import's columns)."""

    full_name = serializers.CharField(max_length=150, required=False, label="Họ và tên")
    party_position = serializers.CharField(
        max_length=200, required=False, allow_blank=True, label="Chức vụ Đảng"
    )
    government_position = serializers.CharField(
        max_length=200, required=False, allow_blank=True, label="Chức vụ chính quyền"
    )
    mass_org_position = serializers.CharField(
        max_length=200, required=False, allow_blank=True, label="Chức vụ đoàn thể"
    )
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), required=False, label="Đơn vị (id)", error_messages=_NO_UNIT
    )
    leadership_role = serializers.ChoiceField(
        choices=LeadershipRole.choices,
        required=False,
        label="Vai trò trong tập thể lãnh đạo",
        error_messages=_NO_CHOICE,
    )
    management_scope = serializers.ChoiceField(
        choices=ManagementScope.choices,
        required=False,
        label="Diện quản lý",
        error_messages=_NO_CHOICE,
    )
    comparison_group = serializers.SlugRelatedField(
        slug_field="code",
        queryset=ComparisonGroup.objects.all(),
        required=False,
        allow_null=True,
        label="Mã nhóm so sánh",
        error_messages=_NO_CODE,
    )
    email = serializers.EmailField(
        max_length=254,
        required=False,
        allow_blank=True,
        label="Email của tài khoản",
        help_text="Email của tài khoản của cán bộ (nếu có); để trống thì giữ nguyên.",
    )

    def validate_full_name(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("Họ và tên không được để trống.")
        return value


class UnitWriteSerializer(serializers.Serializer):
    """What an HR system may change on a unit (the organisation import's columns)."""

    name = serializers.CharField(max_length=200, required=False, label="Tên đơn vị")
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(),
        required=False,
        allow_null=True,
        label="Đơn vị cấp trên (id)",
        error_messages=_NO_UNIT,
    )
    block = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Block.objects.all(),
        required=False,
        allow_null=True,
        label="Mã khối",
        error_messages=_NO_CODE,
    )

    def validate_name(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("Tên đơn vị không được để trống.")
        return value

"""Units and officials: read, and the change of one record an HR system makes (PATCH).

A change goes through ``danhgia.organisation.records``, which plans and applies it as the
organisation import would the same row (its checks, unit paths, position history, audit). The
right is the import's (``Action.IMPORT_ORGANISATION``): out of scope 404, in scope without the
right 403. The lock has no column: ``ETag`` is a hash of the changeable values and ``If-Match``
is required (stale 412, missing 428).
"""

from __future__ import annotations

import re
from typing import ClassVar

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers
from rest_framework.response import Response

from danhgia import access
from danhgia.organisation import records

from ..errors import PreconditionFailed, PreconditionRequired
from ..serializers import reference as ref
from . import reads

IF_MATCH_REQUIRED = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="ETag của bản ghi đã đọc (GET trả về trong tiêu đề ETag), ví dụ "
    '"h3f2a…". Bắt buộc: thiếu → 428, bản ghi đã đổi → 412.',
)
_TAG = re.compile(r'^\s*(?:W/)?"h([0-9a-f]{1,64})"\s*$')
_ERRORS = {
    400: OpenApiResponse(description="Giá trị không hợp lệ; mỗi lỗi ghi tên trường."),
    403: OpenApiResponse(description="Không có quyền cập nhật hồ sơ tổ chức (hoặc khóa chỉ đọc)."),
    404: OpenApiResponse(description="Không có hoặc ngoài phạm vi."),
    412: OpenApiResponse(description="Bản ghi đã thay đổi từ ETag gửi trong If-Match."),
    428: OpenApiResponse(description="Thiếu tiêu đề If-Match."),
}


def _tag(fingerprint: str) -> str:
    return f'"h{fingerprint}"'


def _sent_fingerprint(request) -> str:
    header = request.headers.get("If-Match")
    if header is None:
        raise PreconditionRequired("Cần gửi tiêu đề If-Match với ETag đã nhận khi đọc bản ghi.")
    match = _TAG.match(header)
    if match is None:
        raise serializers.ValidationError(
            {"If-Match": ['Giá trị If-Match phải là ETag đã nhận, ví dụ "h3f2a…".']}
        )
    return match.group(1)


class RecordChange(mixins.UpdateModelMixin):
    """PATCH one record through ``records``; GET of one record carries its ETag."""

    http_method_names: ClassVar[list[str]] = ["get", "patch", "head", "options"]
    write_serializer: ClassVar[type[serializers.Serializer]]

    def fingerprint(self, obj) -> str:
        raise NotImplementedError

    def change(self, obj, data: dict, fingerprint: str):
        raise NotImplementedError

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        response = Response(self.get_serializer(obj).data)
        response["ETag"] = _tag(self.fingerprint(obj))
        return response

    def partial_update(self, request, *args, **kwargs):
        obj = self.get_object()
        if not access.may(request.user, access.Action.IMPORT_ORGANISATION):
            raise PermissionDenied
        body = self.write_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        sent = _sent_fingerprint(request)
        try:
            fresh = self.change(obj, body.validated_data, sent)
        except records.StaleRecord:
            raise PreconditionFailed() from None
        except records.RecordInvalid as invalid:
            names = {"group": "comparison_group", "username": "email"}
            errors: dict[str, list[str]] = {}
            for key, messages in invalid.errors.items():
                errors.setdefault(names.get(key, key), []).extend(messages)
            raise serializers.ValidationError(errors) from None
        response = Response(self.get_serializer(fresh).data)
        response["ETag"] = _tag(self.fingerprint(fresh))
        return response

    def update(self, request, *args, **kwargs):  # only PATCH is routed
        raise Http404


@extend_schema(
    methods=["PATCH"],
    tags=["organisation"],
    request=ref.UnitWriteSerializer,
    responses={200: ref.UnitSerializer, **_ERRORS},
    parameters=[IF_MATCH_REQUIRED],
    description="Cập nhật tên, đơn vị cấp trên, khối của một đơn vị (như một dòng của tệp "
    "nhập tổ chức; đường dẫn cây của đơn vị và các đơn vị trực thuộc được tính lại). Quyền: "
    "quản trị (người được nhập tổ chức).",
)
class UnitViewSet(RecordChange, reads.UnitViewSet):
    write_serializer = ref.UnitWriteSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("parent")

    def fingerprint(self, obj) -> str:
        return records.unit_fingerprint(obj)

    def change(self, obj, data: dict, fingerprint: str):
        changes = {}
        if "name" in data:
            changes["name"] = " ".join(data["name"].split())
        if "parent" in data:
            changes["parent"] = data["parent"].code if data["parent"] else None
        if "block" in data:
            changes["block"] = data["block"].code if data["block"] else None
        return records.change_unit(obj.pk, changes, fingerprint, self.request.user)


@extend_schema(
    methods=["PATCH"],
    tags=["organisation"],
    request=ref.OfficialWriteSerializer,
    responses={200: ref.OfficialSerializer, **_ERRORS},
    parameters=[IF_MATCH_REQUIRED],
    description="Cập nhật họ tên, chức vụ, đơn vị, vai trò, diện quản lý, nhóm so sánh, email "
    "tài khoản của một cán bộ (như một dòng của tệp nhập tổ chức; đổi chức vụ hoặc đơn vị thì "
    "ghi quá trình công tác). Quyết định đã ban hành không thay đổi. Quyền: quản trị.",
)
class OfficialViewSet(RecordChange, reads.OfficialViewSet):
    write_serializer = ref.OfficialWriteSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("user")

    def fingerprint(self, obj) -> str:
        return records.official_fingerprint(obj)

    def change(self, obj, data: dict, fingerprint: str):
        changes = {}
        for key, value in data.items():
            if key == "unit":
                changes["unit"] = value.code
            elif key == "comparison_group":
                changes["group"] = value.code if value else None
            elif key == "full_name":
                changes[key] = " ".join(value.split())
            else:
                changes[key] = value
        return records.change_official(obj.pk, changes, fingerprint, self.request.user)

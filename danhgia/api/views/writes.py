"""Evaluations, tasks and collective results: read, and the writes an integration needs,
each through the service the page uses (its checks, transaction, audit entry and optimistic
lock). Not visible: 404; visible but not the user's step: 403 (``danhgia.access``)."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from danhgia import access
from danhgia.access import Action
from danhgia.evaluations import services as evaluation_services
from danhgia.evaluations.errors import EditConflict
from danhgia.evaluations.models import Evaluation
from danhgia.tasks import assignment
from danhgia.tasks import services as task_services
from danhgia.tasks.collective import NARRATIVE_FIELDS, save_collective_result
from danhgia.tasks.errors import ConflictError
from danhgia.tasks.models import CollectiveResult, Product, Task
from danhgia.tasks.plausibility import report_warnings
from danhgia.tasks.selectors import open_periods

from .. import filters
from ..locking import etag, wanted_version, write_locked
from ..serializers import workflow as wf
from .reads import ScopedViewSet, evaluations_for

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description='ETag của bản ghi đã đọc (ví dụ "v3"); thay cho trường lock_version.',
)


class VersionedRetrieve:
    """``ETag: "v<lock_version>"`` on a record's page, for ``If-Match``."""

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = etag(response.data["lock_version"])
        return response


def _deny_unless(user, obj, action: Action) -> None:
    if not access.can(user, obj, action):
        raise PermissionDenied


@extend_schema_view(
    list=extend_schema(tags=["evaluations"]), retrieve=extend_schema(tags=["evaluations"])
)
class EvaluationViewSet(VersionedRetrieve, ScopedViewSet):
    """Phiếu đánh giá với các dòng tiêu chí và điểm theo bước mà người dùng được xem."""

    queryset = Evaluation.objects.all()
    serializer_class = wf.EvaluationDetailSerializer
    filterset_class = filters.EvaluationFilter
    ordering_fields = ("updated_at", "id")
    ordering = ("id",)

    def get_queryset(self):
        return evaluations_for(self.request.user)

    @extend_schema(
        tags=["evaluations"],
        request=wf.SelfAssessmentSerializer,
        responses={200: wf.EvaluationDetailSerializer},
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["patch"], url_path="self-assessment")
    def self_assessment(self, request, pk=None):
        """Lưu bản tự đánh giá (như nút “Lưu nháp”): giá trị theo từng tiêu chí, mức tự đề
        xuất, tự nhận xét; tiêu chí hay trường không gửi giữ nguyên."""
        evaluation = self.get_object()
        _deny_unless(request.user, evaluation, Action.CHANGE)
        body = wf.SelfAssessmentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        version, from_header = wanted_version(request, data)
        entries = {e.code: e for e in evaluation.entries.all()}
        unknown = sorted(set(data.get("rows", {})) - set(entries))
        if unknown:
            raise serializers.ValidationError(
                {"rows": [_("Không có tiêu chí %(codes)s trong phiếu.") % {"codes": unknown}]}
            )
        rows = {
            code: evaluation_services.RowInput(
                **{
                    name: values.get(name, getattr(entries[code], name))
                    for name in evaluation_services.ROW_INPUT_FIELDS
                }
            )
            for code, values in data.get("rows", {}).items()
        }
        assessment = evaluation_services.SelfAssessment(
            rows=rows,
            proposed_rating=data.get("proposed_rating", evaluation.self_proposed_rating),
            comment=data.get("comment", evaluation.self_comment),
        )
        write_locked(
            from_header,
            lambda: evaluation_services.save_draft(evaluation, assessment, version, request.user),
            (EditConflict,),
        )
        fresh = evaluations_for(request.user).get(pk=evaluation.pk)
        response = Response(self.get_serializer(fresh).data)
        response["ETag"] = etag(fresh.lock_version)
        return response


@extend_schema_view(
    list=extend_schema(tags=["tasks"]),
    retrieve=extend_schema(tags=["tasks"]),
    create=extend_schema(
        tags=["tasks"],
        request=wf.AssignSerializer,
        responses={201: wf.TaskSerializer(many=True)},
    ),
)
class TaskViewSet(VersionedRetrieve, mixins.CreateModelMixin, ScopedViewSet):
    """Nhiệm vụ (một nhiệm vụ, một người chủ trì) với kết quả thực hiện."""

    queryset = Task.objects.all()
    serializer_class = wf.TaskSerializer
    filterset_class = filters.TaskFilter
    ordering_fields = ("due_date", "assigned_on", "id")
    ordering = ("id",)

    def create(self, request, *args, **kwargs):
        """Giao nhiệm vụ (như trang “Giao nhiệm vụ”): mỗi người chủ trì một nhiệm vụ."""
        scopes = access.assigning_scopes(request.user)
        if not scopes:
            raise PermissionDenied
        body = wf.AssignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        period = open_periods().filter(pk=data["period"]).first()
        if period is None:
            raise serializers.ValidationError({"period": [_("Không có kỳ đang mở với id này.")]})
        unit = access.chosen_assigning_unit(scopes, data["assigning_unit"])
        if unit is None:
            raise serializers.ValidationError(
                {"assigning_unit": [_("Bạn không giao nhiệm vụ từ đơn vị này.")]}
            )
        leads = list(
            access.visible_officials(request.user)
            .filter(pk__in=data["leads"])
            .select_related("unit__block")
        )
        if len(leads) != len(set(data["leads"])):
            raise serializers.ValidationError({"leads": [_("Không tìm thấy người chủ trì.")]})
        product = None
        if data.get("product"):
            product = Product.objects.filter(pk=data["product"]).first()
            if product is None:
                raise serializers.ValidationError({"product": [_("Không có sản phẩm này.")]})
        spec = assignment.TaskSpec(
            title=data["title"],
            product_name=data.get("product_name", ""),
            criterion_code=data["criterion_code"],
            due_date=data["due_date"],
            assigned_on=data.get("assigned_on") or timezone.localdate(),
            planned_quantity=data["planned_quantity"],
            product=product,
            description=data.get("description", ""),
            responsibility=data.get("responsibility", ""),
            authority=data.get("authority", ""),
            source=data["source"],
            is_key=data["is_key"],
        )
        tasks = assignment.assign_task(period, unit, leads, spec, request.user)
        return Response(wf.TaskSerializer(tasks, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=["tasks"],
        request=wf.ReportSerializer,
        responses={200: wf.TaskSerializer},
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """Người chủ trì báo cáo kết quả: số lượng đã thực hiện, ngày hoàn thành."""
        task = self.get_object()
        _deny_unless(request.user, task, Action.REPORT)
        body = wf.ReportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        version, from_header = wanted_version(request, data)

        def write():
            with transaction.atomic():
                return task_services.report_task(
                    task,
                    delivered=data["delivered_quantity"],
                    completed_on=data.get("completed_on"),
                    note=data.get("result_note", ""),
                    user=request.user,
                    lock_version=version,
                )

        write_locked(from_header, write, (ConflictError,))
        task.refresh_from_db()
        body = dict(wf.TaskSerializer(task).data)
        # saved, but said, like the form's confirmation: a result far above plan (a typo?)
        body["warnings"] = report_warnings(task)
        response = Response(body)
        response["ETag"] = etag(task.lock_version)
        return response


@extend_schema_view(
    list=extend_schema(tags=["tasks"]),
    retrieve=extend_schema(tags=["tasks"]),
    partial_update=extend_schema(
        tags=["tasks"],
        request=wf.CollectiveWriteSerializer,
        responses={200: wf.CollectiveResultSerializer},
        parameters=[IF_MATCH],
    ),
)
class CollectiveResultViewSet(VersionedRetrieve, mixins.UpdateModelMixin, ScopedViewSet):
    """Kết quả tập thể của đơn vị trong quý (Phụ lục 7): phần tự viết."""

    queryset = CollectiveResult.objects.select_related("period", "unit")
    serializer_class = wf.CollectiveResultSerializer
    filterset_class = filters.CollectiveFilter
    ordering_fields = ("updated_at", "id")
    ordering = ("id",)
    http_method_names: ClassVar[list[str]] = ["get", "patch", "head", "options"]

    def partial_update(self, request, *args, **kwargs):
        """Cập nhật phần tự viết của Phụ lục 7 (người soạn của đơn vị: thư ký, lãnh đạo)."""
        row = self.get_object()
        if not access.clerk_units(request.user).filter(pk=row.unit_id).exists():
            raise PermissionDenied
        body = wf.CollectiveWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        version, from_header = wanted_version(request, data)
        values = {name: data.get(name, getattr(row, name)) for name in NARRATIVE_FIELDS}
        write_locked(
            from_header,
            lambda: save_collective_result(row.unit, row.period, values, version, request.user),
            (ConflictError,),
        )
        row.refresh_from_db()
        response = Response(self.get_serializer(row).data)
        response["ETag"] = etag(row.lock_version)
        return response

    def update(self, request, *args, **kwargs):  # only PATCH is routed
        raise Http404

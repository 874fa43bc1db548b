"""Read endpoints: every list is ``access.restrict`` of its model, every record
``get_for_user_or_404`` (out of scope is the same 404 as a record that does not exist)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from danhgia import access
from danhgia.decisions.models import Decision, Publication
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.models import ComparisonGroup, Official, Unit
from danhgia.periods.models import Period
from danhgia.review.models import StageScore
from danhgia.rules.models import FrameworkVersion, PolicyVersion

from .. import filters
from ..serializers import reference as ref
from ..serializers import workflow as wf


class ScopedViewSet(viewsets.ReadOnlyModelViewSet):
    """The rows of ``queryset`` the user may see (``access.restrict``)."""

    lookup_value_converter = "id"

    def get_queryset(self) -> QuerySet:
        return access.restrict(self.request.user, self.queryset.all())


def _tagged(tag: str):
    return extend_schema_view(list=extend_schema(tags=[tag]), retrieve=extend_schema(tags=[tag]))


@_tagged("organisation")
class UnitViewSet(ScopedViewSet):
    """Đơn vị (cây tổ chức) trong phạm vi của người dùng."""

    queryset = Unit.objects.select_related("block")
    serializer_class = ref.UnitSerializer
    filterset_class = filters.UnitFilter
    ordering_fields = ("path", "code", "name", "id")
    ordering = ("path", "id")


@_tagged("organisation")
class OfficialViewSet(ScopedViewSet):
    """Cán bộ trong phạm vi của người dùng."""

    queryset = Official.objects.select_related("unit", "comparison_group")
    serializer_class = ref.OfficialSerializer
    filterset_class = filters.OfficialFilter
    ordering_fields = ("full_name", "code", "id")
    ordering = ("code", "id")


@_tagged("organisation")
class ComparisonGroupViewSet(ScopedViewSet):
    queryset = ComparisonGroup.objects.all()
    serializer_class = ref.ComparisonGroupSerializer
    filterset_class = filters.ComparisonGroupFilter
    ordering_fields = ("code", "name", "id")
    ordering = ("code", "id")


@_tagged("periods")
class PeriodViewSet(ScopedViewSet):
    """Kỳ đánh giá (quý) với các mốc thời hạn và khung chấm điểm theo khối."""

    queryset = Period.objects.prefetch_related("deadlines", "frameworks__block")
    serializer_class = ref.PeriodSerializer
    filterset_class = filters.PeriodFilter
    ordering_fields = ("year", "quarter", "id")
    ordering = ("-year", "-quarter", "id")


class RulesViewSet(ScopedViewSet):
    ordering_fields = ("code", "version", "id")
    ordering = ("code", "version", "id")
    detail_serializer_class = None

    def get_serializer_class(self):
        if self.action == "retrieve":
            return self.detail_serializer_class
        return self.serializer_class


@_tagged("rules")
class FrameworkViewSet(RulesViewSet):
    """Các phiên bản khung chấm điểm; bản chi tiết có nội dung tệp dữ liệu."""

    queryset = FrameworkVersion.objects.all()
    serializer_class = ref.FrameworkVersionSerializer
    detail_serializer_class = ref.FrameworkVersionDetailSerializer
    filterset_class = filters.FrameworkFilter


@_tagged("rules")
class PolicyViewSet(RulesViewSet):
    """Các phiên bản bộ quy tắc; bản chi tiết có nội dung (đã gộp ``extends``)."""

    queryset = PolicyVersion.objects.all()
    serializer_class = ref.PolicyVersionSerializer
    detail_serializer_class = ref.PolicyVersionDetailSerializer
    filterset_class = filters.PolicyFilter


def evaluations_for(user) -> QuerySet[Evaluation]:
    """Evaluations the user sees, each with its rows and the stage scores the user may read."""
    stages = access.restrict(user, StageScore.objects.all()).prefetch_related("criteria")
    return access.restrict(user, Evaluation.objects.all()).prefetch_related(
        "entries", Prefetch("stages", queryset=stages, to_attr="visible_stages")
    )


@_tagged("decisions")
class DecisionViewSet(ScopedViewSet):
    """Quyết định xếp loại (bất biến; một đính chính là quyết định mới thay thế)."""

    queryset = Decision.objects.select_related("evaluation")
    serializer_class = wf.DecisionSerializer
    filterset_class = filters.DecisionFilter
    ordering_fields = ("decided_at", "id")
    ordering = ("id",)


@_tagged("decisions")
class PublicationViewSet(ScopedViewSet):
    queryset = Publication.objects.all()
    serializer_class = wf.PublicationSerializer
    filterset_class = filters.PublicationFilter
    ordering_fields = ("published_at", "id")
    ordering = ("id",)

"""Evaluations with their rows and stage scores, tasks with their results, decisions,
publications and collective results (Phụ lục 7)."""

from __future__ import annotations

from rest_framework import serializers

from danhgia.decisions.models import Decision, Publication
from danhgia.evaluations.models import CriterionEntry, Evaluation
from danhgia.review.models import StageCriterionScore, StageScore
from danhgia.rules.choices import RatingLevel
from danhgia.tasks.choices import TaskSource
from danhgia.tasks.models import CollectiveResult, Task


class CriterionEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = CriterionEntry
        fields = (
            "code",
            "met",
            "target_low",
            "target_high",
            "actual",
            "category",
            "level",
            "not_applicable",
            "use_tasks",
            "comment",
            "kpi",
            "points",
            "exceeded",
        )


class StageCriterionScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = StageCriterionScore
        fields = ("code", "points", "explanation")


class StageScoreSerializer(serializers.ModelSerializer):
    criteria = StageCriterionScoreSerializer(many=True, read_only=True)

    class Meta:
        model = StageScore
        fields = (
            "stage",
            "part_a",
            "part_b",
            "total",
            "band",
            "proposed_rating",
            "comment",
            "explanation",
            "at",
            "criteria",
        )


EVALUATION_FIELDS = (
    "id",
    "official",
    "period",
    "framework_version",
    "state",
    "returned_from",
    "deferral_case",
    "lock_version",
    "self_part_a",
    "self_part_b",
    "self_total",
    "self_band",
    "self_proposed_rating",
    "self_comment",
    "exceeded_count",
    "submitted_at",
    "submitted_late",
    "updated_at",
)


class EvaluationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evaluation
        fields = EVALUATION_FIELDS


class EvaluationDetailSerializer(serializers.ModelSerializer):
    """One evaluation with its rows and the stage scores the reader may see (before
    publication the official sees none of the later steps: ``access``)."""

    entries = CriterionEntrySerializer(many=True, read_only=True)
    stages = StageScoreSerializer(many=True, read_only=True, source="visible_stages")

    class Meta:
        model = Evaluation
        fields = (*EVALUATION_FIELDS, "entries", "stages")


class RowInputSerializer(serializers.Serializer):
    """One criterion of the self-assessment; a key left out keeps its stored value."""

    met = serializers.BooleanField(required=False, allow_null=True)
    actual = serializers.DecimalField(
        max_digits=14, decimal_places=4, min_value=0, required=False, allow_null=True
    )
    category = serializers.CharField(max_length=50, required=False, allow_blank=True)
    level = serializers.ChoiceField(choices=(1, 2, 3), required=False, allow_null=True)
    use_tasks = serializers.BooleanField(required=False)
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class SelfAssessmentSerializer(serializers.Serializer):
    rows = serializers.DictField(child=RowInputSerializer(), required=False)
    proposed_rating = serializers.ChoiceField(
        choices=RatingLevel.choices, required=False, allow_blank=True
    )
    comment = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    lock_version = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)


TASK_FIELDS = (
    "id",
    "period",
    "lead",
    "assigning_unit",
    "title",
    "description",
    "responsibility",
    "authority",
    "product",
    "product_name",
    "planned_quantity",
    "coefficient",
    "axis",
    "criterion_code",
    "source",
    "is_key",
    "assigned_on",
    "due_date",
    "delivered_quantity",
    "completed_on",
    "result_note",
    "quality",
    "timeliness",
    "leadership",
    "verified_at",
    "state",
    "carried_from",
    "batch",
    "lock_version",
    "updated_at",
)


class TaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = Task
        fields = TASK_FIELDS


class AssignSerializer(serializers.Serializer):
    """A task to assign: one task for each lead (SPEC: "one task, one lead")."""

    period = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    assigning_unit = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    leads = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        min_length=1,
        max_length=500,
    )
    title = serializers.CharField(max_length=500)
    product_name = serializers.CharField(max_length=300, required=False, allow_blank=True)
    product = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False, allow_null=True
    )
    criterion_code = serializers.CharField(max_length=20)
    assigned_on = serializers.DateField(required=False)
    due_date = serializers.DateField()
    planned_quantity = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, required=False, default=1
    )
    description = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    responsibility = serializers.CharField(max_length=300, required=False, allow_blank=True)
    authority = serializers.CharField(max_length=300, required=False, allow_blank=True)
    source = serializers.ChoiceField(
        choices=TaskSource.choices, required=False, default=TaskSource.PLAN
    )
    is_key = serializers.BooleanField(required=False, default=False)


class ReportSerializer(serializers.Serializer):
    """The lead's result: the delivered quantity and, when done, the completion date."""

    delivered_quantity = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)
    completed_on = serializers.DateField(required=False, allow_null=True)
    result_note = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    lock_version = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)


class DecisionSerializer(serializers.ModelSerializer):
    official = serializers.IntegerField(source="evaluation.official_id", read_only=True)
    period = serializers.IntegerField(source="evaluation.period_id", read_only=True)

    class Meta:
        model = Decision
        fields = (
            "id",
            "evaluation",
            "official",
            "period",
            "rating",
            "engine_rating",
            "total",
            "reasons",
            "warnings",
            "override_reason",
            "group_code",
            "supersedes",
            "correction_reason",
            "decided_at",
        )


class PublicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Publication
        fields = ("id", "period", "unit", "published_at", "note")


NARRATIVE = ("highlights", "new_models", "ad_hoc_done", "shortcomings", "causes", "remedies")


class CollectiveResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = CollectiveResult
        fields = ("id", "unit", "period", *NARRATIVE, "self_level", "lock_version", "updated_at")


class CollectiveWriteSerializer(serializers.Serializer):
    highlights = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    new_models = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    ad_hoc_done = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    shortcomings = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    causes = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    remedies = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    self_level = serializers.ChoiceField(
        choices=RatingLevel.choices, required=False, allow_blank=True
    )
    lock_version = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)

"""List filters of the API: ids are whole numbers up to 2³¹−1 (a longer one is a 400, never a
database error), codes and states are text."""

from __future__ import annotations

import django_filters
from django import forms

from danhgia.decisions.models import Decision, Publication
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.models import ComparisonGroup, Official, Unit
from danhgia.periods.models import Period
from danhgia.rules.models import FrameworkVersion, PolicyVersion
from danhgia.tasks.models import CollectiveResult, Task

MAX_ID = 2**31 - 1


class IdFilter(django_filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class Text(django_filters.CharFilter):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)


class UnitFilter(django_filters.FilterSet):
    parent = IdFilter(field_name="parent_id", help_text="id của đơn vị cấp trên")
    block = Text(field_name="block__code", help_text="mã khối")
    code = Text()

    class Meta:
        model = Unit
        fields = ("parent", "block", "code")


class OfficialFilter(django_filters.FilterSet):
    unit = IdFilter(field_name="unit_id")
    comparison_group = Text(field_name="comparison_group__code", help_text="mã nhóm so sánh")
    leadership_role = Text()
    code = Text()

    class Meta:
        model = Official
        fields = ("unit", "comparison_group", "leadership_role", "code")


class ComparisonGroupFilter(django_filters.FilterSet):
    code = Text()

    class Meta:
        model = ComparisonGroup
        fields = ("code",)


class PeriodFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(min_value=2000, max_value=2100)
    quarter = django_filters.NumberFilter(min_value=1, max_value=4)
    state = Text()

    class Meta:
        model = Period
        fields = ("year", "quarter", "state")


class RulesFilter(django_filters.FilterSet):
    code = Text()
    status = Text()


class FrameworkFilter(RulesFilter):
    class Meta:
        model = FrameworkVersion
        fields = ("code", "status")


class PolicyFilter(RulesFilter):
    class Meta:
        model = PolicyVersion
        fields = ("code", "status")


class EvaluationFilter(django_filters.FilterSet):
    period = IdFilter(field_name="period_id")
    official = IdFilter(field_name="official_id")
    unit = IdFilter(field_name="official__unit_id", help_text="đơn vị của cán bộ")
    state = Text()

    class Meta:
        model = Evaluation
        fields = ("period", "official", "unit", "state")


class TaskFilter(django_filters.FilterSet):
    period = IdFilter(field_name="period_id")
    lead = IdFilter(field_name="lead_id")
    assigning_unit = IdFilter(field_name="assigning_unit_id")
    state = Text()
    criterion_code = Text()

    class Meta:
        model = Task
        fields = ("period", "lead", "assigning_unit", "state", "criterion_code")


class DecisionFilter(django_filters.FilterSet):
    period = IdFilter(field_name="evaluation__period_id")
    official = IdFilter(field_name="evaluation__official_id")
    evaluation = IdFilter(field_name="evaluation_id")
    rating = Text()

    class Meta:
        model = Decision
        fields = ("period", "official", "evaluation", "rating")


class PublicationFilter(django_filters.FilterSet):
    period = IdFilter(field_name="period_id")
    unit = IdFilter(field_name="unit_id")

    class Meta:
        model = Publication
        fields = ("period", "unit")


class CollectiveFilter(django_filters.FilterSet):
    period = IdFilter(field_name="period_id")
    unit = IdFilter(field_name="unit_id")

    class Meta:
        model = CollectiveResult
        fields = ("period", "unit")

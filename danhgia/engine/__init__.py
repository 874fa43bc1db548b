"""The pure rules engine: scoring, KPIs, rating, quota, tie-breaks, framework validation.

Plain Python and Decimal; it imports nothing from Django or any web or database library and
reads nothing but its own data files (SPEC §14).

This package is the engine's public facade: callers (the web application, the documents, the
command line) import what they need from ``danhgia.engine`` — ``from danhgia.engine import
score_evaluation, rate_quarter, Reason`` — never from its modules. ``__all__`` lists every public
name; ``docs/engine.md`` has them by area. Importing it loads the modules only: no data file is
read until a framework or policy is loaded.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# ``post_changes`` is both a module and the function it exports: bound here, before anything
# imports the module (which would set the package's attribute to the module).
from .post_changes import Post, PostChange, post_changes

#: where each public name lives (module: names), loaded on first use (PEP 562): a caller pays
#: only for the modules it uses (``danhgia rate`` does not load scoring, frameworks, stages,
#: tasks or the year-end).
_SOURCES = {
    "api": "framework_listing policy_listing rate_json rate_text score_json",
    "datafiles": "looks_like_path",
    "entries": "CriterionInput check_entries",
    "error_messages": "ERROR_CODES render_error_vi",
    "errors": "DataFileError EngineError InputError",
    "framework": "MEASURES PART_A_TOTAL PART_B_TOTAL TASK_SCORABLE Criterion Framework Group",
    "framework_loading": "framework_from_mapping list_framework_ids load_framework",
    "framework_validation": "validate_framework",
    "late_dossier": "late_pct late_step scaled_total working_days_late",
    "numbers": (
        "HUNDRED KPI_DECIMALS ONE ZERO decimal_text format_number format_pct format_vn "
        "round_down round_half_up round_kpi"
    ),
    "policy": (
        "CONDITIONS DOSSIER_RULES FACTOR_DIMENSIONS LATE_DOSSIER_RULES QUOTA_BASES ROLES "
        "TASK_DIMENSIONS TIE_BREAKS Deadline FactorChoice LateStep Policy Quota"
    ),
    "policy_loading": "list_policy_ids load_policy policy_from_mapping",
    "problems": "PROBLEM_CODES Problem problem_from_text render_problem_vi",
    "proposed_axes": "AxisProposal axis_proposal check_axis_proposal scaled_framework",
    "quota": (
        "QuotaAllowance check_quota counts_towards_quota excellent_count group_allowance "
        "group_quota quota_allowed quota_base quota_room"
    ),
    "rating": "counted_total head_accountable rate_person rate_quarter rounded_total",
    "rating_types": (
        "DOSSIER_STATES GroupInput GroupResult PersonInput PersonRating RateResult UnitFigures"
    ),
    "ratings": "DEFERRED LABELS RATING_CODES Rating",
    "reasons": (
        "DEFERRAL_REASONS RATING_REASON_CODES REASON_CODES WARNING_CODES Reason "
        "reasons_from_json reasons_to_json render_reason render_reasons"
    ),
    "scoring": (
        "CriterionScore GroupScore ScoreResult exceeded_count filled_framework "
        "group_points part_a_points round_points score_criterion score_evaluation "
        "score_partial"
    ),
    "special_cases": (
        "ABSENCE_CASES TWO_MONTHS_DAYS Absence add_months deadline_date deadline_dates "
        "deferral_case dossier_state is_carried_over is_late quarter_bounds "
        "results_cutoff submission_is_late"
    ),
    "stages": (
        "StageTotals band_changed check_stage_points explanations_required "
        "needs_explanation proposal_explanation proposal_needs_explanation "
        "stage_points_ceiling stage_totals"
    ),
    "task_scoring": (
        "TaskInput TaskKpi count_exceeding task_is_exceeding task_kpi timeliness_is_late"
    ),
    "tasks": (
        "IMPLAUSIBLE_RATIO NOT_COUNTED_STATES OPEN_TASK_STATES TASK_STATES TaskFacts TaskFigures "
        "allowed_factor_choices default_factors delivery_looks_implausible factor_choices "
        "product_coefficient task_completion_level task_counts task_figures task_input "
        "task_is_completed task_is_late task_will_carry_over"
    ),
    "yearend": "YearEndSummary rank_year_end_candidates rank_year_end_summaries summarise_year",
}
_MODULE_OF = {name: module for module, names in _SOURCES.items() for name in names.split()}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "ABSENCE_CASES",
    "CONDITIONS",
    "DEFERRAL_REASONS",
    "DEFERRED",
    "DOSSIER_RULES",
    "DOSSIER_STATES",
    "ERROR_CODES",
    "FACTOR_DIMENSIONS",
    "HUNDRED",
    "IMPLAUSIBLE_RATIO",
    "KPI_DECIMALS",
    "LABELS",
    "LATE_DOSSIER_RULES",
    "MEASURES",
    "NOT_COUNTED_STATES",
    "ONE",
    "OPEN_TASK_STATES",
    "PART_A_TOTAL",
    "PART_B_TOTAL",
    "PROBLEM_CODES",
    "QUOTA_BASES",
    "RATING_CODES",
    "RATING_REASON_CODES",
    "REASON_CODES",
    "ROLES",
    "TASK_DIMENSIONS",
    "TASK_SCORABLE",
    "TASK_STATES",
    "TIE_BREAKS",
    "TWO_MONTHS_DAYS",
    "WARNING_CODES",
    "ZERO",
    "Absence",
    "AxisProposal",
    "Criterion",
    "CriterionInput",
    "CriterionScore",
    "DataFileError",
    "Deadline",
    "EngineError",
    "FactorChoice",
    "Framework",
    "Group",
    "GroupInput",
    "GroupResult",
    "GroupScore",
    "InputError",
    "LateStep",
    "PersonInput",
    "PersonRating",
    "Policy",
    "Post",
    "PostChange",
    "Problem",
    "Quota",
    "QuotaAllowance",
    "RateResult",
    "Rating",
    "Reason",
    "ScoreResult",
    "StageTotals",
    "TaskFacts",
    "TaskFigures",
    "TaskInput",
    "TaskKpi",
    "UnitFigures",
    "YearEndSummary",
    "add_months",
    "allowed_factor_choices",
    "axis_proposal",
    "band_changed",
    "check_axis_proposal",
    "check_entries",
    "check_quota",
    "check_stage_points",
    "count_exceeding",
    "counted_total",
    "counts_towards_quota",
    "deadline_date",
    "deadline_dates",
    "decimal_text",
    "default_factors",
    "deferral_case",
    "delivery_looks_implausible",
    "dossier_state",
    "exceeded_count",
    "excellent_count",
    "explanations_required",
    "factor_choices",
    "filled_framework",
    "format_number",
    "format_pct",
    "format_vn",
    "framework_from_mapping",
    "framework_listing",
    "group_allowance",
    "group_points",
    "group_quota",
    "head_accountable",
    "is_carried_over",
    "is_late",
    "late_pct",
    "late_step",
    "list_framework_ids",
    "list_policy_ids",
    "load_framework",
    "load_policy",
    "looks_like_path",
    "needs_explanation",
    "part_a_points",
    "policy_from_mapping",
    "policy_listing",
    "post_changes",
    "problem_from_text",
    "product_coefficient",
    "proposal_explanation",
    "proposal_needs_explanation",
    "quarter_bounds",
    "quota_allowed",
    "quota_base",
    "quota_room",
    "rank_year_end_candidates",
    "rank_year_end_summaries",
    "rate_json",
    "rate_person",
    "rate_quarter",
    "rate_text",
    "reasons_from_json",
    "reasons_to_json",
    "render_error_vi",
    "render_problem_vi",
    "render_reason",
    "render_reasons",
    "results_cutoff",
    "round_down",
    "round_half_up",
    "round_kpi",
    "round_points",
    "rounded_total",
    "scaled_framework",
    "scaled_total",
    "score_criterion",
    "score_evaluation",
    "score_json",
    "score_partial",
    "stage_points_ceiling",
    "stage_totals",
    "submission_is_late",
    "summarise_year",
    "task_completion_level",
    "task_counts",
    "task_figures",
    "task_input",
    "task_is_completed",
    "task_is_exceeding",
    "task_is_late",
    "task_kpi",
    "task_will_carry_over",
    "timeliness_is_late",
    "validate_framework",
    "working_days_late",
]

"""What the rating run reads of each evaluation and its official: one plain row each (SPEC §8).

The fields the engine needs, with the unit path, the comparison group and each stage's total
(looked up per evaluation on PostgreSQL, one left join per stage elsewhere: ``rows_query``),
read in one ``fetchall`` (``db_rows``: sent ahead with the run's other queries) and sorted by
id in Python (the database would sort the wide rows). ``rating.run_rating`` reads them by
position (``AT_PK``, ``AT_OFFICIAL`` …) or unpacks them in the order of ``ROW``.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from django.db import connections
from django.db.models import FilteredRelation, Q, QuerySet

from danhgia.db_rows import Statement, plain_statement
from danhgia.evaluations.models import Evaluation
from danhgia.review.choices import Stage
from danhgia.review.models import StageScore

#: the stage whose score counts, latest first (SPEC §6: self → reviewed → appraised → decided)
STAGE_ORDER = (Stage.DECISION, Stage.APPRAISAL, Stage.REVIEW)


def with_stage_totals(evaluations: QuerySet[Evaluation]) -> QuerySet[Evaluation]:
    """The evaluations with each stage's total of ``STAGE_ORDER`` joined (``STAGE_TOTALS``,
    null without that stage): one left join per stage, at most one row each (a stage is scored
    once per evaluation)."""
    return evaluations.annotate(
        **{
            f"_{stage}": FilteredRelation("stages", condition=Q(stages__stage=stage))
            for stage in STAGE_ORDER
        }
    )


#: the joined totals, latest stage first (``with_stage_totals``)
STAGE_TOTALS = tuple(f"_{stage}__total" for stage in STAGE_ORDER)


#: the stages' values, read once (an enum member's ``value`` is a slow descriptor)
STAGE_VALUES = tuple(str(stage.value) for stage in STAGE_ORDER)


#: what the run reads of each evaluation and its official: plain rows, no model instances
ROW = (
    "pk",
    "official_id",
    "state",
    "deferral_case",
    "exceeded_count",
    "official__unit_id",
    "official__unit__path",
    "official__comparison_group__code",
    "official__comparison_group__quota_pct",
    "official__rated_quarterly",
    "official__leadership_role",
    "official__gender",
    "official__ethnic_minority",
    "official__service_start",
    "official__expected_retirement",
    "official__full_name",
    "self_total",
    *STAGE_TOTALS,
)
#: positions in a row of ``ROW``
AT_PK, AT_OFFICIAL, AT_UNIT, AT_PATH, AT_ROLE = (
    ROW.index(name)
    for name in (
        "pk",
        "official_id",
        "official__unit_id",
        "official__unit__path",
        "official__leadership_role",
    )
)


def rows_query(evaluations: QuerySet[Evaluation]) -> Statement | None:
    """The query of one row of ``ROW`` per evaluation (unordered: ``by_id`` sorts them), to
    send ahead (``db_rows.sent_ahead``).

    On PostgreSQL the stage totals are looked up per evaluation (``LATERAL``, the stage score
    index): three joins would scan every quarter's stage scores, a cost that grows with the
    province's history (a run of 20,000 read 95 → 232 ms with seven past quarters; the lookup
    stays flat). Elsewhere the three left joins of ``with_stage_totals``.
    """
    if connections[evaluations.db].vendor != "postgresql":
        return plain_statement(with_stage_totals(evaluations).order_by().values_list(*ROW))
    own = plain_statement(evaluations.order_by().values_list(*ROW[: -len(STAGE_TOTALS)]))
    if own is None:
        return None
    table = connections[evaluations.db].ops.quote_name(StageScore._meta.db_table)
    totals = ", ".join(
        f"MAX(s.total) FILTER (WHERE s.stage = %s) AS t{n}" for n in range(len(STAGE_VALUES))
    )
    named = ", ".join(f"st.t{n}" for n in range(len(STAGE_VALUES)))
    sql = (
        f"SELECT own.*, {named} FROM ({own.sql}) own LEFT JOIN LATERAL "
        f"(SELECT {totals} FROM {table} s WHERE s.evaluation_id = own.pk) st ON TRUE"
    )
    return own._replace(sql=sql, params=(*own.params, *STAGE_VALUES))


def by_id(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """``rows`` in the evaluations' order (by id), sorted in place."""
    rows.sort(key=itemgetter(AT_PK))
    return rows

"""A unit's collective results for a quarter (Lâm Đồng Phụ lục 7).

Section I (tasks by axis, their planned product, result and completion level, and the totals) is
computed from the tasks every time; sections II–IV (highlights, new models, ad-hoc tasks done,
shortcomings with cause and remedy, the collective's self-assessed level) are what the unit
writes, kept in ``CollectiveResult`` and saved with an optimistic lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia.access import freeze
from danhgia.audit.choices import AuditAction
from danhgia.audit.services import changed_only, log_action
from danhgia.engine import Policy, UnitFigures
from danhgia.engine import task_completion_level as engine_completion_level
from danhgia.names import display_name
from danhgia.organisation.models import Unit
from danhgia.periods.models import Period
from danhgia.rules.choices import RatingLevel

from .choices import Axis, TaskSource
from .errors import ConflictError, TaskError
from .models import CollectiveResult, Task
from .rules import block_frameworks, framework_of, policy_of
from .selectors import collective_tasks, count_figures

#: the unit's completion below which its members are not completing their tasks (engine rule)
SEVENTY_PCT = Decimal(70)

#: the fields of Phụ lục 7 that people write
NARRATIVE_FIELDS = (
    "highlights",
    "new_models",
    "ad_hoc_done",
    "shortcomings",
    "causes",
    "remedies",
    "self_level",
)


def task_completion_level(task: Task, policy: Policy, today: date) -> RatingLevel | None:
    """Phụ lục 7's completion level of one task, in its four levels; None while under way.

    The rule is the engine's ``task_completion_level`` (docs/decisions.md: not completed once
    the due date has passed → KHTNV; completed late, short or with a factor below 1 → HTNV; on
    time and in full → HTTNV, HTXSNV when also exceeding).
    """
    level = engine_completion_level(task.facts, policy, today)
    return RatingLevel(level.value) if level is not None else None


@dataclass(frozen=True)
class TaskRow:
    task: Task
    level: RatingLevel | None


@dataclass(frozen=True)
class AxisSection:
    number: int
    label: str
    rows: tuple[TaskRow, ...]


@dataclass(frozen=True)
class CollectiveReport:
    unit: Unit
    period: Period
    result: CollectiveResult  # unsaved when nothing was written yet
    axes: tuple[AxisSection, ...]
    figures: UnitFigures
    ad_hoc_completed: tuple[Task, ...]

    @property
    def not_completed(self) -> int:
        return self.figures.tasks_total - self.figures.tasks_completed

    @property
    def has_tasks(self) -> bool:
        return self.figures.tasks_total > 0

    @property
    def below_70(self) -> bool:
        """Under 70 % completed: the engine lowers the unit's people (steps 5 and 6 of the
        rating); the page warns (rough edge #25)."""
        return self.has_tasks and not self.figures.completion_at_least(SEVENTY_PCT)


def collective_report(unit: Unit, period: Period, today: date | None = None) -> CollectiveReport:
    """Everything Phụ lục 7 shows for the unit and quarter (a fixed number of queries)."""
    today = today or timezone.localdate()
    policy = policy_of(period)
    tasks = list(
        collective_tasks(unit, period).select_related("lead").order_by("axis", "due_date", "id")
    )
    total, completed, late, exceeding = count_figures(tasks, policy)
    by_axis: dict[int, list[TaskRow]] = {}
    for task in tasks:
        by_axis.setdefault(task.axis, []).append(
            TaskRow(task, task_completion_level(task, policy, today))
        )
    # the axes of the framework the unit's block uses (4 in Lâm Đồng's Phụ lục 5, 6 in others),
    # and any axis a task names besides
    version = block_frameworks(period, [unit.block_id]).get(unit.block_id)
    framework_axes = framework_of(version).axes if version is not None else ()
    labels: dict[int, str] = dict(Axis.choices)
    labels.update({g.number: f"Trục {g.number} – {g.title}" for g in framework_axes})
    numbers = sorted({*(g.number for g in framework_axes), *by_axis} or set(Axis.values))
    axes = tuple(
        AxisSection(
            n,
            str(labels.get(n, _("Trục %(n)d") % {"n": n})),
            tuple(by_axis.get(n, ())),
        )
        for n in numbers
    )
    result = CollectiveResult.objects.filter(unit=unit, period=period).first()
    return CollectiveReport(
        unit=unit,
        period=period,
        result=result or CollectiveResult(unit=unit, period=period),
        axes=axes,
        figures=UnitFigures(
            id=unit.code,
            tasks_total=total,
            tasks_completed=completed,
            tasks_late=late,
            tasks_exceeding=exceeding,
        ),
        ad_hoc_completed=tuple(
            t for t in tasks if t.source == TaskSource.AD_HOC and t.is_completed
        ),
    )


CONFLICT_MESSAGE = _(
    "Kết quả tập thể đã được người khác cập nhật sau khi bạn mở biểu mẫu. Nội dung của bạn "
    "chưa được lưu."
)


def save_collective_result(
    unit: Unit, period: Period, data: dict, expected_version: int, user
) -> CollectiveResult:
    """Save the written parts of Phụ lục 7 unless someone saved since the form was opened.

    Optimistic lock (SPEC §14 "no lost work"): the form carries the ``lock_version`` it was
    opened with; the update only applies when the row still has it, and bumps it. A stale form
    gets a ConflictError and nothing is overwritten.
    """
    # A closed quarter, or a decision resting on the unit's Phụ lục 7 (access.freeze).
    freeze.refuse_if_frozen(CollectiveResult(unit=unit, period=period), TaskError)
    values = {name: data.get(name, "") or "" for name in NARRATIVE_FIELDS}
    with transaction.atomic():
        try:
            with transaction.atomic():
                row, _created = CollectiveResult.objects.get_or_create(unit=unit, period=period)
        except IntegrityError:  # created by someone else at the same moment
            raise ConflictError(CONFLICT_MESSAGE) from None
        before = {name: getattr(row, name) for name in NARRATIVE_FIELDS}
        updated = CollectiveResult.objects.filter(pk=row.pk, lock_version=expected_version).update(
            **values,
            lock_version=F("lock_version") + 1,
            prepared_by=user,
            updated_at=timezone.now(),
        )
        if not updated:
            raise ConflictError(_conflict_message(row.pk))
        row.refresh_from_db()
        before, after = changed_only(before, values)
        log_action(user, AuditAction.COLLECTIVE_UPDATED, row, before=before, after=after)
    return row


def _conflict_message(pk: int) -> str:
    """The stale-form message, naming who saved last and when (when known)."""
    row = CollectiveResult.objects.select_related("prepared_by").get(pk=pk)
    if row.prepared_by is None:
        return str(CONFLICT_MESSAGE)
    who = display_name(row.prepared_by)
    when = timezone.localtime(row.updated_at).strftime("%d/%m/%Y %H:%M")
    return _(
        "Kết quả tập thể vừa được %(who)s lưu lúc %(time)s, sau khi bạn mở biểu mẫu. Nội dung "
        "của bạn chưa được lưu."
    ) % {"who": who, "time": when}

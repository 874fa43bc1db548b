"""What the rating run reads besides the tasks, sent to the database together (SPEC §8).

One batch, in this order (``db_rows.sent_ahead``): the evaluations' rows (``run_rows``), the
confirmed force majeure (SPEC §8.2, §9), the sub-units recorded for the deputies (their areas,
SPEC §8.2), the period's dossier deadline and submitted dossiers and, under ``late_dossier:
scale``, the days off after the deadline. On PostgreSQL the server runs them back to back and
the run reads each when it needs it. The task aggregate goes after them (``ALL_TASKS_FROM``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.db.models import QuerySet

from danhgia.db_rows import Sent, Statement, plain_statement
from danhgia.dossiers.lateness import holidays_after_deadline, lateness_of
from danhgia.dossiers.states import deadline_query, judge_submissions, submitted_dossiers
from danhgia.engine import Policy
from danhgia.evaluations.models import Evaluation
from danhgia.periods.models import Period
from danhgia.tasks.force_majeure import confirmed_query

from .areas import links_query
from .run_rows import rows_query

#: A run of this many evaluations or more counts every task of the period, sent as soon as the
#: batch has arrived: the database counts while the run reads its rows (such a run holds a
#: large part of the province, and the subtrees of its units most of its tasks). A smaller run
#: counts the subtrees of its units only, sent once its rows are read.
ALL_TASKS_FROM = 5_000


@dataclass
class RunReads:
    """The queries of one run, sent (``send_reads``); each read once, when needed."""

    rows: Sent  # of ``run_rows.ROW``, one per evaluation
    excused: Sent  # ``force_majeure.confirmed_from_rows`` reads them
    links: Sent  # ``areas.area_paths`` reads them
    deadline: Sent
    dossiers: Sent
    holidays: Sent | None  # only under ``late_dossier: scale``

    def dossiers_by_unit(self, paths: Mapping[int, str]) -> dict[int, tuple[str, int | None]]:
        """Unit id → its dossier state (on time, late, missing; the covering dossier's) and,
        under ``late_dossier: scale``, its working days late (``paths``: unit id → path)."""
        found = self.deadline.rows()
        deadline = found[0][0] if found else None
        submitted = dict(self.dossiers.rows())
        submissions = judge_submissions(paths, paths, submitted, deadline)
        if self.holidays is None:
            return {pk: (state, None) for pk, (state, _at) in submissions.items()}
        days = [day for (day,) in self.holidays.rows()]
        return lateness_of(submissions, deadline, lambda until: [d for d in days if d <= until])


def send_reads(
    send: Callable[[Statement | None], Sent],
    period: Period,
    policy: Policy,
    evaluations: QuerySet[Evaluation],
) -> RunReads:
    """Send the run's queries but the tasks', in the order of ``RunReads``."""
    scale = policy.late_dossier == "scale"
    return RunReads(
        rows=send(rows_query(evaluations)),
        excused=send(confirmed_query(period)),
        links=send(links_query(evaluations)),
        deadline=send(plain_statement(deadline_query(period))),
        dossiers=send(plain_statement(submitted_dossiers(period))),
        holidays=send(plain_statement(holidays_after_deadline(period))) if scale else None,
    )

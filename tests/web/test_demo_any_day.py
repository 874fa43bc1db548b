"""The demo lives on any day (issue 12, item 4): ``seed_demo --today`` on several dates.

For each day: the quarter containing it is open, the two before it decided, published and
closed; every demo account finds work waiting, read through the same selectors the home page
uses (``core.services.home_page``); a deadline of the open quarter is still ahead.
"""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from danhgia import access
from danhgia.access import Action
from danhgia.core.demo import seed_demo
from danhgia.core.demo_calendar import move_date, quarter_of
from danhgia.core.services import home_page
from danhgia.decisions.groups import group_choices
from danhgia.decisions.models import Decision, Publication
from danhgia.decisions.services import decide, decision_run
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.periods.choices import DueState, PeriodState
from danhgia.periods.models import Period
from danhgia.periods.services import current_period
from danhgia.tasks.choices import TaskState
from danhgia.tasks.models import Task

S = EvaluationState
DAYS = (date(2027, 1, 5), date(2026, 4, 1), date(2026, 11, 30), date(2026, 12, 31))


def _waiting(username: str, today: date) -> dict[str, int]:
    """The home page's counts of the account: {label: count} (only the non-zero ones)."""
    user = get_user_model().objects.get(username=username)
    page = home_page(user, today)
    return {w.label: w.count for item in page.due for w in item.waiting if w.count}


def _quarters(today: date) -> list[tuple[int, int]]:
    year, quarter = quarter_of(today)
    found = []
    for _n in range(3):
        found.insert(0, (year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return found


@pytest.mark.parametrize("today", DAYS, ids=[d.isoformat() for d in DAYS])
def test_the_demo_seeded_on_any_day_has_a_live_quarter_and_two_published(db, today):
    report = seed_demo(small=True, today=today)
    assert report.created
    *past, (year, quarter) = _quarters(today)
    period = current_period()
    assert (period.year, period.quarter, period.state) == (year, quarter, PeriodState.OPEN)
    assert Period.objects.count() == 3
    for y, q in past:
        done = Period.objects.get(year=y, quarter=q)
        assert done.state == PeriodState.CLOSED
        states = set(Evaluation.objects.filter(period=done).values_list("state", flat=True))
        assert states == {S.PUBLISHED}
        published = Evaluation.objects.filter(period=done).count()
        in_force = Decision.objects.filter(evaluation__period=done, superseded_by__isnull=True)
        assert in_force.count() == published > 50
        assert Publication.objects.filter(period=done).exists()

    # every persona has work waiting, as its home page counts it
    canbo = home_page(get_user_model().objects.get(username="canbo"), today)
    assert canbo.own_card.editable and canbo.own_card.evaluation.period_id == period.pk
    head = _waiting("truongdonvi", today)
    assert any("chờ xác nhận kết quả nhiệm vụ" in label for label in head), head
    assert any("chờ nhận xét, đề xuất xếp loại" in label for label in head), head
    # its tasks to confirm: the verification page's records (the agency's count on its home)
    director = get_user_model().objects.get(username="truongdonvi")
    reported = Task.objects.filter(period=period, state=TaskState.REPORTED)
    assert access.restrict(director, reported, Action.CHANGE).exists()
    drafts = Evaluation.objects.filter(
        period=period, official__unit__code="so-tai-chinh", state=S.DRAFT
    )
    assert drafts.exists()  # targets to approve
    assert any("chưa được xác nhận kết quả" in label for label in _waiting("cqchutri", today))
    assert any("chờ thẩm định" in label for label in _waiting("thamdinh", today))
    assert any("chờ quyết định" in label for label in _waiting("thuongvu", today))

    # a whole comparison group is ready: the authority's decision goes through
    authority = get_user_model().objects.get(username="thuongvu")
    ready = [c for c in group_choices(period, authority) if c.waiting == c.total and c.total]
    assert ready
    decisions = decide(decision_run(period, authority, ready[0].code), authority)
    assert len(decisions) == ready[0].total

    # deadlines computed from the quarter, some still ahead
    rows = home_page(authority, today).calendar
    assert {r.deadline.due_date for r in rows} >= {move_date(date(2026, 9, 30), year, quarter)}
    assert any(r.state != DueState.PAST for r in rows)


def test_seeding_again_the_same_quarter_changes_nothing_and_a_later_one_asks_for_reset(db, capsys):
    call_command("seed_demo", "--small", "--today", "2026-11-30")
    counts = (Evaluation.objects.count(), Decision.objects.count())
    call_command("seed_demo", "--small", "--today", "2026-12-31")
    assert "đã có sẵn" in capsys.readouterr().out
    assert (Evaluation.objects.count(), Decision.objects.count()) == counts
    call_command("seed_demo", "--small", "--today", "2027-01-05")
    assert "seed_demo --reset" in capsys.readouterr().out
    assert current_period().quarter == 4  # left as it was


def test_a_bad_today_is_refused_with_a_message_naming_the_option(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--today"):
        call_command("seed_demo", "--small", "--today", "30/11/2026")

"""Property-based tests of the engine (hypothesis): the invariants that must hold for any input."""

import random
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from danhgia.engine import (
    DEFERRAL_REASONS,
    DEFERRED,
    CriterionInput,
    GroupInput,
    PersonInput,
    Rating,
    TaskInput,
    UnitFigures,
    check_entries,
    load_framework,
    load_policy,
    rate_quarter,
    score_evaluation,
)

FRAMEWORKS = [
    load_framework(f)
    for f in ("lamdong-2026-pl5", "central-2026-pl3", "lamdong-2026-pl1", "lamdong-2026-pl6")
]
POLICIES = [load_policy(p) for p in ("central-2026", "lamdong-2026", "laocai-2026")]

decimals = st.decimals(min_value=0, max_value=500, places=2, allow_nan=False, allow_infinity=False)
positive = st.decimals(min_value=Decimal("0.01"), max_value=500, places=2)
factor = st.decimals(min_value=0, max_value=Decimal("1.2"), places=2)


@st.composite
def task(draw):
    return TaskInput(
        planned=draw(positive),
        delivered=draw(decimals),
        coefficient=draw(positive),
        quality=draw(factor),
        timeliness=draw(factor),
        leadership=draw(factor),
    )


@st.composite
def entry_for(draw, criterion):
    if criterion.part == "A":
        return CriterionInput(met=draw(st.booleans()))
    if draw(st.integers(0, 9)) == 0:
        return CriterionInput(not_applicable=True)
    if criterion.accepts_tasks and draw(st.integers(0, 4)) == 0:
        return CriterionInput(tasks=tuple(draw(st.lists(task(), min_size=1, max_size=4))))
    if criterion.measure in ("ratio", "reduction"):
        low = draw(positive)
        target = (low, low + draw(decimals)) if draw(st.booleans()) else low
        return CriterionInput(target=target, actual=draw(decimals))
    if criterion.measure == "category":
        return CriterionInput(category=draw(st.sampled_from([c for c, _ in criterion.categories])))
    return CriterionInput(level=draw(st.integers(1, 3)))


@st.composite
def evaluation(draw):
    framework = draw(st.sampled_from(FRAMEWORKS))
    policy = draw(st.sampled_from(POLICIES))
    entries = {c.code: draw(entry_for(c)) for c in framework.criteria}
    for axis in framework.axes:  # keep one applicable criterion per axis
        first = axis.criteria[0].code if axis.criteria else None
        if first and all(entries[c.code].not_applicable for c in axis.criteria):
            entries[first] = (
                CriterionInput(level=1)
                if axis.criteria[0].measure == "level"
                else (draw(entry_for(axis.criteria[0]).filter(lambda e: not e.not_applicable)))
            )
    return framework, policy, entries


@given(evaluation())
def test_printed_totals_are_the_sums_of_printed_rows(case):
    framework, policy, entries = case
    check_entries(framework, policy, entries)
    result = score_evaluation(framework, policy, entries)
    places = Decimal(1).scaleb(-policy.points_decimals)
    for row in result.criteria.values():
        if row.points is None:
            continue
        assert Decimal(0) <= row.points <= row.max * policy.kpi_cap
        assert row.points == row.points.quantize(places)
    assert result.part_a == sum(result.criteria[c.code].points for c in framework.part_a)
    for axis_score, axis in zip(
        result.axes, [a for a in framework.axes if a.criteria], strict=True
    ):
        if not axis_score.rescaled:
            points = [result.criteria[c.code].points for c in axis.criteria]
            assert axis_score.points == sum(p for p in points if p is not None)
        elif axis.max is not None:
            assert axis_score.points <= axis.max * policy.kpi_cap
    assert result.part_b == sum(a.points for a in result.axes)
    assert result.total == result.part_a + result.part_b
    assert result.total <= 100 * policy.kpi_cap
    assert result.band == policy.band_for(result.total)


ROLES = ["head", "deputy", "member"]


@st.composite
def unit_figures(draw, uid):
    total = draw(st.integers(0, 30))
    completed = draw(st.integers(0, total))
    return UnitFigures(
        id=uid,
        tasks_total=total,
        tasks_completed=completed,
        tasks_late=draw(st.integers(0, completed)),
        tasks_exceeding=draw(st.integers(0, total)),
        force_majeure=draw(st.integers(0, 5)) == 0,
        rating=draw(st.one_of(st.none(), st.sampled_from(list(Rating)))),
    )


@st.composite
def quarter(draw):
    policy = draw(st.sampled_from(POLICIES))
    n_units = draw(st.integers(1, 5))
    units = [draw(unit_figures(f"u{i}")) for i in range(n_units)]
    groups = [
        GroupInput(
            f"g{i}",
            draw(
                st.one_of(
                    st.none(), st.decimals(min_value=0, max_value=policy.quota.max_pct, places=1)
                )
            ),
        )
        for i in range(3)
    ]
    people = []
    for i in range(draw(st.integers(1, 40))):
        deferred = draw(st.sampled_from([None] * 12 + list(DEFERRAL_REASONS)))
        tasks = draw(st.integers(0, 8))
        people.append(
            PersonInput(
                id=f"p{i}",
                unit=f"u{draw(st.integers(0, n_units - 1))}",
                collective=draw(
                    st.one_of(st.none(), st.just(f"u{draw(st.integers(0, n_units - 1))}"))
                ),
                group=draw(st.sampled_from(["g0", "g1", "g2", None])),
                role=draw(st.sampled_from(ROLES)),
                total=None
                if deferred and draw(st.booleans())
                else draw(st.decimals(min_value=0, max_value=100, places=2)),
                tasks_total=tasks,
                tasks_completed=draw(st.integers(0, tasks)),
                exceeded_count=draw(st.integers(0, 5)),
                force_majeure=draw(st.integers(0, 5)) == 0,
                dossier=draw(st.sampled_from(["on_time"] * 4 + ["late", "missing"])),
                deferred=deferred,
                gender=draw(st.sampled_from(["male", "female", None])),
                ethnic_minority=draw(st.booleans()),
                service_start=date(1980, 1, 1) + timedelta(days=draw(st.integers(0, 3)) * 3650),
                retirement_date=date(2027, 1, 1) + timedelta(days=draw(st.integers(0, 3)) * 365),
            )
        )
    return policy, people, units, groups


@given(quarter())
def test_no_condition_raises_a_rating_and_the_quota_is_never_exceeded(case):
    policy, people, units, groups = case
    result = rate_quarter(policy, people, units, groups)
    by_id = {p.id: p for p in people}
    for rating in result.people:
        person = by_id[rating.id]
        if person.deferred:
            assert rating.rating == DEFERRED
            continue
        assert isinstance(rating.rating, Rating)
        assert rating.band == policy.band_for(person.total)
        assert rating.rating.rank <= rating.band.rank
        assert str(rating.reasons[0]).endswith(f"→ {rating.band.value}")
        # each further reason lowers the rating it found
        steps = [str(r).rsplit("→ ", 1)[1] for r in rating.reasons if "→ " in str(r)]
        ranks = [Rating(s).rank for s in steps]
        assert ranks == sorted(ranks, reverse=True)
        assert len(set(ranks)) == len(ranks)
        # the structured chain says the same: every step's rating, the last one the result
        assert [r.rating for r in rating.reasons] == steps
        assert steps[-1] == rating.rating.value
    for group in result.groups:
        members = [r for r in result.people if by_id[r.id].group == group.id]
        counted = [r for r in members if by_id[r.id].role not in policy.quota.exclude_roles]
        excellent = [r for r in counted if r.rating == Rating.EXCELLENT]
        assert len(excellent) <= group.allowed
        assert {r.id for r in excellent} == set(group.excellent)


@given(quarter(), st.randoms(use_true_random=False))
def test_shuffling_the_input_changes_nothing_but_the_order(case, rnd: random.Random):
    policy, people, units, groups = case
    first = rate_quarter(policy, people, units, groups)
    shuffled_people = list(people)
    rnd.shuffle(shuffled_people)
    shuffled_units = list(units)
    rnd.shuffle(shuffled_units)
    second = rate_quarter(policy, shuffled_people, shuffled_units, groups)
    assert [p.id for p in second.people] == [p.id for p in shuffled_people]
    before = {p.id: (p.rating, p.reasons, sorted(map(str, p.warnings))) for p in first.people}
    after = {p.id: (p.rating, p.reasons, sorted(map(str, p.warnings))) for p in second.people}
    assert before == after
    groups_before = {g.id: (g.base, g.allowed, set(g.excellent)) for g in first.groups}
    groups_after = {g.id: (g.base, g.allowed, set(g.excellent)) for g in second.groups}
    assert groups_before == groups_after

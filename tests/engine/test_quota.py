"""The quota as functions: the group's share, who counts, the base, recorded allowances."""

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danhgia.engine import (
    DEFERRED,
    GroupInput,
    QuotaAllowance,
    Rating,
    Reason,
    check_quota,
    counts_towards_quota,
    excellent_count,
    group_allowance,
    group_quota,
    policy_from_mapping,
    quota_allowed,
    quota_base,
    quota_room,
    rate_person,
    rate_quarter,
    render_reason,
    round_half_up,
)

from .helpers import D, person, unit
from .test_properties import quarter

X, G, S, K = Rating.EXCELLENT, Rating.GOOD, Rating.SATISFACTORY, Rating.NOT_COMPLETED


@pytest.mark.parametrize(
    ("base", "pct", "rounding", "allowed"),
    [
        (7, 20, "half_up", 1),
        (8, 20, "half_up", 2),
        (12, 20, "half_up", 2),
        (13, 20, "half_up", 3),
        (12, 25, "half_up", 3),
        (10, 25, "half_up", 3),  # 2.5 rounds up
        (10, 25, "down", 2),
        (2, 20, "half_up", 0),
    ],
)
def test_quota_allowed(base, pct, rounding, allowed):
    assert quota_allowed(base, Decimal(pct), rounding) == allowed


def test_the_groups_share(central, laocai):
    assert group_quota(central, None) == 20
    assert group_quota(laocai, None) == 20
    assert group_quota(laocai, D(25)) == 25
    assert group_quota(laocai, D(30)) == 25  # capped at quota.max_pct
    assert group_quota(central, D(25)) == 20
    assert group_quota(laocai, D(15)) == 15


def test_who_counts(lamdong):
    assert not counts_towards_quota(lamdong, "head")
    assert counts_towards_quota(lamdong, "deputy")
    assert counts_towards_quota(lamdong, "member")


MEMBERS = [
    ("head", X),
    ("deputy", X),
    ("deputy", "HTXSNV"),
    ("member", G),
    ("member", "HTTNV"),
    ("member", S),
    ("member", K),
    ("member", DEFERRED),
    ("member", None),
    ("member", ""),
]


@pytest.mark.parametrize(
    ("base_rule", "base"),
    [("good_or_better", 4), ("good_only", 2), ("all_rated", 6)],
)
def test_the_base_and_the_count(base_rule, base):
    policy = policy_from_mapping(
        {"id": "q", "extends": "central-2026", "quota": {"base": base_rule}}
    )
    assert quota_base(policy, MEMBERS) == base
    assert excellent_count(policy, MEMBERS) == 2  # the head is left out


@given(quarter())
def test_group_allowance_is_the_rating_runs(case):
    policy, people, units, groups = case
    result = rate_quarter(policy, people, units, groups)
    unit_index = {u.id: u for u in units}
    pcts = {g.id: g.quota_pct for g in groups}
    for group in result.groups:
        members = [
            (p.role, rate_person(p, unit_index, policy).rating)
            for p in people
            if p.group == group.id
        ]
        allowance = group_allowance(policy, group.id, pcts.get(group.id), members)
        assert allowance == group.allowance
        # never more than pct × base rounded, nor more than the base
        assert group.allowed == quota_allowed(group.base, group.pct, policy.quota.rounding)
        assert group.allowed <= round_half_up(group.pct * group.base / 100, 0)
        assert group.allowed <= group.base
        # what the run kept is within it, counted as the decision step counts
        final = [(p.role, r.rating) for p, r in zip(people, result.people, strict=True)]
        in_group = [m for m, p in zip(final, people, strict=True) if p.group == group.id]
        assert excellent_count(policy, in_group) == len(group.excellent) <= group.allowed
        assert check_quota(group.allowed, len(group.excellent), 0, group.id) is None


def test_a_correction_is_checked_against_the_allowance_the_group_was_decided_under(laocai):
    """Lào Cai 8.3: a group at 25 %; twelve deputies rated HTTNV or better, two HTXSNV."""
    people = [person(f"p{i}", total="95" if i < 2 else "85", group="g") for i in range(12)]
    result = rate_quarter(laocai, people, [unit()], [GroupInput("g", D(25))])
    (group,) = result.groups
    recorded = json.loads(json.dumps(group.allowance.to_json()))
    assert recorded == {"group": "g", "pct": "25", "base": 12, "rounding": "half_up", "allowed": 3}
    allowance = QuotaAllowance.from_json(recorded)
    assert allowance == group.allowance
    # one more HTXSNV by correction fits the group's 3 …
    assert check_quota(allowance.allowed, in_force=2, new=1, group="g") is None
    assert quota_room(allowance.allowed, 2) == 1
    # … which the policy's default 20 % would have refused (round(2.4) = 2)
    assert quota_allowed(12, laocai.quota.pct, laocai.quota.rounding) == 2
    refused = check_quota(allowance.allowed, in_force=3, new=1, group="g")
    assert refused == Reason(
        "quota_exceeded", {"group": "g", "allowed": 3, "existing": 3, "new": 1}
    )
    assert render_reason(refused) == (
        "Nhóm g chỉ được tối đa 3 người xếp loại HTXSNV; đã có 3, quyết định này thêm 1."
    )
    assert quota_room(3, 5) == 0


@given(st.integers(0, 500), st.decimals(min_value=0, max_value=100, places=2))
def test_quota_allowed_never_exceeds_pct_of_the_base_rounded(base, pct):
    for rounding in ("half_up", "down"):
        allowed = quota_allowed(base, pct, rounding)
        assert 0 <= allowed <= base
        assert allowed <= round_half_up(Decimal(base) * pct / 100, 0)
        assert allowed >= round_half_up(Decimal(base) * pct / 100, 0) - 1

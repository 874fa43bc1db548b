"""Policy files: shipped policies, `extends`, unknown keys and out-of-range values refused."""

from decimal import Decimal

import pytest

from danhgia.engine import (
    DataFileError,
    InputError,
    Rating,
    list_policy_ids,
    load_policy,
    policy_from_mapping,
)


def test_shipped_policies():
    assert list_policy_ids() == ["central-2026", "lamdong-2026", "laocai-2026"]


def test_central_policy_values():
    policy = load_policy("central-2026")
    assert policy.bands == {
        Rating.EXCELLENT: Decimal(90),
        Rating.GOOD: Decimal(70),
        Rating.SATISFACTORY: Decimal(50),
    }
    assert policy.points_decimals == 2
    assert policy.kpi_cap == 1
    assert policy.level_factors == {1: 1, 2: Decimal("0.75"), 3: 0}
    assert policy.task_factor_max == Decimal("1.2")
    assert set(policy.task_kpi_weights.values()) == {Decimal("0.25")}
    assert (policy.quota.pct, policy.quota.max_pct) == (20, 20)
    assert policy.quota.base == "good_or_better"
    assert policy.quota.rounding == "half_up"
    assert policy.quota.exclude_roles == ("head",)
    assert policy.tie_break == ("total",)
    assert policy.late_dossier == "none"


def test_lamdong_policy_extends_central():
    policy = load_policy("lamdong-2026")
    assert policy.late_dossier == "down_one_level"
    assert policy.quota.pct == 20
    assert [d.key for d in policy.deadlines][:2] == ["self_assessment", "dossier"]
    dossier = policy.deadlines[1]
    assert (dossier.month, dossier.day) == (1, 2)  # day 02 of the next quarter's first month


def test_laocai_policy():
    policy = load_policy("laocai-2026")
    assert (policy.quota.pct, policy.quota.max_pct) == (20, 25)
    assert policy.missing_dossier == "khtnv"
    assert policy.late_dossier == "warn"
    assert policy.tie_break == (
        "total",
        "exceeded_count",
        "female",
        "ethnic_minority",
        "longer_service",
        "nearest_retirement",
    )
    assert ("dossier", 0, 25) in [(d.key, d.month, d.day) for d in policy.deadlines]


def test_a_policy_file_extends_a_shipped_one_and_merges_mappings(tmp_path):
    file = tmp_path / "tinh.yaml"
    file.write_text("id: tinh-x\nextends: laocai-2026\nquota: {rounding: down}\n", encoding="utf-8")
    policy = load_policy(str(file))
    assert policy.quota.rounding == "down"
    assert policy.quota.max_pct == 25  # kept from laocai
    assert policy.tie_break[1] == "exceeded_count"


def test_extends_a_relative_path(tmp_path):
    (tmp_path / "base.yaml").write_text("id: base\nextends: central-2026\nkpi_cap: 1.1\n")
    (tmp_path / "child.yaml").write_text("id: child\nextends: ./base.yaml\n")
    assert load_policy(str(tmp_path / "child.yaml")).kpi_cap == Decimal("1.1")


def test_a_policy_without_extends_gets_the_defaults():
    policy = policy_from_mapping({"id": "bare"})
    assert policy.quota.pct == 20 and policy.points_decimals == 2


def test_extends_cycle_is_refused(tmp_path):
    (tmp_path / "a.yaml").write_text("id: a\nextends: ./b.yaml\n")
    (tmp_path / "b.yaml").write_text("id: b\nextends: ./a.yaml\n")
    with pytest.raises(DataFileError, match="cycle"):
        load_policy(str(tmp_path / "a.yaml"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"colour": 1}, "colour: unknown policy key"),
        ({"quota": {"share": 5}}, "quota.share: unknown policy key"),
        ({"points_decimals": 5}, "points_decimals: expected a whole number from 0 to 4"),
        ({"quota": {"pct": 120}}, "quota.pct: expected a number from 0 to 100"),
        ({"quota": {"pct": 30}}, "quota.max_pct: must be at least quota.pct"),
        ({"quota": {"base": "vip"}}, "quota.base: expected one of good_or_better | good_only"),
        ({"quota": {"rounding": "up"}}, "quota.rounding: expected one of half_up | down"),
        ({"quota": {"exclude_roles": ["boss"]}}, "quota.exclude_roles[0]: expected one of"),
        ({"kpi_cap": 5}, "kpi_cap: expected a number from 0.5 to 2"),
        ({"task_factor_max": "x"}, "task_factor_max: expected a number from 1 to 2"),
        ({"level_factors": {4: 1}}, "level_factors.4: expected level 1, 2 or 3"),
        (
            {"task_kpi_weights": {"quantity": 0.5}},
            "task_kpi_weights: weights must add up to 1",
        ),
        ({"not_applicable": "maybe"}, "not_applicable: expected one of rescale | forbid"),
        ({"late_dossier": "fine"}, "late_dossier: expected one of none | down_one_level"),
        ({"tie_break": ["height"]}, "tie_break[0]: expected one of total"),
        ({"tie_break": []}, "tie_break: expected a non-empty list"),
        ({"bands": {"HTXSNV": 60}}, "bands: thresholds must fall"),
        (
            {"deadlines": [{"key": "x", "label": "y", "month": 0, "day": 32}]},
            "deadlines[0].day: expected a whole number from 1 to 31",
        ),
    ],
)
def test_bad_values_are_refused_with_their_key(data, message):
    with pytest.raises(InputError) as info:
        policy_from_mapping({"id": "bad", "extends": "central-2026", **data})
    assert str(info.value).startswith(message)


def test_unknown_policy_id():
    with pytest.raises(InputError, match=r"^policy: unknown policy 'nowhere-2026'"):
        load_policy("nowhere-2026")

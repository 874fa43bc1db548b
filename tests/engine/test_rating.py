"""Rating a quarter: every step of SPEC §8.2 in order, the quota and tie-breaks of §8.3."""

from datetime import date

import pytest

from danhgia.engine import (
    DEFERRED,
    GroupInput,
    Rating,
    policy_from_mapping,
    quota_allowed,
    rate_quarter,
)

from .helpers import D, person, texts, unit


def without_quota(policy):
    """The same policy with the quota out of the way, to test one condition at a time."""
    return policy_from_mapping(
        {"id": policy.id, "extends": policy.source, "quota": {"pct": 100, "max_pct": 100}}
    )


def rate_one(policy, p, *units):
    """Rate one person alone (a group of one would get no HTXSNV: 20 % of 1 rounds to 0)."""
    units = units or (unit(),)
    return rate_quarter(without_quota(policy), [p], list(units)).people[0]


def test_a_group_of_one_cannot_have_htxsnv_under_a_20_percent_quota(lamdong):
    result = rate_quarter(lamdong, [person(group="g")], [unit()])
    assert result.people[0].rating == Rating.GOOD
    assert result.groups[0].allowed == 0


# ------------------------------------------------------------------ step 1: bands and deferral


def test_the_band_is_the_first_reason(lamdong):
    result = rate_one(lamdong, person(total="92.5"))
    assert result.band == Rating.EXCELLENT
    assert result.rating == Rating.EXCELLENT
    assert texts(result.reasons) == ["92,50 điểm → HTXSNV"]
    assert result.warnings == []


@pytest.mark.parametrize(
    "case", ["training", "new_appointment", "sick_leave", "maternity_leave", "under_inspection"]
)
def test_deferred_people_are_not_rated(lamdong, case):
    result = rate_one(lamdong, person(total=None, deferred=case))
    assert result.rating == DEFERRED
    assert result.band is None
    assert "chuyển sang quý sau" in str(result.reasons[0])


# ------------------------------------------------------------------ step 2: own tasks


def test_person_below_100_percent_of_own_tasks_is_khtnv(lamdong):
    result = rate_one(lamdong, person(total="95", tasks_total=6, tasks_completed=5))
    assert result.rating == Rating.NOT_COMPLETED
    assert str(result.reasons[1]) == (
        "Cá nhân hoàn thành 5/6 nhiệm vụ được giao (83,33 %) < 100 % → KHTNV"
    )


def test_force_majeure_for_the_person_lifts_the_own_tasks_rule(lamdong):
    result = rate_one(
        lamdong, person(total="95", tasks_total=6, tasks_completed=5, force_majeure=True)
    )
    assert result.rating == Rating.EXCELLENT


# ------------------------------------------------------------------ step 3: HTXSNV needs the unit


def test_htxsnv_needs_30_percent_of_unit_tasks_exceeding(lamdong):
    result = rate_one(lamdong, person(total="91.2"), unit(total=20, exceeding=5))
    assert result.rating == Rating.GOOD
    assert texts(result.reasons) == [
        "91,20 điểm → HTXSNV",
        "Nhiệm vụ vượt mức của đơn vị 25 % < 30 % → HTTNV",
    ]


def test_exactly_30_percent_exceeding_is_enough(lamdong):
    assert rate_one(lamdong, person(), unit(total=20, exceeding=6)).rating == Rating.EXCELLENT


def test_htxsnv_needs_the_unit_all_on_time(lamdong):
    result = rate_one(lamdong, person(), unit(total=20, late=1, exceeding=10))
    # not on time: step 3 lowers to HTTNV, step 4 to HTNV
    assert result.rating == Rating.SATISFACTORY
    assert texts(result.reasons[1:]) == [
        "Đơn vị có 1 nhiệm vụ hoàn thành chậm tiến độ; HTXSNV cần đơn vị hoàn thành 100 % nhiệm vụ"
        " đúng hạn → HTTNV",
        "Đơn vị có 1 nhiệm vụ hoàn thành chậm tiến độ; HTTNV cần đơn vị hoàn thành 100 % nhiệm vụ"
        " đúng hạn → HTNV",
    ]
    assert result.warnings == []  # 1 of 20 late = 5 % <= 20 %: HTNV stands by the rules


# ------------------------------------------------------------------ step 4: HTTNV needs on time


def test_httnv_needs_the_unit_complete_on_time(lamdong):
    result = rate_one(lamdong, person(total="80"), unit(total=10, late=2))
    assert result.rating == Rating.SATISFACTORY
    assert str(result.reasons[-1]) == (
        "Đơn vị có 2 nhiệm vụ hoàn thành chậm tiến độ; HTTNV cần đơn vị hoàn thành 100 % nhiệm vụ"
        " đúng hạn → HTNV"
    )


def test_httnv_with_the_unit_on_time_stays(lamdong):
    assert rate_one(lamdong, person(total="80"), unit(exceeding=0)).rating == Rating.GOOD


# ------------------------------------------------------------------ step 5: unit thresholds


def test_unit_below_70_percent_gives_khtnv(lamdong):
    result = rate_one(lamdong, person(total="80"), unit(total=10, completed=6))
    assert result.rating == Rating.NOT_COMPLETED
    assert str(result.reasons[-1]) == "Đơn vị hoàn thành 6/10 nhiệm vụ (60 %) < 70 % → KHTNV"


def test_unit_between_70_and_100_percent_is_at_most_htnv_with_a_warning(lamdong):
    result = rate_one(lamdong, person(total="80"), unit(total=10, completed=8))
    assert result.rating == Rating.SATISFACTORY
    assert len(result.warnings) == 1
    assert "từ 70 % đến dưới 100 %" in str(result.warnings[0])
    assert "cấp có thẩm quyền" in str(result.warnings[0])


def test_unit_at_exactly_70_percent_is_not_khtnv(lamdong):
    result = rate_one(lamdong, person(total="60"), unit(total=10, completed=7))
    assert result.rating == Rating.SATISFACTORY
    assert result.warnings


def test_unit_complete_but_more_than_20_percent_late_warns(lamdong):
    result = rate_one(lamdong, person(total="60"), unit(total=10, late=3))
    assert result.rating == Rating.SATISFACTORY
    assert "30 % nhiệm vụ chậm tiến độ (> 20 %)" in str(result.warnings[0])


def test_unit_complete_with_20_percent_late_is_plain_htnv(lamdong):
    result = rate_one(lamdong, person(total="60"), unit(total=10, late=2))
    assert result.rating == Rating.SATISFACTORY
    assert result.warnings == []


def test_force_majeure_for_the_unit_excuses_its_uncompleted_tasks(lamdong):
    # 15 of 20 done, force majeure confirmed: judged as 15 of 15; 5 exceeding of 15 = 33 %.
    excused = unit(total=20, completed=15, exceeding=5, force_majeure=True)
    assert rate_one(lamdong, person(), excused).rating == Rating.EXCELLENT
    not_excused = unit(total=20, completed=15, exceeding=5)
    assert rate_one(lamdong, person(), not_excused).rating == Rating.SATISFACTORY


# ------------------------------------------------------------------ step 6: the collective


def test_collective_below_70_percent_makes_its_head_khtnv(lamdong):
    units = (unit("area"), unit("board", total=10, completed=6))
    head = person(role="head", unit="area", collective="board")
    result = rate_one(lamdong, head, *units)
    assert result.rating == Rating.NOT_COMPLETED
    assert str(result.reasons[-1]) == (
        "Tập thể hoàn thành 6/10 nhiệm vụ (60 %) < 70 %, người đứng đầu → KHTNV"
    )


def test_collective_below_70_percent_caps_deputies_at_httnv(lamdong):
    units = (unit("area"), unit("board", total=10, completed=6))
    deputy = person(role="deputy", unit="area", collective="board")
    result = rate_one(lamdong, deputy, *units)
    assert result.rating == Rating.GOOD
    assert str(result.reasons[-1]) == "Tập thể hoàn thành 6/10 nhiệm vụ (60 %) < 70 % → HTTNV"


def test_the_collective_defaults_to_the_unit(lamdong):
    result = rate_one(lamdong, person(role="head"), unit(total=10, completed=5))
    assert result.rating == Rating.NOT_COMPLETED


# ------------------------------------------------------------------ step 7: head and collective


def test_a_head_cannot_be_rated_above_the_collective(lamdong):
    result = rate_one(lamdong, person(role="head"), unit(rating=Rating.GOOD))
    assert result.rating == Rating.GOOD
    assert (
        str(result.reasons[-1])
        == "Người đứng đầu không cao hơn mức xếp loại của tập thể (HTTNV) → HTTNV"
    )


def test_a_deputy_is_not_tied_to_the_collective_rating(lamdong):
    assert rate_one(lamdong, person(role="deputy"), unit(rating=Rating.GOOD)).rating == (
        Rating.EXCELLENT
    )


# ------------------------------------------------------------------ step 8: dossier


def test_lamdong_late_dossier_drops_one_level(lamdong):
    result = rate_one(lamdong, person(total="80", dossier="late"), unit(exceeding=0))
    assert result.rating == Rating.SATISFACTORY
    assert str(result.reasons[-1]) == "Hồ sơ nộp chậm: hạ một mức → HTNV"


def test_lamdong_late_dossier_leaves_khtnv_as_khtnv(lamdong):
    result = rate_one(lamdong, person(total="40", dossier="late"))
    assert result.rating == Rating.NOT_COMPLETED
    assert len(result.reasons) == 1


def test_laocai_missing_dossier_is_khtnv(laocai):
    result = rate_one(laocai, person(dossier="missing"))
    assert result.rating == Rating.NOT_COMPLETED
    assert str(result.reasons[-1]) == "Không nộp hồ sơ đánh giá → KHTNV"


def test_laocai_late_dossier_is_left_to_the_authority(laocai):
    result = rate_one(laocai, person(dossier="late"))
    assert result.rating == Rating.EXCELLENT
    assert texts(result.warnings) == ["Hồ sơ nộp chậm: đề nghị cấp có thẩm quyền xem xét"]


def test_central_has_no_late_dossier_rule(central):
    assert rate_one(central, person(dossier="late")).rating == Rating.EXCELLENT


# ------------------------------------------------------------------ conditions configurable


def test_a_policy_can_switch_a_condition_off(lamdong):
    relaxed = policy_from_mapping(
        {
            "id": "relaxed",
            "extends": "lamdong-2026",
            "quota": {"pct": 100, "max_pct": 100},
            "conditions": [
                "own_tasks",
                "unit_good",
                "unit_satisfactory",
                "collective",
                "head_collective",
            ],
        }
    )
    assert rate_quarter(relaxed, [person()], [unit(exceeding=0)]).people[0].rating == (
        Rating.EXCELLENT
    )
    assert rate_one(lamdong, person(), unit(exceeding=0)).rating == Rating.GOOD


# ------------------------------------------------------------------ step 9: quota


@pytest.mark.parametrize(
    ("base", "pct", "allowed"),
    [
        (7, "20", 1),
        (8, "20", 2),
        (12, "20", 2),
        (13, "20", 3),
        (12, "25", 3),
        (10, "25", 3),
        (2, "20", 0),
        (3, "20", 1),
        (0, "20", 0),
    ],
)
def test_quota_rounds_half_up(base, pct, allowed):
    assert quota_allowed(base, D(pct)) == allowed


def test_quota_rounding_down_when_the_policy_says_so():
    assert quota_allowed(13, D(20), "down") == 2
    assert quota_allowed(8, D(20), "down") == 1


def group_of(policy, totals, groups=(), **extra):
    people = [person(f"p{i + 1}", total=t, group="g", **extra) for i, t in enumerate(totals)]
    return rate_quarter(policy, people, [unit()], list(groups))


def test_quota_keeps_the_highest_totals(lamdong):
    totals = ["95", "91", "93", "92", "80", "80", "80", "80", "75", "72", "71", "70"]
    result = group_of(lamdong, totals)
    group = result.groups[0]
    assert (group.base, group.allowed) == (12, 2)
    assert group.excellent == ("p1", "p3")
    assert group.cut == ("p4", "p2")
    p2 = result.people[1]
    assert p2.rating == Rating.GOOD
    assert str(p2.reasons[-1]) == (
        "Ngoài tỷ lệ HTXSNV của nhóm: tối đa 2 trên 12 người (20 %), xếp sau theo thứ tự ưu tiên"
        " → HTTNV"
    )


def test_laocai_group_may_raise_its_quota_to_25_percent(laocai):
    totals = ["95", "91", "93", "92"] + ["80"] * 8
    result = group_of(laocai, totals, [GroupInput("g", D(25))])
    assert result.groups[0].allowed == 3
    assert result.groups[0].excellent == ("p1", "p3", "p4")


def test_heads_are_left_out_of_the_quota_count_and_base(lamdong):
    people = [person("head", total="99", role="head", group="g")]
    people += [person(f"m{i}", total=t, group="g") for i, t in enumerate(["95", "94"] + ["80"] * 5)]
    result = rate_quarter(lamdong, people, [unit()])
    group = result.groups[0]
    assert group.base == 7  # head not counted
    assert group.allowed == 1
    assert result.people[0].rating == Rating.EXCELLENT  # the head is not limited by the quota
    assert group.excellent == ("m0",)


def test_quota_base_counts_after_the_conditions(lamdong):
    # Two of ten good people lose HTTNV to their own tasks: base 8 -> 2 allowed, not 10 -> 2.
    people = [person(f"p{i}", total="95", group="g") for i in range(4)]
    people += [person(f"q{i}", total="80", group="g") for i in range(4)]
    people += [
        person(f"r{i}", total="80", group="g", tasks_total=3, tasks_completed=2) for i in range(2)
    ]
    result = rate_quarter(lamdong, people, [unit()])
    assert result.groups[0].base == 8
    assert result.groups[0].allowed == 2


def test_quota_base_good_only_leaves_out_the_candidates(lamdong):
    policy = policy_from_mapping(
        {"id": "good-only", "extends": "lamdong-2026", "quota": {"base": "good_only"}}
    )
    result = group_of(policy, ["95", "94", "93"] + ["80"] * 10)
    assert result.groups[0].base == 10
    assert result.groups[0].allowed == 2


def test_quota_base_all_rated(lamdong):
    policy = policy_from_mapping(
        {"id": "all", "extends": "lamdong-2026", "quota": {"base": "all_rated"}}
    )
    result = group_of(policy, ["95", "94", "93", "60", "60", "40", "80", "80"])
    assert result.groups[0].base == 8
    assert result.groups[0].allowed == 2


def test_quota_excluded_roles_from_the_policy(lamdong):
    policy = policy_from_mapping(
        {"id": "no-excl", "extends": "lamdong-2026", "quota": {"exclude_roles": []}}
    )
    people = [person("head", total="99", role="head", group="g")]
    people += [person(f"m{i}", total=t, group="g") for i, t in enumerate(["95"] + ["80"] * 3)]
    result = rate_quarter(policy, people, [unit()])
    assert result.groups[0].base == 5
    assert result.groups[0].excellent == ("head",)


def test_deferred_people_are_outside_the_quota(lamdong):
    people = [person("d", total=None, deferred="training", group="g")]
    people += [person(f"m{i}", total=t, group="g") for i, t in enumerate(["95"] + ["80"] * 4)]
    result = rate_quarter(lamdong, people, [unit()])
    assert result.groups[0].base == 5
    assert result.people[0].rating == DEFERRED


def test_people_without_a_group_are_outside_any_quota(lamdong):
    # SPEC §8.3: the quota applies within a comparison group; no group, no quota.
    people = [person(f"m{i}", total=t) for i, t in enumerate(["95", "94"] + ["80"] * 3)]
    result = rate_quarter(lamdong, people, [unit()])
    assert result.groups == ()
    assert [p.rating for p in result.people][:2] == [Rating.EXCELLENT, Rating.EXCELLENT]


# ------------------------------------------------------------------ tie-breaks (Lào Cai 8.4)


def tie(laocai, a: dict, b: dict):
    people = [person("a", total="95", group="g", **a), person("b", total="95", group="g", **b)]
    people += [person(f"x{i}", total="80", group="g") for i in range(3)]
    return rate_quarter(laocai, people, [unit()])  # base 5 -> 1 allowed


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ({"exceeded_count": 4}, {"exceeded_count": 3}),
        ({"gender": "female"}, {"gender": "male"}),
        ({"ethnic_minority": True}, {"ethnic_minority": False}),
        ({"service_start": date(1990, 1, 1)}, {"service_start": date(1995, 1, 1)}),
        ({"retirement_date": date(2027, 1, 1)}, {"retirement_date": date(2030, 1, 1)}),
    ],
)
def test_laocai_tie_break_chain_decides_in_order(laocai, a, b):
    result = tie(laocai, b, a)  # the winner listed second: input order must not matter
    assert result.groups[0].excellent == ("b",)
    assert result.people[0].rating == Rating.GOOD
    assert result.people[1].warnings == []


def test_tie_break_chain_is_ordered(laocai):
    # more exceeded beats female
    result = tie(laocai, {"gender": "female"}, {"exceeded_count": 1})
    assert result.groups[0].excellent == ("b",)


def test_lamdong_breaks_ties_by_total_only_and_warns(lamdong):
    result = tie(lamdong, {"gender": "female"}, {"exceeded_count": 9})
    assert result.groups[0].excellent == ("a",)  # repeatable: by id
    warning = result.people[0].warnings[0]
    assert "a, b" in str(warning)
    assert "cấp có thẩm quyền quyết định" in str(warning)
    assert result.people[1].warnings == [warning]


def test_a_higher_total_beats_the_chain(laocai):
    people = [
        person("a", total="95.5", group="g"),
        person("b", total="95", group="g", gender="female", exceeded_count=9),
    ]
    people += [person(f"x{i}", total="80", group="g") for i in range(3)]
    result = rate_quarter(laocai, people, [unit()])
    assert result.groups[0].excellent == ("a",)


def test_spec_example_rates_p1_excellent(laocai):
    # SPEC §15: a group of 10 at 25 % allows 3: p1, p4 and p9 keep HTXSNV.
    p1 = person(
        "p1",
        unit="so-tc",
        group="so-nganh-cap-pho",
        role="deputy",
        total="92.5",
        tasks_total=6,
        tasks_completed=6,
        exceeded_count=3,
        gender="female",
        service_start=date(1998, 3, 1),
        retirement_date=date(2029, 6, 30),
    )
    totals = {
        "p2": "90.5",
        "p3": "85",
        "p4": "95",
        "p5": "88",
        "p6": "80",
        "p7": "91",
        "p8": "78",
        "p9": "94",
        "p10": "84",
    }
    people = [p1] + [
        person(pid, total=t, unit="so-tc", group="so-nganh-cap-pho") for pid, t in totals.items()
    ]
    units = [unit("so-tc", total=20, exceeding=7, rating=Rating.GOOD)]
    result = rate_quarter(laocai, people, units, [GroupInput("so-nganh-cap-pho", D(25))], "2026-Q3")
    assert result.people[0].rating == Rating.EXCELLENT
    assert texts(result.people[0].reasons) == ["92,50 điểm → HTXSNV"]
    group = result.groups[0]
    assert (group.base, group.allowed) == (10, 3)
    assert group.excellent == ("p1", "p4", "p9")
    assert [p.id for p in result.people] == ["p1", *list(totals)]


def test_tie_warnings_name_people_by_name_when_given(lamdong):
    people = [
        person("a", total="95", group="g", name="Nguyễn Thị An"),
        person("b", total="95", group="g", name="Trần Văn Bình"),
    ]
    people += [person(f"x{i}", total="80", group="g") for i in range(3)]
    result = rate_quarter(lamdong, people, [unit()])
    assert "giữa Nguyễn Thị An, Trần Văn Bình theo" in str(result.people[0].warnings[0])


@pytest.mark.parametrize(
    ("total", "band", "shown"),
    [
        ("89.995", "HTXSNV", "90,00"),
        ("89.994", "HTTNV", "89,99"),
        ("69.995", "HTTNV", "70,00"),
        ("49.9949", "KHTNV", "49,99"),
    ],
)
def test_bands_compare_the_rounded_total(lamdong, total, band, shown):
    result = rate_one(lamdong, person(total=total), unit(exceeding=5))
    assert result.band.value == band
    assert str(result.reasons[0]) == f"{shown} điểm → {band}"


def test_reasons_made_once_per_run_say_what_rendering_each_person_again_says():
    """rate_quarter shares the repeated reasons of a run (a unit's figures, the same totals);
    each is the sentence the renderer gives for its code and params, and rating one person
    alone gives the same chain."""
    import json
    import random
    from decimal import Decimal

    from danhgia.engine import PersonInput, UnitFigures, load_policy, rate_person
    from danhgia.engine.reasons import _render

    rnd = random.Random(5)
    units = [
        UnitFigures(
            f"u{i}",
            tasks_total=10,
            tasks_completed=rnd.choice([5, 8, 10]),
            tasks_late=rnd.choice([0, 1, 3]),
            tasks_exceeding=rnd.choice([0, 4]),
        )
        for i in range(4)
    ]
    people = [
        PersonInput(
            f"p{i}",
            unit=f"u{i % 4}",
            role=rnd.choice(["head", "member"]),
            total=Decimal(rnd.choice(["95", "85.5", "72.25", "40"])),
            collective=f"u{(i + 1) % 4}",
            group="g",
            tasks_total=3,
            tasks_completed=rnd.choice([2, 3]),
            dossier=rnd.choice(["on_time", "late"]),
        )
        for i in range(40)
    ]
    policy = load_policy("laocai-2026")
    result = rate_quarter(policy, people, units, [GroupInput("g", Decimal(20))])
    index = {u.id: u for u in units}
    for someone, rating in zip(people, result.people, strict=True):
        for reason in [*rating.reasons, *rating.warnings]:
            assert str(reason) == _render(reason.code, json.loads(json.dumps(reason.params)), None)
        alone = rate_person(someone, index, policy)
        assert alone.reasons == rating.reasons[: len(alone.reasons)]
        assert alone.warnings == rating.warnings[: len(alone.warnings)]


def test_a_person_made_by_the_fast_constructor_is_the_same_frozen_person():
    import dataclasses
    from decimal import Decimal

    from danhgia.engine import PersonInput

    fields = {f.name: None for f in dataclasses.fields(PersonInput)}
    fields.update(id="p1", unit="u1", role="head", total=Decimal("81.5"), tasks_total=2)
    fast, plain = PersonInput.of(**fields), PersonInput(**fields)
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.total = Decimal(0)
    assert PersonInput.of(id="p2", unit="u2") == PersonInput("p2", "u2")  # defaults: the usual way

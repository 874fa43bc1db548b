"""Scoring one evaluation: every number printed in SPEC §7 and in the seeds' examples."""

from decimal import Decimal

import pytest

from danhgia.engine import (
    CriterionInput,
    InputError,
    Rating,
    TaskInput,
    check_entries,
    load_framework,
    load_policy,
    policy_from_mapping,
    score_evaluation,
    task_kpi,
)

from .helpers import D, entries_for


def score(framework, policy, **overrides):
    entries = entries_for(framework, **overrides)
    check_entries(framework, policy, entries)
    return score_evaluation(framework, policy, entries)


def test_lamdong_example_12_of_18_gives_1_33_points(pl1, lamdong):
    # Phụ lục 1 row 1.1: target 18-20 %, actual 12 % -> 12 / 18 = 0.667 -> 0.667 x 2 = 1.33.
    result = score(pl1, lamdong, B_1_1=CriterionInput(target=(D(18), D(20)), actual=D(12)))
    row = result.criteria["B.1.1"]
    assert row.points == D("1.33")
    assert round(row.kpi, 4) == D("0.6667")  # not the seed's truncated "0,66"
    assert row.exceeded is False


def test_three_of_five_on_a_five_point_row_gives_3(pl5, lamdong):
    result = score(pl5, lamdong, B_1_1=CriterionInput(target=D(5), actual=D(3)))
    assert result.criteria["B.1.1"].kpi == D("0.6")
    assert result.criteria["B.1.1"].points == D(3)


def test_three_of_five_on_a_two_point_row_gives_1_2(pl5, lamdong):
    result = score(pl5, lamdong, B_2_1=CriterionInput(target=D(5), actual=D(3)))
    assert result.criteria["B.2.1"].points == D("1.2")


def test_three_of_five_on_a_four_point_row_gives_2_4_not_the_appendix_3():
    # Phụ lục 3 row 1.1 prints 3 points for 3/5 x 4; the right number is 2.4.
    pl3 = load_framework("lamdong-2026-pl3")
    policy = load_policy("lamdong-2026")
    result = score(pl3, policy, B_1_1=CriterionInput(target=D(5), actual=D(3)))
    assert pl3.criterion("B.1.1").max == D(4)
    assert result.criteria["B.1.1"].points == D("2.4")


def test_par_index_kha_is_1_5_in_phu_luc_1_and_2_in_phu_luc_5(pl1, pl5, lamdong):
    assert score(pl1, lamdong, B_2_5=CriterionInput(category="Khá")).criteria["B.2.5"].points == D(
        "1.5"
    )
    assert score(pl5, lamdong, B_2_5=CriterionInput(category="Khá")).criteria["B.2.5"].points == D(
        2
    )
    pl2 = load_framework("lamdong-2026-pl2")
    assert score(pl2, lamdong, B_2_5=CriterionInput(category="Khá")).criteria["B.2.5"].points == D(
        "1.5"
    )


@pytest.mark.parametrize(
    ("label", "pl1_points", "pl5_points"),
    [("Tốt", "2", "3"), ("Khá", "1.5", "2"), ("Trung bình", "1", "1")],
)
def test_par_index_table(pl1, pl5, lamdong, label, pl1_points, pl5_points):
    entry = CriterionInput(category=label)
    assert score(pl1, lamdong, B_2_5=entry).criteria["B.2.5"].points == D(pl1_points)
    assert score(pl5, lamdong, B_2_5=entry).criteria["B.2.5"].points == D(pl5_points)


CENTRAL_EXAMPLE = (
    # Central Phụ lục 2, Quý II/2026: h, q, a, quality, timeliness, leadership.
    TaskInput(
        coefficient=D(1),
        planned=D(2),
        delivered=D(1),
        quality=D("0.75"),
        timeliness=D("0.75"),
        leadership=D("0.75"),
    ),
    TaskInput(coefficient=D(1), planned=D(1), delivered=D(1)),
    TaskInput(coefficient=D("1.2"), planned=D(1), delivered=D(1)),
    TaskInput(coefficient=D("1.5"), planned=D(1), delivered=D(1)),
    TaskInput(
        coefficient=D(2), planned=D(1), delivered=D(1), quality=D("1.2"), leadership=D("1.2")
    ),
)


def test_central_worked_example_by_the_task_kpi(central):
    # W = 2 + 1 + 1.2 + 1.5 + 2 = 7.7
    result = task_kpi(CENTRAL_EXAMPLE, central)
    assert round(result.quantity, 4) == D("0.8701")  # 6.7 / 7.7
    assert round(result.quality, 4) == D("0.9870")  # 7.6 / 7.7
    assert round(result.timeliness, 4) == D("0.9351")  # 7.2 / 7.7
    assert round(result.leadership, 4) == D("0.9870")  # 7.6 / 7.7
    assert round(result.kpi, 4) == D("0.9448")  # 29.1 / 30.8
    assert result.exceeding_tasks == 1  # task 5: factors 1.2
    assert result.late_tasks == 1  # task 1: timeliness 0.75


def test_task_kpi_on_a_criterion_gives_points(pl5, lamdong):
    result = score(pl5, lamdong, B_1_2=CriterionInput(tasks=CENTRAL_EXAMPLE))
    # 0.944805... x 3 = 2.834 -> 2.83
    assert result.criteria["B.1.2"].points == D("2.83")
    assert result.criteria["B.1.2"].exceeded is False


def test_task_kpi_weights_come_from_the_policy(central):
    weighted = policy_from_mapping(
        {
            "id": "weighted",
            "extends": "central-2026",
            "task_kpi_weights": {
                "quantity": 0.15,
                "quality": 0.5,
                "timeliness": 0.15,
                "leadership": 0.2,
            },
        }
    )
    result = task_kpi(CENTRAL_EXAMPLE, weighted)
    expected = (
        D("0.15") * D("6.7") + D("0.5") * D("7.6") + D("0.15") * D("7.2") + D("0.2") * D("7.6")
    ) / D("7.7")
    assert result.kpi == expected
    assert round(result.kpi, 4) == D("0.9617")  # 7.405 / 7.7


def test_an_undelivered_task_has_factors_zero(central):
    result = task_kpi([TaskInput(planned=D(2), delivered=D(0), quality=D("1.2"))], central)
    assert result.kpi == 0
    assert result.exceeding_tasks == 1  # quality was entered above 1, still "exceeding" by §7.3


def test_exceeding_tasks_give_a_kpi_above_one_and_are_capped(pl5, lamdong):
    tasks = (TaskInput(planned=D(1), delivered=D(2), quality=D("1.2"), timeliness=D("1.2")),)
    result = score(pl5, lamdong, B_1_2=CriterionInput(tasks=tasks))
    row = result.criteria["B.1.2"]
    assert row.kpi == (D(1) + D("1.2") + D("1.2") + D(1)) / 4
    assert row.exceeded is True
    assert row.points == D(3)  # min(1.1, cap 1.0) x 3


def test_kpi_cap_from_the_policy_lets_points_exceed_the_row(pl5):
    policy = policy_from_mapping({"id": "cap", "extends": "lamdong-2026", "kpi_cap": 1.2})
    result = score(pl5, policy, B_1_1=CriterionInput(target=D(5), actual=D(7)))
    assert result.criteria["B.1.1"].points == D(6)  # min(1.4, 1.2) x 5


def test_range_counts_from_its_lower_bound_and_exceeds_above_its_upper(pl5, lamdong):
    inside = score(pl5, lamdong, B_1_7=CriterionInput(target=(D(20), D(25)), actual=D(21)))
    assert inside.criteria["B.1.7"].kpi == D("1.05")
    assert inside.criteria["B.1.7"].points == D(3)
    assert inside.criteria["B.1.7"].exceeded is False
    above = score(pl5, lamdong, B_1_7=CriterionInput(target=(D(20), D(25)), actual=D(26)))
    assert above.criteria["B.1.7"].exceeded is True
    at_top = score(pl5, lamdong, B_1_7=CriterionInput(target=(D(20), D(25)), actual=D(25)))
    assert at_top.criteria["B.1.7"].exceeded is False


def test_single_target_exceeded_only_above_it(pl5, lamdong):
    assert (
        score(pl5, lamdong, B_1_1=CriterionInput(target=D(5), actual=D(6)))
        .criteria["B.1.1"]
        .exceeded
    )
    assert (
        not score(pl5, lamdong, B_1_1=CriterionInput(target=D(5), actual=D(5)))
        .criteria["B.1.1"]
        .exceeded
    )


@pytest.mark.parametrize(
    ("actual", "kpi", "points", "exceeded"),
    [
        ("10", "1", "1", False),
        ("5", "0.5", "0.5", False),
        ("15", "1.5", "1", True),
        ("0", "0", "0", False),
        ("-4", "0", "0", False),
    ],
)
def test_reduction_is_the_achieved_cut_over_the_target_cut(
    pl1, lamdong, actual, kpi, points, exceeded
):
    # Phụ lục 1 row 6.4: "Giảm ít nhất 10% so với cùng kỳ năm ngoái", 1 point; a rise gives 0.
    assert pl1.criterion("B.6.4").measure == "reduction"
    result = score(pl1, lamdong, B_6_4=CriterionInput(target=D(10), actual=D(actual)))
    row = result.criteria["B.6.4"]
    assert row.kpi == D(kpi)
    assert row.points == D(points)
    assert row.exceeded is exceeded


@pytest.mark.parametrize(("level", "points"), [(1, "3"), (2, "2.25"), (3, "0")])
def test_level_response_factors(pl5, lamdong, level, points):
    result = score(pl5, lamdong, B_4_2=CriterionInput(level=level))
    assert result.criteria["B.4.2"].points == D(points)
    assert result.criteria["B.4.2"].exceeded is False


def test_category_and_level_rows_are_never_exceeded(pl5, lamdong):
    result = score(pl5, lamdong, B_2_5=CriterionInput(category="Tốt"))
    assert result.criteria["B.2.5"].exceeded is False
    assert result.criteria["B.2.5"].kpi is None


def test_part_a_met_gives_full_points_and_not_met_zero(pl5, lamdong):
    result = score(pl5, lamdong, A_1_1=CriterionInput(met=False), A_2_3=CriterionInput(met=False))
    assert result.criteria["A.1.1"].points == 0
    assert result.criteria["A.2.3"].points == 0
    assert result.part_a == D(30) - 2 - 1
    assert [g.points for g in result.groups] == [D(16), D(3), D(8)]


def test_totals_are_sums_of_rounded_criterion_points(pl1, lamdong):
    result = score(
        pl1,
        lamdong,
        B_1_1=CriterionInput(target=(D(18), D(20)), actual=D(12)),  # 1.333 -> 1.33
        B_1_2=CriterionInput(target=(D(25), D(30)), actual=D(17)),  # 0.68 x 2 = 1.36
        B_1_3=CriterionInput(target=(D(25), D(30)), actual=D("16.66")),  # 1.3328 -> 1.33
    )
    axis_1 = result.axes[0]
    assert axis_1.points == D("1.33") + D("1.36") + D("1.33") + D(2) + D("1.5") * 3 + D("2.5")
    assert result.part_b == sum(a.points for a in result.axes)
    assert result.total == result.part_a + result.part_b
    # Phụ lục 1's axis 6 adds to 9: the full form gives 99, and the warning says why.
    assert result.warnings == ("axis 6 rows add up to 9 of 10",)


def test_a_full_valid_form_adds_up_to_100(pl5, lamdong):
    result = score(pl5, lamdong)
    assert (result.part_a, result.part_b, result.total) == (D(30), D(70), D(100))
    assert result.band == Rating.EXCELLENT
    assert result.warnings == ()


def test_points_precision_comes_from_the_policy(pl1):
    one_decimal = policy_from_mapping(
        {"id": "one-decimal", "extends": "lamdong-2026", "points_decimals": 1}
    )
    result = score(pl1, one_decimal, B_1_1=CriterionInput(target=(D(18), D(20)), actual=D(12)))
    assert result.criteria["B.1.1"].points == D("1.3")


def test_half_up_rounding_of_points(pl5, lamdong):
    # 0.5 x ... : 1.005 -> 1.01 (half-up), not banker's 1.00
    result = score(pl5, lamdong, B_2_6=CriterionInput(target=D(200), actual=D(201)))
    assert result.criteria["B.2.6"].points == D(1)
    row = score(pl5, lamdong, B_2_1=CriterionInput(target=D(400), actual=D(201)))  # 1.005
    assert row.criteria["B.2.1"].points == D("1.01")


def test_not_applicable_criteria_rescale_their_axis(pl5, lamdong):
    result = score(
        pl5,
        lamdong,
        B_1_6=CriterionInput(not_applicable=True),
        B_1_1=CriterionInput(target=D(5), actual=D(3)),
    )
    # applicable rows: 3 + 3 + 3 + 3 + 4 + 3 = 19 of 21; x 25 / 21 = 22.619 -> 22.62
    axis = result.axes[0]
    assert axis.rescaled
    assert axis.points == D("22.62")
    assert result.criteria["B.1.6"].points is None
    assert result.part_b == D("22.62") + 45


def test_a_policy_may_forbid_not_applicable(pl5):
    forbid = policy_from_mapping({"id": "f", "extends": "lamdong-2026", "not_applicable": "forbid"})
    entries = entries_for(pl5, B_1_6=CriterionInput(not_applicable=True))
    with pytest.raises(InputError, match=r"^B\.1\.6: policy f does not allow not_applicable"):
        check_entries(pl5, forbid, entries)


def test_an_axis_cannot_be_entirely_not_applicable(pl5, lamdong):
    overrides = {f"B_3_{n}": CriterionInput(not_applicable=True) for n in range(1, 6)}
    with pytest.raises(InputError, match="axis 3 must be applicable"):
        check_entries(pl5, lamdong, entries_for(pl5, **overrides))


@pytest.mark.parametrize(
    ("total", "band"),
    [
        ("100", "HTXSNV"),
        ("90", "HTXSNV"),
        ("89.99", "HTTNV"),
        ("70", "HTTNV"),
        ("69.99", "HTNV"),
        ("50", "HTNV"),
        ("49.99", "KHTNV"),
        ("0", "KHTNV"),
    ],
)
def test_bands_on_the_rounded_total(lamdong, total, band):
    assert lamdong.band_for(Decimal(total)).value == band


def test_central_framework_scores_each_axis_as_one_criterion(central):
    framework = load_framework("central-2026-pl3")
    assert [c.code for c in framework.part_b] == [f"B.{n}" for n in range(1, 7)]
    result = score(framework, central, B_4=CriterionInput(level=2))
    assert result.criteria["B.4"].points == D("11.25")  # 0.75 x 15
    assert result.total == D("96.25")


def test_draft_frameworks_score_what_they_have_and_warn(lamdong):
    pl6 = load_framework("lamdong-2026-pl6")
    result = score(pl6, lamdong)
    assert result.part_a == 30
    assert result.part_b == 43  # axes 3-5 (40) + rows 2.6, 2.7 (3)
    assert any("axis 1 has no max points" in w for w in result.warnings)


def test_category_labels_match_in_any_unicode_form(pl5, lamdong):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Khá")
    assert decomposed != "Khá"
    result = score(pl5, lamdong, B_2_5=CriterionInput(category=decomposed))
    assert result.criteria["B.2.5"].points == D(2)


def test_an_exact_half_rounds_up_after_division(pl5, lamdong):
    # 5 / 24 x 3 = 0.625 exactly: half-up gives 0.63 (dividing first would give 0.6249... -> 0.62)
    result = score(pl5, lamdong, B_4_4=CriterionInput(target=D(24), actual=D(5)))
    assert result.criteria["B.4.4"].points == D("0.63")


def test_an_exact_half_from_tasks_rounds_up(pl5, lamdong):
    # quantity 1 of 8, factors 0: KPI = 1/8 x 1/4 = 1/32; x 4 points = 0.125 -> 0.13
    tasks = (
        TaskInput(planned=D(8), delivered=D(1), quality=D(0), timeliness=D(0), leadership=D(0)),
    )
    result = score(pl5, lamdong, B_1_5=CriterionInput(tasks=tasks))
    assert result.criteria["B.1.5"].points == D("0.13")

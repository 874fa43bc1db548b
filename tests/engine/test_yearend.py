"""Year-end roll-up of the quarters (SPEC §13, 02-HD §6.3)."""

from danhgia.engine import (
    DEFERRED,
    Rating,
    rank_year_end_candidates,
    rank_year_end_summaries,
    summarise_year,
)

X, T, N, K = Rating.EXCELLENT, Rating.GOOD, Rating.SATISFACTORY, Rating.NOT_COMPLETED


def test_a_khtnv_quarter_rules_out_htxsnv_for_the_year():
    assert summarise_year([X, X, K]).excellent_possible is False
    assert summarise_year([X, T, N]).excellent_possible is True


def test_two_consecutive_khtnv_quarters_mean_replacement():
    summary = summarise_year([T, K, K])
    assert summary.consecutive_khtnv and summary.at_risk
    assert not summarise_year([K, T, K]).consecutive_khtnv


def test_khtnv_last_quarter_is_at_risk():
    assert summarise_year([T, T, K]).at_risk
    assert summarise_year([K, DEFERRED]).at_risk  # deferral does not clear the last rating
    assert not summarise_year([K, T]).at_risk


def test_counts_include_deferred_quarters():
    counts = summarise_year([X, DEFERRED, X]).counts
    assert counts["HTXSNV"] == 2 and counts[DEFERRED] == 1


def test_candidates_with_more_htxsnv_quarters_come_first():
    people = [("a", [T, X, T]), ("b", [X, X, X]), ("c", [X, K, X]), ("d", [X, X, T])]
    assert rank_year_end_candidates(people) == ["b", "d", "a"]


def test_the_reasons_say_which_rule_applies_and_name_the_quarters():
    summary = summarise_year([T, K, K, None])
    assert [r.code for r in summary.reasons] == [
        "year_khtnv",
        "year_consecutive_khtnv",
        "year_q4_pending",
    ]
    assert summary.reasons[0].params == {"quarters": ["II", "III"]}
    assert "quý II và III" in summary.reasons[1]
    assert "không được xếp loại HTXSNV cả năm" in summary.reasons[0]


def test_a_candidate_is_told_its_number_of_htxsnv_quarters():
    summary = summarise_year([X, T, X, X])
    assert [r.code for r in summary.reasons] == ["year_candidate"]
    assert summary.reasons[0].params == {"excellent": 3}
    assert "3 quý HTXSNV" in summary.reasons[0]


def test_a_khtnv_last_quarter_is_named_as_the_one_to_watch():
    summary = summarise_year([T, T, K])
    codes = [r.code for r in summary.reasons]
    assert codes == ["year_khtnv", "year_last_khtnv", "year_q4_pending"]
    assert summary.reasons[1].params == {"quarter": "III"}
    # a deferred quarter after it does not clear it
    assert summarise_year([T, K, DEFERRED, T]).reasons[-1].code == "year_khtnv"
    assert summarise_year([T, T, K, DEFERRED]).reasons[1].params == {"quarter": "III"}


def test_ranking_summaries_made_once_gives_the_same_order():
    people = [("a", [T, X, T]), ("b", [X, X, X]), ("c", [X, K, X]), ("d", [X, X, T])]
    summaries = [(pid, summarise_year(q)) for pid, q in people]
    assert rank_year_end_summaries(summaries) == rank_year_end_candidates(people)

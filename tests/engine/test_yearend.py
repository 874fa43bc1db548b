"""Year-end roll-up of the quarters (SPEC §13, 02-HD §6.3)."""

from danhgia.engine import DEFERRED, Rating, rank_year_end_candidates, summarise_year

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

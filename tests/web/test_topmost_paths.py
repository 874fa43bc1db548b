"""``organisation.paths.topmost_paths``: one pass gives the pairwise definition's answer."""

from hypothesis import given
from hypothesis import strategies as st

from danhgia.organisation.paths import topmost_paths

# unit paths as the organisation stores them: dot-ended segments of digits ("0001.0003.")
segment = st.sampled_from(["0001.", "0002.", "0010.", "0100.", "1.", "12."])
path = st.lists(segment, min_size=1, max_size=4).map("".join)


def pairwise(paths: list[str]) -> list[str]:
    wanted = sorted(set(paths))
    return [p for p in wanted if not any(p != q and p.startswith(q) for q in wanted)]


@given(st.lists(path, max_size=40))
def test_the_scan_agrees_with_every_pair_compared(paths):
    assert topmost_paths(paths) == pairwise(paths)


def test_a_subtree_and_its_units_give_the_subtree_once():
    assert topmost_paths(["0001.0002.", "0001.", "0001.0002.0003.", "0002.", "0001."]) == [
        "0001.",
        "0002.",
    ]

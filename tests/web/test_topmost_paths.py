"""``organisation.paths``: ``topmost_paths`` (one pass) gives the pairwise definition's answer;
``path_prefixes`` gives a stored path's ancestors as the chain of codes defines them."""

from hypothesis import given
from hypothesis import strategies as st

from danhgia.organisation.paths import path_prefixes, topmost_paths

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


# a unit's path as ``Unit.build_path`` stores it: its codes from the root, "/" around each
code = st.text("abcdeghilmnostuvxy0123456789-", min_size=1, max_size=12)


@given(st.lists(code, min_size=1, max_size=6))
def test_a_paths_prefixes_are_its_ancestors_paths_nearest_first(codes):
    stored = "/" + "/".join(codes) + "/"
    assert path_prefixes(stored) == [
        "/" + "/".join(codes[:n]) + "/" for n in range(len(codes), 0, -1)
    ]


def test_prefixes_of_a_division_and_of_no_path():
    assert path_prefixes("/lam-ha/so-tai-chinh/phong-1/") == [
        "/lam-ha/so-tai-chinh/phong-1/",
        "/lam-ha/so-tai-chinh/",
        "/lam-ha/",
    ]
    assert path_prefixes("") == []

"""``decisions.run_figures.subtree_counts``: one pass over the paths gives, for each unit path,
the sum over every path below it (the definition, compared pair by pair)."""

from hypothesis import given
from hypothesis import strategies as st

from danhgia.decisions.run_figures import Counts, subtree_counts

# unit paths as the organisation stores them: codes from the root ("/lam-ha/so-tai-chinh/")
code = st.sampled_from(["a", "b", "ab", "so-tai-chinh", "xa-1"])
path = st.lists(code, min_size=1, max_size=4).map(lambda codes: "/" + "/".join(codes) + "/")
counts = st.tuples(*[st.integers(0, 50)] * 4).map(lambda c: Counts(*c))


def by_definition(per_path: dict[str, Counts]) -> dict[str, Counts]:
    prefixes = {
        "/" + "/".join(p.strip("/").split("/")[:depth]) + "/"
        for p in per_path
        for depth in range(1, p.count("/"))
    }
    return {
        prefix: Counts(
            *(sum(c[i] for p, c in per_path.items() if p.startswith(prefix)) for i in range(4))
        )
        for prefix in prefixes
    }


@given(st.dictionaries(path, counts, max_size=25))
def test_each_units_subtree_sums_every_unit_below_it(per_path):
    assert subtree_counts(per_path) == by_definition(per_path)


def test_a_unit_and_its_division():
    got = subtree_counts({"/a/": Counts(2, 1, 0, 0), "/a/b/": Counts(3, 3, 1, 1)})
    assert got == {"/a/": Counts(5, 4, 1, 1), "/a/b/": Counts(3, 3, 1, 1)}

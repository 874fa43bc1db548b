"""The command's JSON writer writes exactly what ``json.dumps(…, indent=2)`` writes."""

import json

from hypothesis import given
from hypothesis import strategies as st

from danhgia.indented_json import dumps_indented

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and infinities included: the standard encoder writes those
    | st.text()
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=6), children, max_size=4)
        | st.dictionaries(st.integers(), children, min_size=1, max_size=2)
    ),  # keys become text
    max_leaves=30,
)


@given(values)
def test_the_output_is_the_standard_encoders_byte_for_byte(value):
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_vietnamese_text_stays_readable():
    value = {"lý do": ["56,72 điểm → HTNV"], "tuples": (1, 2.5), "empty": [{}, []]}
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)
    assert "điểm → HTNV" in dumps_indented(value)


def test_subclasses_and_unusual_keys_are_written_as_the_standard_encoder_writes_them():
    from collections import OrderedDict

    from danhgia.engine import Reason

    reason = Reason("dossier_warn", {"dossier": "late"})
    for value in (
        [reason, {"r": reason}],
        OrderedDict(a=[1, (2, 3)]),
        {True: 1, None: [], 2.5: "x"},
        {"nested": [[], {}, [{"a": None, "b": False}]]},
    ):
        assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)

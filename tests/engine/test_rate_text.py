"""``danhgia rate``'s text is written without the dicts: byte for byte the indented JSON of
``rate_to_json`` (what the command printed before, and what the API answers)."""

import json
import random
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from danhgia.engine import (
    GroupResult,
    PersonRating,
    RateResult,
    Rating,
    Reason,
    rate_json,
    rate_text,
)
from danhgia.engine import output as engine_output

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

ids = st.text(max_size=8)
sentences = st.text(max_size=12) | st.sampled_from(["56,72 điểm → HTNV", 'a "b" \\ \n\t\x00'])
ratings = st.sampled_from([*Rating, "DEFERRED"])
people = st.builds(
    PersonRating,
    ids,
    st.none() | st.sampled_from(list(Rating)),
    ratings,
    st.lists(sentences, max_size=3),
    st.lists(st.builds(Reason, st.just("dossier_warn"), st.just({"dossier": "late"})), max_size=2),
)
groups = st.builds(
    GroupResult,
    st.none() | ids,
    st.sampled_from([Decimal(20), Decimal("22.5"), Decimal("0.125"), Decimal("25.0")]),
    st.integers(0, 50),
    st.integers(0, 10),
    st.tuples(ids) | st.just(()),
    st.lists(ids, max_size=3).map(tuple),
    st.lists(ids, max_size=2).map(tuple),
)
results = st.builds(
    RateResult,
    ids,
    st.none() | st.just("2026-Q3"),
    st.lists(people, max_size=5).map(tuple),
    st.lists(groups, max_size=3).map(tuple),
)


def expected(result):
    return json.dumps(engine_output.rate_to_json(result), ensure_ascii=False, indent=2)


@given(results)
def test_the_text_is_the_indented_json_of_the_dicts(result):
    assert engine_output.rate_to_text(result) == expected(result)


def test_the_direct_writer_is_the_one_used(monkeypatch):
    # the standard encoder writes only what the direct writer does not know
    result = RateResult(
        "laocai-2026",
        None,
        (PersonRating("p1", Rating.GOOD, "DEFERRED", [Reason("deferred", {"case": "training"})]),),
        (),
    )
    monkeypatch.setattr(json, "dumps", None)
    text = engine_output.rate_to_text(result)
    monkeypatch.undo()
    assert text == expected(result)
    assert '"rating": "DEFERRED",\n      "reasons": [\n        "' in text


def test_an_unusual_value_falls_back_to_the_standard_encoder():
    person = PersonRating("p1", None, Rating.GOOD, [Reason("dossier_warn", {"dossier": "late"})])
    person.warnings.append(7.5)  # type: ignore[arg-type]  # not text: still the same JSON
    result = RateResult("x", None, (person,), ())
    assert engine_output.rate_to_text(result) == expected(result)


def test_a_rated_quarter_is_written_as_rate_json_gives_it():
    rnd = random.Random(7)
    units = [
        {"id": f"u{i}", "tasks_total": 10, "tasks_completed": rnd.choice([6, 9, 10])}
        for i in range(5)
    ]
    request = {
        "policy": "laocai-2026",
        "period": "2026-Q3",
        "groups": [{"id": "g", "quota_pct": 25}],
        "units": units,
        "people": [
            {
                "id": f"p{i}",
                "unit": f"u{rnd.randrange(5)}",
                "group": rnd.choice(["g", "h"]),
                "total": Decimal(str(round(rnd.uniform(40, 99), 2))),
                "dossier": rnd.choice(["on_time", "late", "missing"]),
                "deferred": "training" if i == 3 else None,
            }
            for i in range(60)
        ],
    }
    assert rate_text(request) == json.dumps(rate_json(request), ensure_ascii=False, indent=2)


def test_a_rating_made_without_init_is_the_one_init_makes():
    made = PersonRating.made("p", Rating.GOOD, Rating.SATISFACTORY, ["r"], "g", Decimal("80.5"))
    assert made == PersonRating(
        "p", Rating.GOOD, Rating.SATISFACTORY, ["r"], [], "g", Decimal("80.5")
    )
    assert list(vars(made)) == list(PersonRating.__dataclass_fields__)


def _script(entry, *args, stdin=None):
    code = f"import sys; from danhgia.cli import {entry}; sys.exit({entry}())"
    return subprocess.run(
        [sys.executable, "-c", code, *args], input=stdin, capture_output=True, text=True, timeout=60
    )


def test_the_console_script_prints_and_exits_as_main_does():
    # ``console`` ends the process without freeing the request: the same output and statuses
    example = str(EXAMPLES / "rate-laocai.json")
    fast, plain = _script("console", "rate", example), _script("main", "rate", example)
    assert (fast.returncode, fast.stdout, fast.stderr) == (0, plain.stdout, "")
    assert json.loads(fast.stdout)["people"][0]["rating"]
    refused = _script("console", "rate", "-", stdin='{"policy": "laocai-2026", "units": 3}')
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr == "units: expected a list\n"
    missing = _script("console", "rate", str(EXAMPLES / "no-such-file.json"))
    assert missing.returncode == 1 and missing.stderr.startswith("danhgia: cannot read input")

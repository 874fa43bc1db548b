"""The hypothesis profiles of the engine suite: quick by default, thorough on request."""

import ast
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import settings

HERE = Path(__file__).resolve().parent


def test_the_ci_profile_is_loaded_unless_another_is_asked_for():
    expected = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
    assert settings.default.max_examples == expected.max_examples
    assert settings.default.deadline is None


def test_the_thorough_profile_runs_far_more_examples_than_ci():
    ci, thorough = settings.get_profile("ci"), settings.get_profile("thorough")
    assert thorough.max_examples >= 300 > ci.max_examples
    assert thorough.deadline is None


def test_no_property_sets_its_own_number_of_examples():
    """Else the profile would not govern it: ``@settings(max_examples=…)`` overrides it."""
    offenders = []
    for path in sorted(HERE.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "max_examples":
                offenders.append(f"{path.name}:{node.value.lineno}")
    assert offenders == []


def test_hypothesis_profile_thorough_is_selected_by_the_environment():
    probe = "import tests.engine.conftest; from hypothesis import settings;" + (
        "print(settings.default.max_examples)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={**os.environ, "HYPOTHESIS_PROFILE": "thorough"},
        cwd=HERE.parents[1],
        check=True,
    )
    assert out.stdout.strip() == str(settings.get_profile("thorough").max_examples)

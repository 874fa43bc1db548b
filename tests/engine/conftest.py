import os

import pytest
from hypothesis import HealthCheck, settings

from danhgia.engine import load_framework, load_policy

# Hypothesis profiles (docs/engine.md, "Tests"): "ci", the default, runs every property on fewer
# examples so the engine suite stays quick; HYPOTHESIS_PROFILE=thorough runs each on many more
# (more than any test asked for before the profiles) for a deep run before a release. Without a
# deadline: a slow shared machine must not fail a property that holds. No test sets its own
# max_examples, so the profile governs every property (test_hypothesis_profiles.py).
_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("ci", max_examples=40, **_COMMON)
settings.register_profile("thorough", max_examples=500, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def pl1():
    return load_framework("lamdong-2026-pl1")


@pytest.fixture(scope="session")
def pl5():
    return load_framework("lamdong-2026-pl5")


@pytest.fixture(scope="session")
def lamdong():
    return load_policy("lamdong-2026")


@pytest.fixture(scope="session")
def laocai():
    return load_policy("laocai-2026")


@pytest.fixture(scope="session")
def central():
    return load_policy("central-2026")

import pytest

from danhgia.engine import load_framework, load_policy


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

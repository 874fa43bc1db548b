"""Named personas shared by the web tests (STYLE: tests), built by tests/web/factories.py.

The world: a province with two departments (A with a division A1, and B). Personas:
``official`` (member of A), ``unit_head`` (head of A, unit leadership over A and its subtree),
``appraiser`` and ``authority`` (whole province), ``admin`` (superuser), ``outsider`` (member
of B), and ``anonymous``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import django
import pytest
from django.core.cache import cache

# Until pyproject.toml names the settings (DJANGO_SETTINGS_MODULE in [tool.pytest.ini_options]),
# set them up here; this conftest is loaded before the test modules import any model.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danhgia.settings")
django.setup()

from danhgia.organisation.choices import LeadershipRole, Role  # noqa: E402
from tests.web import factories as f  # noqa: E402
from tests.web import once  # noqa: E402

PERSONAS = ["anonymous", "official", "unit_head", "appraiser", "authority", "admin", "outsider"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the shipped frameworks and policies imported."""
    from danhgia.rules.services import import_shipped_rules
    from tests.conftest import on_the_test_database

    if not on_the_test_database():  # no database test in this run: none was set up
        return
    with django_db_blocker.unblock():
        import_shipped_rules()


def pytest_collection_modifyitems(config, items):
    """A module with a world built once: every database test of it uses that world."""
    once.check_modules(items)


@pytest.fixture(autouse=True)
def _fast_hashing_and_clean_cache(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@dataclass
class World:
    root: object
    unit_a: object
    division_a1: object
    unit_b: object
    users: dict
    official_a: object  # the persona "official"'s own record
    head_a: object
    colleague_a: object  # another member of A, without an account
    member_a1: object  # in division A1 (subtree of A)
    outsider_b: object


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    """The personas' world (see the module's docstring); ``world`` builds it for each test,
    tests/web/once.py once per module."""
    block = f.make_block()
    root = f.make_unit("tinh", name="Tỉnh Thử Nghiệm")
    unit_a = f.make_unit("so-a", root, block, name="Sở A")
    division_a1 = f.make_unit("so-a-phong-1", unit_a, block, name="Phòng 1, Sở A")
    unit_b = f.make_unit("so-b", root, block, name="Sở B")
    users = {name: f.make_user(name) for name in PERSONAS if name != "anonymous"}
    users["admin"].is_superuser = users["admin"].is_staff = True
    users["admin"].save()
    official_a = f.make_official(unit_a, user=users["official"], name="Phạm Thu Lan")
    head_a = f.make_official(
        unit_a, user=users["unit_head"], role=LeadershipRole.HEAD, name="Nguyễn Thanh Sơn"
    )
    colleague_a = f.make_official(unit_a, name="Lê Văn Đồng")
    member_a1 = f.make_official(division_a1, name="Võ Thị Phòng")
    outsider_b = f.make_official(unit_b, user=users["outsider"], name="Đỗ Minh Ngoài")
    f.assign_role(users["unit_head"], Role.UNIT_LEADERSHIP, unit_a)
    f.assign_role(users["appraiser"], Role.APPRAISER, root)
    f.assign_role(users["authority"], Role.AUTHORITY, root)
    return World(
        root, unit_a, division_a1, unit_b, users, official_a, head_a, colleague_a, member_a1,
        outsider_b,
    )  # fmt: skip


@pytest.fixture
def login(client, world):
    """Log the test client in as a persona (or not, for "anonymous"); returns the client."""

    def as_persona(persona: str):
        if persona != "anonymous":
            client.force_login(world.users[persona])
        return client

    return as_persona

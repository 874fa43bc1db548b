"""Worlds built once per test module, each test still isolated (docs/testing.md).

A permission matrix asks a few hundred questions of the same world; building that world for
every question costs most of the file's time. ``module_world(build)`` turns a builder into a
module-scoped fixture: the world is built once, inside an outer transaction opened on every
database, and rolled back when the module's tests are done. Each test then runs inside its own
savepoint (pytest-django's ``db`` fixture: Django's ``TestCase`` atomics nest in the outer
transaction), so a test's writes are rolled back before the next test starts, and
``fresh_copy`` hands each test a deep copy of the Python objects (as Django's
``setUpTestData`` does), so a test that changes an object in memory changes only its own copy.

While a module's world is open, every test of the module sees it. So ``check_modules`` (run
at collection, tests/web/conftest.py) refuses a module where a database test does not use the
shared world: its outcome would depend on the order of the tests. That also keeps
``transaction=True`` tests out (they flush the database and cannot run inside the outer
transaction; ``fresh_copy`` refuses them too): they go to a module of their own.

Nothing here is specific to SQLite: an outer ``atomic`` and savepoints work the same on
PostgreSQL; with pytest-xdist every worker builds its own copy per module.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connections, transaction
from django.test.utils import override_settings

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class OuterTransaction:
    """One ``atomic`` block per database, always left by a rollback."""

    def __init__(self) -> None:
        self._atomics: dict[str, transaction.Atomic] = {}

    def open(self) -> None:
        for alias in connections:
            atomic = transaction.atomic(using=alias)
            atomic.__enter__()
            self._atomics[alias] = atomic

    def roll_back(self) -> None:
        if not self._atomics:
            return
        for alias, atomic in reversed(self._atomics.items()):
            transaction.set_rollback(True, using=alias)
            atomic.__exit__(None, None, None)
        self._atomics = {}

    @property
    def is_open(self) -> bool:
        return bool(self._atomics)


def is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    ):
        return True
    names = getattr(item, "fixturenames", ())
    return "live_server" in names or "transactional_db" in names


class Shared:
    """What a module-scoped world fixture holds: the built value and its transaction."""

    def __init__(self, value, outer: OuterTransaction, files: Path | None) -> None:
        self.value = value
        self.outer = outer
        self.files = files


def module_world(build: Callable[[pytest.FixtureRequest], object], *, files: bool = False):
    """A module-scoped fixture holding ``build(request)``, built in an outer transaction.

    ``files``: private files (evidence, dossier documents) saved while building go to a
    temporary directory of the module; ``fresh_copy`` gives each test its own copy of it.
    Passwords are hashed with MD5 while building, as in every test (tests/web/conftest.py).
    """

    def fixture(request, django_db_setup, django_db_blocker, tmp_path_factory):
        from tests.web.tasks_world import private_storage_at

        directory = tmp_path_factory.mktemp("shared-files") if files else None
        outer = OuterTransaction()
        with django_db_blocker.unblock():
            outer.open()
            try:
                with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                    if directory is None:
                        value = build(request)
                    else:
                        with private_storage_at(directory):
                            value = build(request)
            except BaseException:
                outer.roll_back()
                raise
        yield Shared(value, outer, directory)
        with django_db_blocker.unblock():
            outer.roll_back()

    fixture.shared_world = True
    return pytest.fixture(scope="module")(fixture)


def _uses_database(item: pytest.Item) -> bool:
    names = getattr(item, "fixturenames", ())
    return item.get_closest_marker("django_db") is not None or "db" in names


def _shared_names(item: pytest.Item) -> set[str]:
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return set()
    return {
        name
        for name, defs in info.name2fixturedefs.items()
        if defs and getattr(defs[-1].func, "shared_world", False)
    }


def check_modules(items: list[pytest.Item]) -> None:
    """Refuse a module where a database test does not use the module's shared world: while
    the world is open every test of the module sees it, so such a test would pass or fail with
    the order of the tests."""
    shared: dict[str, set[str]] = {}
    for item in items:
        shared.setdefault(item.nodeid.split("::")[0], set()).update(_shared_names(item))
    for item in items:
        module_shared = shared[item.nodeid.split("::")[0]]
        if module_shared and _uses_database(item) and not _shared_names(item) & module_shared:
            raise pytest.UsageError(
                f"{item.nodeid} uses the database but not the shared world of its module "
                f"({', '.join(sorted(module_shared))}): use it, or move the test to another module"
            )


def fresh_copy(request: pytest.FixtureRequest, shared: Shared, tmp_path: Path):
    """This test's own deep copy of a shared world (call it from a fixture that uses ``db``).

    When the world has files, they are copied to ``tmp_path`` and the private storage points
    there for the test (a generator: use ``yield from``).
    """
    from tests.web.tasks_world import private_storage_at

    if is_transactional(request.node):
        raise pytest.UsageError(
            f"{request.node.nodeid}: a transactional test cannot use a shared world"
        )
    if not shared.outer.is_open:
        raise pytest.UsageError(
            f"{request.node.nodeid}: the shared world was rolled back for a transactional test"
        )
    value = copy.deepcopy(shared.value)
    if shared.files is None:
        yield value
        return
    shutil.copytree(shared.files, tmp_path, dirs_exist_ok=True)
    with private_storage_at(tmp_path):
        yield value

"""Fixtures shared by every test directory."""

from __future__ import annotations

import pytest
from django.db import connections


def on_the_test_database() -> bool:
    """Whether the default connection points at the test database pytest-django set up. A run
    with no database test sets none up: the connection then still names the configured
    database (DATABASE_URL), which a fixture must never write to or clean up."""
    from django.db import connection
    from django.db.backends.base.creation import TEST_DATABASE_PREFIX

    name, test_name = connection.settings_dict["NAME"], connection.creation._get_test_db_name()
    # with workers, pytest-django names each worker's database (``TEST["NAME"]``); run in one
    # process, the connection is renamed "test_<name>", whose own test name is "test_test_<name>"
    return name == test_name or (
        name.startswith(TEST_DATABASE_PREFIX) and test_name == TEST_DATABASE_PREFIX + name
    )


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    names = getattr(item, "fixturenames", ())
    return "live_server" in names or "transactional_db" in names


def pytest_collection_modifyitems(config, items):
    # Transactional tests flush the database when they end, shipped rules included; put the
    # rules back first thing in their teardown so that later tests on the worker still have them.
    for item in items:
        if _is_transactional(item) and hasattr(item, "fixturenames"):
            item.fixturenames.insert(0, "shipped_rules_survive_flush")


@pytest.fixture
def shipped_rules_survive_flush(django_db_setup, django_db_blocker):
    """Import the shipped rules before a transactional test and again after its flush."""
    from danhgia.rules.services import import_shipped_rules

    with django_db_blocker.unblock():
        import_shipped_rules()
    yield
    with django_db_blocker.unblock():
        import_shipped_rules()
        # Leave no open connection behind: the test databases are dropped at the session's end.
        connections.close_all()


@pytest.fixture(scope="session", autouse=True)
def no_session_left_on_the_test_database(django_db_setup, django_db_blocker):
    """PostgreSQL refuses to drop a database another session still uses: a worker thread or a
    server a test started may leave one behind. Before the test database is dropped at the
    session's end, end every other session on it (set up after ``django_db_setup``, so torn
    down before it)."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql" or not on_the_test_database():
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    connections.close_all()

"""Settings from the environment through strict helpers; the project's own checks pass."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from danhgia.config import env_bool, env_int, env_list, env_secret, env_str

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("Yes", True), ("0", False)])
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("DANHGIA_TEST_FLAG", raw)
    assert env_bool("DANHGIA_TEST_FLAG", default=not expected) is expected


def test_env_bool_refuses_maybe(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", default=False)


def test_unset_or_empty_variables_take_the_default(monkeypatch):
    monkeypatch.delenv("DANHGIA_TEST_X", raising=False)
    assert env_bool("DANHGIA_TEST_X", default=True) is True
    monkeypatch.setenv("DANHGIA_TEST_X", "  ")
    assert env_int("DANHGIA_TEST_X", 5) == 5
    assert env_list("DANHGIA_TEST_X", ["a"]) == ["a"]
    with pytest.raises(ImproperlyConfigured):
        env_str("DANHGIA_TEST_X")


def test_env_int_and_list(monkeypatch):
    monkeypatch.setenv("DANHGIA_TEST_N", "abc")
    with pytest.raises(ImproperlyConfigured):
        env_int("DANHGIA_TEST_N", 1)
    monkeypatch.setenv("DANHGIA_TEST_N", "3")
    with pytest.raises(ImproperlyConfigured):
        env_int("DANHGIA_TEST_N", 1, minimum=5)
    monkeypatch.setenv("DANHGIA_TEST_L", "a.vn, b.vn,,")
    assert env_list("DANHGIA_TEST_L", []) == ["a.vn", "b.vn"]


def test_a_secret_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("tu-tep\n", encoding="utf-8")
    monkeypatch.delenv("DANHGIA_TEST_SECRET", raising=False)
    monkeypatch.setenv("DANHGIA_TEST_SECRET_FILE", str(secret))
    assert env_secret("DANHGIA_TEST_SECRET") == "tu-tep"
    monkeypatch.setenv("DANHGIA_TEST_SECRET", "ca-hai")
    with pytest.raises(ImproperlyConfigured, match="not both"):
        env_secret("DANHGIA_TEST_SECRET")
    monkeypatch.delenv("DANHGIA_TEST_SECRET")
    monkeypatch.setenv("DANHGIA_TEST_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="cannot read"):
        env_secret("DANHGIA_TEST_SECRET")


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh environment (nothing inherited from the test run but paths)."""
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH", "SYSTEMROOT"}
    base = {k: v for k, v in os.environ.items() if k in keep}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
    )


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "8Jq#2vL!pZ0rT6wY4uX1cN9mB3hG7dF5sA-e_Wq*Rk2@Lm9$Tz7^Vb4&Xn1%Hp6",
    "ALLOWED_HOSTS": "danhgia.example.vn",
    "DATABASE_URL": "sqlite:///:memory:",
}


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_debug_maybe_stops_the_start_up():
    result = _manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe'" in result.stderr


def test_manage_check_passes(db):
    call_command("check", fail_level="WARNING")


def test_migrations_match_the_models(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_a_server_started_without_configuration_runs_without_debug():
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH", "SYSTEMROOT"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env["DJANGO_SETTINGS_MODULE"] = "danhgia.settings"
    result = subprocess.run(
        [sys.executable, "-c", "import danhgia.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "or set DEBUG=true for development" in result.stderr


def _database_options(**env: str) -> dict:
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH", "SYSTEMROOT"}
    base = {k: v for k, v in os.environ.items() if k in keep}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json; from danhgia import settings; "
            "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))",
        ],
        cwd=ROOT,
        env={**base, "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_postgresql_prepares_the_statements_it_repeats_unless_told_not_to():
    url = "postgres://u@db.example.vn:5432/danhgia"
    assert _database_options(DATABASE_URL=url) == {
        "server_side_binding": True,
        "prepare_threshold": 5,
    }
    assert _database_options(DATABASE_URL=url, DB_PREPARED_STATEMENTS="false") == {}
    # SQLite has no such options (its own: one writer at a time, taken at BEGIN)
    assert _database_options(DATABASE_URL="sqlite:///:memory:") == {"transaction_mode": "IMMEDIATE"}


@pytest.mark.django_db
def test_repeated_statements_are_prepared_on_postgresql():
    from django.db import connection

    from danhgia.organisation.models import Unit

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements: PostgreSQL only")
    connection.ensure_connection()
    for _ in range(6):
        list(Unit.objects.filter(code="khong-co"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        (prepared,) = cursor.fetchone()
    assert prepared >= 1


@pytest.mark.django_db
def test_a_statement_with_many_parameters_is_bound_on_the_client():
    """PostgreSQL takes at most 65,535 parameters per statement: a long IN list or a bulk
    insert (an organisation workbook's rows, a province's audit entries) still goes through."""
    from django.db import connection

    from danhgia.organisation.models import Unit
    from danhgia.pg_cursor import CLIENT_BINDING_FROM, PreparingCursor

    assert Unit.objects.filter(pk__in=range(1, 70_001)).count() == Unit.objects.count()
    assert Unit.objects.filter(code__in=[f"u{n}" for n in range(70_000)]).count() == 0
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        assert isinstance(cursor.cursor, PreparingCursor)
        # a value with a percent sign and a quote survives being written into the SQL
        values = ["50% 'x'"] * (CLIENT_BINDING_FROM + 1)
        placeholders = ", ".join(["%s"] * len(values))
        cursor.execute(f"SELECT (ARRAY[{placeholders}]::text[])[1], {len(values)}", values)
        assert cursor.fetchone() == ("50% 'x'", CLIENT_BINDING_FROM + 1)
        cursor.execute("SELECT %s::text", ["50% 'x'"])
        assert cursor.fetchone() == ("50% 'x'",)

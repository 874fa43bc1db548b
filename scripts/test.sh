#!/usr/bin/env bash
# Set everything up and run every check and the whole test suite (engine, web, browser).
# Runs on SQLite by default; set DATABASE_URL to run the same suite on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
export DJANGO_ALLOW_ASYNC_UNSAFE=true
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python manage.py check
.venv/bin/python manage.py makemigrations --check --dry-run
.venv/bin/python -m pytest -n "${PYTEST_WORKERS:-2}" "$@"

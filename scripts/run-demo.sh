#!/usr/bin/env bash
# Set everything up and serve the application on http://127.0.0.1:8000 with the demo province
# on the embedded SQLite database (var/danhgia.sqlite3). Demo accounts: see README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py seed_demo
exec .venv/bin/python manage.py runserver "${DANHGIA_ADDR:-127.0.0.1:8000}"

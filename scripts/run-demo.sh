#!/usr/bin/env bash
# Set everything up and serve the application on http://127.0.0.1:8000 with the demo province
# on the embedded SQLite database (var/danhgia.sqlite3). Demo accounts: see README.md.
# The demo runs like production (DEBUG=false: the application's own error pages) except that it
# is served over plain http on this machine: no HTTPS redirect, HSTS or secure-only cookies.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mkdir -p var
if [ ! -s var/demo-secret-key ]; then
  .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/demo-secret-key
  chmod 600 var/demo-secret-key
fi
export DEBUG="${DEBUG:-false}"
if [ -z "${SECRET_KEY:-}" ]; then
  export SECRET_KEY_FILE="${SECRET_KEY_FILE:-var/demo-secret-key}"
fi
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost,[::1]}"
export SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0 SECURE_COOKIES=false
# links in e-mails and one-time password links point at this server
export DANHGIA_SITE_URL="${DANHGIA_SITE_URL:-http://${DANHGIA_ADDR:-127.0.0.1:8000}}"
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py seed_demo
# The background jobs' worker (opening a large unit's evaluations, deciding a large group) runs
# beside the server on the same database and stops with it (--stop-with: the server keeps this
# script's PID through exec). Jobs are rows of the database: none is lost if either restarts.
.venv/bin/python manage.py run_jobs --verbosity 0 --stop-with $$ &
# --insecure: runserver serves the static files itself, also with DEBUG=false (demo only).
exec .venv/bin/python manage.py runserver --insecure "${DANHGIA_ADDR:-127.0.0.1:8000}"

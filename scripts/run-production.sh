#!/usr/bin/env bash
# Serve danhgia in production on ${DANHGIA_ADDR:-127.0.0.1:8000} behind a reverse proxy with TLS
# (docs/deploy.md): migrations, static files (compressed, hashed names, long cache headers via
# WhiteNoise), gunicorn with several workers, DEBUG=false, JSON logs, and the background job
# worker(s) beside it. Needs SECRET_KEY (or SECRET_KEY_FILE) and ALLOWED_HOSTS; the rest of the
# environment (DATABASE_URL, CACHE_URL, STORAGE_URL, EMAIL_*, …) is docs/deploy.md's list.
#   WEB_CONCURRENCY   gunicorn worker processes (default one per CPU, at most 8)
#   WEB_THREADS       threads per worker (default 2: gthread workers; 1 gives sync workers)
#   CONN_MAX_AGE      seconds a database connection is kept (default here 60; the database's
#                     max_connections must allow WEB_CONCURRENCY × WEB_THREADS + job workers)
#   JOB_WORKERS       background job workers started here (default 1; 0 when they run elsewhere)
#   SKIP_SETUP=1      do not run scripts/setup.sh (the .venv is installed already)
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
if [ -z "${SECRET_KEY:-}" ] && [ -z "${SECRET_KEY_FILE:-}" ]; then missing+=("SECRET_KEY (or SECRET_KEY_FILE)"); fi
if [ -z "${ALLOWED_HOSTS:-}" ]; then missing+=("ALLOWED_HOSTS"); fi
if [ "${#missing[@]}" -gt 0 ]; then
  {
    echo "run-production.sh: refusing to start; set: ${missing[*]}"
    echo "  SECRET_KEY: a long random string, e.g. \$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
    echo "  ALLOWED_HOSTS: the host names the site is served at, comma-separated, e.g. danhgia.example.vn"
    echo "  (scripts/run-demo.sh runs the demo without them; docs/deploy.md lists every variable)"
  } >&2
  exit 2
fi

if [ "${SKIP_SETUP:-0}" != "1" ]; then scripts/setup.sh; fi
export DEBUG=false STATIC_MANIFEST=true
export LOG_FORMAT="${LOG_FORMAT:-json}"
PY=.venv/bin/python
# warnings are shown (e.g. SECURE_SSL_REDIRECT=false when the proxy redirects), errors stop
$PY manage.py check --deploy --fail-level ERROR
$PY manage.py migrate --noinput
$PY manage.py createcachetable
$PY manage.py collectstatic --noinput --verbosity 0
$PY manage.py send_reminders --schedule  # the daily reminders job (once; it queues the next)
$PY manage.py expire_job_files --schedule  # the daily clean-up of job files (once; it queues the next)

cpus=$(nproc 2>/dev/null || echo 1)
# what bench/load_bench.py measured best (docs/ARCHITECTURE.md "Under load"): gthread workers,
# one per core, 2 threads each, the application loaded once before forking, persistent
# connections (their prepared statements are reused: DB_PREPARED_STATEMENTS)
workers="${WEB_CONCURRENCY:-$(( cpus > 8 ? 8 : cpus ))}"
threads="${WEB_THREADS:-2}"
export CONN_MAX_AGE="${CONN_MAX_AGE:-60}"
pids=()
stop() {
  trap - TERM INT EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait
}
trap stop TERM INT EXIT
.venv/bin/gunicorn danhgia.wsgi:application \
  --bind "${DANHGIA_ADDR:-127.0.0.1:8000}" \
  --workers "$workers" --threads "$threads" --preload \
  --timeout "${GUNICORN_TIMEOUT:-60}" \
  --graceful-timeout 30 \
  --max-requests 2000 --max-requests-jitter 200 --no-control-socket \
  --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}" &
pids+=($!)
for _ in $(seq 1 "${JOB_WORKERS:-1}"); do
  $PY manage.py run_jobs --verbosity 1 &
  pids+=($!)
done
# stop everything when any of them stops (the service manager then restarts the whole unit)
wait -n

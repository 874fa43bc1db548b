#!/usr/bin/env bash
# Two app servers, one state: starts two gunicorn processes (ports ${PORT_A:-8182} and
# ${PORT_B:-8183}) on one throw-away PostgreSQL database, Redis at 127.0.0.1:6379 when it
# answers (else the database cache) and one storage folder, loads the demo province, and shows
# with scripts/two_servers.py that a session, an optimistic lock, the login throttle and an
# uploaded file are shared between them. Exit status 0 when all four hold. docs/deploy.md.
#   PGURL     the PostgreSQL server (default postgres://postgres@127.0.0.1:5432)
#   NO_REDIS=1  use the database cache even when Redis answers
set -euo pipefail
cd "$(dirname "$0")/.."
PGURL="${PGURL:-postgres://postgres@127.0.0.1:5432}"
DB="danhgia_two_$$"
WORK="$(mktemp -d /tmp/danhgia-two.XXXXXX)"
PY=.venv/bin/python
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  $PY - "$PGURL" "$DB" <<'PYEOF' || true
import sys, psycopg
with psycopg.connect(f"{sys.argv[1]}/postgres", autocommit=True) as c:
    c.execute(f'DROP DATABASE IF EXISTS "{sys.argv[2]}" WITH (FORCE)')
PYEOF
  rm -rf "$WORK"
}
trap cleanup EXIT
$PY - "$PGURL" "$DB" <<'PYEOF'
import sys, psycopg
with psycopg.connect(f"{sys.argv[1]}/postgres", autocommit=True) as c:
    c.execute(f'CREATE DATABASE "{sys.argv[2]}"')
PYEOF

export DATABASE_URL="$PGURL/$DB"
if [ "${NO_REDIS:-0}" != "1" ] && $PY -c "import redis,sys; redis.Redis(host='127.0.0.1', port=6379, socket_timeout=1).ping()" 2>/dev/null; then
  export CACHE_URL="redis://127.0.0.1:6379/13" SESSION_BACKEND=cache
else
  export CACHE_URL="db://" SESSION_BACKEND=db
fi
export DEBUG=false SECRET_KEY="two-servers-$(date +%s)-$RANDOM-$RANDOM-a-long-enough-random-test-key"
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0 SECURE_COOKIES=false
export PRIVATE_MEDIA_ROOT="$WORK/private" STATIC_ROOT="$WORK/static" STATIC_MANIFEST=true
export LOG_FORMAT=json REQUEST_LOG=false LOGIN_MAX_FAILURES=3
echo "database $DB, cache $CACHE_URL, sessions $SESSION_BACKEND, files $PRIVATE_MEDIA_ROOT"
$PY manage.py migrate --noinput -v0
$PY manage.py createcachetable
$PY manage.py collectstatic --noinput -v0
$PY manage.py seed_demo > "$WORK/seed.log"
for port in "${PORT_A:-8182}" "${PORT_B:-8183}"; do
  .venv/bin/gunicorn danhgia.wsgi:application --bind "127.0.0.1:$port" --workers 2 \
    --log-level warning --no-control-socket > "$WORK/server-$port.log" 2>&1 &
  pids+=($!)
done
$PY scripts/two_servers.py "http://127.0.0.1:${PORT_A:-8182}" "http://127.0.0.1:${PORT_B:-8183}"

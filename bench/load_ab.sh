#!/usr/bin/env bash
# Issue 9 item 4, reproducible: the officials' mix of bench/load_bench.py against the code the
# issue measured (commit bd5f87d, before any of its work) and against this checkout, on two
# copies of one seeded province, the same gunicorn settings, in alternating rounds.
#
#   createdb -h 127.0.0.1 -U postgres danhgia_load
#   export DATABASE_URL=postgres://postgres@127.0.0.1:5432/danhgia_load
#   .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_demo --officials 20000
#   bench/load_ab.sh                      # ROUNDS=3 DURATION=30 WORKERS=2 THREADS=2 by default
#
# The old code runs from a git worktree (in $TMPDIR) with this checkout's .venv (the same
# Django and drivers). Its copy of the database is made readable to it: the columns added since
# get database defaults, a column dropped since comes back, and the rules versions hold the old
# engine's own data files (the newer ones name policy keys it does not know). Nothing is
# changed in the source database; both copies and the worktree are removed at the end (KEEP=1
# keeps them).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BASE_COMMIT=${BASE_COMMIT:-bd5f87d}
SOURCE_DB=${SOURCE_DB:-danhgia_load}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-30}
WORKERS=${WORKERS:-$(nproc)}
THREADS=${THREADS:-2}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q)
PY="$ROOT/.venv/bin/python"
base_tree="${TMPDIR:-/tmp}/danhgia-base-$BASE_COMMIT"
base_db="${SOURCE_DB}_ab_base"
now_db="${SOURCE_DB}_ab_now"

cleanup() {
  if [ "${KEEP:-0}" != 1 ]; then
    dropdb -h 127.0.0.1 -U postgres --if-exists "$base_db" || true
    dropdb -h 127.0.0.1 -U postgres --if-exists "$now_db" || true
    git worktree remove --force "$base_tree" 2>/dev/null || true
  fi
}
trap cleanup EXIT

if [ ! -d "$base_tree" ]; then
  git worktree add --detach "$base_tree" "$BASE_COMMIT" >/dev/null
fi
cp bench/load_bench.py "$base_tree/bench/load_bench_now.py"  # the same load, in the old tree

for db in "$base_db" "$now_db"; do
  dropdb -h 127.0.0.1 -U postgres --if-exists "$db"
  createdb -h 127.0.0.1 -U postgres -T "$SOURCE_DB" "$db"
done
"${PSQL[@]}" -d "$base_db" <<'SQL'
ALTER TABLE audit_auditentry ALTER unit_path SET DEFAULT '';
ALTER TABLE evaluations_evaluation ALTER axis_maxima SET DEFAULT '{}'::jsonb;
ALTER TABLE evaluations_evaluation ALTER main_axes SET DEFAULT '[]'::jsonb;
ALTER TABLE dossiers_dossierdocument ADD COLUMN IF NOT EXISTS produced boolean NOT NULL DEFAULT false;
SQL
(
  cd "$base_tree"
  DEBUG=true DATABASE_URL="$PG_URL/$base_db" "$PY" - <<'PY'
import json, os, sys
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danhgia.settings")
import django
django.setup()
from danhgia.engine import load_framework, load_policy
from danhgia.rules.models import FrameworkVersion, PolicyVersion
for model, load in ((PolicyVersion, load_policy), (FrameworkVersion, load_framework)):
    for row in model.objects.all():
        content = json.loads(json.dumps(load(row.code).raw, ensure_ascii=False))
        model.objects.filter(pk=row.pk).update(content=content)
PY
)

flags=(--duration "$DURATION" --staff 0 --workers "$WORKERS" --threads "$THREADS")
echo "gunicorn ${WORKERS} workers × ${THREADS} threads, ${DURATION} s, ${ROUNDS} rounds;" \
  "base = $BASE_COMMIT, now = $(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes')"
for round in $(seq 1 "$ROUNDS"); do
  (cd "$base_tree" && DATABASE_URL="$PG_URL/$base_db" "$PY" bench/load_bench_now.py "${flags[@]}" \
    | sed -n 3p | sed "s/^ */round $round base  /")
  DATABASE_URL="$PG_URL/$now_db" "$PY" bench/load_bench.py "${flags[@]}" \
    | sed -n 3p | sed "s/^ */round $round now   /"
done

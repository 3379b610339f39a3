#!/usr/bin/env bash
# Load test, headless and bounded in time, everything on loopback:
#   1. the portal on PostgreSQL (with the demo data) under gunicorn.conf.py, Redis for rate limits;
#   2. the bare app (loadtest/bare_pages.py: no database, the portal's own pages captured once,
#      the same paths, its forms answering with the portal's redirects) under the same gunicorn
#      settings, driven by the same locustfile: exactly the same user mix and pacing.
# Results (locust's CSV and HTML reports, gunicorn logs) go to loadtest/results/<timestamp>/.
#
#   DATABASE_URL=postgresql://postgres@127.0.0.1:54329/portal_load loadtest/run.sh
#
# Sets up what it needs: wrk and redis-server (Debian) and the "load" extra (locust).
# DURATION (default 5m), RATE (default 100 requests a second in all), USERS (default 50),
# WEB_CONCURRENCY (gunicorn workers, default 2 as in the page benchmark).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/ensure-system-packages.sh redis-server
scripts/bootstrap.sh
[[ -x .venv/bin/locust ]] || .venv/bin/pip install -q -e '.[load]'

: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL database the test may fill with demo data}"
DURATION="${DURATION:-5m}"
USERS="${USERS:-50}"
export LOAD_USERS="$USERS" LOAD_RATE="${RATE:-100}" WEB_CONCURRENCY="${WEB_CONCURRENCY:-2}"
PORT="${LOAD_PORT:-8391}"
REDIS_PORT="${LOAD_REDIS_PORT:-6391}"
OUT="loadtest/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
export SECRET_KEY="${SECRET_KEY:-load-test-secret-key-not-for-production}"
export PORTAL_INSTANCE_PATH="$PWD/$OUT/instance"
export RATELIMIT_STORAGE_URI="redis://127.0.0.1:$REDIS_PORT/0"
export GUNICORN_BIND="127.0.0.1:$PORT"
export GUNICORN_ACCESS_LOG="/dev/null"
export DATABASE_URL

say() { echo "loadtest: $*"; }
started=()
stop_all() {
  for pid in "${started[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${started[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  started=()
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
}
trap stop_all EXIT

wait_for() {
  for _ in $(seq 1 150); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done
  say "$1 did not answer"; return 1
}

serve() {  # serve <app> <log>
  .venv/bin/gunicorn -c gunicorn.conf.py "$1" >"$2" 2>&1 &
  started+=($!)
  wait_for "http://127.0.0.1:$PORT/"
}

load() {  # load <locustfile> <name>
  say "$2: $USERS users, $LOAD_RATE requests a second, for $DURATION"
  .venv/bin/locust -f "$1" --headless --host "http://127.0.0.1:$PORT" \
    --users "$USERS" --spawn-rate 10 --run-time "$DURATION" --stop-timeout 10 \
    --csv "$OUT/$2" --html "$OUT/$2.html" --only-summary >"$OUT/$2.txt" 2>&1 || true
  tail -n 30 "$OUT/$2.txt"
}

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
  --logfile "$PWD/$OUT/redis.log" >/dev/null
say "preparing the database (migrations and demo data)"
.venv/bin/flask --app portal db upgrade >/dev/null 2>&1
.venv/bin/flask --app portal seed-demo >/dev/null

serve "portal:create_app()" "$OUT/gunicorn-portal.log"
.venv/bin/python loadtest/bare_pages.py capture "http://127.0.0.1:$PORT" "$OUT/bare" \
  --staff admin@demo.adoption-portal.example
# The capture signed in as the admin with this 30-second window's code, and a code
# is accepted once: let the window pass before locust's admin signs in.
sleep $((31 - $(date +%s) % 30))
load loadtest/locustfile.py portal
stop_all
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
  --logfile "$PWD/$OUT/redis.log" >/dev/null

BARE_PAGES="$PWD/$OUT/bare" serve "loadtest.bare_pages:create_app()" "$OUT/gunicorn-bare.log"
load loadtest/locustfile.py bare
stop_all
say "results in $OUT"

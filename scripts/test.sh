#!/usr/bin/env bash
# The one command that runs every test:
#   1. installs missing system packages (chromium, postgresql) and sets up .venv/node_modules/assets;
#   2. runs the whole suite on SQLite (browser tests included), with pytest-xdist when available;
#   3. runs the suite again (without tests/browser) on a throwaway PostgreSQL cluster.
# Both runs always happen; the script fails when either fails. Extra arguments go to both
# pytest runs, e.g. scripts/test.sh -x -k login
# PORTAL_TEST_WORKERS=N sets the xdist worker count of both runs (0 = no xdist; default 2).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { echo "test.sh: $*"; }

scripts/ensure-system-packages.sh
scripts/bootstrap.sh

export CHROMIUM_PATH=/usr/bin/chromium
if [[ "${CI:-}" == "true" ]]; then
  # In CI a missing browser/axe-core or PostgreSQL fails the suite instead of skipping.
  export PORTAL_REQUIRE_BROWSER=1
  export PORTAL_REQUIRE_POSTGRES=1
fi

PYTEST=(.venv/bin/pytest -p no:cacheprovider)

# --- The house: lint, complexity, import contracts ----------------------------
say "checks: ruff (with the complexity limit), import-linter contracts, mypy (services, models and web)"
set +e
checks_rc=0
.venv/bin/ruff check portal tests scripts || checks_rc=1
.venv/bin/lint-imports --no-cache || checks_rc=1
.venv/bin/mypy || checks_rc=1
set -e

# --- Run 1: SQLite, every test -----------------------------------------------
workers="${PORTAL_TEST_WORKERS:-2}"
xdist=()
if [[ "$workers" != 0 ]] && .venv/bin/python -c 'import xdist' >/dev/null 2>&1; then
  xdist=(-n "$workers")
fi
say "run 1 of 2: SQLite${xdist:+ (${xdist[*]})}"
set +e
env -u TEST_DATABASE_URL "${PYTEST[@]}" "${xdist[@]}" tests "$@"
sqlite_rc=$?
set -e

# --- Run 2: PostgreSQL, without the browser tests ------------------------------
pg_was_running=0
if scripts/pg-throwaway.sh status 2>/dev/null; then pg_was_running=1; fi
cleanup() {
  if [[ $pg_was_running -eq 0 ]]; then scripts/pg-throwaway.sh stop || true; fi
}
trap cleanup EXIT

say "run 2 of 2: PostgreSQL"
set +e
if scripts/pg-throwaway.sh start; then
  # Each xdist worker gets a database of its own (tests/conftest.py).
  TEST_DATABASE_URL="$(scripts/pg-throwaway.sh url)" \
    "${PYTEST[@]}" "${xdist[@]}" tests --ignore=tests/browser "$@"
  pg_rc=$?
else
  say "could not start the throwaway PostgreSQL cluster"
  pg_rc=1
fi
set -e

# pytest exits 5 when it collected no test. That fails the full suite, but with the
# caller's own arguments (-k, a path, ...) one of the two runs may select nothing.
if [[ $# -gt 0 ]]; then
  if [[ $sqlite_rc -eq 5 && $pg_rc -ne 5 ]]; then sqlite_rc=0; fi
  if [[ $pg_rc -eq 5 && $sqlite_rc -ne 5 ]]; then pg_rc=0; fi
fi

status() { if [[ $1 -eq 0 ]]; then echo "OK"; else echo "FAILED (exit $1)"; fi; }
say "checks $(status "$checks_rc"); SQLite run $(status "$sqlite_rc"); PostgreSQL run $(status "$pg_rc")"
if [[ $checks_rc -ne 0 || $sqlite_rc -ne 0 || $pg_rc -ne 0 ]]; then exit 1; fi

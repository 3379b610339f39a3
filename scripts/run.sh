#!/usr/bin/env bash
# The one command that sets up and starts a working portal with demo data:
# installs what is missing, brings the database schema up to date, loads the demo
# data (safe to repeat), starts the importer (flask run-imports, which imports
# the spreadsheets admins queue) and serves the site on http://127.0.0.1:5000/
# (PORTAL_HOST and PORTAL_PORT choose another address; emailed links follow it
# unless BASE_URL is set).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

host="${PORTAL_HOST:-127.0.0.1}"
port="${PORTAL_PORT:-5000}"
export BASE_URL="${BASE_URL:-http://${host}:${port}}"

scripts/bootstrap.sh

echo "run: upgrading the database schema"
.venv/bin/flask --app portal db upgrade
echo "run: loading demo data"
.venv/bin/flask --app portal seed-demo
echo "run: starting the importer (flask run-imports --loop)"
.venv/bin/flask --app portal run-imports --loop &
importer=$!
stop_importer() {
  local status=$?
  kill "${importer}" 2>/dev/null || true
  wait "${importer}" 2>/dev/null || true
  exit "${status}"
}
trap stop_importer EXIT
echo "run: starting the portal on http://${host}:${port}/ (emailed links point to ${BASE_URL})"
.venv/bin/flask --app portal run --host "${host}" --port "${port}"

#!/usr/bin/env bash
# Set up everything the portal needs to run from this checkout:
#   .venv (Python packages from pyproject.toml, with the dev extras),
#   node_modules (from package-lock.json) and the generated static/govuk/ assets.
# Quick when nothing has changed; safe to run again at any time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { echo "bootstrap: $*"; }

apt_install() {
  # Last resort on a fresh Debian machine: install a missing system package.
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian package(s): $*"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  else
    say "missing $* — please install it (Debian: apt-get install $*)" >&2
    exit 1
  fi
}

# --- Python ------------------------------------------------------------------
PYTHON="${PYTHON:-python3}"
command -v "$PYTHON" >/dev/null 2>&1 || apt_install python3 python3-venv
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  say "$PYTHON is $("$PYTHON" -V 2>&1); Python 3.11 or newer is needed" >&2
  exit 1
fi

if [[ -d .venv ]] && ! .venv/bin/python -c 'import sys' >/dev/null 2>&1; then
  say ".venv is broken; recreating it"
  rm -rf .venv
fi
if [[ ! -d .venv ]]; then
  say "creating .venv with $("$PYTHON" -V 2>&1)"
  if ! "$PYTHON" -m venv .venv >/dev/null 2>&1; then
    # Debian's python3 has no ensurepip without python3-venv.
    rm -rf .venv
    apt_install python3-venv
    "$PYTHON" -m venv .venv
  fi
fi

if [[ ! -f .venv/.installed || pyproject.toml -nt .venv/.installed ]]; then
  say "installing Python packages (pip install -e '.[dev]')"
  # (The filter drops pip's "Location ... is ignored" notes about absent local indexes.)
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip 2>&1 \
    | { grep -v '^WARNING: Location .* is ignored' || true; }
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]' 2>&1 \
    | { grep -v '^WARNING: Location .* is ignored' || true; }
  touch .venv/.installed
else
  say "Python packages up to date"
fi

# --- Node packages -----------------------------------------------------------
if ! command -v npm >/dev/null 2>&1; then
  apt_install nodejs npm
fi
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "installing Node packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  # npm ci writes node_modules/.package-lock.json; make sure it is newer than the lock.
  touch node_modules/.package-lock.json
else
  say "Node packages up to date"
fi

# --- Static assets -----------------------------------------------------------
scripts/build-assets.sh 2>&1 | sed 's/^/bootstrap: /'
say "done"

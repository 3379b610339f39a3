#!/usr/bin/env bash
# Install the Debian packages the test suite needs, only when they are missing:
#   chromium    (/usr/bin/chromium: headless browser tests with Playwright + axe-core)
#   postgresql  (server binaries for scripts/pg-throwaway.sh)
# Arguments name more packages a benchmark needs, each providing the command of its
# name (scripts/benchmark_pages.py: wrk; loadtest/run.sh: wrk redis-server).
# Does nothing (and never runs apt-get update) when everything is present.
set -euo pipefail

say() { echo "ensure-system-packages: $*"; }

have_postgres_server() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [[ -x "$d/postgres" && -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/pg_isready" && -x "$d/psql" ]]; then
      return 0
    fi
  done
  return 1
}

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
have_postgres_server || missing+=(postgresql)
for command in "$@"; do
  command -v "$command" >/dev/null 2>&1 || missing+=("$command")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  say "chromium, postgresql${*:+ and $*} present"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  say "missing ${missing[*]} and no apt-get here; install them by hand" >&2
  exit 1
fi
SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
    say "missing ${missing[*]}; run as root or install them by hand" >&2
    exit 1
  fi
fi

say "installing ${missing[*]} (apt-get)"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" >/dev/null

[[ -x /usr/bin/chromium ]] || { say "/usr/bin/chromium still missing after install" >&2; exit 1; }
have_postgres_server || { say "PostgreSQL server still missing after install" >&2; exit 1; }
for command in "$@"; do
  command -v "$command" >/dev/null 2>&1 || { say "$command still missing after install" >&2; exit 1; }
done
say "done"

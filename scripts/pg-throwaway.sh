#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite.
#
#   scripts/pg-throwaway.sh start   start it (idempotent) and create database portal_test
#   scripts/pg-throwaway.sh url     print the SQLAlchemy URL of portal_test
#   scripts/pg-throwaway.sh stop    stop it and delete its data
#   scripts/pg-throwaway.sh status  exit 0 when it is running
#
# The cluster lives in /tmp/adoption-portal-pg, listens on 127.0.0.1:54329 only
# (unix socket inside that folder), trusts every local connection and is tuned
# for speed, not durability. PORTAL_PG_DIR and PORTAL_PG_PORT give a second
# cluster its own folder and port beside the first. PostgreSQL refuses to run as root, so when run as
# root the server commands run as the postgres user. Progress goes to stderr;
# only `url` writes to stdout.
set -euo pipefail

BASE="${PORTAL_PG_DIR:-/tmp/adoption-portal-pg}"
DATA="$BASE/data"
SOCKDIR="$BASE/run"
LOG="$BASE/postgres.log"
HOST=127.0.0.1
PORT="${PORTAL_PG_PORT:-54329}"
DB=portal_test
URL="postgresql+psycopg://postgres@$HOST:$PORT/$DB"

say() { echo "pg-throwaway: $*" >&2; }
die() { say "$*"; exit 1; }

find_bindir() {
  local d best=""
  # Newest installed server first (version-sorted), e.g. /usr/lib/postgresql/15/bin.
  while IFS= read -r d; do
    if [[ -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/postgres" ]]; then best="$d"; fi
  done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V)
  if [[ -z "$best" ]] && command -v pg_ctl >/dev/null 2>&1; then
    best="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"
  fi
  [[ -n "$best" ]] || die "PostgreSQL server binaries not found; run scripts/ensure-system-packages.sh"
  echo "$best"
}

# Run a server command as the postgres user when we are root.
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

is_running() {
  [[ -f "$DATA/PG_VERSION" ]] || return 1
  as_pg "$BINDIR/pg_ctl" status -D "$DATA" >/dev/null 2>&1
}

psql_q() {
  "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$HOST" -p "$PORT" -U postgres -d postgres -tA "$@"
}

init_cluster() {
  local locale=C
  if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then locale=C.UTF-8; fi
  say "creating cluster in $DATA ($("$BINDIR/postgres" --version))"
  rm -rf "$DATA"
  mkdir -p "$DATA"
  if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$DATA"; fi
  chmod 700 "$DATA"
  as_pg "$BINDIR/initdb" -D "$DATA" -A trust -U postgres --encoding=UTF8 --locale="$locale" \
    --no-sync >"$BASE/initdb.log" 2>&1 || { cat "$BASE/initdb.log" >&2; die "initdb failed"; }
}

is_ready() {
  "$BINDIR/pg_isready" -q -h "$HOST" -p "$PORT" >/dev/null 2>&1
}

start() {
  local up=0 _
  if is_running; then
    for _ in $(seq 1 30); do
      if is_ready; then up=1; break; fi
      is_running || break
      sleep 0.5
    done
    if [[ $up -eq 1 ]]; then
      say "already running on $HOST:$PORT"
    else
      say "cluster in $DATA is not answering; restarting it"
      as_pg "$BINDIR/pg_ctl" stop -D "$DATA" -m immediate -w -t 20 -s >/dev/null 2>&1 || true
    fi
  fi
  if [[ $up -eq 0 ]]; then
    mkdir -p "$BASE" "$SOCKDIR"
    if [[ $(id -u) -eq 0 ]]; then
      id postgres >/dev/null 2>&1 || die "no postgres user; run scripts/ensure-system-packages.sh"
      chown postgres:postgres "$BASE" "$SOCKDIR"
    fi
    chmod 755 "$BASE" "$SOCKDIR"

    # (Re)create the cluster when missing, half-made or made by another major version.
    local want
    want="$("$BINDIR/postgres" --version | sed -E 's/^[^0-9]*([0-9]+).*/\1/')"
    if [[ ! -f "$DATA/PG_VERSION" || "$(cat "$DATA/PG_VERSION")" != "$want" ]]; then
      init_cluster
    fi

    if is_ready; then
      die "something else already listens on $HOST:$PORT"
    fi

    say "starting PostgreSQL on $HOST:$PORT (log: $LOG)"
    : >"$LOG"
    if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$LOG"; fi
    local opts="-c listen_addresses=$HOST -p $PORT -k $SOCKDIR"
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    opts+=" -c max_connections=100 -c shared_buffers=128MB -c max_wal_size=1GB"
    if ! as_pg "$BINDIR/pg_ctl" start -D "$DATA" -l "$LOG" -w -t 60 -s -o "$opts" >&2; then
      tail -n 30 "$LOG" >&2 || true
      die "PostgreSQL did not start"
    fi
  fi

  if [[ "$(psql_q -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]]; then
    say "creating database $DB"
    psql_q -c "CREATE DATABASE $DB" >/dev/null
  fi
  say "ready: $URL"
}

stop() {
  if is_running; then
    say "stopping PostgreSQL on $HOST:$PORT"
    as_pg "$BINDIR/pg_ctl" stop -D "$DATA" -m fast -w -t 60 -s >&2 || true
  fi
  if is_running; then
    die "PostgreSQL in $DATA did not stop"
  fi
  rm -rf "$BASE"
}

case "${1:-}" in
  start) BINDIR="$(find_bindir)"; start ;;
  stop)
    if [[ -d "$BASE" ]]; then BINDIR="$(find_bindir)"; stop; fi ;;
  url) echo "$URL" ;;
  status) BINDIR="$(find_bindir)"; is_running ;;
  *) echo "usage: $0 start|stop|url|status" >&2; exit 2 ;;
esac

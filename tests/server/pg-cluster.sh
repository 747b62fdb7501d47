#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# pg-cluster.sh: runs a command next to a private PostgreSQL cluster
#
#   tests/server/pg-cluster.sh COMMAND [ARGS...]
#
# Creates a cluster in a temporary directory with Debian's initdb and
# pg_ctl, starts it on a free port (on a Unix socket in that directory
# and on 127.0.0.1), runs COMMAND with CAREDESK_TEST_POSTGRESQL set to a
# libpq conninfo for its database, then stops the cluster and removes the
# directory, whatever COMMAND did. Its exit status is COMMAND's.
#
# PostgreSQL refuses to run as root: as root the cluster belongs to the
# unprivileged user "nobody" (runuser). Nothing is mocked.
set -euo pipefail

PG_BIN="${CAREDESK_PG_BIN:-}"
if [ -z "$PG_BIN" ]; then
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && PG_BIN="$dir"
  done
fi
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  echo "pg-cluster: PostgreSQL's initdb is missing (Debian package postgresql; build-aux/setup.sh installs it)" >&2
  exit 1
fi

DIR="$(mktemp -d "${TMPDIR:-/tmp}/caredesk-pg-XXXXXX")"
chmod 755 "$DIR"

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u nobody -- "$@"
  else
    "$@"
  fi
}

if [ "$(id -u)" -eq 0 ]; then
  chown nobody "$DIR"
fi

stop_cluster() {
  if [ -f "$DIR/data/postmaster.pid" ]; then
    as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
}
trap stop_cluster EXIT
trap 'exit 143' TERM INT

# A port nothing listens on now; on a clash (another cluster took it in
# between) the start fails and we try another.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

as_owner "$PG_BIN/initdb" -D "$DIR/data" -U caredesk --auth=trust --no-sync -E UTF8 --locale=C.UTF-8 \
  >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }

started=
for attempt in 1 2 3 4 5; do
  PORT="$(free_port)"
  # fsync off: a test cluster that crashes is thrown away anyway.
  if as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
       -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200" \
       start >/dev/null 2>&1; then
    started=1
    break
  fi
done
if [ -z "$started" ]; then
  echo "pg-cluster: the cluster did not start; its log:" >&2
  cat "$DIR/server.log" >&2 || true
  exit 1
fi

export CAREDESK_TEST_POSTGRESQL="host=$DIR port=$PORT user=caredesk dbname=postgres"
export CAREDESK_PG_BIN="$PG_BIN"   # pg_dump, pg_restore for the tests of a restore
export CAREDESK_TEST_POSTGRESQL_URI="postgresql://caredesk@127.0.0.1:$PORT/postgres"
status=0
"$@" || status=$?
exit "$status"

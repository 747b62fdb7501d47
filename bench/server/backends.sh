#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# SQLite against PostgreSQL (issue 19): authenticated GET /patients/{id} and
# GET /patients?q=maria with 1, 2 and 4 server processes, as ratios to the
# bare-libsoup ceiling (/work/shared/limits/soup_limit.c) measured in the
# same run; then 50 concurrent writers (POST /vitals) on each backend.
#
#   bench/server/backends.sh [BUILD_DIR] [EXTRA_PATIENTS] [SECONDS]
#
# PostgreSQL is a private cluster that tests/server/pg-cluster.sh starts in
# a temporary directory (fsync off, as for the tests: the figures compare
# the servers' work, not the disks); the clinic is the SQLite one copied by
# `caredesk-server migrate`. The machine is shared: the load average is
# printed beside the figures, and the ratios are what to compare.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-_build/main}" && pwd)
extra=${2:-20000}
seconds=${3:-5}

if [ -z "${CAREDESK_TEST_POSTGRESQL:-}" ]; then
  exec "$root/tests/server/pg-cluster.sh" "$0" "$build" "$extra" "$seconds"
fi

server="$build/src/server/caredesk-server"
work=$(mktemp -d /tmp/caredesk-backends-XXXXXX)
chmod 755 "$work"
pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

"$server" init --demo --demo-patients "$extra" --database "$work/bench.sqlite" >/dev/null
"$server" migrate --database "$work/bench.sqlite" --to "$CAREDESK_TEST_POSTGRESQL" >/dev/null

# start DATABASE WORKERS: sets srv and base once the server listens.
start() {
  : >"$work/out"
  "$server" --database "$1" --port 0 --workers "$2" --log-level warning >"$work/out" 2>"$work/err" &
  srv=$!; pids="$pids $srv"
  for _ in $(seq 300); do
    grep -q '^Listening on' "$work/out" && break
    kill -0 "$srv" 2>/dev/null || { cat "$work/err" >&2; exit 1; }
    sleep 0.1
  done
  port=$(sed -n 's/^Listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/out")
  base="http://127.0.0.1:$port/api/v1"
  token=$(curl -s -X POST "$base/auth/login" -d '{"login":"admin","password":"caredesk-demo"}' | json 'd["data"]["access_token"]')
  patient=$(curl -s "$base/patients?per_page=1" -H "Authorization: Bearer $token" | json 'd["data"][0]["id"]')
}
stop() { kill "$srv"; wait "$srv" 2>/dev/null || true; }
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

echo "# $(date -u '+%F %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# demo clinic + $extra patients; wrk -t2 -c64 -d${seconds}s on the same cores"

gcc -O2 /work/shared/limits/soup_limit.c -o "$work/soup_limit" $(pkg-config --cflags --libs libsoup-3.0 json-glib-1.0)
limit_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$work/soup_limit" "$limit_port" >/dev/null 2>&1 &
lim=$!; pids="$pids $lim"
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$limit_port/api/v1/patients/1" && break; sleep 0.1; done
ceiling=$("$here/cpu-per-request.sh" "$lim" "http://127.0.0.1:$limit_port/api/v1/patients/1" "$seconds")
kill "$lim"; wait "$lim" 2>/dev/null || true
ceiling_rps=$(field "$ceiling" rps)
echo "soup_limit: $ceiling"

# The CPU per request counts PostgreSQL's own processes too (the
# postmaster's children): the work a request costs the machine.
postmaster=$(head -1 "$(echo "$CAREDESK_TEST_POSTGRESQL" | sed 's/.*host=\([^ ]*\).*/\1/')/data/postmaster.pid")
printf '\n| backend | processes | GET /patients/{id} req/s (ratio) p99, CPU µs | GET ?q=maria req/s (ratio) p99, CPU µs |\n'
printf '|---|---|---|---|\n'
for backend in sqlite postgresql; do
  db="$work/bench.sqlite"
  [ "$backend" = postgresql ] && db="$CAREDESK_TEST_POSTGRESQL"
  for n in 1 2 4; do
    start "$db" "$n"
    watched="$srv"
    [ "$backend" = postgresql ] && watched="$srv $postmaster"
    get=$("$here/cpu-per-request.sh" "$watched" "$base/patients/$patient" "$seconds" -H "Authorization: Bearer $token")
    search=$("$here/cpu-per-request.sh" "$watched" "$base/patients?q=maria" "$seconds" -H "Authorization: Bearer $token")
    stop
    printf '| %s | %s | %s (%.2f) %s, %s | %s (%.2f) %s, %s |\n' "$backend" "$n" \
      "$(field "$get" rps)" "$(echo "$(field "$get" rps) $ceiling_rps" | awk '{print $1 / $2}')" "$(field "$get" p99)" \
      "$(field "$get" server_cpu_us_per_request)" \
      "$(field "$search" rps)" "$(echo "$(field "$search" rps) $ceiling_rps" | awk '{print $1 / $2}')" \
      "$(field "$search" p99)" "$(field "$search" server_cpu_us_per_request)"
    echo "  raw: get $get; search $search" >&2
  done
done

# 50 writers: a nurse's POST /vitals for one patient, two server processes.
printf '\n| backend | 50 writers, 2 processes: writes/s | p50 | p99 | non-2xx |\n|---|---|---|---|---|\n'
for backend in sqlite postgresql; do
  db="$work/bench.sqlite"
  [ "$backend" = postgresql ] && db="$CAREDESK_TEST_POSTGRESQL"
  start "$db" 2
  token=$(curl -s -X POST "$base/auth/login" -d '{"login":"nurse","password":"caredesk-demo"}' | json 'd["data"]["access_token"]')
  body='{"patient_id": "'$patient'", "recorded_at": "2026-01-02T10:00:00Z", "pulse": 72, "systolic": 120, "diastolic": 80}'
  curl -s -o /dev/null -w '%{http_code}\n' -X POST "$base/vitals" -H "Authorization: Bearer $token" -d "$body" |
    grep -q '^201$' || { echo "POST /vitals is refused:" >&2; curl -s -X POST "$base/vitals" -H "Authorization: Bearer $token" -d "$body" >&2; exit 1; }
  cat >"$work/post.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
wrk.body = '$body'
EOF
  out=$(wrk -t2 -c50 -d"${seconds}s" --latency -s "$work/post.lua" "$base/vitals")
  stop
  "$server" verify-audit --database "$db" >/dev/null || echo "audit chain broken on $backend" >&2
  printf '| %s | %s | %s | %s | %s |\n' "$backend" "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
    "$(echo "$out" | awk '$1 == "50%" {print $2}')" "$(echo "$out" | awk '$1 == "99%" {print $2}')" \
    "$(echo "$out" | awk '/Non-2xx/ {print $5}')"
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Server benchmark: authenticated GET /patients/{id} and GET /patients?q=…
# at 64 connections with wrk, beside the bare-libsoup ceiling of
# /work/shared/limits/soup_limit.c.
#
#   bench/server/run.sh [BUILD_DIR] [EXTRA_PATIENTS] [SECONDS]
#
# BUILD_DIR defaults to _build/main; EXTRA_PATIENTS (default 20000) are
# added to the demo clinic so that search runs over a realistic index.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-_build/main}
extra=${2:-20000}
seconds=${3:-10}
server="$build/src/server/caredesk-server"
work=$(mktemp -d /tmp/caredesk-bench-XXXXXX)
port=18420
limit_port=18080
pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM

"$server" init --demo --demo-patients "$extra" --database "$work/bench.sqlite" >/dev/null
"$server" --database "$work/bench.sqlite" --port $port --workers 2 --log-level warning >"$work/out" 2>"$work/err" &
srv=$!; pids="$pids $srv"
sleep 1
base="http://127.0.0.1:$port/api/v1"
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
token=$(curl -s -X POST "$base/auth/login" -d '{"login":"admin","password":"caredesk-demo"}' | json 'd["data"]["access_token"]')
patient=$(curl -s "$base/patients?per_page=1" -H "Authorization: Bearer $token" | json 'd["data"][0]["id"]')

echo "# caredesk-server --workers 2, demo clinic + $extra patients, wrk -t2 -c64 -d${seconds}s"
printf 'GET /patients/{id}       '; "$here/cpu-per-request.sh" "$srv" "$base/patients/$patient" "$seconds" -H "Authorization: Bearer $token"
printf 'GET /patients?q=maria    '; "$here/cpu-per-request.sh" "$srv" "$base/patients?q=maria" "$seconds" -H "Authorization: Bearer $token"
printf 'GET /patients?q=sm       '; "$here/cpu-per-request.sh" "$srv" "$base/patients?q=sm" "$seconds" -H "Authorization: Bearer $token"
kill $srv; wait $srv 2>/dev/null || true

if [ -r /work/shared/limits/soup_limit.c ]; then
  gcc -O2 /work/shared/limits/soup_limit.c -o "$work/soup_limit" $(pkg-config --cflags --libs libsoup-3.0 json-glib-1.0)
  "$work/soup_limit" $limit_port >/dev/null 2>&1 &
  lim=$!; pids="$pids $lim"
  sleep 0.5
  echo "# ceiling: bare SoupServer (one process), same wrk"
  printf 'soup_limit               '; "$here/cpu-per-request.sh" "$lim" "http://127.0.0.1:$limit_port/api/v1/patients/1" "$seconds"
fi

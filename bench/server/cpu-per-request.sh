#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs wrk against URL for DURATION seconds and prints requests/s, p50/p99
# and the CPU time the server processes (PIDS, space-separated, children
# included) spent per request — a figure that stays meaningful on a busy
# machine where wall-clock throughput does not.
#   cpu-per-request.sh "PIDS" URL DURATION [wrk args…]
set -eu
pids=$1; url=$2; duration=$3; shift 3
ticks=$(getconf CLK_TCK)
cpu() {
  total=0
  for p in $pids; do
    for q in $p $(pgrep -P "$p" || true); do
      t=$(awk '{print $14 + $15}' /proc/$q/stat 2>/dev/null || echo 0)
      total=$((total + t))
    done
  done
  echo $total
}
before=$(cpu)
out=$(wrk -t2 -c64 -d"${duration}s" --latency "$@" "$url")
after=$(cpu)
reqs=$(echo "$out" | awk '/requests in/ {print $1}')
rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
us=$(awk -v a="$before" -v b="$after" -v t="$ticks" -v n="$reqs" 'BEGIN { printf "%.1f", (b - a) / t * 1e6 / n }')
echo "requests=$reqs rps=$rps p50=$p50 p99=$p99 non2xx=${non2xx:-0} server_cpu_us_per_request=$us"

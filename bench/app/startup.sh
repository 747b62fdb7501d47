#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Warm start to the sign-in window, and resident memory with a large store
# open, signed in, on the patient list; measured in the same run as the
# smallest libadwaita window (../shared/limits/gtk_limit.c), renderer by
# renderer, so that the figures can be read as ratios to GTK's floor.
#
#   bench/app/startup.sh STORE [BUILDDIR] [GTK_LIMIT]
#
# STORE is a store with the demo clinic (care-bench makes one:
# _build/main/bench/care-bench 1000000 /tmp/caredesk-bench.sqlite).
# GTK_LIMIT is the built gtk_limit (built into a temporary directory from
# ../shared/limits/gtk_limit.c when not given). RENDERERS="default cairo"
# by default. Needs xvfb-run, xdotool and gdb (to ask the running app how
# much SQLite holds). Prints one line per run, after a cold run of each.
#
# Per run: the wall time to the visible window and the CPU time the process
# used until then (10 ms steps). Per run of Caredesk: the resident memory at the sign-in window and on the
# list, and where the latter goes: SQLite's heap (sqlite3_memory_used(),
# its page cache included), anonymous memory (heaps, GL buffers) and
# file-backed pages (the code of every library mapped, GTK's and ours).
set -euo pipefail
STORE=${1:?usage: startup.sh STORE [BUILDDIR] [GTK_LIMIT]}
BUILDDIR=${2:-_build/main}
GTK_LIMIT=${3:-}
RENDERERS=${RENDERERS:-default cairo}
export GSETTINGS_SCHEMA_DIR="$BUILDDIR/data" GSETTINGS_BACKEND=memory
# The store turns SQLite's memory statistics off (care-store.c,
# care_store_configure_sqlite()); kept on here, for the heap's figure.
export CAREDESK_SQLITE_MEMORY_STATS=1
for tool in xvfb-run xdotool gdb; do
  command -v $tool >/dev/null || { echo "startup.sh: $tool is not installed" >&2; exit 1; }
done

if [ -z "$GTK_LIMIT" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  GTK_LIMIT=$tmp/gtk_limit
  gcc -O2 "$(dirname "$0")/../../../shared/limits/gtk_limit.c" -o "$GTK_LIMIT" \
    $(pkg-config --cflags --libs libadwaita-1)
fi

# One run in its own X server. $1: renderer, $2: "caredesk" or "gtk_limit".
run() {
  xvfb-run -a -s '-screen 0 1280x800x24' bash -c '
    renderer=$1 what=$2 builddir=$3 store=$4 limit=$5
    [ "$renderer" = cairo ] && export GSK_RENDERER=cairo
    # To 0.1 MiB: the steps measured are about 1 MiB.
    mib() { awk "/^$2:/ {printf \"%.1f\", \$2 / 1024}" /proc/$1/$3; }
    # CPU time (user + system) the process has used: on a loaded machine
    # the wall time also counts the time others had the cores.
    cpu_ms() { read -r -a st < /proc/$1/stat; echo $(( (st[13] + st[14]) * 1000 / $(getconf CLK_TCK) )); }
    start=$(date +%s%N)
    if [ "$what" = gtk_limit ]; then "$limit" & title="GTK limit"
    else "$builddir/src/gui/caredesk" --store="$store" & title="Caredesk|Clinic"; fi
    pid=$!
    until xdotool search --onlyvisible --name "$title" >/dev/null 2>&1; do sleep 0.005; done
    shown=$(date +%s%N)
    cpu=$(cpu_ms $pid)
    sleep 1
    signin=$(mib $pid VmRSS status)
    if [ "$what" = gtk_limit ]; then
      echo "$renderer gtk_limit: start to visible $(( (shown - start) / 1000000 )) ms (CPU $cpu ms), resident $signin MiB"
      kill $pid; exit 0
    fi
    # Typed into the focused window; a sign-in that does not come within
    # a minute (keys lost to a window not yet focused) is said, not waited on.
    xdotool search --onlyvisible --name "$title" windowfocus --sync >/dev/null 2>&1 || true
    xdotool type --delay 20 admin; xdotool key Tab; xdotool type --delay 20 caredesk-demo; xdotool key Return
    for _ in $(seq 1200); do
      xdotool search --onlyvisible --name " — Caredesk" >/dev/null 2>&1 && break
      sleep 0.05
    done
    xdotool search --onlyvisible --name " — Caredesk" >/dev/null 2>&1 ||
      { echo "$renderer caredesk: start to visible $(( (shown - start) / 1000000 )) ms (CPU $cpu ms), resident at sign-in $signin MiB; not signed in within a minute"; kill $pid; exit 0; }
    sleep 3
    list=$(mib $pid VmRSS status)
    anon=$(mib $pid Anonymous smaps_rollup)
    sqlite=$(gdb -batch -p $pid -ex "print ((long long (*) (void)) sqlite3_memory_used) ()" 2>/dev/null |
             awk "/^\\\$1 =/ {printf \"%.1f\", \$3 / 1048576}")
    echo "$renderer caredesk: start to visible $(( (shown - start) / 1000000 )) ms (CPU $cpu ms), resident at sign-in $signin MiB, on the list $list MiB (anonymous $anon, file-backed $(awk "BEGIN {printf \"%.1f\", $list - $anon}"), SQLite heap ${sqlite:-?})"
    kill $pid' x "$1" "$2" "$BUILDDIR" "$STORE" "$GTK_LIMIT"
}

# A store from before the kept patient count makes the list count with
# count(*), which fills SQLite's 32 MiB page cache: 31 MiB more on the
# list that say nothing about the app (BENCHMARKS.md, 2026-12-07 02:05).
if command -v sqlite3 >/dev/null &&
   [ -z "$(sqlite3 -readonly "$STORE" "SELECT name FROM sqlite_master WHERE name = 'patient_count'" 2>/dev/null)" ]; then
  echo "warning: $STORE has no kept patient count (made by an older build): the list will count with count(*)" >&2
fi
echo "load average: $(cut -d" " -f1-3 /proc/loadavg)"
for r in $RENDERERS; do
  run "$r" gtk_limit > /dev/null 2>&1 || true   # cold: fills the page cache
  run "$r" caredesk > /dev/null 2>&1 || true
  for i in 1 2 3; do
    run "$r" gtk_limit 2>/dev/null
    run "$r" caredesk 2>/dev/null
  done
done
echo "load average: $(cut -d" " -f1-3 /proc/loadavg)"

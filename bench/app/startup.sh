#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Warm start to the sign-in window, and resident memory with a large store
# open, signed in, on the patient list.
#
#   bench/app/startup.sh STORE [BUILDDIR]
#
# STORE is a store with the demo clinic (care-bench makes one:
# _build/main/bench/care-bench 1000000 /tmp/caredesk-bench.sqlite).
# Needs xvfb-run and xdotool. Prints one line per measure.
set -euo pipefail
STORE=${1:?usage: startup.sh STORE [BUILDDIR]}
BUILDDIR=${2:-_build/main}
export GSETTINGS_SCHEMA_DIR="$BUILDDIR/data" GSETTINGS_BACKEND=memory

run() {
  xvfb-run -a -s '-screen 0 1280x800x24' bash -c '
    start=$(date +%s%N)
    "$0/src/gui/caredesk" --store="$1" &
    pid=$!
    until xdotool search --onlyvisible --name "Caredesk|Clinic" >/dev/null 2>&1; do sleep 0.005; done
    shown=$(date +%s%N)
    echo "start to visible window: $(( (shown - start) / 1000000 )) ms"
    sleep 1
    xdotool type --delay 20 admin; xdotool key Tab; xdotool type --delay 20 caredesk-demo; xdotool key Return
    sleep 4
    echo "resident memory, signed in on the patient list: $(( $(awk "/VmRSS/ {print \$2}" /proc/$pid/status) / 1024 )) MiB"
    kill $pid' "$BUILDDIR" "$STORE"
}

run > /dev/null 2>&1 || true   # cold: fills the page cache
for i in 1 2 3; do run 2>/dev/null; done

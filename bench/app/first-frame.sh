#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Instructions executed until the sign-in window's first frame is drawn,
# Caredesk's and the smallest libadwaita window's (../shared/limits/
# gtk_limit.c), with GSK_RENDERER=cairo: callgrind dumps its counts after
# each gsk_renderer_render(), and the first dump is the first frame's.
# Unlike startup.sh's CPU time this hardly moves with the machine's load:
# gtk_limit's runs agree within 0.1%; Caredesk's fall in two groups about
# 60 M apart (Mesa's GLX, BENCHMARKS.md "The app window"): run it a few
# times.
#
#   bench/app/first-frame.sh STORE [BUILDDIR] [GTK_LIMIT]
#
# STORE as for startup.sh. Open it in the locale of the run: a store whose
# sort keys were made in another locale shows the preparing window first
# (CareOpeningWindow) and makes them again in a worker, so the first frame
# counted would be that window's. Needs valgrind and xvfb-run.
set -euo pipefail
STORE=${1:?usage: first-frame.sh STORE [BUILDDIR] [GTK_LIMIT]}
BUILDDIR=${2:-_build/main}
GTK_LIMIT=${3:-}
export GSETTINGS_SCHEMA_DIR="$BUILDDIR/data" GSETTINGS_BACKEND=memory GSK_RENDERER=cairo
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/gtk-limit.sh"
[ -n "$GTK_LIMIT" ] || GTK_LIMIT=$(gtk_limit_build "$tmp")

# $1: a name for the output; the rest: the program and its arguments.
count() {
  local name=$1
  shift
  xvfb-run -a -s '-screen 0 1280x800x24' bash -c '
    out=$1; shift
    valgrind --tool=callgrind --dump-after=gsk_renderer_render --callgrind-out-file="$out" "$@" >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 600); do [ -e "$out.1" ] && break; sleep 0.5; done
    sleep 1
    kill $pid; wait $pid 2>/dev/null || true' x "$tmp/cg-$name" "$@"
  [ -e "$tmp/cg-$name.1" ] || { echo "$name: no frame drawn within 5 minutes" >&2; return 1; }
  awk -v n="$name" '/^summary:/ {printf "%s: %.1f M instructions to the first frame\n", n, $2 / 1e6}' "$tmp/cg-$name.1"
  rm -f "$tmp/cg-$name"*
}

count caredesk "$BUILDDIR/src/gui/caredesk" --store="$STORE"
count gtk_limit "$GTK_LIMIT"

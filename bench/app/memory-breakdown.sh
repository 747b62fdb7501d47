#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Where Caredesk's resident memory on the patient list goes, mapping by
# mapping, beside the smallest libadwaita window's (gtk_limit) in the same
# run and renderer: the companion of startup.sh for reading the difference.
#
#   bench/app/memory-breakdown.sh STORE [BUILDDIR] [GTK_LIMIT]
#
# For each renderer (RENDERERS="default cairo"), one run of each program,
# as startup.sh runs them (signed in as the admin, 3 s on the list). Prints
# the resident MiB of each part: [heap], other anonymous memory, the
# window's X shared-memory image (SYSV), caredesk itself, and every
# library, with the difference; and whether librsvg is mapped.
#
# LIMIT_SIZE=1100x720 builds gtk_limit with that default size, Caredesk's
# window's, to compare like with like (the window's image and GL buffers
# grow with its size). KEEP=DIR keeps the smaps files there.
set -euo pipefail
STORE=${1:?usage: memory-breakdown.sh STORE [BUILDDIR] [GTK_LIMIT]}
BUILDDIR=${2:-_build/main}
GTK_LIMIT=${3:-}
RENDERERS=${RENDERERS:-default cairo}
export GSETTINGS_SCHEMA_DIR="$BUILDDIR/data" GSETTINGS_BACKEND=memory
for tool in xvfb-run xdotool; do
  command -v $tool >/dev/null || { echo "memory-breakdown.sh: $tool is not installed" >&2; exit 1; }
done
tmp=${KEEP:-$(mktemp -d)}
[ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
if [ -z "$GTK_LIMIT" ]; then
  GTK_LIMIT=$tmp/gtk_limit
  src="$(dirname "$0")/../../../shared/limits/gtk_limit.c"
  if [ -n "${LIMIT_SIZE:-}" ]; then
    sed "s/gtk_window_present (GTK_WINDOW (w));/gtk_window_set_default_size (GTK_WINDOW (w), ${LIMIT_SIZE%x*}, ${LIMIT_SIZE#*x}); &/" \
      "$src" > "$tmp/gtk_limit.c"
    src=$tmp/gtk_limit.c
  fi
  gcc -O2 "$src" -o "$GTK_LIMIT" $(pkg-config --cflags --libs libadwaita-1)
fi

# Resident kB by part, from /proc/PID/smaps: "part kB" lines (a part's
# name has no spaces: join and awk below read two fields).
parts() {
  awk '
    /^[0-9a-f]+-[0-9a-f]+ / {
      path = $6
      if (path == "") part = "[anon]"
      else if (path ~ /^\/SYSV/) part = "[SYSV-window-image]"
      else if (path ~ /^\[/) part = path
      else { n = split(path, p, "/"); part = p[n]; sub(/\.so[.0-9]*$/, "", part) }
    }
    /^Rss:/ { rss[part] += $2 }
    END { for (k in rss) print k, rss[k] }' "$1"
}

# One run in its own X server; writes $tmp/$2.$1.smaps. $1: renderer, $2: what.
run() {
  xvfb-run -a -s '-screen 0 1280x800x24' bash -c '
    renderer=$1 what=$2 builddir=$3 store=$4 limit=$5 out=$6
    [ "$renderer" = cairo ] && export GSK_RENDERER=cairo
    if [ "$what" = gtk_limit ]; then "$limit" & title="GTK limit"
    else "$builddir/src/gui/caredesk" --store="$store" & title="Caredesk|Clinic"; fi
    pid=$!
    until xdotool search --onlyvisible --name "$title" >/dev/null 2>&1; do sleep 0.005; done
    sleep 1
    if [ "$what" = caredesk ]; then
      xdotool type --delay 20 admin; xdotool key Tab; xdotool type --delay 20 caredesk-demo; xdotool key Return
      until xdotool search --onlyvisible --name " — Caredesk" >/dev/null 2>&1; do sleep 0.05; done
      sleep 3
    fi
    cat /proc/$pid/smaps > "$out"
    kill $pid' x "$1" "$2" "$BUILDDIR" "$STORE" "$GTK_LIMIT" "$tmp/$2.$1.smaps"
}

for r in $RENDERERS; do
  run "$r" gtk_limit 2>/dev/null
  run "$r" caredesk 2>/dev/null
  echo "== $r renderer: resident MiB on the list (caredesk, gtk_limit, difference)"
  join -a1 -a2 -e0 -o 0,1.2,2.2 <(parts "$tmp/caredesk.$r.smaps" | sort) \
                                <(parts "$tmp/gtk_limit.$r.smaps" | sort) |
    awk '{ d = $2 - $3; tc += $2; tg += $3
           if (d >= 256 || d <= -256) printf "%-34s %7.1f %7.1f %+7.1f\n", $1, $2/1024, $3/1024, d/1024
           else rest += d }
         END { printf "%-34s %7s %7s %+7.1f\n", "(the rest, each < 0.25 MiB)", "", "", rest/1024
               printf "%-34s %7.1f %7.1f %+7.1f\n", "total", tc/1024, tg/1024, (tc-tg)/1024 }' |
    sort -k4 -g -r
  grep -q librsvg "$tmp/caredesk.$r.smaps" && echo "librsvg: mapped" || echo "librsvg: not mapped"
done

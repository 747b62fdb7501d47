#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails unless `systemd-analyze security --offline=true` rates the built
# server unit 2.5 or better ("OK"): no capabilities, no devices, a
# system-call filter, the file system read-only but for the database (see
# the unit's comments); and unless `systemd-analyze verify` finds nothing
# wrong with it. verify wants ExecStart= to be a program that exists: a
# copy of the unit runs the server just built instead of the installed one.
#
#   check-server-unit.sh UNIT_FILE SERVER_PROGRAM
set -eu
unit="${1:?usage: check-server-unit.sh UNIT_FILE SERVER_PROGRAM}"
server=$(readlink -f "${2:?usage: check-server-unit.sh UNIT_FILE SERVER_PROGRAM}")

out=$(systemd-analyze security --offline=true --no-pager "$unit" 2>&1) || true
level=$(printf '%s\n' "$out" | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\) .*/\1/p')
if [ -z "$level" ]; then
  echo "systemd-analyze did not rate $unit:"
  printf '%s\n' "$out"
  exit 1
fi
echo "exposure level $level (2.5 or less wanted)"
printf '%s\n' "$out" | grep '✗' || true
awk -v l="$level" 'BEGIN { exit !(l <= 2.5) }' || { echo "not OK: $level"; exit 1; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sed "s|^ExecStart=[^ ]*caredesk-server |ExecStart=$server |" "$unit" > "$dir/caredesk-server.service"
grep -q "^ExecStart=$server " "$dir/caredesk-server.service" || { echo "no ExecStart= running caredesk-server"; exit 1; }
if ! verify=$(systemd-analyze verify --man=no "$dir/caredesk-server.service" 2>&1) || [ -n "$verify" ]; then
  echo "systemd-analyze verify:"
  printf '%s\n' "$verify"
  exit 1
fi
echo "systemd-analyze verify: no complaint"

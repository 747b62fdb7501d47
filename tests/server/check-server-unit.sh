#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails unless `systemd-analyze security` rates the installed server unit
# 2.5 or better ("OK"): no capabilities, no devices, a system-call filter,
# the file system read-only but for the database (see the unit's comments).
#
#   check-server-unit.sh UNIT_FILE
set -eu
unit="${1:?usage: check-server-unit.sh UNIT_FILE}"
out=$(systemd-analyze security --offline=yes --no-pager "$unit" 2>&1) || true
level=$(printf '%s\n' "$out" | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\) .*/\1/p')
if [ -z "$level" ]; then
  echo "systemd-analyze did not rate $unit:"
  printf '%s\n' "$out"
  exit 1
fi
echo "exposure level $level (2.5 or less wanted)"
printf '%s\n' "$out" | grep '✗' || true
awk -v l="$level" 'BEGIN { exit !(l <= 2.5) }'

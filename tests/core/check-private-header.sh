#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails if anything outside core includes care-store-private.h: the sync
# engine goes through care-store-sync.h, the server's SQLite storage and
# the benchmarks through care-store-sql.h, everything else through
# care-store.h.  Core's own files and the tests may include it.
#
#   check-private-header.sh SOURCE_ROOT
set -u
root="${1:?usage: check-private-header.sh SOURCE_ROOT}"
found=$(grep -rnE '#[[:space:]]*include[[:space:]]*[<"]([^">]*/)?care-store-private\.h[">]' \
          "$root/src" "$root/bench" --include='*.c' --include='*.h' |
        grep -v '^'"$root"'/src/core/')
if [ -n "$found" ]; then
  echo "These include core's private store header (use care-store-sync.h or care-store-sql.h):"
  echo "$found"
  exit 1
fi
echo "only core includes care-store-private.h"

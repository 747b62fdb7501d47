#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails if anything under src/ or bench/ reads the wall clock other than
# through core's clock (src/core/care-clock.c), so that every "now" can be
# moved by a test.  Monotonic time (g_get_monotonic_time) is fine.
#
#   check-clock.sh SOURCE_ROOT
set -u
root="${1:?usage: check-clock.sh SOURCE_ROOT}"
pattern='g_get_real_time|g_date_time_new_now|g_get_current_time|[^_a-z]time \(NULL\)|gettimeofday|clock_gettime \(CLOCK_REALTIME|'"'"'now'"'"
found=$(grep -rnE "$pattern" "$root/src" "$root/bench" --include='*.c' --include='*.h' |
        grep -v '^'"$root"'/src/core/care-clock\.[ch]:')
if [ -n "$found" ]; then
  echo "These read the wall clock without core's clock (use care_clock_*):"
  echo "$found"
  exit 1
fi
echo "every wall-clock read goes through care-clock"

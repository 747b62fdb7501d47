#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails if the server or the sync engine decides anything by an entity's
# name other than the accounts, permissions, notifications and the audit
# log that are theirs to run: a clinical or business rule keyed on an
# entity ("if it is an invoice…") belongs in its core module
# (src/core/care-<feature>.c), declared to care-rules.h.
#
#   check-server-rules.sh SOURCE_ROOT
set -u
root="${1:?usage: check-server-rules.sh SOURCE_ROOT}"
allowed='user|role_permission|role_upgrade_request|notification|audit_entry|tenant'
found=$(grep -rnE '(g_str_equal|g_strcmp0|strcmp)[[:space:]]*\([^;]*->name[[:space:]]*,[[:space:]]*"[a-z_]+"' \
          "$root/src/server" "$root/src/sync" --include='*.c' --include='*.h' |
        grep -vE -- '->name[[:space:]]*,[[:space:]]*"('"$allowed"')"')
if [ -n "$found" ]; then
  echo "These decide by an entity's name outside core (move the rule to src/core/care-<feature>.c):"
  echo "$found"
  exit 1
fi
echo "no entity-name rules under src/server or src/sync"

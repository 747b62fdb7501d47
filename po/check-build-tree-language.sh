#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails unless the app run from the build tree speaks Spanish with only
# LANGUAGE=es (no CAREDESK_LOCALEDIR): it reads the catalogues built there.
#
#   check-build-tree-language.sh CAREDESK_PROGRAM
set -u
app="${1:?usage: check-build-tree-language.sh CAREDESK_PROGRAM}"
out=$(env -u CAREDESK_LOCALEDIR LANGUAGE=es LC_ALL=es_ES.UTF-8 "$app" --help 2>&1)
if printf '%s\n' "$out" | grep -q 'Gestione la clínica desde este puesto de trabajo'; then
  echo "the build tree's caredesk speaks Spanish with LANGUAGE=es"
  exit 0
fi
echo "caredesk --help with LANGUAGE=es, from the build tree, printed:"
printf '%s\n' "$out"
exit 1

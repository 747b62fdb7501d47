#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a catalogue in po/ is not complete: untranslated or fuzzy
# messages, or format strings that do not match the English.
set -euo pipefail
cd "$(dirname "$0")"
status=0
while read -r lang; do
  [ -z "$lang" ] || [ "${lang#\#}" != "$lang" ] && continue
  stats=$(msgfmt --check --statistics -o /dev/null "$lang.po" 2>&1)
  echo "$lang: $stats"
  case "$stats" in
    *untranslated*|*fuzzy*) status=1 ;;
  esac
done < LINGUAS
exit "$status"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The metainfo's screenshots, taken from the app itself: the widget tests
# drive real windows under Xvfb on demo-like data and save what they show
# when CAREDESK_TEST_OUTPUT is set; this keeps the ones the metainfo lists.
#
#   bash build-aux/screenshots.sh [BUILD_DIR]     (default _build/main)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/_build/main}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

# test name → screenshot it saves → name in data/screenshots/
SHOTS=(
  "test-chart-page chart-page.png chart.png"
  "test-billing-page billing-page.png billing.png"
  "test-ward-pages bed-board.png bed-board.png"
  "test-lab-page lab-queue.png lab.png"
  "test-pharmacy pharmacy-stock.png pharmacy.png"
  "test-kiosk kiosk-home.png kiosk.png"
)

tests=()
for s in "${SHOTS[@]}"; do
  read -r t _ _ <<<"$s"
  tests+=("$t")
done

CAREDESK_TEST_OUTPUT="$OUT" LANGUAGE=en LANG=C.UTF-8 \
  xvfb-run -a -s '-screen 0 1280x1024x24' dbus-run-session -- \
  meson test -C "$BUILD" --no-rebuild "${tests[@]}" >/dev/null

mkdir -p "$ROOT/data/screenshots"
for s in "${SHOTS[@]}"; do
  read -r _ from to <<<"$s"
  cp "$OUT/$from" "$ROOT/data/screenshots/$to"
  echo "data/screenshots/$to"
done

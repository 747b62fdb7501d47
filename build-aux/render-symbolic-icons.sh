#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Encodes the app's own symbolic icons (data/icons/src/*-symbolic.svg) as
# GTK's symbolic PNGs in data/icons/hicolor/NxN/status, which the app's
# resources carry. GTK recolours a .symbolic.png like the SVG, but loads it
# without librsvg (6.3 MiB resident once loaded; BENCHMARKS.md, "The app
# window"). Needs gtk4-encode-symbolic-svg (Debian: libgtk-4-bin). Run it
# after changing an SVG, from the top of the tree:
#   build-aux/render-symbolic-icons.sh
set -euo pipefail
for svg in data/icons/src/*-symbolic.svg; do
  for size in 16 24 32 48 64; do
    dir=data/icons/hicolor/${size}x${size}/status
    mkdir -p "$dir"
    gtk4-encode-symbolic-svg -o "$dir" "$svg" "${size}x${size}"
  done
done

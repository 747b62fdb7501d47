#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Renders the app icon's SVG to the PNGs in data/icons/hicolor/NxN/apps,
# which the app's resources carry so that showing the icon at start (the
# sign-in page, the window's icon) parses no SVG: librsvg stays unloaded
# (6.4 MiB resident; BENCHMARKS.md, "The app window"). Run it after
# changing the SVG, from the top of the tree:  build-aux/render-app-icon.sh
set -euo pipefail
svg=data/icons/hicolor/scalable/apps/io.github.caredesk.Caredesk.svg
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/render.c" <<'C'
#include <stdlib.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
int main (int argc, char **argv) {
  GError *error = NULL;
  int size = atoi (argv[2]);
  GdkPixbuf *pixbuf = gdk_pixbuf_new_from_file_at_size (argv[1], size, size, &error);
  if (pixbuf == NULL || !gdk_pixbuf_save (pixbuf, argv[3], "png", &error, "compression", "9", NULL))
    { g_printerr ("%s\n", error->message); return 1; }
  return 0;
}
C
gcc "$tmp/render.c" -o "$tmp/render" $(pkg-config --cflags --libs gdk-pixbuf-2.0)
for size in 128 256; do
  mkdir -p "data/icons/hicolor/${size}x${size}/apps"
  "$tmp/render" "$svg" "$size" "data/icons/hicolor/${size}x${size}/apps/io.github.caredesk.Caredesk.png"
done

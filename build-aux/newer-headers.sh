#!/usr/bin/env bash
# Fetch the GTK and libadwaita headers of a newer Debian release (trixie:
# GTK 4.18, libadwaita 1.7) into a folder, without installing anything.
#
# Caredesk builds against Debian 12 (GTK 4.8, libadwaita 1.2), but the
# flatpak runs on a current GNOME runtime where AdwMessageDialog,
# GtkFileChooserNative and friends are deprecated. Code that uses them is
# guarded with GTK_CHECK_VERSION/ADW_CHECK_VERSION; tests/newer-api compiles
# every source file against these headers, with deprecations as errors, so
# that the newer branches are compiled and checked here too.
#
#   build-aux/newer-headers.sh DIR     # DIR/root/usr/include/... afterwards
#
# Only headers are used: the packages are unpacked with dpkg-deb, never
# installed, and nothing is linked or run against them.
set -euo pipefail

dest="${1:?usage: newer-headers.sh DIR}"
suite="trixie"
mirror="${CAREDESK_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
packages=(libgtk-4-dev libadwaita-1-dev libglib2.0-dev libgio-2.0-dev libpango1.0-dev
          libcairo2-dev libharfbuzz-dev libgdk-pixbuf-2.0-dev
          libgraphene-1.0-dev)

if [ -f "$dest/root/usr/include/libadwaita-1/adw-version.h" ] &&
   [ -f "$dest/root/usr/include/gtk-4.0/gtk/gtk.h" ]; then
  exit 0
fi

mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
work="$dest/apt"
rm -rf "$work" "$dest/root"
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$dest/root"
: > "$work/status"
echo "deb $mirror $suite main" > "$work/sources.list"

apt_opts=(-q
  -o "Dir::Etc::SourceList=$work/sources.list"
  -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State::Lists=$work/lists"
  -o "Dir::State::status=$work/status"
  -o "Dir::Cache=$work/cache"
  -o "APT::Architecture=$(dpkg --print-architecture)"
  -o "Debug::NoLocking=1"
  -o "APT::Sandbox::User=root")

apt-get "${apt_opts[@]}" update >/dev/null
(cd "$work" && apt-get "${apt_opts[@]}" download "${packages[@]}" >/dev/null)
for deb in "$work"/*.deb; do
  dpkg-deb -x "$deb" "$dest/root"
done
rm -rf "$work"

for h in gtk-4.0/gtk/gtk.h libadwaita-1/adw-version.h glib-2.0/glib.h; do
  if [ ! -f "$dest/root/usr/include/$h" ]; then
    echo "newer-headers: $h is missing after unpacking" >&2
    exit 1
  fi
done
echo "newer-headers: $(grep -h '#define ADW_VERSION_S\|#define GTK_MAJOR\|#define GTK_MINOR' \
  "$dest"/root/usr/include/libadwaita-1/adw-version.h \
  "$dest"/root/usr/include/gtk-4.0/gdk/version/gdkversionmacros.h 2>/dev/null | tr -s ' ' | tr '\n' ' ')"

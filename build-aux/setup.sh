#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what Caredesk needs on Debian 12, then configures and builds it in
# _build/main. Safe to run again: it installs only what is missing and
# reconfigures only when the build directory needs it.
#
#   build-aux/setup.sh            # from anywhere; works on the repository root
#
# CAREDESK_BUILDDIR (a path relative to the repository root, or absolute)
# chooses another build directory; build-aux/demo and build-aux/test honour
# it too.
#
# build-aux/demo and build-aux/test call it first.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILDDIR="${CAREDESK_BUILDDIR:-$ROOT/_build/main}"

PACKAGES=(
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libsqlite3-dev libsodium-dev libsoup-3.0-dev libjson-glib-dev
  libpoppler-glib-dev libcairo2-dev libpango1.0-dev libsecret-1-dev
  desktop-file-utils appstream
  xvfb xauth dbus dbus-x11 at-spi2-core
  # The printouts' fonts (src/print/care-document.h): Noto Sans, Noto Naskh
  # Arabic and Noto Sans Devanagari come in fonts-noto-core, Noto Sans CJK
  # in fonts-noto-cjk. The Arabic interface (po/ar.po, tests/gui/test-rtl.c)
  # needs an Arabic font too: fonts-noto-core's Noto Sans Arabic, and the UI
  # variants with a window's line heights (Noto Sans Arabic UI, Noto Naskh
  # Arabic UI) in fonts-noto-ui-core.
  fonts-dejavu-core fonts-noto-core fonts-noto-ui-core fonts-noto-cjk fonts-droid-fallback
  imagemagick poppler-utils wrk gnome-keyring locales
  # Only "recommended" by GTK and GLib, so not pulled in with
  # --no-install-recommends: SVG icons (the app's and Adwaita's symbolic
  # ones) need librsvg2-common; xml-stripblanks in the GResource needs xmllint.
  librsvg2-common libxml2-utils
  # systemd-analyze rates the server unit's hardening (check-server-unit).
  systemd
  # A real SMTP server on loopback for the appointment reminders' test.
  python3-aiosmtpd
  # The server's PostgreSQL backend: libpq, the standard client library
  # (care-server-storage-pg.c), and the server whose private test cluster
  # the server and sync suites also run on (tests/server/pg-cluster.sh).
  libpq-dev postgresql
)

# The published FHIR R4 validator that the FHIR export's tests run (the npm
# package "fhir"), installed with npm into a folder of its own.
FHIR_VALIDATOR=fhir@4.12.0
# Stoplight Prism, which test-server-contract runs in proxy mode in front of
# the server to hold it to its OpenAPI document. 5.7.0 is the newest release
# whose package.json accepts Debian 12's node 18.19 ("node": ">=16"); 5.8
# to 5.14 ask for >=18.20.1 and 5.15 on for node 24.
PRISM=@stoplight/prism-cli@5.7.0
NODE_DIR="${CAREDESK_NODE_DIR:-$ROOT/_build/node}"
# The headers of a newer GTK and libadwaita (Debian 13's), unpacked, not
# installed: tests/newer-api compiles the app against them.
NEWER_HEADERS="$ROOT/_build/newer-headers"

# The locales the test suite and the translations use: month and day names
# come from LC_TIME, so dates in the Arabic interface need an Arabic locale
# (tests/gui/test-rtl.c runs in ar_EG.UTF-8).
LOCALES=(en_US.UTF-8 es_ES.UTF-8 ar_EG.UTF-8)

log() { printf '==> %s\n' "$*"; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "setup: '$*' needs root, and sudo is not installed. Run as root." >&2
    exit 1
  fi
}

missing_packages() {
  local pkg status
  for pkg in "${PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
    if [ "$status" != "install ok installed" ]; then
      printf '%s\n' "$pkg"
    fi
  done
}

install_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: this script needs Debian 12 (dpkg and apt-get)." >&2
    exit 1
  fi
  local missing
  missing="$(missing_packages)"
  if [ -z "$missing" ]; then
    log "All $((${#PACKAGES[@]})) required packages are installed"
    return
  fi
  # shellcheck disable=SC2086 # one package a word
  log "Installing missing packages: $(printf '%s ' $missing)"
  as_root apt-get update
  # shellcheck disable=SC2086 # one package a word
  as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends $missing
}

# node and npm from Debian, unless a node with npm is there already (a
# newer one from elsewhere must not be replaced).
install_node() {
  command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1 && return
  log "Installing nodejs and npm"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm
}

install_fhir_validator() {
  local want="${FHIR_VALIDATOR#*@}"
  if [ -f "$NODE_DIR/node_modules/fhir/package.json" ] &&
     grep -q "\"version\": \"$want\"" "$NODE_DIR/node_modules/fhir/package.json"; then
    return
  fi
  log "Installing the FHIR validator ($FHIR_VALIDATOR) into $NODE_DIR"
  mkdir -p "$NODE_DIR"
  # Without the registry the build still works; only test-fhir-validate fails, saying why.
  npm install --prefix "$NODE_DIR" --no-audit --no-fund --loglevel=error "$FHIR_VALIDATOR" ||
    log "Could not install $FHIR_VALIDATOR; the FHIR validation test will fail"
}

install_prism() {
  local want="${PRISM##*@}" manifest="$NODE_DIR/node_modules/@stoplight/prism-cli/package.json"
  if [ -f "$manifest" ] && grep -q "\"version\": \"$want\"" "$manifest"; then
    return
  fi
  log "Installing Stoplight Prism ($PRISM) into $NODE_DIR"
  mkdir -p "$NODE_DIR"
  # Without the registry the build still works; only test-server-contract fails, saying why.
  npm install --prefix "$NODE_DIR" --save-exact --no-audit --no-fund --loglevel=error "$PRISM" ||
    log "Could not install $PRISM; the contract test will fail"
}

generate_locales() {
  local loc want=() have
  have="$(locale -a 2>/dev/null | tr '[:upper:]' '[:lower:]' | sed 's/utf-8/utf8/')"
  for loc in "${LOCALES[@]}"; do
    local norm
    norm="$(printf '%s' "$loc" | tr '[:upper:]' '[:lower:]' | sed 's/utf-8/utf8/')"
    if ! printf '%s\n' "$have" | grep -qx "$norm"; then
      want+=("$loc")
    fi
  done
  [ "${#want[@]}" -eq 0 ] && return
  log "Generating locales: ${want[*]}"
  for loc in "${want[@]}"; do
    # Uncomment "xx_YY.UTF-8 UTF-8" in /etc/locale.gen, or add it.
    if grep -q "^# *$loc UTF-8" /etc/locale.gen 2>/dev/null; then
      as_root sed -i "s/^# *$loc UTF-8/$loc UTF-8/" /etc/locale.gen
    elif ! grep -q "^$loc UTF-8" /etc/locale.gen 2>/dev/null; then
      echo "$loc UTF-8" | as_root tee -a /etc/locale.gen >/dev/null
    fi
  done
  as_root locale-gen
}

fetch_newer_headers() {
  [ -f "$NEWER_HEADERS/root/usr/include/libadwaita-1/adw-version.h" ] && return
  log "Fetching newer GTK and libadwaita headers into $NEWER_HEADERS"
  "$ROOT/build-aux/newer-headers.sh" "$NEWER_HEADERS"
}

configure_build() {
  cd "$ROOT"
  if [ ! -f "$BUILDDIR/meson-private/coredata.dat" ]; then
    log "Configuring $BUILDDIR"
    meson setup "$BUILDDIR"
  elif [ ! -f "$BUILDDIR/build.ninja" ] ||
       ! meson introspect --projectinfo "$BUILDDIR" >/dev/null 2>&1; then
    # A set-up that stopped half-way, or one made by another Meson version.
    log "Reconfiguring $BUILDDIR"
    meson setup --reconfigure "$BUILDDIR" ||
      { log "Reconfiguring failed; wiping $BUILDDIR"; meson setup --wipe "$BUILDDIR"; }
  fi
  # meson compile reconfigures by itself when a meson.build file changed.
  log "Building in $BUILDDIR"
  meson compile -C "$BUILDDIR"
}

install_packages
install_node
install_fhir_validator
install_prism
generate_locales
fetch_newer_headers
configure_build

# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the app benchmarks: gtk_limit_build DIR prints the path of the
# smallest libadwaita window (../shared/limits/gtk_limit.c) built in DIR.
gtk_limit_build() {
  gcc -O2 "$(dirname "${BASH_SOURCE[0]}")/../../../shared/limits/gtk_limit.c" -o "$1/gtk_limit" \
    $(pkg-config --cflags --libs libadwaita-1)
  echo "$1/gtk_limit"
}

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What Flathub's linter (flatpak-builder-lint) and its reviewers would refuse
in the app manifest and the metainfo, checked without the network:

  check-flatpak.py MANIFEST METAINFO SCREENSHOT_DIR PROJECT_VERSION

Prints one line per problem and exits 1 when there is any."""
import json
import os
import sys
import xml.etree.ElementTree as ET

# The oldest GNOME runtime Flathub still supports. GNOME releases in March
# (even numbers) and September (odd); Flathub marks a runtime end-of-life
# about a year after its release. Raise this when a runtime goes EOL.
OLDEST_SUPPORTED_GNOME = 50

APP_ID = "io.github.caredesk.Caredesk"
REFUSED_FINISH_ARGS = {
    "--filesystem=host", "--filesystem=home", "--filesystem=host-os",
    "--device=all", "--talk-name=org.freedesktop.Flatpak",
    "--socket=session-bus", "--socket=system-bus",
}

problems = []


def problem(text):
    problems.append(text)
    print("problem: " + text)


def check_manifest(path):
    with open(path, encoding="utf-8") as f:
        m = json.load(f)
    if m.get("id") != APP_ID:
        problem(f"manifest id is {m.get('id')!r}, not {APP_ID}")
    if m.get("runtime") != "org.gnome.Platform" or m.get("sdk") != "org.gnome.Sdk":
        problem("runtime and sdk must be org.gnome.Platform and org.gnome.Sdk")
    version = str(m.get("runtime-version", ""))
    if not version.isdigit() or int(version) < OLDEST_SUPPORTED_GNOME:
        problem(f"runtime-version {version!r} is end-of-life (oldest supported: {OLDEST_SUPPORTED_GNOME})")
    args = m.get("finish-args", [])
    for a in args:
        if a in REFUSED_FINISH_ARGS:
            problem(f"finish-arg {a} gives the sandbox away")
    if "--socket=x11" in args:
        problem("--socket=x11: use --socket=fallback-x11 with --socket=wayland")
    if "--socket=fallback-x11" in args and "--socket=wayland" not in args:
        problem("--socket=fallback-x11 without --socket=wayland")
    modules = m.get("modules", [])
    if not modules or not isinstance(modules[-1], dict) or modules[-1].get("name") != "caredesk":
        problem("the last module must be caredesk itself")
        return
    for mod in modules:
        for src in mod.get("sources", []):
            kind = src.get("type")
            if kind == "dir":
                problem(f"module {mod.get('name')}: a 'dir' source cannot be built by Flathub")
            elif kind in ("archive", "file") and not src.get("sha256"):
                problem(f"module {mod.get('name')}: {kind} source without sha256")
            elif kind == "git" and not (src.get("tag") or src.get("commit")):
                problem(f"module {mod.get('name')}: git source without tag or commit")
            url = src.get("url", "")
            if url and not url.startswith("https://"):
                problem(f"module {mod.get('name')}: source url is not https: {url}")
    app = modules[-1]
    if "-Dserver=false" not in app.get("config-opts", []):
        problem("the app module builds caredesk-server too: the app manifest holds the app alone (-Dserver=false)")


def check_metainfo(path, shots_dir, project_version):
    root = ET.parse(path).getroot()
    if root.findtext("id") != APP_ID:
        problem(f"metainfo id is {root.findtext('id')!r}")
    shots = root.findall("screenshots/screenshot")
    if not shots:
        problem("metainfo has no screenshots")
    if shots and not any(s.get("type") == "default" for s in shots):
        problem("no screenshot is marked default")
    for s in shots:
        url = s.findtext("image") or ""
        if not url.startswith("https://"):
            problem(f"screenshot url is not https: {url!r}")
        name = url.rsplit("/", 1)[-1]
        if not os.path.isfile(os.path.join(shots_dir, name)):
            problem(f"screenshot {name} is not in data/screenshots (run build-aux/screenshots.sh)")
        if not (s.findtext("caption") or "").strip():
            problem(f"screenshot {name} has no caption")
    schemes = {c.get("scheme_preference") for c in root.findall("branding/color")
               if c.get("type") == "primary"}
    if not {"light", "dark"} <= schemes:
        problem("branding needs a primary colour for the light and the dark scheme")
    releases = root.findall("releases/release")
    if not releases:
        problem("metainfo has no releases")
    elif releases[0].get("version") != project_version:
        problem(f"newest release is {releases[0].get('version')}, the project is {project_version}")
    if root.find("content_rating") is None:
        problem("metainfo has no content_rating")
    if not root.findall("developer_name") and root.find("developer") is None:
        problem("metainfo names no developer")


if len(sys.argv) != 5:
    sys.exit(__doc__)
check_manifest(sys.argv[1])
check_metainfo(sys.argv[2], sys.argv[3], sys.argv[4])
if problems:
    sys.exit(1)
print("manifest and metainfo pass the checks Flathub makes")

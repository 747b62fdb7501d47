#!/usr/bin/env python3
"""Compile the app's sources against a newer GTK and libadwaita.

Caredesk is built on Debian 12 (GTK 4.8, libadwaita 1.2) and shipped as a
flatpak on a current GNOME runtime. API deprecated since 4.8/1.2 is used only
behind GTK_CHECK_VERSION/ADW_CHECK_VERSION, with the newer API in the other
branch. This check compiles every source file that includes GTK, with the
flags meson uses, against the headers build-aux/newer-headers.sh unpacks
(Debian 13's GTK 4.18 and libadwaita 1.7), with the minimum versions raised to
those headers' and deprecations as errors: an unguarded deprecated call, or a
newer branch that does not compile, fails it.

    check-newer-api.py BUILD_ROOT HEADERS_DIR

It compiles only (-fsyntax-only): nothing is linked or run against the newer
libraries.
"""
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

build_root, headers = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
root = os.path.join(headers, 'root')
inc = os.path.join(root, 'usr', 'include')
lib = os.path.join(root, 'usr', 'lib', 'x86_64-linux-gnu')

if not os.path.isfile(os.path.join(inc, 'libadwaita-1', 'adw-version.h')):
    sys.exit(f'check-newer-api: no newer headers in {headers}; '
             f'run build-aux/newer-headers.sh {headers} (build-aux/setup.sh does)')


def version(path, major, minor):
    text = open(path, encoding='utf-8').read()
    get = lambda name: int(re.search(rf'#define {name}\s+\(?(\d+)', text).group(1))
    return get(major), get(minor)


gtk = version(os.path.join(inc, 'gtk-4.0', 'gtk', 'gtkversion.h'),
              'GTK_MAJOR_VERSION', 'GTK_MINOR_VERSION')
adw = version(os.path.join(inc, 'libadwaita-1', 'adw-version.h'),
              'ADW_MAJOR_VERSION', 'ADW_MINOR_VERSION')

newer_includes = ['-I' + os.path.join(inc, d) for d in
                  ('gtk-4.0', 'libadwaita-1', 'glib-2.0', 'pango-1.0',
                   'harfbuzz', 'cairo', 'gdk-pixbuf-2.0', 'graphene-1.0')]
newer_includes += ['-I' + os.path.join(lib, 'glib-2.0', 'include'),
                   '-I' + os.path.join(lib, 'graphene-1.0', 'include')]
newer_defines = [f'-DGDK_VERSION_MIN_REQUIRED=GDK_VERSION_{gtk[0]}_{gtk[1]}',
                 f'-DADW_VERSION_MIN_REQUIRED=ADW_VERSION_{adw[0]}_{adw[1]}',
                 '-Werror=deprecated-declarations', '-fsyntax-only']


def newer_command(entry):
    """The meson compile command of ENTRY, aimed at the newer headers."""
    args = shlex.split(entry['command'])
    if args[0] == 'ccache':
        args = args[1:]
    out = [args[0]]
    skip = False
    placed = False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a in ('-MQ', '-MF', '-o'):
            skip = True
            continue
        if a in ('-c', '-MD', entry['file']) or a.startswith('-fdiagnostics-color'):
            continue
        if a.startswith(('-DGDK_VERSION_MIN_REQUIRED', '-DADW_VERSION_MIN_REQUIRED')):
            continue
        if a.startswith('-I/usr/') and not placed:
            out += newer_includes
            placed = True
        out.append(a)
    return out + newer_defines + [entry['file']]


def compile_one(cmd_dir):
    cmd, directory = cmd_dir
    p = subprocess.run(cmd, cwd=directory, capture_output=True, text=True)
    errors = [l for l in p.stderr.splitlines() if 'error' in l]
    return cmd[-1], p.returncode, errors


entries = json.load(open(os.path.join(build_root, 'compile_commands.json')))
src = os.path.join(os.path.dirname(os.path.abspath(sys.argv[0])), '..', '..', 'src')
src = os.path.normpath(src) + os.sep
gui = [e for e in entries
       if '-I/usr/include/gtk-4.0' in e['command']
       and os.path.normpath(os.path.join(e['directory'], e['file'])).startswith(src)]
if not gui:
    sys.exit('check-newer-api: no GTK sources in compile_commands.json')

# The check itself must be able to fail: an unguarded deprecated call is
# refused.
with tempfile.TemporaryDirectory() as tmp:
    canary = os.path.join(tmp, 'canary.c')
    with open(canary, 'w') as f:
        f.write('#include <adwaita.h>\n'
                'GtkWidget *f (void) { return adw_message_dialog_new (NULL, "x", NULL); }\n')
    probe = dict(gui[0], file=canary)
    name, rc, errors = compile_one((newer_command(probe), gui[0]['directory']))
    if rc == 0 or not any('adw_message_dialog_new’ is deprecated' in l for l in errors):
        sys.exit('check-newer-api: an unguarded adw_message_dialog_new() compiled; '
                 'the check is not seeing the newer headers')

jobs = [(newer_command(e), e['directory']) for e in gui]
with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
    results = list(pool.map(compile_one, jobs))

failed = [(f, errs) for f, rc, errs in results if rc != 0]


def ui_classes():
    """{class name: [.ui files]} of the GTK and libadwaita classes the
    templates build; GtkBuilder makes them at run time, so the compiler never
    sees them."""
    found = {}
    top = os.path.dirname(os.path.normpath(src))
    for d in (os.path.join(top, 'src'), os.path.join(top, 'data', 'ui')):
        for dirpath, _, files in os.walk(d):
            for f in files:
                if f.endswith('.ui'):
                    path = os.path.join(dirpath, f)
                    for c in re.findall(r'<(?:object|template)[^>]*class="((?:Gtk|Adw)\w+)"',
                                        open(path, encoding='utf-8').read()):
                        found.setdefault(c, []).append(path)
    return found


def get_type_name(cls):
    """GtkFileChooserNative -> gtk_file_chooser_native_get_type."""
    return re.sub(r'(?<!^)(?=[A-Z])', '_', cls).lower() + '_get_type'


# A template's class is deprecated when its _get_type is.
classes = ui_classes()
with tempfile.TemporaryDirectory() as tmp:
    probe_c = os.path.join(tmp, 'ui-classes.c')
    with open(probe_c, 'w') as f:
        f.write('#include <adwaita.h>\n')
        for i, c in enumerate(sorted(classes)):
            f.write(f'void *care_ui_probe_{i} (void) {{ return (void *) {get_type_name(c)}; }}\n')
    cmd = newer_command(dict(gui[0], file=probe_c))
    p = subprocess.run(cmd, cwd=gui[0]['directory'], capture_output=True, text=True)
    deprecated = set(re.findall(r"‘(\w+)_get_type’ is deprecated", p.stderr))
for c, paths in sorted(classes.items()):
    if get_type_name(c)[:-len('_get_type')] in deprecated:
        for path in sorted(set(paths)):
            failed.append((path, [f'{c} is deprecated in GTK {gtk[0]}.{gtk[1]} / '
                                  f'libadwaita {adw[0]}.{adw[1]}; use it only behind a version check (a wrapper class or code)']))
for f, errs in failed:
    print(f'{os.path.relpath(f)}:')
    for line in errs[:20]:
        print('   ', line)
print(f'check-newer-api: {len(results)} files and {len(classes)} template classes against GTK {gtk[0]}.{gtk[1]} '
      f'and libadwaita {adw[0]}.{adw[1]}: {len(failed)} failed')
sys.exit(1 if failed else 0)

/* care-module.h: a module of this program (a shared library of its own,
 * libdir/caredesk), opened on first use
 *
 * A library that is not needed before the first frame (Poppler, libsecret,
 * libsoup) is linked into a module instead of the program, so that the
 * dynamic loader does not map and relocate it at start (BENCHMARKS.md, "The app
 * window"). The module exports one function returning a table of
 * functions whose first member is the table's version (a guint).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The table of module @name (e.g. "caredesk-pdf"), found in
 * $CAREDESK_MODULEDIR when set, else in @build_subdir of the build tree
 * for a program built there, else in the installed MODULEDIR; returned by
 * its exported function @symbol, and checked to be of @version. Loaded
 * once per process and kept (a library's types cannot go away), as is a
 * failure: that is warned about once, and every call then fails with
 * G_IO_ERROR_NOT_SUPPORTED. Thread-safe. */
gconstpointer care_module_load (const char  *name,
                                const char  *build_subdir,
                                const char  *symbol,
                                guint        version,
                                GError     **error);

G_END_DECLS

/* care-server-migrate.h: copies a server's SQLite database into PostgreSQL, and verifies it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Copies everything from the SQLite file into the new PostgreSQL database
 * at conninfo, then verifies the copy; report gets a summary. */
gboolean care_server_migrate_to_postgresql (const char  *sqlite_path,
                                            const char  *conninfo,
                                            GString     *report,
                                            GError     **error);

G_END_DECLS

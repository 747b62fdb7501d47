/* care-uuid.h: UUIDv7 identifiers, sortable by creation time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "0192f5e4-1c2a-7b3d-9e4f-0123456789ab": 48-bit Unix milliseconds, version 7,
 * a 12-bit counter that keeps ids from one process strictly increasing within
 * a millisecond, then 62 random bits. */
char     *care_uuid_v7        (void);
/* A UUID of version 8 from SHA-256 of name: the same on every copy of
 * the clinic's data that derives it (the server's and each workstation's),
 * for records that each copy writes on its own and must not count twice. */
char     *care_uuid_v8_from_name (const char *name);
gboolean  care_uuid_is_valid  (const char *text);

/* Now in UTC with milliseconds, as stored in created_at/updated_at:
 * 2026-11-21T16:35:08.123Z */
char     *care_now_iso8601    (void);
/* time in UTC as 2026-11-21T16:35:08.123Z */
char     *care_iso8601_format (GDateTime *time);

G_END_DECLS

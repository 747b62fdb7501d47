/* care-sync-text.h: how sync things read, for the indicator and the Sync page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "caredesk-core.h"

G_BEGIN_DECLS

/* "Just now", "5 minutes ago", "Today at 14:05", "Yesterday at 09:12",
 * "21 November at 10:00"; unix time in seconds. in_sentence: the forms
 * that go after a comma ("just now", "today at 14:05"). */
char  *care_sync_format_when        (gint64            unix_seconds,
                                     gboolean          in_sentence);
/* The same, in a sentence, for an ISO 8601 time as the store and the
 * server write it; NULL when iso8601 is not one. */
char  *care_sync_format_iso_when    (const char       *iso8601);
/* The full name of the staff member user_id from the store's users
 * ("Rita Reyes"); a readable stand-in when the account is not here. */
char  *care_sync_dup_staff_name     (CareStore        *store,
                                     const char       *user_id);
/* "Patient · María Fernández": what a change is about, from the store
 * (record_id may be gone: then from fields, a JSON object of the change, or
 * just the entity's name). */
char  *care_sync_dup_record_title   (CareStore        *store,
                                     const char       *entity,
                                     const char       *record_id,
                                     JsonObject       *fields);
/* One field's value as people read it: choice labels, Yes/No, local
 * times, the title of a referenced record; "(empty)" for no value. */
char  *care_sync_format_value       (CareStore        *store,
                                     const CareField  *field,
                                     JsonNode         *value);
/* A field's translated label, or its name for fields the schema lacks. */
const char *care_sync_field_label   (const CareEntity *entity,
                                     const char       *field);

G_END_DECLS

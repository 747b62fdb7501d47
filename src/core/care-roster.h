/* care-roster.h: the staff roster, a week of shifts at a time
 *
 * A shift belongs to one staff member and ends after it starts; one
 * person's shifts never overlap (refused on every write, naming
 * starts_at, unless a workstation's offline write is replayed). Weeks
 * start on Monday, local time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"
#include "care-store.h"

G_BEGIN_DECLS

/* The Monday (local midnight) of the week holding day. */
GDateTime   *care_roster_week_start       (GDateTime   *day);

/* A new, unsaved shift of user_id from starts to ends (local times);
 * refuses an end that is not after the start, naming ends_at. */
CareRecord  *care_roster_new_shift        (const char  *user_id,
                                           GDateTime   *starts,
                                           GDateTime   *ends,
                                           GError     **error);

/* Whether shift clashes with one of others (the same person's other
 * shifts); refuses naming starts_at and the clashing shift's times. */
gboolean     care_roster_check_overlap    (CareRecord  *shift,
                                           GPtrArray   *others,
                                           GError     **error);

/* The shifts starting in the week from monday, by start. */
GPtrArray   *care_roster_week             (CareStore   *store,
                                           GDateTime   *monday,
                                           GError     **error);

/* Writes shift (before: NULL for a new one) after the shift's rules;
 * a NULL shift deletes before. */
gboolean     care_roster_save             (CareStore   *store,
                                           CareRecord  *before,
                                           CareRecord  *shift,
                                           GError     **error);

/* Copies the week from monday onto the next one, shift by shift, one
 * transaction; a shift that would overlap one already there is left out.
 * Returns how many were copied (skipped: how many were left out), or -1
 * with error set. */
gint         care_roster_copy_week        (CareStore   *store,
                                           GDateTime   *monday,
                                           guint       *skipped,
                                           GError     **error);

/* Ends after starts; one person's shifts do not overlap. */
const CareEntityRules *care_roster_entity_rules (guint *n_rules);

G_END_DECLS

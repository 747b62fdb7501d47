/* care-audit.h: the server's audit entries as the workstation reads and exports them
 *
 * The audit log is the server's (append-only, hash-chained); the
 * administrators' viewer fetches pages of it (GET /audit) and exports what
 * it shows as CSV.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "care-record.h"

G_BEGIN_DECLS

/* The "audit_entry" records of a page's "data" array. */
GPtrArray   *care_audit_entries_from_json (JsonArray   *data,
                                           GError     **error);

/* The patient an audit entry about the record concerns: a patient's own
 * id, else the value of the record's field referring to a patient
 * (care_entity_patient_ref); NULL when it names none (a lab result names
 * its lab test: the caller looks through care_entity_patient_parent). */
const char  *care_audit_patient_id        (const CareRecord *record);
/* The same when only the entity's name and the record's id are known (a
 * sign-in, a refused request): a patient's own id, else NULL. */
const char  *care_audit_patient_of        (const char       *entity,
                                           const char       *record_id);

/* One line per entry under a header row (RFC 4180: commas, quotes and
 * line breaks quoted; CRLF line ends): when (UTC), who, role, action,
 * what, record, workstation. names maps a user id to a name (may be
 * NULL); an unknown id is written as it is. */
char        *care_audit_csv               (GPtrArray   *entries,
                                           GHashTable  *names);

/* One "who did what" line for people: "Olga Petrova (Administrator): Read Patient". */
char        *care_audit_describe          (CareRecord  *entry,
                                           GHashTable  *names);

G_END_DECLS

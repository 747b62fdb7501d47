/* care-record.h: one row of any entity, as canonical text values
 *
 * A record holds one value per field of its entity (and per system column)
 * in the canonical text form of CareFieldType: "1984-03-27", "1250", "1",
 * a JSON array for lists. NULL means no value. Blobs are kept as GBytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "care-schema.h"

G_BEGIN_DECLS

#define CARE_TYPE_RECORD (care_record_get_type ())

GType             care_record_get_type     (void) G_GNUC_CONST;
CareRecord       *care_record_new          (const CareEntity *entity);
CareRecord       *care_record_ref          (CareRecord       *record);
void              care_record_unref        (CareRecord       *record);
CareRecord       *care_record_copy         (const CareRecord *record);

const CareEntity *care_record_get_entity   (const CareRecord *record);
const char       *care_record_get_id       (const CareRecord *record);

/* name: a field of the entity or a system column (CARE_COLUMN_*). */
const char       *care_record_get          (const CareRecord *record,
                                            const char       *name);
void              care_record_set          (CareRecord       *record,
                                            const char       *name,
                                            const char       *value);
gint64            care_record_get_int      (const CareRecord *record,
                                            const char       *name,
                                            gint64            fallback);
void              care_record_set_int      (CareRecord       *record,
                                            const char       *name,
                                            gint64            value);
gboolean          care_record_get_bool     (const CareRecord *record,
                                            const char       *name);
GBytes           *care_record_get_blob     (const CareRecord *record,
                                            const char       *name);
void              care_record_set_blob     (CareRecord       *record,
                                            const char       *name,
                                            GBytes           *bytes);
/* LIST fields as a NULL-terminated vector; free with g_strfreev(). */
char            **care_record_get_list     (const CareRecord *record,
                                            const char       *name);
void              care_record_set_list     (CareRecord       *record,
                                            const char       *name,
                                            const char *const *items);

/* By index: 0 .. n_fields-1 are the entity's fields, then the system columns. */
const char       *care_record_get_nth      (const CareRecord *record,
                                            guint             i);
void              care_record_set_nth      (CareRecord       *record,
                                            guint             i,
                                            const char       *value);

/* Names of the fields whose value differs between a and b (same entity). */
GPtrArray        *care_record_diff         (const CareRecord *a,
                                            const CareRecord *b);

/* JSON (care-record-json.c): {"id": …, "given_name": …}; system columns
 * without a value are left out, SECRET fields are never written. The text
 * and the tree (written by care_json_to_string()) are the same bytes. */
void              care_record_append_json  (GString          *out,
                                            const CareRecord *record);
/* The same without the fields that have no value: an insert's outbox
 * payload (a field missing from an insert is null to the server, to a
 * pull that shows a pending insert again and to care_record_new_from_json()). */
void              care_record_append_json_values (GString          *out,
                                                  const CareRecord *record);
char             *care_record_to_json_text (const CareRecord *record);
JsonObject       *care_record_to_json      (const CareRecord *record);
CareRecord       *care_record_new_from_json(const CareEntity *entity,
                                            JsonObject       *object,
                                            GError          **error);

/* Adds the record's values (not its secrets) to a store checksum
 * (care_store_checksum(), the server's checksum()), in column order. */
void              care_record_checksum_update (const CareRecord *record,
                                               GChecksum        *sum);

/* "Maria López" for patients and users; the best short title for others. */
char             *care_record_dup_title    (const CareRecord *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareRecord, care_record_unref)

G_END_DECLS

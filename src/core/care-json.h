/* care-json.h: the one writer of Caredesk's JSON text, and field values to and from JSON
 *
 * Every JSON text Caredesk writes — the outbox, the server's answers, sync
 * pages, pushes — goes through these functions, so the same value is the
 * same bytes everywhere. Numbers are written in their shortest exact form
 * (36.6, not 36.600000000000001); strings are escaped one way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "care-schema.h"

G_BEGIN_DECLS

#define CARE_JSON_DOUBLE_BUF_SIZE 32

/* The shortest decimal text that reads back as x ("36.6", "1e-07", "37");
 * NULL when x is not finite. buf: at least CARE_JSON_DOUBLE_BUF_SIZE. */
const char *care_json_format_double     (char        *buf,
                                         gsize        size,
                                         double       x);
/* x as care_json_format_double() writes it, or null. */
void        care_json_append_double     (GString     *out,
                                         double       x);
void        care_json_append_int        (GString     *out,
                                         gint64       n);
/* text as a JSON string (quoted, escaped; invalid UTF-8 repaired). */
void        care_json_append_string     (GString     *out,
                                         const char  *text);
/* The same for length bytes of text (-1: up to the NUL). */
void        care_json_append_string_len (GString     *out,
                                         const char  *text,
                                         gssize       length);
/* Any node, compact, numbers and strings as above. */
void        care_json_append_node       (GString     *out,
                                         JsonNode    *node);
char       *care_json_to_string         (JsonNode    *node,
                                         gsize       *length);
char       *care_json_object_to_string  (JsonObject  *object,
                                         gsize       *length);

/* --- field values (care-record-json.c) ----------------------------------- */

/* A field's canonical text (care-record.h; blob: the bytes) as its JSON
 * value: a number for int, money and decimal, true/false, an array for a
 * list, base64 for a blob, a string for the rest, null for no value.
 * length: of text, -1 up to the NUL. */
void        care_json_append_value      (GString         *out,
                                         const CareField *field,
                                         const char      *text,
                                         gssize           length,
                                         GBytes          *blob);
/* The same value as a node; care_json_append_node() of it writes the
 * same bytes as care_json_append_value(). */
JsonNode   *care_json_value_node        (const CareField *field,
                                         const char      *text,
                                         GBytes          *blob);
/* A JSON value as the field's canonical text (NULL: no value; lists as
 * care_json_list_text(); blobs: *blob is set). FALSE when node has the
 * wrong type for the field. */
gboolean    care_json_value_text        (const CareField *field,
                                         JsonNode        *node,
                                         char           **text,
                                         GBytes         **blob);
/* The canonical text of a list of strings (a compact JSON array), or NULL
 * when it has no item. */
char       *care_json_list_text         (const char *const *items);

G_END_DECLS

/* care-json-check.h: limits every JSON text meets before a parser sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CARE_JSON_ERROR (care_json_error_quark ())
GQuark care_json_error_quark (void);

typedef enum {
  CARE_JSON_ERROR_TOO_DEEP,       /* nested deeper than the limit */
  CARE_JSON_ERROR_DUPLICATE_KEY,  /* an object names a member twice */
  CARE_JSON_ERROR_MALFORMED,      /* not JSON at all (the parser says more) */
} CareJsonError;

/* Deeper than any record, page or token Caredesk writes (they nest 4). */
#define CARE_JSON_MAX_DEPTH 32

/* Scans text without recursion: refuses nesting deeper than max_depth and
 * objects that repeat a key (json-glib would keep the last silently), so
 * that json-glib's recursive parser never meets a document that could
 * exhaust the stack.  On a duplicate key, *field (if not NULL) is set to
 * it.  Does not check everything a parser checks; run the parser after. */
gboolean  care_json_check  (const char  *text,
                            gsize        length,
                            guint        max_depth,
                            char       **field,
                            GError     **error);

G_END_DECLS

/* fuzz-json-body.c: a request body through every step the server takes
 *
 * The same order as care-server.c: UTF-8, care_json_check (depth, duplicate
 * keys) before the recursive parser, then json-glib, then the body as a
 * record of one entity (chosen by the input's length) and its validation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "care-fuzz.h"
#include "care-json-check.h"
#include "care-record.h"
#include "care-schema.h"
#include "care-validation.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *field = NULL;
  g_autofree char *copy = NULL;
  const CareEntity *const *entities;
  guint n_entities;
  JsonNode *root;

  if (size == 0 || memchr (data, '\0', size) || !g_utf8_validate (text, size, NULL))
    return 0;
  if (!care_json_check (text, size, CARE_JSON_MAX_DEPTH, &field, NULL))
    return 0;
  copy = g_strndup (text, size);
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, copy, -1, NULL))
    return 0;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return 0;

  entities = care_schema_entities (&n_entities);
  {
    g_autoptr(CareRecord) record = care_record_new_from_json (entities[size % n_entities],
                                                              json_node_get_object (root), NULL);

    if (record)
      {
        g_autoptr(CareValidation) v = care_validate_record (record);
        g_autofree char *back = care_record_to_json_text (record);

        g_assert (back != NULL);
      }
  }
  return 0;
}

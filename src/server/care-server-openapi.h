/* care-server-openapi.h: the parts of the OpenAPI document (care-server-openapi*.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-server-private.h"

G_BEGIN_DECLS

JsonObject *care_openapi_ref             (const char       *name);
JsonObject *care_openapi_typed           (const char       *type,
                                          const char       *format);
/* "lab_test", "Create" -> "LabTestCreate" */
char       *care_openapi_schema_name     (const CareEntity *entity,
                                          const char       *suffix);
/* Adds the entity's record, Create, Patch and Replace schemas. */
void        care_openapi_entity_schemas  (JsonObject       *schemas,
                                          const CareEntity *entity);
/* A schema for the shape of a JSON example: its members required unless
 * their value is "(optional…)" or their name ends in "?" (may be missing
 * or null; the "?" is left out of the example shown); "…_id" members are
 * UUIDs, "…_at" times. */
JsonObject *care_openapi_example_schema  (const char       *example);
JsonObject *care_openapi_error_schema    (void);
JsonObject *care_openapi_meta_schema     (void);

G_END_DECLS

/* care-test-records.h: one line to put a record in a test's store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "caredesk-core.h"

/* Inserts a new `entity` record with the NULL-terminated key, value text
 * pairs, failing the test on any refusal; returns the new record's id. */
static inline char *
care_test_add_record (CareStore  *store,
                      const char *entity,
                      ...)
{
  g_autoptr(CareRecord) record = care_record_new (care_schema_lookup (entity));
  g_autoptr(GError) error = NULL;
  va_list args;
  const char *key;

  va_start (args, entity);
  while ((key = va_arg (args, const char *)))
    care_record_set (record, key, va_arg (args, const char *));
  va_end (args);
  g_assert_true (care_store_insert (store, record, &error));
  g_assert_no_error (error);
  return g_strdup (care_record_get_id (record));
}

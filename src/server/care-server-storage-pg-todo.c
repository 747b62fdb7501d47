/* care-server-storage-pg-todo.c: the storage entries PostgreSQL does not have yet
 *
 * Every entry answers as a refusal (an error, or "nothing found"), never
 * with made-up data, and the first one asked for logs a warning:
 * caredesk-server on PostgreSQL cannot run the named reports yet. Entries move from here
 * to the other care-server-storage-pg*.c files as they are written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server-storage"

#include "config.h"

#include "care-server-storage-pg-private.h"

static gboolean
missing (const char *entry,
         GError    **error)
{
  g_warning_once ("The PostgreSQL storage has no %s yet", entry);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "The PostgreSQL storage has no %s yet", entry);
  return FALSE;
}

static JsonNode *
todo_report (CareServerStorage *self, const char *tenant, const char *name, GHashTable *params, GError **error)
{
  missing ("report", error);
  return NULL;
}

const CareServerStorageVTable care_pg_vtable_rest = {
  .report = todo_report,
};

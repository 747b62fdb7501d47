/* care-test-core.h: fixtures shared by the core tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gstdio.h>

#include "caredesk-core.h"
#include "care-store-private.h"

/* A fresh directory for one test's files, removed with its contents. */
static inline char *
care_test_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("caredesk-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
care_test_rmdir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* A store file with the demo clinic and accounts, the admin acting. */
static inline CareStore *
care_test_clinic_store (const char *dir,
                        guint       n_patients)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "clinic.sqlite", NULL);
  g_autoptr(CareStore) store = care_store_open (path, &error);
  g_autoptr(CareRecord) admin = NULL;

  g_assert_no_error (error);
  care_demo_populate (store, n_patients, &error);
  g_assert_no_error (error);
  admin = care_accounts_find_login (store, "admin");
  g_assert_nonnull (admin);
  care_store_set_actor (store, care_record_get_id (admin));
  return g_steal_pointer (&store);
}

static inline CareRecord *
care_test_patient (const char *given,
                   const char *family)
{
  CareRecord *p = care_record_new (care_schema_lookup ("patient"));

  care_record_set (p, "given_name", given);
  care_record_set (p, "family_name", family);
  care_record_set (p, "date_of_birth", "1984-03-27");
  care_record_set (p, "sex", "female");
  care_record_set (p, "status", "new");
  return p;
}

/* A record of entity with the given field, value pairs (NULL-terminated). */
static inline CareRecord *
care_test_record (const char *entity,
                  ...)
{
  CareRecord *record = care_record_new (care_schema_lookup (entity));
  va_list args;
  const char *key;

  va_start (args, entity);
  while ((key = va_arg (args, const char *)))
    care_record_set (record, key, va_arg (args, const char *));
  va_end (args);
  return record;
}

/* The first column of sql's first row, as an integer; -1 when no row. */
static inline gint64
care_test_scalar (CareStore  *store,
                  const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (care_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* error is a rule's refusal with code, naming field. */
static inline void
care_test_assert_refused (GError     *error,
                          gint        code,
                          const char *field)
{
  g_assert_error (error, CARE_RULE_ERROR, code);
  g_assert_cmpstr (care_rule_error_get_field (error), ==, field);
  g_assert_true (care_rule_error_is_refusal (error));
}

/* A clinic's store in a fresh directory. */
typedef struct {
  char      *dir;
  CareStore *store;
} CareTestStoreFixture;

static inline void
care_test_store_set_up (CareTestStoreFixture *f,
                        gconstpointer         data)
{
  f->dir = care_test_tmpdir ();
  f->store = care_test_clinic_store (f->dir, 0);
}

static inline void
care_test_store_tear_down (CareTestStoreFixture *f,
                           gconstpointer         data)
{
  g_clear_object (&f->store);
  care_test_rmdir (f->dir);
  g_free (f->dir);
}

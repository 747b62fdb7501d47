/* test-patient-import.c: a clinic's patient list from a CSV file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "care-test-core.h"

static CareCsv *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  CareCsv *csv = care_csv_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  return csv;
}

static void
test_csv_as_spreadsheets_write_it (void)
{
  g_autoptr(GError) error = NULL;

  /* Semicolons (a Spanish spreadsheet), a byte order mark, CRLF, a quoted
   * cell with the separator, a doubled quote and a line break, an empty row. */
  {
    g_autoptr(CareCsv) csv = parse ("\xEF\xBB\xBFNombre;Apellidos;Notas\r\n"
                                    "María ; López García;\"Alérgica; \"\"grave\"\"\r\nvive sola\"\r\n"
                                    ";;\r\n"
                                    "Ana;Ruiz\r\n");

    g_assert_cmpint (care_csv_get_separator (csv), ==, ';');
    g_assert_cmpuint (care_csv_get_n_columns (csv), ==, 3);
    g_assert_cmpuint (care_csv_get_n_rows (csv), ==, 2);
    g_assert_cmpstr (care_csv_get_header (csv, 0), ==, "Nombre");
    g_assert_cmpstr (care_csv_get_cell (csv, 0, 0), ==, "María");
    g_assert_cmpstr (care_csv_get_cell (csv, 0, 2), ==, "Alérgica; \"grave\"\nvive sola");
    g_assert_cmpuint (care_csv_get_line (csv, 0), ==, 2);
    /* The quoted line break counts: Ana is on line 5 of the file. */
    g_assert_cmpuint (care_csv_get_line (csv, 1), ==, 5);
    g_assert_cmpstr (care_csv_get_cell (csv, 1, 2), ==, "");
  }
  /* Windows-1252, as older practice systems export. */
  {
    g_autoptr(CareCsv) csv = parse ("given,family\nJos\xe9,L\xf3pez\n");

    g_assert_cmpstr (care_csv_get_cell (csv, 0, 1), ==, "López");
    g_assert_cmpstr (care_csv_get_cell (csv, 0, 0), ==, "José");
  }
  /* A quote that never ends names its line. */
  {
    const char *text = "a,b\n1,2\n3,\"open\n4,5\n";
    g_autoptr(CareCsv) csv = care_csv_parse (text, strlen (text), &error);

    g_assert_null (csv);
    g_assert_error (error, CARE_CSV_ERROR, CARE_CSV_ERROR_QUOTE);
    g_assert_nonnull (strstr (error->message, "line 3"));
    g_clear_error (&error);
  }
  {
    g_autoptr(CareCsv) csv = care_csv_parse ("\n\n", 2, &error);

    g_assert_null (csv);
    g_assert_error (error, CARE_CSV_ERROR, CARE_CSV_ERROR_EMPTY);
  }
}

static void
test_columns_and_dates (void)
{
  g_autoptr(CarePatientImport) es = care_patient_import_new (
    parse ("Nombre;Apellidos;Fecha de nacimiento;Sexo;Teléfono;Código postal;Columna rara\n"
           "María;López;27/03/1984;M;+34 600 123 456;28001;x\n"));
  g_autoptr(CarePatientImport) us = care_patient_import_new (
    parse ("First Name,Last Name,DOB,Gender,Email\nJohn,Smith,03/27/1984,male,j@example.org\n"));
  g_autoptr(CarePatientImport) iso = care_patient_import_new (
    parse ("given_name,family_name,date_of_birth\nAna,Ruiz,1990-01-02\n"));

  g_assert_cmpstr (care_patient_import_get_field (es, 0), ==, "given_name");
  g_assert_cmpstr (care_patient_import_get_field (es, 1), ==, "family_name");
  g_assert_cmpstr (care_patient_import_get_field (es, 2), ==, "date_of_birth");
  g_assert_cmpstr (care_patient_import_get_field (es, 3), ==, "sex");
  g_assert_cmpstr (care_patient_import_get_field (es, 4), ==, "phone");
  g_assert_cmpstr (care_patient_import_get_field (es, 5), ==, "postal_code");
  g_assert_null (care_patient_import_get_field (es, 6));
  g_assert_cmpint (care_patient_import_get_date_order (es), ==, CARE_DATE_ORDER_DMY);
  g_assert_cmpint (care_patient_import_get_date_order (us), ==, CARE_DATE_ORDER_MDY);
  g_assert_cmpint (care_patient_import_get_date_order (iso), ==, CARE_DATE_ORDER_ISO);
  g_assert_cmpstr (care_patient_import_get_field (us, 2), ==, "date_of_birth");
  g_assert_cmpstr (care_patient_import_get_field (us, 4), ==, "email");

  {
    g_autofree char *problem = NULL;
    g_autoptr(CareRecord) maria = care_patient_import_row_record (es, 0, &problem);
    g_autoptr(CareRecord) john = care_patient_import_row_record (us, 0, &problem);

    g_assert_null (problem);
    g_assert_cmpstr (care_record_get (maria, "date_of_birth"), ==, "1984-03-27");
    /* "M" in a Spanish list is "mujer"? No: M is male everywhere; F female. */
    g_assert_cmpstr (care_record_get (maria, "sex"), ==, "male");
    g_assert_cmpstr (care_record_get (john, "date_of_birth"), ==, "1984-03-27");
    g_assert_cmpstr (care_record_get (john, "sex"), ==, "male");
  }

  /* A column the user maps by hand takes the field from any other. */
  care_patient_import_set_field (es, 6, "given_name");
  g_assert_cmpstr (care_patient_import_get_field (es, 6), ==, "given_name");
  g_assert_null (care_patient_import_get_field (es, 0));
}

static gint64
count (CareStore  *store,
       const char *entity)
{
  return care_store_count (store, care_schema_lookup (entity));
}

/* The patients table's triggers and indexes, as SQL: a bulk import drops
 * some inside its transaction and must leave them as they were. */
static char *
patients_schema (CareStore *store)
{
  return care_store_query_text (store, "SELECT group_concat(sql, ';') FROM "
                                       "(SELECT sql FROM sqlite_master WHERE tbl_name = 'patients' ORDER BY name)",
                                NULL, NULL);
}

static CarePatientImport *
checked_import (CareStore  *store,
                const char *text)
{
  g_autoptr(GError) error = NULL;
  CarePatientImport *import = care_patient_import_new (parse (text));

  care_patient_import_check (import, store, NULL, &error);
  g_assert_no_error (error);
  return import;
}

static void
test_check_and_import (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(CareRecord) maria = care_test_patient ("María", "López");
  g_autoptr(CarePatientImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) later = care_test_patient ("Olga", "Gómez");
  g_autofree char *schema = NULL;
  g_autofree char *after = NULL;
  gint64 patients, outbox;
  guint done, total;

  care_patients_register (store, maria, TRUE, &error);
  g_assert_no_error (error);
  patients = count (store, "patient");
  outbox = care_store_outbox_count (store);
  schema = patients_schema (store);

  import = checked_import (store,
    "First name,Last name,Date of birth,Sex,Phone\n"
    "Ana,Ruiz,02/01/1990,F,+34 600 000 001\n"          /* line 2: fine */
    "Tomás,Díaz,31/02/1980,M,\n"                       /* line 3: no such day */
    "MARIA,Lopez,27/03/1984,F,\n"                      /* line 4: the clinic has her */
    "Luis,Gómez,05/06/1975,M,\n"                       /* line 5: fine */
    "luis,GOMEZ,05/06/1975,M,\n"                       /* line 6: repeats line 5 */
    ",Sin Nombre,01/01/2000,F,\n"                      /* line 7: no given name */
    "Eva,Sanz,01/01/2000,F,not a phone\n");            /* line 8: bad phone */

  g_assert_cmpuint (care_patient_import_get_n_problems (import), ==, 3);
  g_assert_cmpuint (care_patient_import_get_n_duplicates (import), ==, 2);
  g_assert_cmpuint (care_patient_import_get_n_ready (import), ==, 2);
  g_assert_nonnull (strstr (care_patient_import_get_problem (import, 1), "Line 3"));
  g_assert_nonnull (strstr (care_patient_import_get_problem (import, 1), "31/02/1980"));
  g_assert_nonnull (strstr (care_patient_import_get_problem (import, 5), "Line 7, Given name"));
  g_assert_nonnull (strstr (care_patient_import_get_problem (import, 6), "Line 8, column “Phone”"));
  g_assert_nonnull (strstr (care_patient_import_get_duplicate (import, 2), "already registered"));
  g_assert_nonnull (strstr (care_patient_import_get_duplicate (import, 2), care_record_get (maria, "mrn")));
  g_assert_cmpstr (care_patient_import_get_duplicate (import, 4), ==, "line 5 of this file");
  g_assert_null (care_patient_import_get_problem (import, 0));
  g_assert_null (care_patient_import_get_duplicate (import, 0));
  care_patient_import_get_progress (import, &done, &total);
  g_assert_cmpuint (done, ==, total);

  care_patient_import_run (import, store, NULL, &error);
  g_assert_no_error (error);
  /* The progress counts the rows and the steps that finish the import,
   * and ends full. */
  care_patient_import_get_progress (import, &done, &total);
  g_assert_cmpuint (total, >, 7);  /* the file's seven rows, and more */
  g_assert_cmpuint (done, ==, total);
  g_assert_cmpint (count (store, "patient"), ==, patients + 2);
  g_assert_cmpint (care_store_outbox_count (store), ==, outbox + 2);
  {
    g_autoptr(GPtrArray) found = care_store_search_patients (store, "luis gom", 10, &error);
    CareRecord *luis;

    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
    luis = g_ptr_array_index (found, 0);
    g_assert_cmpstr (care_record_get (luis, "date_of_birth"), ==, "1975-06-05");
    g_assert_true (g_str_has_prefix (care_record_get (luis, "mrn"), care_store_get_device_code (store)));
  }
  {
    /* A name and an initial: the names' own index caught up too. */
    g_autoptr(GPtrArray) found = care_store_search_patients (store, "luis g", 10, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
  }
  /* The search index, sort keys and indexes were made at the end: the
   * triggers and indexes are back, and every imported row has its key
   * (written with the row), the one the trigger would have given it. */
  after = patients_schema (store);
  g_assert_cmpstr (after, ==, schema);
  {
    g_autofree char *unsorted = care_store_query_text (store, "SELECT count(*) FROM patients "
                                                              "WHERE sort_key IS NULL OR sort_key IS NOT "
                                                              "care_sort_key(family_name, given_name)", NULL, NULL);

    g_assert_cmpstr (unsorted, ==, "0");
  }
  /* A patient registered afterwards is indexed by the trigger again. */
  care_patients_register (store, later, TRUE, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) found = care_store_search_patients (store, "olga gom", 10, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
  }
  care_test_rmdir (dir);
}

/* The import's outbox entries are written a hundred to a statement: 250
 * rows make two full batches and a last one written at the end. Each row
 * has its entry, in the rows' order, referring to its row (no payload):
 * read, it has the bytes a registration by hand writes for the row as
 * stored (test-outbox-ref.c compares them with a copy). */
static void
test_outbox_entries (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  const CareEntity *entity = care_schema_lookup ("patient");
  g_autoptr(GString) text = g_string_new ("given_name,family_name,date_of_birth,sex,phone\n");
  g_autoptr(CarePatientImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last_before = care_store_query_text (store, "SELECT coalesce(max(seq), 0) FROM outbox", NULL, NULL);
  g_autofree char *previous = g_strdup ("");
  g_autoptr(GPtrArray) pending = NULL;
  sqlite3_stmt *stmt;
  guint n = 0;

  for (guint i = 0; i < 250; i++)
    g_string_append_printf (text, "Given%u,Family%u,1980-02-%02u,%s,+34 600 %06u\n", i, i, 1 + i % 28,
                            i % 2 ? "female" : "male", i);
  import = checked_import (store, text->str);
  care_patient_import_run (import, store, NULL, &error);
  g_assert_no_error (error);

  stmt = care_store_prepare (store, "SELECT o.record_id, o.op, o.payload, o.actor, o.created_at, p.created_at, "
                                    "p.created_by, o.mutation_id FROM outbox o "
                                    "LEFT JOIN patients p ON p.id = o.record_id WHERE o.seq > ?1 ORDER BY o.seq",
                             &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, g_ascii_strtoll (last_before, NULL, 10));
  pending = care_store_outbox_list_pending (store, 0, &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *read = NULL;
      g_autoptr(CareRecord) stored = care_store_get (store, entity, id, &error);
      g_autoptr(GString) expected = g_string_new ("{\"fields\":");
      g_autofree char *given = g_strdup_printf ("Given%u", n);

      g_assert_no_error (error);
      g_assert_nonnull (stored);
      /* The rows' order is the file's: so is the entries'. */
      g_assert_cmpstr (care_record_get (stored, "given_name"), ==, given);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "insert");
      care_record_append_json_values (expected, stored);
      g_string_append_c (expected, '}');
      g_assert_cmpint (sqlite3_column_type (stmt, 2), ==, SQLITE_NULL);
      for (guint i = 0; i < pending->len; i++)
        if (g_str_equal (((CareOutboxEntry *) pending->pdata[i])->mutation_id,
                         (const char *) sqlite3_column_text (stmt, 7)))
          read = ((CareOutboxEntry *) pending->pdata[i])->payload;
      g_assert_cmpstr (read, ==, expected->str);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, (const char *) sqlite3_column_text (stmt, 6));
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 4), ==, (const char *) sqlite3_column_text (stmt, 5));
      /* Mutation ids are UUIDv7, in the order they were made. */
      g_assert_cmpint (strlen ((const char *) sqlite3_column_text (stmt, 7)), ==, 36);
      g_assert_cmpstr (previous, <, (const char *) sqlite3_column_text (stmt, 7));
      g_free (previous);
      previous = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      n++;
    }
  sqlite3_reset (stmt);
  g_assert_cmpuint (n, ==, 250);
  care_test_rmdir (dir);
}

/* All or nothing: a failure on the last row leaves none of the others. */
static void
test_all_or_nothing (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(CareRecord) first = care_test_patient ("Primera", "Paciente");
  g_autoptr(CarePatientImport) import = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new ("given_name,family_name,date_of_birth,sex\n");
  g_autofree char *schema = NULL;
  g_autofree char *after = NULL;
  gint64 patients, outbox;

  care_patients_register (store, first, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (text, "Name%u,Family%u,1980-01-%02u,female\n", i, i, 1 + i % 28);
  import = checked_import (store, text->str);
  g_assert_cmpuint (care_patient_import_get_n_ready (import), ==, 3000);
  patients = count (store, "patient");
  outbox = care_store_outbox_count (store);
  schema = patients_schema (store);

  /* The record-number counter set back: row 2000 (line 2002) gets a number the clinic
   * has given already, and the database refuses it. */
  care_store_set_meta (store, "counter.mrn", "-2000", &error);
  g_assert_no_error (error);
  {
    g_autofree char *taken = g_strdup_printf ("%s-000001", care_store_get_device_code (store));

    care_record_set (first, "mrn", taken);
    care_store_update (store, first, &error);
    g_assert_no_error (error);
  }
  g_assert_false (care_patient_import_run (import, store, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "Line 2002"));
  g_clear_error (&error);
  g_assert_cmpint (count (store, "patient"), ==, patients);
  /* Nor any of their outbox entries, two thousand of them written already. */
  g_assert_cmpint (care_store_outbox_count (store), ==, outbox);
  after = patients_schema (store);
  g_assert_cmpstr (after, ==, schema);

  /* Cancelled: nothing either. */
  care_store_set_meta (store, "counter.mrn", "100", &error);
  g_cancellable_cancel (cancellable);
  g_assert_false (care_patient_import_run (import, store, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (count (store, "patient"), ==, patients);
  care_test_rmdir (dir);
}

/* What the connection and the search indexes are set to: a bulk changes
 * them while it runs (a big page cache, the sorter's worker threads and
 * files for the indexes made again, FTS5 merges) and must give them back. */
static char *
settings (CareStore *store)
{
  static const char *const queries[] = {
    "PRAGMA cache_size", "PRAGMA cache_spill", "PRAGMA temp_store", "PRAGMA threads",
    /* FTS5's own values where the table has none: 4 and 16. */
    "SELECT coalesce((SELECT v FROM patient_search_config WHERE k = 'automerge'), 4) || ' ' || "
    "coalesce((SELECT v FROM patient_search_config WHERE k = 'crisismerge'), 16)",
    "SELECT coalesce((SELECT v FROM patient_name_search_config WHERE k = 'automerge'), 4) || ' ' || "
    "coalesce((SELECT v FROM patient_name_search_config WHERE k = 'crisismerge'), 16)",
  };
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *value = care_store_query_text (store, queries[i], NULL, NULL);

      g_string_append_printf (out, "%s: %s\n", queries[i], value ? value : "(none)");
    }
  return g_string_free (out, FALSE);
}

/* A list that doubles the clinic, then a few rows more: each time the
 * settings are as they were, every row is found, and a bulk that doubled
 * the table left its search index merged whole (one segment). */
static void
test_settings_given_back (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autofree char *before = settings (store);
  g_autoptr(GError) error = NULL;

  for (guint n = 2000; n > 0; n = n > 3 ? 3 : 0)
    {
      g_autoptr(GString) text = g_string_new ("given_name,family_name,date_of_birth,sex,phone\n");
      g_autoptr(CarePatientImport) import = NULL;
      g_autofree char *after = NULL;
      g_autofree char *segments = NULL;
      /* Numbers of five digits: no name is another's prefix. */
      guint base = n == 2000 ? 10000 : 20000;

      for (guint i = 0; i < n; i++)
        g_string_append_printf (text, "Given%u,Family%u,1980-02-%02u,female,+34 600 %06u\n", base + i, base + i,
                                1 + i % 28, base + i);
      import = checked_import (store, text->str);
      care_patient_import_run (import, store, NULL, &error);
      g_assert_no_error (error);
      after = settings (store);
      g_assert_cmpstr (after, ==, before);
      for (guint i = 0; i < n; i += 499)
        {
          g_autofree char *query = g_strdup_printf ("given%u family%u", base + i, base + i);
          g_autoptr(GPtrArray) found = care_store_search_patients (store, query, 10, &error);

          g_assert_no_error (error);
          g_assert_cmpuint (found->len, ==, 1);
        }
      segments = care_store_query_text (store, "SELECT count(DISTINCT segid) FROM patient_search_idx", NULL, NULL);
      if (n == 2000)
        g_assert_cmpstr (segments, ==, "1");
    }
  care_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv/as-spreadsheets-write-it", test_csv_as_spreadsheets_write_it);
  g_test_add_func ("/patient-import/columns-and-dates", test_columns_and_dates);
  g_test_add_func ("/patient-import/check-and-import", test_check_and_import);
  g_test_add_func ("/patient-import/outbox-entries", test_outbox_entries);
  g_test_add_func ("/patient-import/all-or-nothing", test_all_or_nothing);
  g_test_add_func ("/patient-import/settings-given-back", test_settings_given_back);
  return g_test_run ();
}

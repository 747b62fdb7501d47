/* care-patient-import.c: a clinic's existing patient list, from a CSV file
 *
 * What a clinic moving to Caredesk does first. The file's columns are
 * matched to patient fields by their headings, in the languages clinics
 * write them; every row is read as the registration form would read it
 * (care_field_normalize, care_validate_record), so a row the form would
 * refuse is refused here with the same words, naming its line. Possible
 * duplicates — of a patient the clinic has, or of an earlier row — are
 * found with the registration's own rule (same names once normalised, same
 * date of birth: care-patient-duplicates.c) and left out. The rows that
 * are ready are written in one transaction: all of them or none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-patient-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "care-numbers.h"
#include "care-patient-duplicates.h"
#include "care-patient-import.h"
#include "care-read-ahead.h"
#include "care-schema.h"
#include "care-store-private.h"

struct _CarePatientImport {
  CareCsv       *csv;
  const CareEntity *entity;
  const char   **fields;       /* per column: a patient field name or NULL */
  CareDateOrder  date_order;
  GHashTable    *problems;     /* row -> message */
  GHashTable    *duplicates;   /* row -> whom */
  gboolean       checked;
  gint           done;         /* atomic, both: a worker sets them */
  gint           total;
};

static const char *const importable[] = {
  "given_name", "family_name", "preferred_name", "date_of_birth", "sex", "blood_type",
  "phone", "email", "preferred_language", "address_line", "city", "region", "postal_code",
  "country", "emergency_contact_name", "emergency_contact_relationship",
  "emergency_contact_phone", "insurance_provider", "insurance_policy_number",
  "insurance_group_number", "insurance_valid_until", "allergies", "conditions",
  "family_history", "immunizations", "lifestyle", "social_notes", "advance_directives",
  "notes", NULL
};

/* Headings as clinics write them, folded (lower case, letters and digits
 * only), besides the field's name and its label. */
static const struct { const char *heading; const char *field; } synonyms[] = {
  { "firstname", "given_name" }, { "forename", "given_name" }, { "givenname", "given_name" },
  { "nombre", "given_name" }, { "prenom", "given_name" },
  { "lastname", "family_name" }, { "surname", "family_name" }, { "familyname", "family_name" },
  { "apellido", "family_name" }, { "apellidos", "family_name" }, { "nom", "family_name" },
  { "nickname", "preferred_name" }, { "knownas", "preferred_name" },
  { "dob", "date_of_birth" }, { "birthdate", "date_of_birth" }, { "dateofbirth", "date_of_birth" },
  { "birthday", "date_of_birth" }, { "born", "date_of_birth" }, { "fechadenacimiento", "date_of_birth" },
  { "fechanacimiento", "date_of_birth" }, { "datedenaissance", "date_of_birth" },
  { "gender", "sex" }, { "sexo", "sex" }, { "genero", "sex" }, { "sexe", "sex" },
  { "bloodgroup", "blood_type" }, { "gruposanguineo", "blood_type" },
  { "telephone", "phone" }, { "tel", "phone" }, { "mobile", "phone" }, { "cell", "phone" },
  { "phonenumber", "phone" }, { "telefono", "phone" }, { "movil", "phone" }, { "celular", "phone" },
  { "mail", "email" }, { "emailaddress", "email" }, { "correo", "email" },
  { "correoelectronico", "email" }, { "language", "preferred_language" }, { "idioma", "preferred_language" },
  { "address", "address_line" }, { "street", "address_line" }, { "direccion", "address_line" },
  { "domicilio", "address_line" }, { "town", "city" }, { "ciudad", "city" }, { "localidad", "city" },
  { "state", "region" }, { "province", "region" }, { "county", "region" }, { "provincia", "region" },
  { "zip", "postal_code" }, { "zipcode", "postal_code" }, { "postcode", "postal_code" },
  { "codigopostal", "postal_code" }, { "cp", "postal_code" }, { "pais", "country" },
  { "insurer", "insurance_provider" }, { "insurance", "insurance_provider" },
  { "aseguradora", "insurance_provider" }, { "policy", "insurance_policy_number" },
  { "policynumber", "insurance_policy_number" }, { "allergy", "allergies" }, { "alergias", "allergies" },
  { "diagnoses", "conditions" }, { "condiciones", "conditions" }, { "comments", "notes" },
  { "notas", "notes" }, { "observaciones", "notes" },
};

void
care_patient_import_free (CarePatientImport *self)
{
  if (self == NULL)
    return;
  care_csv_free (self->csv);
  g_free (self->fields);
  g_hash_table_unref (self->problems);
  g_hash_table_unref (self->duplicates);
  g_free (self);
}

const char *const *
care_patient_import_fields (void)
{
  return importable;
}

static char *
fold_heading (const char *text)
{
  g_autofree char *lower = care_search_fold (text);
  g_autofree char *folded = g_str_to_ascii (lower, "C");
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static const char *
field_for_heading (const CareEntity *entity,
                   const char       *heading)
{
  g_autofree char *key = fold_heading (heading);

  if (key[0] == '\0')
    return NULL;
  for (guint i = 0; importable[i]; i++)
    {
      const CareField *field = care_entity_field (entity, importable[i]);
      g_autofree char *name = fold_heading (field->name);
      g_autofree char *label = fold_heading (field->label);
      g_autofree char *translated = fold_heading (g_dgettext (GETTEXT_PACKAGE, field->label));

      if (g_str_equal (key, name) || g_str_equal (key, label) || g_str_equal (key, translated))
        return field->name;
    }
  for (guint i = 0; i < G_N_ELEMENTS (synonyms); i++)
    if (g_str_equal (key, synonyms[i].heading))
      return synonyms[i].field;
  return NULL;
}

/* Splits "27/03/1984", "27.03.84"… into three numbers; FALSE if not a date. */
static gboolean
date_parts (const char *text,
            guint       parts[3],
            guint       digits[3])
{
  guint n = 0;
  const char *p = text;

  while (n < 3)
    {
      char *end = NULL;
      guint64 v;

      if (!g_ascii_isdigit (*p))
        return FALSE;
      v = g_ascii_strtoull (p, &end, 10);
      if (v > 9999)
        return FALSE;
      parts[n] = (guint) v;
      digits[n] = end - p;
      n++;
      p = end;
      if (n < 3)
        {
          if (*p != '/' && *p != '.' && *p != '-')
            return FALSE;
          p++;
        }
    }
  /* A time after the date (spreadsheets add 00:00:00) is ignored. */
  return *p == '\0' || *p == ' ' || *p == 'T';
}

static CareDateOrder
guess_date_order (CarePatientImport *self)
{
  guint n_rows = MIN (care_csv_get_n_rows (self->csv), 5000);

  for (guint column = 0; column < care_csv_get_n_columns (self->csv); column++)
    {
      if (g_strcmp0 (self->fields[column], "date_of_birth") != 0)
        continue;
      for (guint row = 0; row < n_rows; row++)
        {
          guint parts[3], digits[3];

          if (!date_parts (care_csv_get_cell (self->csv, row, column), parts, digits))
            continue;
          if (digits[0] == 4)
            return CARE_DATE_ORDER_ISO;
          if (parts[0] > 12)
            return CARE_DATE_ORDER_DMY;
          if (parts[1] > 12)
            return CARE_DATE_ORDER_MDY;
        }
    }
  return CARE_DATE_ORDER_DMY;
}

CarePatientImport *
care_patient_import_new (CareCsv *csv)
{
  CarePatientImport *self = g_new0 (CarePatientImport, 1);
  guint n_columns = care_csv_get_n_columns (csv);

  self->csv = csv;
  self->entity = care_schema_lookup ("patient");
  self->fields = g_new0 (const char *, n_columns + 1);
  self->problems = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->duplicates = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  for (guint i = 0; i < n_columns; i++)
    {
      const char *field = field_for_heading (self->entity, care_csv_get_header (csv, i));

      /* The first column that names a field gets it. */
      for (guint j = 0; field && j < i; j++)
        if (g_strcmp0 (self->fields[j], field) == 0)
          field = NULL;
      self->fields[i] = field;
    }
  self->date_order = guess_date_order (self);
  return self;
}

const CareCsv *
care_patient_import_get_csv (CarePatientImport *self)
{
  return self->csv;
}

static void
unchecked (CarePatientImport *self)
{
  self->checked = FALSE;
  g_hash_table_remove_all (self->problems);
  g_hash_table_remove_all (self->duplicates);
}

const char *
care_patient_import_get_field (CarePatientImport *self,
                               guint              column)
{
  g_return_val_if_fail (column < care_csv_get_n_columns (self->csv), NULL);
  return self->fields[column];
}

void
care_patient_import_set_field (CarePatientImport *self,
                               guint              column,
                               const char        *field)
{
  g_return_if_fail (column < care_csv_get_n_columns (self->csv));
  g_return_if_fail (field == NULL || g_strv_contains (importable, field));

  /* A field comes from one column. */
  for (guint i = 0; field && i < care_csv_get_n_columns (self->csv); i++)
    if (g_strcmp0 (self->fields[i], field) == 0)
      self->fields[i] = NULL;
  self->fields[column] = field ? care_entity_field (self->entity, field)->name : NULL;
  unchecked (self);
}

CareDateOrder
care_patient_import_get_date_order (CarePatientImport *self)
{
  return self->date_order;
}

void
care_patient_import_set_date_order (CarePatientImport *self,
                                    CareDateOrder      order)
{
  self->date_order = order;
  unchecked (self);
}

/* The cell as the field's canonical text; NULL and *message when it is not one. */
static char *
read_cell (CarePatientImport *self,
           const CareField   *field,
           const char        *text,
           char             **message)
{
  g_autofree char *input = NULL;
  char *canonical = NULL;

  /* An empty cell is no value; whether one is needed is validation's say. */
  if (text[0] == '\0')
    return NULL;
  if (field->type == CARE_FIELD_DATE)
    {
      guint parts[3], digits[3], y, m, d;

      if (!date_parts (text, parts, digits))
        {
          *message = g_strdup (_("This is not a date."));
          return NULL;
        }
      if (self->date_order == CARE_DATE_ORDER_ISO)
        y = parts[0], m = parts[1], d = parts[2];
      else if (self->date_order == CARE_DATE_ORDER_DMY)
        d = parts[0], m = parts[1], y = parts[2];
      else
        m = parts[0], d = parts[1], y = parts[2];
      if ((self->date_order == CARE_DATE_ORDER_ISO ? digits[0] : digits[2]) != 4)
        {
          *message = g_strdup (_("Write the year with four digits."));
          return NULL;
        }
      if (!g_date_valid_dmy (d, m, y))
        {
          *message = g_strdup (_("There is no such day."));
          return NULL;
        }
      input = g_strdup_printf ("%04u-%02u-%02u", y, m, d);
    }
  else if (g_str_equal (field->name, "sex"))
    {
      static const char *const female[] = { "f", "female", "w", "woman", "fem", "femenino", "mujer", "femme", "feminin", NULL };
      static const char *const male[] = { "m", "male", "man", "masc", "masculino", "hombre", "varon", "homme", "masculin", NULL };
      static const char *const unknown[] = { "u", "unknown", "desconocido", "inconnu", "x", NULL };
      g_autofree char *key = fold_heading (text);

      input = g_strdup (g_strv_contains (female, key) ? "female" :
                        g_strv_contains (male, key) ? "male" :
                        g_strv_contains (unknown, key) ? "unknown" : key);
    }
  else
    input = g_strdup (text);

  if (!care_field_normalize (field, input, &canonical, message))
    return NULL;
  return canonical;
}

/* The row's cells as a record, with what the registration form fills in
 * itself; NULL and *problem when a cell is not a value of its field. */
static CareRecord *
read_row (CarePatientImport *self,
          guint              row,
          char             **problem)
{
  g_autoptr(CareRecord) record = care_record_new (self->entity);
  guint line = care_csv_get_line (self->csv, row);

  for (guint column = 0; column < care_csv_get_n_columns (self->csv); column++)
    {
      const CareField *field;
      g_autofree char *message = NULL;
      g_autofree char *value = NULL;
      const char *text = care_csv_get_cell (self->csv, row, column);

      if (self->fields[column] == NULL)
        continue;
      field = care_entity_field (self->entity, self->fields[column]);
      value = read_cell (self, field, text, &message);
      if (message)
        {
          /* Translators: line of the file, the column's heading, the field, the value, what is wrong. */
          *problem = g_strdup_printf (_("Line %u, column “%s” (%s) “%s”: %s"), line,
                                      care_csv_get_header (self->csv, column),
                                      g_dgettext (GETTEXT_PACKAGE, field->label), text, message);
          return NULL;
        }
      care_record_set_nth (record, field - self->entity->fields, value);
    }
  if (care_record_get (record, "sex") == NULL)
    care_record_set (record, "sex", "unknown");
  care_record_set (record, "status", "new");
  return g_steal_pointer (&record);
}

CareRecord *
care_patient_import_row_record (CarePatientImport *self,
                                guint              row,
                                char             **problem)
{
  g_autoptr(CareRecord) record = read_row (self, row, problem);
  g_autoptr(CareValidation) v = NULL;

  if (record == NULL)
    return NULL;
  v = care_validate_record (record);
  if (!care_validation_is_valid (v))
    {
      const char *name = care_validation_get_field (v, 0);
      const CareField *field = care_entity_field (self->entity, name);

      /* Translators: line of the file, the field, what is wrong. */
      *problem = g_strdup_printf (_("Line %u, %s: %s"), care_csv_get_line (self->csv, row),
                                  field ? g_dgettext (GETTEXT_PACKAGE, field->label) : name,
                                  care_validation_get_message (v, name));
      return NULL;
    }
  return g_steal_pointer (&record);
}

static char *
person_key (const char *given,
            const char *family,
            const char *date_of_birth)
{
  g_autofree char *g = care_patient_duplicates_name_key (given);
  g_autofree char *f = care_patient_duplicates_name_key (family);

  return g_strconcat (g ? g : "", "\x1f", f ? f : "", "\x1f", date_of_birth, NULL);
}

/* The clinic's patients born on a date some row has, by person key. */
static GHashTable *
existing_patients (CarePatientImport *self,
                   CareStore         *store,
                   GHashTable        *dates,
                   GError           **error)
{
  GHashTable *known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = care_store_prepare (store, "SELECT given_name, family_name, date_of_birth, mrn FROM patients "
                                    "WHERE tenant_id IS ?", error);
  if (stmt == NULL)
    {
      g_hash_table_unref (known);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *dob = (const char *) sqlite3_column_text (stmt, 2);

      if (dob == NULL || !g_hash_table_contains (dates, dob))
        continue;
      /* Translators: a patient the clinic has: name and record number. */
      g_hash_table_insert (known,
                           person_key ((const char *) sqlite3_column_text (stmt, 0),
                                       (const char *) sqlite3_column_text (stmt, 1), dob),
                           g_strdup_printf (_("%s %s (%s), already registered"),
                                            sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1),
                                            sqlite3_column_text (stmt, 3)));
    }
  if (rc != SQLITE_DONE)
    {
      care_store_set_sqlite_error (store, error);
      g_clear_pointer (&known, g_hash_table_unref);
    }
  sqlite3_reset (stmt);
  return known;
}

static gboolean
cancelled (GCancellable *cancellable,
           guint         row,
           GError      **error)
{
  return (row & 1023) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error);
}

gboolean
care_patient_import_check (CarePatientImport *self,
                           CareStore         *store,
                           GCancellable      *cancellable,
                           GError           **error)
{
  guint n_rows = care_csv_get_n_rows (self->csv);
  g_autoptr(GHashTable) dates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) keys = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) known = NULL;

  unchecked (self);
  g_atomic_int_set (&self->total, n_rows * 2);
  g_atomic_int_set (&self->done, 0);

  /* Every row as a registration. */
  for (guint row = 0; row < n_rows; row++)
    {
      g_autofree char *problem = NULL;
      g_autoptr(CareRecord) record = NULL;

      if (cancelled (cancellable, row, error))
        return FALSE;
      record = care_patient_import_row_record (self, row, &problem);
      if (record == NULL)
        g_hash_table_insert (self->problems, GUINT_TO_POINTER (row), g_steal_pointer (&problem));
      else
        {
          const char *dob = care_record_get (record, "date_of_birth");

          g_hash_table_add (dates, g_strdup (dob));
          g_hash_table_insert (keys, GUINT_TO_POINTER (row),
                               person_key (care_record_get (record, "given_name"),
                                           care_record_get (record, "family_name"), dob));
        }
      g_atomic_int_inc (&self->done);
    }

  /* The same person as someone the clinic has, or as an earlier row. */
  known = existing_patients (self, store, dates, error);
  if (known == NULL)
    return FALSE;
  for (guint row = 0; row < n_rows; row++)
    {
      const char *key = g_hash_table_lookup (keys, GUINT_TO_POINTER (row));
      const char *whom;

      if (cancelled (cancellable, row, error))
        return FALSE;
      g_atomic_int_inc (&self->done);
      if (key == NULL)
        continue;
      if ((whom = g_hash_table_lookup (known, key)))
        g_hash_table_insert (self->duplicates, GUINT_TO_POINTER (row), g_strdup (whom));
      else if ((whom = g_hash_table_lookup (seen, key)))
        g_hash_table_insert (self->duplicates, GUINT_TO_POINTER (row),
                             /* Translators: the earlier row a row repeats. */
                             g_strdup_printf (_("line %u of this file"),
                                              care_csv_get_line (self->csv, GPOINTER_TO_UINT (whom) - 1)));
      else
        g_hash_table_insert (seen, (gpointer) key, GUINT_TO_POINTER (row + 1));
    }
  self->checked = TRUE;
  return TRUE;
}

guint
care_patient_import_get_n_problems (CarePatientImport *self)
{
  return g_hash_table_size (self->problems);
}

guint
care_patient_import_get_n_duplicates (CarePatientImport *self)
{
  return g_hash_table_size (self->duplicates);
}

const char *
care_patient_import_get_problem (CarePatientImport *self,
                                 guint              row)
{
  return g_hash_table_lookup (self->problems, GUINT_TO_POINTER (row));
}

const char *
care_patient_import_get_duplicate (CarePatientImport *self,
                                   guint              row)
{
  return g_hash_table_lookup (self->duplicates, GUINT_TO_POINTER (row));
}

guint
care_patient_import_get_n_ready (CarePatientImport *self)
{
  if (!self->checked)
    return 0;
  return care_csv_get_n_rows (self->csv) - g_hash_table_size (self->problems) -
         g_hash_table_size (self->duplicates);
}

/* A row to import, read again (CareReadAheadFunc): in the read-ahead's
 * thread, which reads the file, the columns' fields and the rows left
 * out, none of which change while the import runs. Checked already (read
 * and validated): the same cells read the same way, so they are only
 * read again (validation was 12,600 instructions a row). */
static CareRecord *
ready_row (gpointer data,
           guint    row)
{
  CarePatientImport *self = data;
  g_autofree char *problem = NULL;
  CareRecord *record;

  if (g_hash_table_contains (self->problems, GUINT_TO_POINTER (row)) ||
      g_hash_table_contains (self->duplicates, GUINT_TO_POINTER (row)))
    return NULL;
  record = read_row (self, row, &problem);
  g_assert (record != NULL);
  return record;
}

gboolean
care_patient_import_run (CarePatientImport *self,
                         CareStore         *store,
                         GCancellable      *cancellable,
                         GError           **error)
{
  guint n_rows = care_csv_get_n_rows (self->csv);
  guint n_ready = care_patient_import_get_n_ready (self);
  const char *device_code = care_store_get_device_code (store);
  g_autoptr(CareReadAhead) rows = NULL;
  CareStoreBulk *bulk;
  gint64 number;

  g_return_val_if_fail (self->checked, FALSE);

  g_atomic_int_set (&self->total, n_rows);
  g_atomic_int_set (&self->done, 0);
  if (n_ready == 0)
    return TRUE;
  /* One transaction; the search index, sort keys and (for a list at least
   * as long as the clinic's) the indexes are made once at the end. The
   * record numbers are taken in one step, as a registration takes one:
   * the counter moves once, by the number of rows. */
  if (!(bulk = care_store_bulk_begin (store, self->entity, n_ready, error)))
    return FALSE;
  /* The progress runs on past the rows: the search index, the indexes
   * made again and the commit took twice the rows' time at a million
   * (BENCHMARKS.md, "Importing a patient list"), so their steps share
   * twice the rows' part of the bar. */
  {
    guint n_steps = care_store_bulk_get_n_steps (bulk);
    gint per_step = (gint) MAX (1, 2 * n_rows / n_steps);

    g_atomic_int_set (&self->total, n_rows + per_step * n_steps);
    care_store_bulk_set_progress (bulk, &self->done, per_step);
  }
  if (!(number = care_store_reserve_numbers (store, "mrn", n_ready, error)))
    goto failed;
  /* The records are made in a thread of their own while this one writes
   * (care-read-ahead.c). */
  rows = care_read_ahead_new (n_rows, ready_row, self);
  for (guint row = 0; row < n_rows; row++)
    {
      g_autoptr(CareRecord) record = NULL;
      g_autofree char *mrn = NULL;

      if (cancelled (cancellable, row, error))
        goto failed;
      g_atomic_int_inc (&self->done);
      if (!(record = care_read_ahead_next (rows)))
        continue;
      mrn = care_numbers_format ("mrn", device_code, number++);
      care_record_set (record, "mrn", mrn);
      /* What care_patients_register() writes, its number taken above. */
      if (!care_store_insert_full (store, record, FALSE, error))
        {
          g_prefix_error (error, _("Line %u: "), care_csv_get_line (self->csv, row));
          goto failed;
        }
    }
  g_clear_pointer (&rows, care_read_ahead_free);
  return care_store_bulk_finish (bulk, error);

failed:
  care_store_bulk_abort (bulk);
  return FALSE;
}

void
care_patient_import_get_progress (CarePatientImport *self,
                                  guint             *done,
                                  guint             *total)
{
  *done = (guint) g_atomic_int_get (&self->done);
  *total = (guint) g_atomic_int_get (&self->total);
}

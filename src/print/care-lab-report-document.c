/* care-lab-report-document.c: the printed laboratory report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-lab-report-document"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "care-billing.h"
#include "care-lab-report-document.h"
#include "care-lab-reports.h"
#include "care-lab-specimen.h"

CareLabFlag
care_lab_result_flag (CareRecord *result)
{
  const char *flag = care_record_get (result, "flag");
  double value, low, high;

  if (flag)
    {
      if (g_str_equal (flag, "low"))
        return CARE_LAB_FLAG_LOW;
      if (g_str_equal (flag, "high"))
        return CARE_LAB_FLAG_HIGH;
      if (g_str_equal (flag, "critical_low"))
        return CARE_LAB_FLAG_CRITICAL_LOW;
      if (g_str_equal (flag, "critical_high"))
        return CARE_LAB_FLAG_CRITICAL_HIGH;
      if (g_str_equal (flag, "abnormal"))
        return CARE_LAB_FLAG_ABNORMAL;
      return CARE_LAB_FLAG_NONE;
    }
  if (!care_lab_parse_number (care_record_get (result, "value"), &value))
    return CARE_LAB_FLAG_NONE;
  if (care_lab_parse_number (care_record_get (result, "reference_low"), &low) && value < low)
    return CARE_LAB_FLAG_LOW;
  if (care_lab_parse_number (care_record_get (result, "reference_high"), &high) && value > high)
    return CARE_LAB_FLAG_HIGH;
  return CARE_LAB_FLAG_NONE;
}

static char *
reference_range (CareRecord *result)
{
  const char *low = care_record_get (result, "reference_low");
  const char *high = care_record_get (result, "reference_high");
  const char *text = care_record_get (result, "reference_text");

  if (low && high)
    return g_strdup_printf ("%s – %s", low, high);
  if (high)
    return g_strdup_printf ("≤ %s", high);
  if (low)
    return g_strdup_printf ("≥ %s", low);
  return g_strdup (text ? text : "");
}

static char *
user_name (CareStore  *store,
           const char *user_id)
{
  g_autoptr(CareRecord) user = user_id ? care_store_get (store, care_schema_lookup ("user"), user_id, NULL) : NULL;
  return user ? g_strdup (care_record_get (user, "full_name")) : NULL;
}

/* Everything the report shows, read from the store on its thread, so
 * that drawing can run in another one. */
typedef struct {
  CareRecord *test;
  CareRecord *clinic;
  CareRecord *patient;
  GPtrArray  *results;
  GHashTable *amended;
  GHashTable *was;        /* an amended result's id → the value it replaces */
  CareLabReportVersion version;
  char       *requester;
  char       *technician;
  char       *reviewer;
  char       *verifier;
} LabReportData;

static void
lab_report_data_free (LabReportData *d)
{
  g_clear_pointer (&d->test, care_record_unref);
  g_clear_pointer (&d->clinic, care_record_unref);
  g_clear_pointer (&d->patient, care_record_unref);
  g_clear_pointer (&d->results, g_ptr_array_unref);
  g_clear_pointer (&d->amended, g_hash_table_unref);
  g_clear_pointer (&d->was, g_hash_table_unref);
  care_lab_report_version_clear (&d->version);
  g_free (d->requester);
  g_free (d->technician);
  g_free (d->reviewer);
  g_free (d->verifier);
  g_free (d);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabReportData, lab_report_data_free)

static LabReportData *
lab_report_data_gather (CareStore   *store,
                        CareRecord  *lab_test,
                        GError     **error)
{
  g_autoptr(LabReportData) d = g_new0 (LabReportData, 1);

  d->test = care_record_copy (lab_test);
  d->amended = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  d->results = care_lab_results_current (store, care_record_get_id (lab_test), d->amended, error);
  if (d->results == NULL)
    return NULL;
  if (d->results->len == 0)
    {
      g_set_error (error, CARE_DOCUMENT_ERROR, CARE_DOCUMENT_ERROR_NOT_READY,
                   _("“%s” has no results yet, so there is no report to print."),
                   care_record_get (lab_test, "test_name"));
      return NULL;
    }
  d->patient = care_store_get (store, care_schema_lookup ("patient"), care_record_get (lab_test, "patient_id"), error);
  if (d->patient == NULL || !care_lab_reports_next (store, care_record_get_id (lab_test), &d->version, error))
    return NULL;
  d->was = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < d->results->len; i++)
    {
      CareRecord *result = g_ptr_array_index (d->results, i);
      const char *amends = care_record_get (result, "amends_id");
      g_autoptr(CareRecord) earlier = amends ? care_store_get (store, care_schema_lookup ("lab_result"), amends, NULL) : NULL;

      if (earlier)
        g_hash_table_insert (d->was, g_strdup (care_record_get_id (result)), g_strdup (care_record_get (earlier, "value")));
    }
  d->clinic = care_store_get_clinic (store);
  d->requester = user_name (store, care_record_get (lab_test, "requested_by"));
  d->technician = user_name (store, care_record_get (lab_test, "technician_id"));
  d->reviewer = user_name (store, care_record_get (lab_test, "reviewed_by"));
  d->verifier = user_name (store, care_record_get (lab_test, "verified_by"));
  return g_steal_pointer (&d);
}

/* Touches no store: safe in a worker thread. */
static GBytes *
lab_report_data_draw (LabReportData  *d,
                      GError        **error)
{
  const CareEntity *test_entity = care_schema_lookup ("lab_test");
  const CareEntity *patient_entity = care_schema_lookup ("patient");
  CareRecord *lab_test = d->test;
  CareRecord *clinic = d->clinic;
  CareRecord *patient = d->patient;
  GPtrArray *results = d->results;
  GHashTable *amended = d->amended;
  const char *requester = d->requester;
  const char *technician = d->technician;
  const char *reviewer = d->reviewer;
  const char *verifier = d->verifier;
  g_autoptr(CareDocument) doc = NULL;
  g_autofree char *name = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *dob = NULL;
  g_autofree char *date = NULL;
  g_autofree char *reported = NULL;
  g_autofree char *collected = NULL;
  g_autofree char *reviewed_at = NULL;
  g_autofree char *verified_at = NULL;
  g_autofree char *test_title = NULL;
  g_autofree char *specimen = NULL;
  const char *priority;
  CareDocumentTable *table;
  guint n_abnormal = 0;

  name = care_record_dup_title (patient);
  dob = care_document_format_date (care_record_get (patient, "date_of_birth"));
  collected = care_document_format_datetime (care_record_get (lab_test, "collected_at"));
  reported = care_document_format_datetime (care_record_get (lab_test, "completed_at"));
  reviewed_at = care_document_format_datetime (care_record_get (lab_test, "reviewed_at"));
  verified_at = care_document_format_datetime (care_record_get (lab_test, "verified_at"));
  /* Translators: the footer of every page of a lab report: patient, MRN */
  reference = g_strdup_printf (_("Laboratory report: %s, %s"), name,
                               care_record_get (patient, "mrn") ? care_record_get (patient, "mrn") : "—");
  {
    const char *day = care_record_get (lab_test, "completed_at");
    if (day == NULL)
      day = care_record_get (lab_test, CARE_COLUMN_CREATED_AT);
    date = g_strndup (day, 10);
  }
  {
    g_autofree char *digits = care_lab_specimen_id (lab_test);
    /* The metadata's title: the specimen, never the patient. */
    specimen = digits ? care_lab_specimen_id_format (digits) : NULL;
  }
  test_title = care_record_get (lab_test, "test_code")
               ? g_strdup_printf ("%s (%s)", care_record_get (lab_test, "test_name"), care_record_get (lab_test, "test_code"))
               : g_strdup (care_record_get (lab_test, "test_name"));
  priority = care_field_choice_label (care_entity_field (test_entity, "priority"),
                                      care_record_get (lab_test, "priority"));

  {
    /* Translators: the version of a lab report under its title, e.g. "2 (amended)" */
    g_autofree char *version = d->version.replaces ? g_strdup_printf (_("%u (amended)"), d->version.version) : NULL;
    const char *fields[] = {
      _("Test"), test_title,
      _("Priority"), priority,
      _("Reported"), reported ? reported : _("Pending"),
      version ? _("Version") : NULL, version,
      NULL,
    };
    CareDocumentInfo info = {
      .title = _("Laboratory Report"),
      .reference = reference,
      .fields = fields,
      .date = date,
      .number = specimen,
    };

    doc = care_document_new (clinic, &info);
  }

  {
    const char *pairs[] = {
      _("Patient"), name,
      _("MRN"), care_record_get (patient, "mrn"),
      _("Date of birth"), dob,
      _("Sex"), care_field_choice_label (care_entity_field (patient_entity, "sex"), care_record_get (patient, "sex")),
      _("Requested by"), requester,
      NULL,
    };
    care_document_add_fields (doc, _("Patient"), pairs, 2);
  }
  {
    const char *pairs[] = {
      _("Specimen"), care_record_get (lab_test, "specimen"),
      _("Method"), care_record_get (lab_test, "method"),
      _("Collected"), collected,
      _("Completed"), reported,
      _("Technician"), technician,
      _("Verified by"), verifier,
      _("Verified"), verified_at,
      _("Reviewed by"), reviewer,
      _("Reviewed"), reviewed_at,
      NULL,
    };
    care_document_add_fields (doc, _("Specimen"), pairs, 2);
  }

  if (d->version.replaces > 0)
    {
      g_autofree char *issued = care_document_format_datetime (d->version.replaces_issued_at);
      /* Translators: at the top of a corrected lab report: its version,
       * the version it replaces and when that was issued, e.g. "Amended
       * report, version 2, replaces version 1 of 5 Mar 2026 14:10" */
      g_autofree char *notice = g_strdup_printf (_("Amended report, version %u, replaces version %u of %s"),
                                                 d->version.version, d->version.replaces, issued ? issued : "—");
      g_autofree char *markup = g_markup_printf_escaped ("<span foreground='#b3141f'><b>%s</b></span>\n%s", notice,
                                                         _("Values changed since the earlier version are marked "
                                                           "“Amended” with the value they replace."));

      care_document_add_space (doc, 4);
      care_document_add_paragraph (doc, markup, FALSE);
      care_document_add_space (doc, 4);
    }

  care_document_add_heading (doc, _("Results"));
  {
    const CareDocumentColumn columns[] = {
      { _("Analyte"), 0.32, CARE_COLUMN_START },
      { _("Result"), 0.15, CARE_COLUMN_END },
      { _("Unit"), 0.13, CARE_COLUMN_START },
      { _("Reference range"), 0.22, CARE_COLUMN_START },
      { _("Flag"), 0.18, CARE_COLUMN_START },
    };
    table = care_document_add_table (doc, columns, G_N_ELEMENTS (columns));
  }
  for (guint i = 0; i < results->len; i++)
    {
      CareRecord *result = g_ptr_array_index (results, i);
      CareLabFlag flag = care_lab_result_flag (result);
      const char *letter = NULL, *word = NULL;
      /* Catalogue analytes are stored in English and shown translated. */
      g_autofree char *analyte = care_document_escape (_(care_record_get (result, "analyte")));
      g_autofree char *value = care_document_escape (care_record_get (result, "value"));
      g_autofree char *unit = care_document_escape (care_record_get (result, "unit"));
      g_autofree char *range_text = reference_range (result);
      g_autofree char *range = care_document_escape (range_text);
      g_autofree char *analyte_cell = NULL;
      g_autofree char *value_cell = NULL;
      g_autofree char *flag_cell = NULL;
      const char *method = care_record_get (result, "method");
      g_autoptr(GString) notes = g_string_new (NULL);

      switch (flag)
        {
        case CARE_LAB_FLAG_LOW: letter = "L"; word = _("Low"); break;
        case CARE_LAB_FLAG_HIGH: letter = "H"; word = _("High"); break;
        case CARE_LAB_FLAG_CRITICAL_LOW: letter = "LL"; word = _("Critically low"); break;
        case CARE_LAB_FLAG_CRITICAL_HIGH: letter = "HH"; word = _("Critically high"); break;
        case CARE_LAB_FLAG_ABNORMAL: letter = "A"; word = _("Abnormal"); break;
        case CARE_LAB_FLAG_NONE:
        default: break;
        }

      if (method && g_strcmp0 (method, care_record_get (lab_test, "method")) != 0)
        {
          g_autofree char *escaped = care_document_escape (method);
          g_string_append (notes, escaped);
        }
      if (g_hash_table_contains (amended, care_record_get_id (result)))
        {
          const char *was = g_hash_table_lookup (d->was, care_record_get_id (result));
          /* Translators: under an amended lab value: the value it replaces */
          g_autofree char *replaced = was ? g_strdup_printf (_("Amended, was %s"), was) : g_strdup (_("Amended result"));
          g_autofree char *escaped = care_document_escape (replaced);

          g_string_append_printf (notes, "%s<b>%s</b>", notes->len ? " · " : "", escaped);
        }
      analyte_cell = notes->len
        ? g_strdup_printf ("%s\n<span size='small' foreground='#5e6770'>%s</span>", analyte, notes->str)
        : g_strdup (analyte);

      if (letter)
        {
          n_abnormal++;
          value_cell = g_strdup_printf ("<span foreground='#b3141f'><b>%s  %s</b></span>", value, letter);
          flag_cell = g_strdup_printf ("<span foreground='#b3141f'><b>%s</b></span>", word);
        }
      else
        {
          value_cell = g_strdup (value);
          flag_cell = g_strdup ("");
        }
      {
        const char *cells[] = { analyte_cell, value_cell, unit, range, flag_cell };
        care_document_table_add_row (table, cells, letter ? CARE_DOCUMENT_ROW_HIGHLIGHT : CARE_DOCUMENT_ROW_NONE);
      }
    }

  care_document_add_space (doc, 6);
  {
    g_autofree char *legend = g_markup_printf_escaped (
      "%s",
      n_abnormal
      ? _("Results outside the reference range are printed in bold red on a tinted row: "
          "H high, L low, HH/LL critically high/low, A abnormal.")
      : _("All results are within their reference ranges."));
    care_document_add_paragraph (doc, legend, TRUE);
  }

  if (care_record_get (lab_test, "notes"))
    {
      g_autofree char *notes = care_document_escape (care_record_get (lab_test, "notes"));

      care_document_add_space (doc, 8);
      care_document_add_heading (doc, _("Comments"));
      care_document_add_paragraph (doc, notes, FALSE);
    }

  care_document_add_space (doc, 24);
  {
    /* Translators: caption under a signature line, %s is a name */
    g_autofree char *performed = g_strdup_printf (_("Performed by: %s, laboratory technician"),
                                                  technician ? technician : "");
    /* Translators: caption under a signature line, %s is a name */
    g_autofree char *checked = g_strdup_printf (_("Verified by: %s"), verifier ? verifier : "");
    const char *captions[] = { performed, checked, NULL };

    care_document_add_signatures (doc, captions);
  }

  return care_document_finish (doc, error);
}

GBytes *
care_lab_report_document_render (CareStore   *store,
                                 CareRecord  *lab_test,
                                 GError     **error)
{
  g_autoptr(LabReportData) d = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (lab_test != NULL, NULL);

  d = lab_report_data_gather (store, lab_test, error);
  return d ? lab_report_data_draw (d, error) : NULL;
}

gboolean
care_lab_report_document_finalise (CareStore   *store,
                                   const char  *lab_test_id,
                                   GError     **error)
{
  g_autoptr(CareRecord) lab_test = NULL;
  g_autoptr(GBytes) pdf = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);

  if (!care_store_begin (store, error))
    return FALSE;
  lab_test = care_store_get (store, care_schema_lookup ("lab_test"), lab_test_id, error);
  if (lab_test == NULL)
    goto failed;
  if (care_record_get_blob (lab_test, "report_pdf") != NULL)
    return care_store_commit (store, error);
  if (g_strcmp0 (care_record_get (lab_test, "status"), "cancelled") == 0)
    {
      g_set_error (error, CARE_DOCUMENT_ERROR, CARE_DOCUMENT_ERROR_NOT_READY,
                   _("“%s” was cancelled; it has no report."), care_record_get (lab_test, "test_name"));
      goto failed;
    }
  pdf = care_lab_report_document_render (store, lab_test, error);
  if (pdf == NULL || !care_lab_reports_issue (store, lab_test, pdf, NULL, error))
    goto failed;
  return care_store_commit (store, error);

failed:
  care_store_rollback (store);
  return FALSE;
}

GBytes *
care_lab_report_document_get_pdf (CareStore   *store,
                                  const char  *lab_test_id,
                                  gboolean    *archived,
                                  GError     **error)
{
  g_autoptr(CareRecord) lab_test = NULL;
  GBytes *pdf;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (archived)
    *archived = FALSE;
  lab_test = care_store_get (store, care_schema_lookup ("lab_test"), lab_test_id, error);
  if (lab_test == NULL)
    return NULL;
  pdf = care_record_get_blob (lab_test, "report_pdf");
  if (pdf)
    {
      g_autofree char *sha = care_billing_sha256 (pdf);

      if (g_strcmp0 (sha, care_record_get (lab_test, "report_sha256")) != 0)
        {
          g_set_error (error, CARE_DOCUMENT_ERROR, CARE_DOCUMENT_ERROR_FAILED,
                       _("The archived report of “%s” does not match its checksum and may have been altered."),
                       care_record_get (lab_test, "test_name"));
          return NULL;
        }
      if (archived)
        *archived = TRUE;
      return g_bytes_ref (pdf);
    }
  return care_lab_report_document_render (store, lab_test, error);
}

/* --- archiving without blocking ----------------------------------------------- */

#define MAX_FINALISE_TRIES 3

typedef struct {
  CareStore     *store;
  char          *lab_test_id;
  LabReportData *data;
  char          *drawn_at;   /* the test's updated_at when gathered */
  GBytes        *pdf;
  guint          tries;
} FinaliseJob;

static void
finalise_job_free (FinaliseJob *job)
{
  g_clear_object (&job->store);
  g_free (job->lab_test_id);
  g_clear_pointer (&job->data, lab_report_data_free);
  g_free (job->drawn_at);
  g_clear_pointer (&job->pdf, g_bytes_unref);
  g_free (job);
}

static void finalise_try (GTask *task);

/* Back on the store's thread: archive what was drawn, if the test is
 * still as it was drawn (else draw it again). */
static void
on_finalise_drawn_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FinaliseJob *job = g_task_get_task_data (task);
  g_autoptr(CareRecord) test = NULL;
  GError *error = NULL;

  job->pdf = care_document_draw_finish (result, &error);
  if (job->pdf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  if (!care_store_begin (job->store, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  test = care_store_get (job->store, care_schema_lookup ("lab_test"), job->lab_test_id, &error);
  if (test == NULL)
    goto failed;
  if (care_record_get_blob (test, "report_pdf") == NULL &&
      g_strcmp0 (care_record_get (test, CARE_COLUMN_UPDATED_AT), job->drawn_at) != 0)
    {
      care_store_rollback (job->store);
      if (job->tries < MAX_FINALISE_TRIES)
        {
          finalise_try (g_steal_pointer (&task));
          return;
        }
      g_set_error_literal (&error, CARE_DOCUMENT_ERROR, CARE_DOCUMENT_ERROR_FAILED,
                           _("The test kept changing while its report was drawn; try again."));
      g_task_return_error (task, error);
      return;
    }
  if (care_record_get_blob (test, "report_pdf") == NULL &&
      !care_lab_reports_issue (job->store, test, job->pdf, NULL, &error))
    goto failed;
  if (!care_store_commit (job->store, &error))
    goto failed;
  g_task_return_boolean (task, TRUE);
  return;

failed:
  care_store_rollback (job->store);
  g_task_return_error (task, error);
}

static void
finalise_try (GTask *task)
{
  FinaliseJob *job = g_task_get_task_data (task);
  g_autoptr(CareRecord) test = NULL;
  GError *error = NULL;

  job->tries++;
  g_clear_pointer (&job->data, lab_report_data_free);
  g_clear_pointer (&job->drawn_at, g_free);
  g_clear_pointer (&job->pdf, g_bytes_unref);

  /* Every refusal here, at once: it needs no drawing. */
  test = care_store_get (job->store, care_schema_lookup ("lab_test"), job->lab_test_id, &error);
  if (test != NULL && care_record_get_blob (test, "report_pdf") != NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  if (test != NULL && g_strcmp0 (care_record_get (test, "status"), "cancelled") == 0)
    g_set_error (&error, CARE_DOCUMENT_ERROR, CARE_DOCUMENT_ERROR_NOT_READY,
                 _("“%s” was cancelled; it has no report."), care_record_get (test, "test_name"));
  if (test != NULL && error == NULL)
    job->data = lab_report_data_gather (job->store, test, &error);
  if (job->data == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  job->drawn_at = g_strdup (care_record_get (test, CARE_COLUMN_UPDATED_AT));

  care_document_draw_async ((CareDocumentDrawFunc) lab_report_data_draw, job->data,
                            g_task_get_cancellable (task), on_finalise_drawn_cb, task);
}

void
care_lab_report_document_finalise_async (CareStore          *store,
                                         const char         *lab_test_id,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data)
{
  GTask *task;
  FinaliseJob *job;

  g_return_if_fail (CARE_IS_STORE (store));
  g_return_if_fail (lab_test_id != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, care_lab_report_document_finalise_async);
  job = g_new0 (FinaliseJob, 1);
  job->store = g_object_ref (store);
  job->lab_test_id = g_strdup (lab_test_id);
  g_task_set_task_data (task, job, (GDestroyNotify) finalise_job_free);
  finalise_try (task);
}

gboolean
care_lab_report_document_finalise_finish (CareStore    *store,
                                          GAsyncResult *result,
                                          GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

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

static char *
format_datetime (const char *iso)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;

  if (iso == NULL)
    return NULL;
  utc = g_date_time_new_from_iso8601 (iso, NULL);
  if (utc == NULL)
    return care_document_format_date (iso);
  local = g_date_time_to_local (utc);
  time = g_date_time_format (local, "%Y-%m-%d");
  day = care_document_format_date (time);
  g_free (time);
  time = g_date_time_format (local, "%H:%M");
  return g_strdup_printf ("%s %s", day, time);
}

GBytes *
care_lab_report_document_render (CareStore   *store,
                                 CareRecord  *lab_test,
                                 GError     **error)
{
  const CareEntity *test_entity = care_schema_lookup ("lab_test");
  const CareEntity *patient_entity = care_schema_lookup ("patient");
  g_autoptr(CareRecord) clinic = NULL;
  g_autoptr(CareRecord) patient = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GHashTable) amended = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(CareDocument) doc = NULL;
  g_autofree char *name = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *dob = NULL;
  g_autofree char *date = NULL;
  g_autofree char *reported = NULL;
  g_autofree char *collected = NULL;
  g_autofree char *reviewed_at = NULL;
  g_autofree char *requester = NULL;
  g_autofree char *technician = NULL;
  g_autofree char *reviewer = NULL;
  g_autofree char *test_title = NULL;
  const char *priority;
  CareDocumentTable *table;
  guint n_abnormal = 0;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (lab_test != NULL, NULL);

  results = care_lab_results_current (store, care_record_get_id (lab_test), amended, error);
  if (results == NULL)
    return NULL;
  if (results->len == 0)
    {
      g_set_error (error, CARE_DOCUMENT_ERROR, CARE_DOCUMENT_ERROR_NOT_READY,
                   _("“%s” has no results yet, so there is no report to print."),
                   care_record_get (lab_test, "test_name"));
      return NULL;
    }
  patient = care_store_get (store, patient_entity, care_record_get (lab_test, "patient_id"), error);
  if (patient == NULL)
    return NULL;
  clinic = care_store_get_clinic (store);

  name = care_record_dup_title (patient);
  dob = care_document_format_date (care_record_get (patient, "date_of_birth"));
  requester = user_name (store, care_record_get (lab_test, "requested_by"));
  technician = user_name (store, care_record_get (lab_test, "technician_id"));
  reviewer = user_name (store, care_record_get (lab_test, "reviewed_by"));
  collected = format_datetime (care_record_get (lab_test, "collected_at"));
  reported = format_datetime (care_record_get (lab_test, "completed_at"));
  reviewed_at = format_datetime (care_record_get (lab_test, "reviewed_at"));
  /* Translators: the footer of every page of a lab report: patient, MRN */
  reference = g_strdup_printf (_("Laboratory report: %s, %s"), name,
                               care_record_get (patient, "mrn") ? care_record_get (patient, "mrn") : "—");
  {
    const char *day = care_record_get (lab_test, "completed_at");
    if (day == NULL)
      day = care_record_get (lab_test, CARE_COLUMN_CREATED_AT);
    date = g_strndup (day, 10);
  }
  test_title = care_record_get (lab_test, "test_code")
               ? g_strdup_printf ("%s (%s)", care_record_get (lab_test, "test_name"), care_record_get (lab_test, "test_code"))
               : g_strdup (care_record_get (lab_test, "test_name"));
  priority = care_field_choice_label (care_entity_field (test_entity, "priority"),
                                      care_record_get (lab_test, "priority"));

  {
    const char *fields[] = {
      _("Test"), test_title,
      _("Priority"), priority,
      _("Reported"), reported ? reported : _("Pending"),
      NULL,
    };
    CareDocumentInfo info = {
      .title = _("Laboratory Report"),
      .reference = reference,
      .fields = fields,
      .date = date,
      .author = clinic ? care_record_get (clinic, "name") : NULL,
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
      _("Reviewed by"), reviewer,
      _("Reviewed"), reviewed_at,
      NULL,
    };
    care_document_add_fields (doc, _("Specimen"), pairs, 2);
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
      g_autofree char *analyte = care_document_escape (care_record_get (result, "analyte"));
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
        g_string_append_printf (notes, "%s%s", notes->len ? " · " : "", _("Amended result"));
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
    /* Translators: caption under a signature line, %s is the doctor's name */
    g_autofree char *checked = g_strdup_printf (_("Reviewed by: %s, reviewing doctor"),
                                                reviewer ? reviewer : "");
    const char *captions[] = { performed, checked, NULL };

    care_document_add_signatures (doc, captions);
  }

  return care_document_finish (doc, error);
}

gboolean
care_lab_report_document_finalise (CareStore   *store,
                                   const char  *lab_test_id,
                                   GError     **error)
{
  g_autoptr(CareRecord) lab_test = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *sha = NULL;

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
  if (pdf == NULL)
    goto failed;
  sha = care_billing_sha256 (pdf);
  care_record_set_blob (lab_test, "report_pdf", pdf);
  care_record_set (lab_test, "report_sha256", sha);
  if (!care_store_update (store, lab_test, error))
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

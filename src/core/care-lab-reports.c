/* care-lab-reports.c: a lab test's issued report versions and the outside laboratory's reports, through a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-lab-reports"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "care-billing.h"
#include "care-lab-reports.h"
#include "care-uuid.h"

static const CareEntity *
lab_report (void)
{
  return care_schema_lookup ("lab_report");
}

void
care_lab_report_version_clear (CareLabReportVersion *version)
{
  g_clear_pointer (&version->replaces_issued_at, g_free);
}

GPtrArray *
care_lab_reports_list (CareStore   *store,
                       const char  *lab_test_id,
                       const char  *kind,
                       GError     **error)
{
  g_autoptr(GPtrArray) all = NULL;
  GPtrArray *wanted;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  all = care_store_list (store, lab_report (), "lab_test_id", lab_test_id, "version", 0, error);
  if (all == NULL)
    return NULL;
  wanted = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (care_record_get (g_ptr_array_index (all, i), "kind"), kind) == 0)
      g_ptr_array_add (wanted, care_record_ref (g_ptr_array_index (all, i)));
  return wanted;
}

gboolean
care_lab_reports_next (CareStore            *store,
                       const char           *lab_test_id,
                       CareLabReportVersion *next,
                       GError              **error)
{
  g_autoptr(GPtrArray) issued = care_lab_reports_list (store, lab_test_id, "report", error);
  CareRecord *last;

  *next = (CareLabReportVersion) { .version = 1 };
  if (issued == NULL)
    return FALSE;
  if (issued->len == 0)
    return TRUE;
  last = g_ptr_array_index (issued, issued->len - 1);
  next->replaces = (guint) care_record_get_int (last, "version", issued->len);
  next->version = next->replaces + 1;
  next->replaces_issued_at = g_strdup (care_record_get (last, "issued_at"));
  return TRUE;
}

/* A report record of the test, not yet written: pdf as its version,
 * issued at issued_at (NULL: now). */
static CareRecord *
new_report (const char *lab_test_id,
            const char *kind,
            guint       version,
            const char *issued_at,
            GBytes     *pdf)
{
  CareRecord *report = care_record_new (lab_report ());
  g_autofree char *sha = care_billing_sha256 (pdf);
  g_autofree char *now = care_now_iso8601 ();

  care_record_set (report, "lab_test_id", lab_test_id);
  care_record_set (report, "kind", kind);
  care_record_set_int (report, "version", version);
  care_record_set (report, "issued_at", issued_at ? issued_at : now);
  care_record_set_blob (report, "pdf", pdf);
  care_record_set (report, "sha256", sha);
  return report;
}

gboolean
care_lab_reports_issue (CareStore   *store,
                        CareRecord  *lab_test,
                        GBytes      *pdf,
                        guint       *version,
                        GError     **error)
{
  g_auto(CareLabReportVersion) next = { 0 };
  g_autoptr(CareRecord) report = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (pdf != NULL, FALSE);

  if (!care_lab_reports_next (store, care_record_get_id (lab_test), &next, error))
    return FALSE;
  report = new_report (care_record_get_id (lab_test), "report", next.version, NULL, pdf);
  if (!care_store_insert (store, report, error))
    return FALSE;
  care_record_set_blob (lab_test, "report_pdf", pdf);
  care_record_set (lab_test, "report_sha256", care_record_get (report, "sha256"));
  if (!care_store_update (store, lab_test, error))
    return FALSE;
  if (version)
    *version = next.version;
  return TRUE;
}

gboolean
care_lab_reports_withdraw (CareStore   *store,
                           CareRecord  *lab_test,
                           GError     **error)
{
  GBytes *pdf = care_record_get_blob (lab_test, "report_pdf");
  g_autoptr(GPtrArray) issued = NULL;

  if (pdf == NULL)
    return TRUE;
  issued = care_lab_reports_list (store, care_record_get_id (lab_test), "report", error);
  if (issued == NULL)
    return FALSE;
  /* A report issued before reports were kept as records: version 1. */
  if (issued->len == 0)
    {
      const char *at = care_record_get (lab_test, "verified_at");
      g_autoptr(CareRecord) first = new_report (care_record_get_id (lab_test), "report", 1,
                                                at ? at : care_record_get (lab_test, CARE_COLUMN_UPDATED_AT), pdf);
      if (!care_store_insert (store, first, error))
        return FALSE;
    }
  care_record_set_blob (lab_test, "report_pdf", NULL);
  care_record_set (lab_test, "report_sha256", NULL);
  return care_store_update (store, lab_test, error);
}

static gboolean
check_outside (CareRecord  *test,
               const char  *outside_lab,
               GBytes      *pdf,
               GError     **error)
{
  static const char *const open[] = { "sent_out", "completed", "verified", "reviewed", NULL };
  const CareEntity *entity = lab_report ();
  const char *status = care_record_get (test, "status");
  gsize size = pdf ? g_bytes_get_size (pdf) : 0;

  if (status == NULL || !g_strv_contains (open, status))
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, care_schema_lookup ("lab_test"), "status",
                                 _("Mark the test as sent out before attaching the outside laboratory’s report."));
      return FALSE;
    }
  if (outside_lab == NULL || *outside_lab == '\0')
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, entity, "outside_lab",
                                 _("Name the laboratory that did the test."));
      return FALSE;
    }
  if (size == 0 || size > CARE_LAB_OUTSIDE_REPORT_MAX)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, entity, "pdf",
                                 size == 0 ? _("The file is empty; choose the outside laboratory’s PDF report.")
                                           : _("The file is larger than 5 MB; ask the laboratory for a smaller PDF."));
      return FALSE;
    }
  if (size < 5 || memcmp (g_bytes_get_data (pdf, NULL), "%PDF-", 5) != 0)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, entity, "pdf",
                                 _("The file is not a PDF; attach the report as the laboratory sent it, in PDF."));
      return FALSE;
    }
  return TRUE;
}

CareRecord *
care_lab_reports_attach_outside (CareStore   *store,
                                 const char  *lab_test_id,
                                 const char  *outside_lab,
                                 const char  *file_name,
                                 GBytes      *pdf,
                                 GError     **error)
{
  g_autoptr(CareRecord) test = NULL;
  g_autoptr(GPtrArray) earlier = NULL;
  g_autoptr(CareRecord) report = NULL;
  g_autofree char *lab = g_strstrip (g_strdup (outside_lab ? outside_lab : ""));

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (!care_store_begin (store, error))
    return NULL;
  test = care_store_get (store, care_schema_lookup ("lab_test"), lab_test_id, error);
  if (test == NULL || !check_outside (test, lab, pdf, error))
    goto failed;
  earlier = care_lab_reports_list (store, lab_test_id, "outside", error);
  if (earlier == NULL)
    goto failed;
  report = new_report (lab_test_id, "outside", earlier->len + 1, NULL, pdf);
  care_record_set (report, "outside_lab", lab);
  care_record_set (report, "file_name", file_name);
  if (!care_store_insert (store, report, error) || !care_store_commit (store, error))
    goto failed;
  return g_steal_pointer (&report);

failed:
  care_store_rollback (store);
  return NULL;
}

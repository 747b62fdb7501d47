/* care-chart-alerts.c: the clinical alerts of the chart's banner, beside the allergies
 *
 * What a doctor must see before anything else, worded once here: the
 * patient is not to be resuscitated, may fall, or has critical results
 * no one has reviewed. Read from the records each time the header shows,
 * so an alert goes when its cause does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-chart"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-chart.h"
#include "care-chart-alerts.h"
#include "care-chart-summary.h"
#include "care-store-sql.h"

static gboolean
mentions (const char        *text,
          const char *const *words)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;
  folded = g_utf8_casefold (text, -1);
  for (guint i = 0; words[i]; i++)
    if (strstr (folded, words[i]))
      return TRUE;
  return FALSE;
}

gboolean
care_chart_alerts_is_dnr (const char *advance_directives)
{
  static const char *const words[] = { "not resuscitate", "not to resuscitate", "do-not-resuscitate", "dnr",
                                       "dnar", "no cpr", "no resuscitation", NULL };

  return mentions (advance_directives, words);
}

gboolean
care_chart_alerts_is_fall_risk (const char *problem)
{
  static const char *const words[] = { "fall risk", "risk of fall", "falls", "falling", NULL };

  return mentions (problem, words);
}

/* Verified tests with a critical result that no one has reviewed. */
static gint64
critical_unreviewed (CareStore   *store,
                     const char  *patient_id,
                     GError     **error)
{
  const CareEntity *entity = care_schema_lookup ("lab_test");
  g_autoptr(GPtrArray) tests = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autofree char *columns = care_store_column_list (entity, NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM lab_tests WHERE patient_id = ?1 AND tenant_id IS ?2 "
                                          "AND status = 'verified' AND reviewed_at IS NULL", columns);
  sqlite3_stmt *stmt = care_store_prepare (store, sql, error);
  gint64 n = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tests, care_store_record_from_row (entity, stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      care_store_set_sqlite_error (store, error);
      return -1;
    }
  for (guint i = 0; i < tests->len; i++)
    {
      g_autoptr(CareChartEntry) entry = care_chart_describe_lab (store, tests->pdata[i]);

      n += entry->flag == CARE_CHART_FLAG_CRITICAL;
    }
  return n;
}

static gboolean
fall_risk (CareStore         *store,
           const CareRecord  *patient,
           GError           **error)
{
  g_auto(GStrv) conditions = care_record_get_list (patient, "conditions");
  g_autoptr(GPtrArray) problems = NULL;

  for (guint i = 0; conditions && conditions[i]; i++)
    if (care_chart_alerts_is_fall_risk (conditions[i]))
      return TRUE;
  problems = care_store_list (store, care_schema_lookup ("problem"), "patient_id", care_record_get_id (patient),
                              NULL, 0, error);
  for (guint i = 0; problems && i < problems->len; i++)
    if (g_strcmp0 (care_record_get (problems->pdata[i], "status"), "active") == 0 &&
        care_chart_alerts_is_fall_risk (care_record_get (problems->pdata[i], "name")))
      return TRUE;
  return FALSE;
}

char **
care_chart_alerts (CareStore         *store,
                   const CareRecord  *patient,
                   GError           **error)
{
  g_autoptr(GStrvBuilder) alerts = g_strv_builder_new ();
  GError *local = NULL;
  gint64 critical;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (patient != NULL, NULL);

  if (care_chart_alerts_is_dnr (care_record_get (patient, "advance_directives")))
    /* Translators: a chart alert: do not attempt resuscitation */
    g_strv_builder_add (alerts, _("DNR"));
  if (fall_risk (store, patient, &local))
    g_strv_builder_add (alerts, _("Fall risk"));
  if (local)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  critical = critical_unreviewed (store, care_record_get_id (patient), error);
  if (critical < 0)
    return NULL;
  if (critical > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u critical result not reviewed",
                                                         "%u critical results not reviewed", (gulong) critical),
                                               (guint) critical);

      g_strv_builder_add (alerts, text);
    }
  return g_strv_builder_end (alerts);
}

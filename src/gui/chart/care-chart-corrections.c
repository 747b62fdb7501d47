/* care-chart-corrections.c: the chart's allergies and problems changed, or removed as entered in error
 *
 * What the panels show is copied into each dialog, so that the lists can
 * be read again (the store changes, the worker delivers) while it is
 * open. Core decides how each source is corrected and what is refused
 * (care-chart-corrections.c in core); this file asks and shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-chart-corrections"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "care-chart-corrections.h"
#include "care-chart-record-dialog.h"
#include "care-alert.h"

typedef struct {
  CareStore        *store;
  char             *patient_id;
  CareChartAllergy *allergy;   /* one of the two */
  CareChartProblem *problem;
  GtkLabel         *error_label;
} Correction;

static void
correction_free (Correction *c)
{
  g_clear_object (&c->store);
  g_free (c->patient_id);
  g_clear_pointer (&c->allergy, care_chart_allergy_free);
  g_clear_pointer (&c->problem, care_chart_problem_free);
  g_clear_weak_pointer (&c->error_label);
  g_free (c);
}

static Correction *
correction_new (CareStore              *store,
                const char             *patient_id,
                const CareChartAllergy *allergy,
                const CareChartProblem *problem,
                GtkLabel               *error_label)
{
  Correction *c = g_new0 (Correction, 1);

  c->store = g_object_ref (store);
  c->patient_id = g_strdup (patient_id);
  c->allergy = allergy ? care_chart_allergy_copy (allergy) : NULL;
  c->problem = problem ? care_chart_problem_copy (problem) : NULL;
  g_set_weak_pointer (&c->error_label, error_label);
  return c;
}

static void
show_error (Correction   *c,
            const GError *error)
{
  if (c->error_label == NULL)
    return;
  gtk_label_set_text (c->error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (c->error_label), TRUE);
}

static GtkWindow *
window_of (GtkWidget *from)
{
  GtkRoot *root = gtk_widget_get_root (from);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* --- changes ------------------------------------------------------------------------ */

static gboolean
save_change (CareStore   *store,
             CareRecord  *record,
             gpointer     data,
             GError     **error)
{
  Correction *c = data;

  return c->allergy ? care_chart_summary_change_allergy (store, c->allergy, record, error)
                    : care_chart_summary_change_problem (store, c->problem, record, error);
}

static void
present_change (GtkWidget  *from,
                Correction *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) record = NULL;

  record = c->allergy ? care_chart_summary_allergy_record (c->store, c->patient_id, c->allergy, &error)
                      : care_chart_summary_problem_record (c->store, c->patient_id, c->problem, &error);
  if (record == NULL)
    {
      show_error (c, error);
      correction_free (c);
      return;
    }
  gtk_window_present (GTK_WINDOW (care_chart_record_dialog_new_change (window_of (from), c->store, record,
                                                                       save_change, c,
                                                                       (GDestroyNotify) correction_free)));
}

void
care_chart_change_allergy (GtkWidget              *from,
                           CareStore              *store,
                           const char             *patient_id,
                           const CareChartAllergy *shown,
                           GtkLabel               *error_label)
{
  g_return_if_fail (CARE_IS_STORE (store) && patient_id != NULL && shown != NULL);
  present_change (from, correction_new (store, patient_id, shown, NULL, error_label));
}

void
care_chart_change_problem (GtkWidget              *from,
                           CareStore              *store,
                           const char             *patient_id,
                           const CareChartProblem *shown,
                           GtkLabel               *error_label)
{
  g_return_if_fail (CARE_IS_STORE (store) && patient_id != NULL && shown != NULL);
  present_change (from, correction_new (store, patient_id, NULL, shown, error_label));
}

/* --- removals ----------------------------------------------------------------------- */

static void
on_remove_response_cb (GtkWidget        *dialog,
                       const char       *response,
                       Correction       *c)
{
  g_autoptr(GError) error = NULL;
  gboolean removed;

  if (!g_str_equal (response, "remove"))
    return;
  /* The store says it changed; the page shows the chart again. */
  removed = c->allergy ? care_chart_summary_remove_allergy (c->store, c->patient_id, c->allergy, &error)
                       : care_chart_summary_remove_problem (c->store, c->patient_id, c->problem, &error);
  if (!removed)
    show_error (c, error);
}

static void
confirm_removal (GtkWidget  *from,
                 Correction *c)
{
  const char *name = c->allergy ? c->allergy->substance : c->problem->name;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  /* Translators: asked before an allergy or a problem leaves the chart: "Remove “Penicillin”?" */
  heading = g_strdup_printf (_("Remove “%s”?"), name);
  dialog = care_alert_new (heading,
                           c->allergy ? _("Remove an allergy only when it was entered in error: it no "
                                          "longer shows in the chart's banner nor warns when prescribing.")
                                      : _("Remove a problem only when it was entered in error. A problem "
                                          "that has ended is marked resolved instead."));
  gtk_widget_set_name (dialog, "chart-remove-confirm");
  care_alert_add_response (dialog, "cancel", _("_Cancel"), CARE_ALERT_DEFAULT);
  care_alert_add_response (dialog, "remove", _("_Remove"), CARE_ALERT_DESTRUCTIVE);
  care_alert_set_default_response (dialog, "cancel");
  care_alert_set_close_response (dialog, "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_remove_response_cb), c,
                         (GClosureNotify) (void (*) (void)) correction_free, 0);
  care_alert_present (dialog, GTK_WIDGET (window_of (from)));
}

void
care_chart_remove_allergy (GtkWidget              *from,
                           CareStore              *store,
                           const char             *patient_id,
                           const CareChartAllergy *shown,
                           GtkLabel               *error_label)
{
  g_return_if_fail (CARE_IS_STORE (store) && patient_id != NULL && shown != NULL);
  confirm_removal (from, correction_new (store, patient_id, shown, NULL, error_label));
}

void
care_chart_remove_problem (GtkWidget              *from,
                           CareStore              *store,
                           const char             *patient_id,
                           const CareChartProblem *shown,
                           GtkLabel               *error_label)
{
  g_return_if_fail (CARE_IS_STORE (store) && patient_id != NULL && shown != NULL);
  confirm_removal (from, correction_new (store, patient_id, NULL, shown, error_label));
}

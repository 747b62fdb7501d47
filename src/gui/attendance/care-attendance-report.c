/* care-attendance-report.c: everyone's hours over a period, for the administrator, exported as CSV
 *
 * The hours are added up by core (care-attendance-hours.h) on the main
 * thread, from the store; the CSV is made and written in a thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-attendance-report"

#include "config.h"

#include <glib/gi18n.h>

#include "care-attendance-report.h"
#include "care-dialog-fields.h"
#include "care-file-dialog.h"
#include "care-list-util.h"

struct _CareAttendanceReport
{
  GtkWidget     parent_instance;

  CareStore    *store;
  GCancellable *cancellable;

  GtkWidget    *box;
  GtkWidget    *first;
  GtkWidget    *last;
  GtkWidget    *period_error;
  GtkWidget    *export_button;
  GtkWidget    *spinner;
  GtkListBox   *list;
};

G_DEFINE_FINAL_TYPE (CareAttendanceReport, care_attendance_report, GTK_TYPE_WIDGET)

/* The period typed, as dates, or FALSE with the problem shown. */
static gboolean
read_period (CareAttendanceReport  *self,
             char                 **first,
             char                 **last)
{
  const CareField *day = care_entity_field (care_schema_lookup ("attendance"), "day");
  g_autofree char *message = NULL;

  if (!care_field_normalize (day, gtk_editable_get_text (GTK_EDITABLE (self->first)), first, &message) ||
      !care_field_normalize (day, gtk_editable_get_text (GTK_EDITABLE (self->last)), last, &message) ||
      *first == NULL || *last == NULL)
    {
      care_dialog_show_error (self->period_error, message ? message : _("Type both days, such as 2026-12-01."));
      return FALSE;
    }
  if (strcmp (*first, *last) > 0)
    {
      care_dialog_show_error (self->period_error, _("The first day must not come after the last."));
      return FALSE;
    }
  care_dialog_show_error (self->period_error, NULL);
  return TRUE;
}

static GtkWidget *
hours_row_new (const CareAttendanceHours *hours)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *worked = care_attendance_format_minutes (hours->minutes);
  g_autofree char *subtitle = NULL;
  GtkWidget *label = gtk_label_new (worked);

  if (hours->open > 0)
    /* Translators: a role, days worked, and check-ins without a check-out */
    subtitle = g_strdup_printf (ngettext ("%s · %u days · %u check-in without a check-out",
                                          "%s · %u days · %u check-ins without a check-out", hours->open),
                                hours->role ? care_role_label (hours->role) : "", hours->days, hours->open);
  else
    /* Translators: a role and the number of days worked */
    subtitle = g_strdup_printf (ngettext ("%s · %u day", "%s · %u days", hours->days),
                                hours->role ? care_role_label (hours->role) : "", hours->days);
  gtk_widget_set_name (row, "attendance-hours-row");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), hours->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

void
care_attendance_report_reload (CareAttendanceReport *self)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CARE_IS_ATTENDANCE_REPORT (self));

  care_list_box_remove_rows (self->list);
  if (!read_period (self, &first, &last))
    {
      gtk_widget_set_sensitive (self->export_button, FALSE);
      return;
    }
  if ((rows = care_attendance_hours (self->store, first, last, &error)) == NULL)
    {
      g_warning ("Could not add up attendance: %s", error->message);
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    gtk_list_box_append (self->list, hours_row_new (rows->pdata[i]));
  gtk_widget_set_sensitive (self->export_button, rows->len > 0);
}

void
care_attendance_report_set_period (CareAttendanceReport *self,
                                   const char           *first,
                                   const char           *last)
{
  g_return_if_fail (CARE_IS_ATTENDANCE_REPORT (self));

  gtk_editable_set_text (GTK_EDITABLE (self->first), first);
  gtk_editable_set_text (GTK_EDITABLE (self->last), last);
  care_attendance_report_reload (self);
}

/* --- export ------------------------------------------------------------------ */

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  GPtrArray *rows = data;
  g_autofree char *csv = care_attendance_hours_to_csv (rows);
  GFile *file = g_object_get_data (G_OBJECT (task), "file");
  GError *error = NULL;

  if (g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                               cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
set_busy (CareAttendanceReport *self,
          gboolean              busy)
{
  gtk_widget_set_sensitive (self->export_button, !busy);
  gtk_widget_set_sensitive (self->first, !busy);
  gtk_widget_set_sensitive (self->last, !busy);
  gtk_widget_set_visible (self->spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
}

static void
on_exported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  GTask *outer = data;
  CareAttendanceReport *self = g_task_get_source_object (outer);
  GError *error = NULL;

  set_busy (self, FALSE);
  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (outer, TRUE);
  else
    g_task_return_error (outer, error);
  g_object_unref (outer);
}

void
care_attendance_report_export_async (CareAttendanceReport *self,
                                     GFile                *file,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_autoptr(GTask) outer = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) task = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  GPtrArray *rows;
  GError *error = NULL;

  g_return_if_fail (CARE_IS_ATTENDANCE_REPORT (self));
  g_return_if_fail (G_IS_FILE (file));

  g_task_set_source_tag (outer, care_attendance_report_export_async);
  if (!read_period (self, &first, &last))
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s",
                               gtk_label_get_label (GTK_LABEL (self->period_error)));
      return;
    }
  /* The store is read here, on the main thread; the thread gets the rows. */
  if ((rows = care_attendance_hours (self->store, first, last, &error)) == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }
  set_busy (self, TRUE);
  task = g_task_new (NULL, cancellable, on_exported_cb, g_steal_pointer (&outer));
  g_task_set_task_data (task, rows, (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (task), "file", g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, export_thread);
}

gboolean
care_attendance_report_export_finish (CareAttendanceReport *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_export_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  CareAttendanceReport *self = CARE_ATTENDANCE_REPORT (source);
  g_autoptr(GError) error = NULL;

  if (!care_attendance_report_export_finish (self, result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    care_dialog_refused (GTK_WIDGET (self), error);
}

static void
on_chosen_cb (GFile    *file,
              gpointer  user_data)
{
  CareAttendanceReport *self = user_data;

  if (file)
    care_attendance_report_export_async (self, file, self->cancellable, on_export_done_cb, NULL);
}

static void
on_export_clicked_cb (CareAttendanceReport *self)
{
  const CareFileFilter filters[] = {
    { _("CSV spreadsheets"), "text/csv", "csv" },
    { NULL }
  };
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *name = NULL;

  if (read_period (self, &first, &last))
    /* Translators: the file name offered for the export; the period's first and last days */
    name = g_strdup_printf (_("attendance-%s-to-%s.csv"), first, last);
  care_file_dialog_save (GTK_WIDGET (self), _("Export Attendance"), _("_Export"), name, filters, NULL,
                         on_chosen_cb, g_object_ref (self), g_object_unref);
}

/* --- widget ------------------------------------------------------------------ */

static void
on_store_changed_cb (CareStore            *store,
                     const char           *entity,
                     const char           *id,
                     CareAttendanceReport *self)
{
  if (g_strcmp0 (entity, "attendance") == 0)
    care_attendance_report_reload (self);
}

static void
care_attendance_report_dispose (GObject *object)
{
  CareAttendanceReport *self = CARE_ATTENDANCE_REPORT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (care_attendance_report_parent_class)->dispose (object);
}

static void
care_attendance_report_class_init (CareAttendanceReportClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = care_attendance_report_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
care_attendance_report_init (CareAttendanceReport *self)
{
  GtkWidget *period = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *from_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *to_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (_("Everyone’s Hours"));

  self->cancellable = g_cancellable_new ();
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (self->box), heading);

  self->first = care_dialog_entry (from_box, _("_From"), "attendance-from", _("e.g. 2026-12-01"));
  self->last = care_dialog_entry (to_box, _("_To"), "attendance-to", _("e.g. 2026-12-31"));
  gtk_box_append (GTK_BOX (period), from_box);
  gtk_box_append (GTK_BOX (period), to_box);
  self->export_button = gtk_button_new_with_mnemonic (_("_Export CSV…"));
  gtk_widget_set_name (self->export_button, "attendance-export");
  gtk_widget_set_valign (self->export_button, GTK_ALIGN_END);
  gtk_widget_set_hexpand (self->export_button, TRUE);
  gtk_widget_set_halign (self->export_button, GTK_ALIGN_END);
  gtk_widget_set_tooltip_text (self->export_button, _("Save everyone’s hours for the period as a spreadsheet file"));
  g_signal_connect_swapped (self->export_button, "clicked", G_CALLBACK (on_export_clicked_cb), self);
  self->spinner = gtk_spinner_new ();
  gtk_widget_set_valign (self->spinner, GTK_ALIGN_END);
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_box_append (GTK_BOX (period), self->export_button);
  gtk_box_append (GTK_BOX (period), self->spinner);
  gtk_box_append (GTK_BOX (self->box), period);
  self->period_error = care_dialog_error_new ("attendance-period-error");
  gtk_box_append (GTK_BOX (self->box), self->period_error);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->list), "attendance-hours");
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Hours per person"), -1);
  gtk_list_box_set_placeholder (self->list, care_list_placeholder_new (_("Nobody checked in during this period.")));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->list));
}

GtkWidget *
care_attendance_report_new (CareStore *store)
{
  CareAttendanceReport *self;
  g_autoptr(GDateTime) now = care_clock_now_local ();
  g_autofree char *first = g_date_time_format (now, "%Y-%m-01");
  g_autofree char *last = g_date_time_format (now, "%Y-%m-%d");

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  self = g_object_new (CARE_TYPE_ATTENDANCE_REPORT, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self, 0);
  g_signal_connect_swapped (self->first, "changed", G_CALLBACK (care_attendance_report_reload), self);
  g_signal_connect_swapped (self->last, "changed", G_CALLBACK (care_attendance_report_reload), self);
  care_attendance_report_set_period (self, first, last);
  return GTK_WIDGET (self);
}

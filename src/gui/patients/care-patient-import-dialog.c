/* care-patient-import-dialog.c: importing a clinic's patient list from a CSV file
 *
 * Four steps on one window: choose a file; say which patient detail each
 * column fills in (guessed from the headings) and how dates are written;
 * check every row, which lists the rows that cannot be imported and why,
 * and the possible duplicates; import the rest. The rules are core's
 * (care-patient-import.c). Reading the file, checking and importing run
 * in a GTask thread, the last two with a store connection of their own to
 * the same file (a million rows would hold the main loop for seconds); a
 * timeout polls their progress. The import is one transaction: all the
 * ready rows or none. Afterwards the window's own connection announces the
 * new patients, so the list shows them as after any other write.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-patient-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "care-file-dialog.h"
#include "care-patient-import-dialog.h"
#include "care-store-worker.h"

#define PROGRESS_INTERVAL_MS 100

struct _CarePatientImportDialog
{
  AdwWindow          parent_instance;

  CareStore         *store;
  CarePatientImport *import;        /* a worker may be using it: freed in finalize */
  GFile             *file;
  GCancellable      *cancellable;   /* of the work under way */
  guint              progress_id;
  CarePatientImport *progress_of;   /* the import the work under way reports on; NULL: reading */
  gboolean           busy;
  gboolean           close_when_done;
  gboolean           disposed;
  gboolean           syncing;       /* the combo rows are being set from code */
  GPtrArray         *column_rows;   /* AdwComboRow per column of the file */
  GtkStringList     *field_names;   /* "Leave out", then the fields' labels */
  GtkStringList     *rows_model;    /* the preview's rows left out, in words */

  /* Template widgets */
  GtkLabel          *error_label;
  GtkStack          *stack;
  GtkLabel          *file_label;
  AdwComboRow       *date_order_row;
  AdwPreferencesGroup *columns_group;
  GtkWidget         *check_button;
  GtkLabel          *working_label;
  GtkProgressBar    *progress_bar;
  GtkWidget         *cancel_button;
  GtkLabel          *ready_label;
  GtkLabel          *problems_label;
  GtkLabel          *duplicates_label;
  GtkListView       *rows_view;
  GtkWidget         *import_button;
  AdwStatusPage     *done_page;
  GtkWidget         *close_button;
};

G_DEFINE_FINAL_TYPE (CarePatientImportDialog, care_patient_import_dialog, ADW_TYPE_WINDOW)

static void
show_error (CarePatientImportDialog *self,
            const char              *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* --- work in a thread, with a progress bar ----------------------------------- */

static gboolean
on_progress_timeout_cb (gpointer data)
{
  CarePatientImportDialog *self = data;
  guint done = 0, total = 0;

  if (self->progress_of)
    care_patient_import_get_progress (self->progress_of, &done, &total);
  if (total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double) done / total));
  else
    gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

/* Shows the working page for work about to start with self->cancellable.
 * The progress bar follows progress_of (NULL: it pulses). */
static void
start_work (CarePatientImportDialog *self,
            const char              *what,
            CarePatientImport       *progress_of)
{
  show_error (self, NULL);
  self->progress_of = progress_of;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = TRUE;
  gtk_label_set_text (self->working_label, what);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_widget_set_sensitive (self->cancel_button, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "working");
  gtk_widget_grab_focus (self->cancel_button);
  self->progress_id = g_timeout_add (PROGRESS_INTERVAL_MS, on_progress_timeout_cb, self);
}

/* Ends the work: TRUE if the dialog should go on showing its result. */
static gboolean
finish_work (CarePatientImportDialog *self)
{
  self->busy = FALSE;
  g_clear_handle_id (&self->progress_id, g_source_remove);
  if (self->close_when_done && !self->disposed)
    gtk_window_destroy (GTK_WINDOW (self));
  return !self->disposed;
}

static void
on_cancel_clicked_cb (CarePatientImportDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  gtk_widget_set_sensitive (self->cancel_button, FALSE);
}

/* --- the columns ------------------------------------------------------------ */

static const CareEntity *
patient_entity (void)
{
  return care_schema_lookup ("patient");
}

static void
sync_column_rows (CarePatientImportDialog *self)
{
  const char *const *fields = care_patient_import_fields ();

  self->syncing = TRUE;
  for (guint column = 0; column < self->column_rows->len; column++)
    {
      const char *field = care_patient_import_get_field (self->import, column);
      guint selected = 0;

      for (guint i = 0; field && fields[i]; i++)
        if (g_str_equal (fields[i], field))
          selected = i + 1;
      adw_combo_row_set_selected (g_ptr_array_index (self->column_rows, column), selected);
    }
  adw_combo_row_set_selected (self->date_order_row, care_patient_import_get_date_order (self->import));
  self->syncing = FALSE;
}

static void
on_column_selected_cb (AdwComboRow             *row,
                       GParamSpec              *pspec,
                       CarePatientImportDialog *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "column"));
  guint selected = adw_combo_row_get_selected (row);

  if (self->syncing || self->import == NULL)
    return;
  care_patient_import_set_field (self->import, column,
                                 selected == 0 || selected == GTK_INVALID_LIST_POSITION
                                 ? NULL : care_patient_import_fields ()[selected - 1]);
  /* A field comes from one column: another that had it lets go. */
  sync_column_rows (self);
}

static void
on_date_order_selected_cb (AdwComboRow             *row,
                           GParamSpec              *pspec,
                           CarePatientImportDialog *self)
{
  if (!self->syncing && self->import && adw_combo_row_get_selected (row) != GTK_INVALID_LIST_POSITION)
    care_patient_import_set_date_order (self->import, adw_combo_row_get_selected (row));
}

/* The first value the column has, to show what it holds. */
static const char *
sample (const CareCsv *csv,
        guint          column)
{
  for (guint row = 0; row < MIN (care_csv_get_n_rows (csv), 100); row++)
    if (care_csv_get_cell (csv, row, column)[0] != '\0')
      return care_csv_get_cell (csv, row, column);
  return NULL;
}

static void
show_columns (CarePatientImportDialog *self)
{
  const CareCsv *csv = care_patient_import_get_csv (self->import);
  g_autofree char *name = g_file_get_basename (self->file);
  g_autofree char *file_text = NULL;

  for (guint i = 0; i < self->column_rows->len; i++)
    adw_preferences_group_remove (self->columns_group, g_ptr_array_index (self->column_rows, i));
  g_ptr_array_set_size (self->column_rows, 0);

  for (guint column = 0; column < care_csv_get_n_columns (csv); column++)
    {
      GtkWidget *row = adw_combo_row_new ();
      const char *heading = care_csv_get_header (csv, column);
      const char *example = sample (csv, column);
      g_autofree char *title = heading[0] ? g_strdup (heading)
                                          /* Translators: a column without a heading, by its number */
                                          : g_strdup_printf (_("Column %u"), column + 1);
      g_autofree char *subtitle = example ? g_strdup_printf (_("For example “%s”"), example)
                                          : g_strdup (_("Empty in every row"));
      g_autofree char *widget_name = g_strdup_printf ("patient-import-column-%u", column);
      /* Translators: the accessible name of the choice of field for a column of the file */
      g_autofree char *accessible = g_strdup_printf (_("Patient detail in column “%s”"), title);

      gtk_widget_set_name (row, widget_name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (self->field_names));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      g_object_set_data (G_OBJECT (row), "column", GUINT_TO_POINTER (column));
      adw_preferences_group_add (self->columns_group, row);
      g_ptr_array_add (self->column_rows, row);
    }
  sync_column_rows (self);
  for (guint i = 0; i < self->column_rows->len; i++)
    g_signal_connect_object (g_ptr_array_index (self->column_rows, i), "notify::selected",
                             G_CALLBACK (on_column_selected_cb), self, 0);

  file_text = g_strdup_printf (ngettext ("“%s” has %u row of patients.", "“%s” has %u rows of patients.",
                                         care_csv_get_n_rows (csv)),
                               name, care_csv_get_n_rows (csv));
  gtk_label_set_text (self->file_label, file_text);
  gtk_widget_set_sensitive (self->check_button, care_csv_get_n_rows (csv) > 0);
  gtk_stack_set_visible_child_name (self->stack, "mapping");
  gtk_widget_grab_focus (self->check_button);
}

/* --- reading the file -------------------------------------------------------- */

static void
read_file_thread (GTask        *task,
                  gpointer      source,
                  gpointer      data,
                  GCancellable *cancellable)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  GError *error = NULL;
  CareCsv *csv;

  if (!g_file_load_contents (G_FILE (data), cancellable, &contents, &length, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  csv = care_csv_parse (contents, length, &error);
  if (csv == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, csv, (GDestroyNotify) care_csv_free);
}

static void
on_file_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CarePatientImportDialog *self = CARE_PATIENT_IMPORT_DIALOG (source);
  g_autoptr(GError) error = NULL;
  CareCsv *csv = g_task_propagate_pointer (G_TASK (result), &error);

  if (!finish_work (self))
    {
      care_csv_free (csv);
      return;
    }
  if (csv == NULL)
    {
      g_autofree char *name = g_file_get_basename (self->file);
      g_autofree char *message = NULL;

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Translators: the file's name, then what is wrong with it */
          message = g_strdup_printf (_("Could not read “%s”: %s"), name, error->message);
          show_error (self, message);
        }
      gtk_stack_set_visible_child_name (self->stack, self->import ? "mapping" : "choose");
      return;
    }
  g_clear_pointer (&self->import, care_patient_import_free);
  self->import = care_patient_import_new (csv);
  show_columns (self);
}

void
care_patient_import_dialog_load_file (CarePatientImportDialog *self,
                                      GFile                   *file)
{
  g_autofree char *name = NULL;
  g_autofree char *what = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CARE_IS_PATIENT_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->busy)
    return;
  g_set_object (&self->file, file);
  name = g_file_get_basename (file);
  what = g_strdup_printf (_("Reading “%s”…"), name);
  start_work (self, what, NULL);
  task = g_task_new (self, self->cancellable, on_file_read_cb, NULL);
  g_task_set_source_tag (task, care_patient_import_dialog_load_file);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, read_file_thread);
}

static void
on_chosen_cb (GFile    *file,
              gpointer  user_data)
{
  if (file)
    care_patient_import_dialog_load_file (user_data, file);
}

static void
on_choose_clicked_cb (CarePatientImportDialog *self)
{
  const CareFileFilter filters[] = {
    { _("CSV files"), "text/csv", "csv;txt" },
    { _("All files"), .patterns = "*" },
    { NULL }
  };

  care_file_dialog_open (GTK_WIDGET (self), _("Choose a Patient List"), _("_Open"), filters, NULL,
                         on_chosen_cb, g_object_ref (self), g_object_unref);
}

/* --- checking ------------------------------------------------------------- */

/* The rows left out, in words, in the file's order. */
static GPtrArray *
rows_left_out (CarePatientImport *import)
{
  const CareCsv *csv = care_patient_import_get_csv (import);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  for (guint row = 0; row < care_csv_get_n_rows (csv); row++)
    {
      const char *problem = care_patient_import_get_problem (import, row);
      const char *whom = care_patient_import_get_duplicate (import, row);

      if (problem)
        g_ptr_array_add (lines, g_strdup (problem));
      else if (whom)
        /* Translators: a row left out; %s is whom it repeats ("Maria López (K7QF-000042), already registered") */
        g_ptr_array_add (lines, g_strdup_printf (_("Line %u: possibly the same person as %s"),
                                                 care_csv_get_line (csv, row), whom));
    }
  g_ptr_array_add (lines, NULL);
  return lines;
}

/* The check and the import run on a store connection of their own
 * (care-store-worker.h); the import is the dialog's, which outlives the
 * work (the callback holds the dialog). A check returns the rows left out. */
static gpointer
check_work (CareStore     *worker,
            gpointer       import,
            GCancellable  *cancellable,
            GError       **error)
{
  return care_patient_import_check (import, worker, cancellable, error) ? rows_left_out (import) : NULL;
}

static gpointer
import_work (CareStore     *worker,
             gpointer       import,
             GCancellable  *cancellable,
             GError       **error)
{
  care_patient_import_run (import, worker, cancellable, error);
  return NULL;
}

static void
start_store_work (CarePatientImportDialog *self,
                  const char              *what,
                  CareStoreWorkerAccess    access,
                  CareStoreWorkFunc        func,
                  GAsyncReadyCallback      callback)
{
  start_work (self, what, self->import);
  care_store_run_in_thread (self->store, access, func, self->import, NULL, (GDestroyNotify) g_ptr_array_unref,
                            self->cancellable, callback, g_object_ref (self));
}

static void
show_preview (CarePatientImportDialog *self,
              GPtrArray               *lines)
{
  guint n_ready = care_patient_import_get_n_ready (self->import);
  guint n_problems = care_patient_import_get_n_problems (self->import);
  guint n_duplicates = care_patient_import_get_n_duplicates (self->import);
  g_autofree char *ready = g_strdup_printf (ngettext ("%u patient ready to import", "%u patients ready to import",
                                                      n_ready), n_ready);
  g_autofree char *problems = g_strdup_printf (ngettext ("%u row with a problem, left out",
                                                         "%u rows with problems, left out", n_problems),
                                               n_problems);
  g_autofree char *duplicates = g_strdup_printf (ngettext ("%u possible duplicate, left out",
                                                           "%u possible duplicates, left out", n_duplicates),
                                                 n_duplicates);
  g_autofree char *button = g_strdup_printf (ngettext ("_Import %u Patient", "_Import %u Patients", n_ready),
                                             n_ready);

  gtk_label_set_text (self->ready_label, ready);
  gtk_label_set_text (self->problems_label, problems);
  gtk_label_set_text (self->duplicates_label, duplicates);
  gtk_button_set_label (GTK_BUTTON (self->import_button), button);
  gtk_widget_set_sensitive (self->import_button, n_ready > 0);
  gtk_string_list_splice (self->rows_model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows_model)),
                          (const char *const *) lines->pdata);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->rows_view)), lines->len > 1);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  gtk_widget_grab_focus (n_ready > 0 ? self->import_button : GTK_WIDGET (self->rows_view));
}

static void
on_checked_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CarePatientImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = care_store_run_finish (CARE_STORE (source), result, &error);

  if (!finish_work (self))
    return;
  if (lines == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Translators: %s says what went wrong */
          g_autofree char *message = g_strdup_printf (_("The rows could not be checked: %s"), error->message);

          show_error (self, message);
        }
      gtk_stack_set_visible_child_name (self->stack, "mapping");
      gtk_widget_grab_focus (self->check_button);
      return;
    }
  show_preview (self, lines);
}

static void
on_check_clicked_cb (CarePatientImportDialog *self)
{
  if (self->busy || self->import == NULL)
    return;
  start_store_work (self, _("Checking the rows…"), CARE_STORE_WORKER_READ, check_work, on_checked_cb);
}

static void
on_back_clicked_cb (CarePatientImportDialog *self)
{
  show_error (self, NULL);
  gtk_stack_set_visible_child_name (self->stack, "mapping");
  gtk_widget_grab_focus (self->check_button);
}

/* --- importing ------------------------------------------------------------ */

static void
on_imported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CarePatientImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n_ready = care_patient_import_get_n_ready (self->import);
  g_autofree char *title = NULL;

  care_store_run_finish (CARE_STORE (source), result, &error);
  if (error == NULL)
    /* Written with another connection: this one's listeners (the list)
     * learn of it here, and the sync engine sends the new patients. */
    care_store_note_external (self->store, patient_entity (), NULL);
  if (!finish_work (self))
    return;
  if (error)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        message = g_strdup (_("The import was cancelled. No patients were added."));
      else
        /* Translators: %s says what went wrong */
        message = g_strdup_printf (_("No patients were added: %s"), error->message);
      show_error (self, message);
      gtk_stack_set_visible_child_name (self->stack, "preview");
      gtk_widget_grab_focus (self->import_button);
      return;
    }

  title = g_strdup_printf (ngettext ("%u Patient Added", "%u Patients Added", n_ready), n_ready);
  adw_status_page_set_title (self->done_page, title);
  adw_status_page_set_description (self->done_page,
                                   care_patient_import_get_n_problems (self->import) +
                                   care_patient_import_get_n_duplicates (self->import) > 0
                                   ? _("They are in the patient list. To add the rows that were left out, "
                                       "correct them in the file and import it again: the patients added "
                                       "now will show as duplicates and be left out.")
                                   : _("They are in the patient list."));
  gtk_stack_set_visible_child_name (self->stack, "done");
  gtk_widget_grab_focus (self->close_button);
}

static void
on_import_clicked_cb (CarePatientImportDialog *self)
{
  if (self->busy || self->import == NULL || care_patient_import_get_n_ready (self->import) == 0)
    return;
  start_store_work (self, _("Importing the patients…"), CARE_STORE_WORKER_WRITE, import_work, on_imported_cb);
}

/* --- GObject ------------------------------------------------------------- */

static gboolean
care_patient_import_dialog_close_request (GtkWindow *window)
{
  CarePatientImportDialog *self = CARE_PATIENT_IMPORT_DIALOG (window);

  /* Work under way stops first; an import rolls back before the window goes. */
  if (self->busy)
    {
      self->close_when_done = TRUE;
      on_cancel_clicked_cb (self);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (care_patient_import_dialog_parent_class)->close_request (window);
}

static void
care_patient_import_dialog_dispose (GObject *object)
{
  CarePatientImportDialog *self = CARE_PATIENT_IMPORT_DIALOG (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_PATIENT_IMPORT_DIALOG);

  G_OBJECT_CLASS (care_patient_import_dialog_parent_class)->dispose (object);
}

static void
care_patient_import_dialog_finalize (GObject *object)
{
  CarePatientImportDialog *self = CARE_PATIENT_IMPORT_DIALOG (object);

  /* Each task holds the dialog, so no worker uses these any more. */
  g_clear_pointer (&self->import, care_patient_import_free);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);
  g_clear_object (&self->field_names);
  g_clear_object (&self->rows_model);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->file);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (care_patient_import_dialog_parent_class)->finalize (object);
}

static void
care_patient_import_dialog_class_init (CarePatientImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = care_patient_import_dialog_dispose;
  object_class->finalize = care_patient_import_dialog_finalize;
  window_class->close_request = care_patient_import_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/caredesk/Caredesk/patients/care-patient-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CarePatientImportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CarePatientImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CarePatientImportDialog, file_label);
  gtk_widget_class_bind_template_child (widget_class, CarePatientImportDialog, date_order_row);
  gtk_widget_class_bind_template_child (widget_class, CarePatientImportDialog, columns_group);
  gtk_widget_class_bind_template_child (widget_class, CarePatientImportDialog, check_button);
  gtk_widget_class_bind_template_child (widget_class, CarePatientImportDialog, working_label);
  gtk_widget_class_bind_template_child (widget_class, CarePatientImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CarePatientImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CarePatientImportDialog, ready_label);
  gtk_widget_class_bind_template_child (widget_class, CarePatientImportDialog, problems_label);
  gtk_widget_class_bind_template_child (widget_class, CarePatientImportDialog, duplicates_label);
  gtk_widget_class_bind_template_child (widget_class, CarePatientImportDialog, rows_view);
  gtk_widget_class_bind_template_child (widget_class, CarePatientImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, CarePatientImportDialog, done_page);
  gtk_widget_class_bind_template_child (widget_class, CarePatientImportDialog, close_button);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_check_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_import_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
on_row_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_list_item_set_child (item, label);
}

static void
on_row_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  data)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

static void
care_patient_import_dialog_init (CarePatientImportDialog *self)
{
  const char *const *fields = care_patient_import_fields ();
  g_autoptr(GtkStringList) orders = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->column_rows = g_ptr_array_new ();
  /* Translators: the choice for a column of the file that is not imported */
  self->field_names = gtk_string_list_new ((const char *const[]) { _("Leave out"), NULL });
  for (guint i = 0; fields[i]; i++)
    gtk_string_list_append (self->field_names, _(care_entity_field (patient_entity (), fields[i])->label));

  /* In CareDateOrder's order. */
  gtk_string_list_append (orders, _("1984-03-27 (year first)"));
  gtk_string_list_append (orders, _("27/03/1984 (day first)"));
  gtk_string_list_append (orders, _("03/27/1984 (month first)"));
  adw_combo_row_set_model (self->date_order_row, G_LIST_MODEL (orders));
  g_signal_connect_object (self->date_order_row, "notify::selected",
                           G_CALLBACK (on_date_order_selected_cb), self, 0);

  self->rows_model = gtk_string_list_new (NULL);
  g_signal_connect (factory, "setup", G_CALLBACK (on_row_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_row_bind_cb), NULL);
  gtk_list_view_set_factory (self->rows_view, factory);
  gtk_list_view_set_model (self->rows_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->rows_model)))));
}

CarePatientImportDialog *
care_patient_import_dialog_new (CareStore *store)
{
  CarePatientImportDialog *self;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  self = g_object_new (CARE_TYPE_PATIENT_IMPORT_DIALOG, NULL);
  self->store = g_object_ref (store);
  return self;
}

CarePatientImport *
care_patient_import_dialog_get_import (CarePatientImportDialog *self)
{
  g_return_val_if_fail (CARE_IS_PATIENT_IMPORT_DIALOG (self), NULL);

  return self->import;
}

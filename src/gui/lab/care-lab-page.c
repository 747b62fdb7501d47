/* care-lab-page.c: the Laboratory page: the queue, each request's next step, results and the report
 *
 * The queue comes from core (care_lab_queue_list(), filtered in SQL),
 * STAT first. A selected request offers the steps core allows from its
 * status; results are typed into a grid per panel that shows the flags
 * core computes; verifying draws the report PDF in a worker thread
 * (care_lab_report_document_finalise_async()), archives it with its hash
 * and opens the preview, from which it prints or exports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-lab-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-list-util.h"
#include "care-billing-print.h"
#include "care-lab-page.h"
#include "care-lab-bands.h"
#include "care-lab-catalogue-editor.h"
#include "care-lab-documents.h"
#include "care-lab-reports.h"
#include "care-lab-specimen.h"
#include "care-lab-queue-row.h"
#include "care-lab-report-document.h"
#include "care-lab-results-grid.h"
#include "care-alert.h"

/* The status filter's items, in its order (NULL: every request). */
static const char *const status_filters[] = {
  CARE_LAB_QUEUE_OPEN, "requested", "collected", "in_progress", "sent_out", "completed", "verified", "cancelled", NULL,
};
static const char *const priority_filters[] = { NULL, "stat", "urgent", "routine" };

#define QUEUE_LIMIT 500

struct _CareLabPage
{
  CarePage      parent_instance;

  char         *selected_id;
  CareRecord   *test;          /* the selected request, as last read */
  CareLabCatalogue *catalogue; /* the clinic's panels, as last read; the grid's panel is one */
  GtkWidget    *grid;          /* CareLabResultsGrid, or NULL */
  GCancellable *cancellable;
  gboolean      busy;
  gboolean      reloading;

  /* Template widgets */
  GtkLabel     *summary_label;
  GtkDropDown  *status_filter;
  GtkDropDown  *priority_filter;
  GtkListBox   *queue_list;
  GtkStack     *detail_stack;
  GtkLabel     *detail_title;
  GtkLabel     *detail_patient;
  GtkLabel     *detail_status;
  GtkWidget    *action_box;
  GtkWidget    *collect_button;
  GtkWidget    *start_button;
  GtkWidget    *save_button;
  GtkWidget    *resulted_button;
  GtkWidget    *verify_button;
  GtkWidget    *report_button;
  GtkWidget    *label_button;
  GtkWidget    *send_out_button;
  GtkWidget    *attach_button;
  GtkWidget    *amend_button;
  GtkWidget    *cancel_button;
  GtkSpinner   *busy_spinner;
  GtkLabel     *detail_error;
  GtkBox       *results_box;
};

G_DEFINE_FINAL_TYPE (CareLabPage, care_lab_page, CARE_TYPE_PAGE)

static GtkWindow *
parent_window (CareLabPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_error (CareLabPage  *self,
            const GError *error)
{
  gtk_label_set_label (self->detail_error, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_error), error != NULL);
}

/* --- the queue ------------------------------------------------------------- */

static void
update_summary (CareLabPage *self,
                GPtrArray   *items)
{
  guint stat = 0, urgent = 0;
  g_autofree char *total = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < items->len; i++)
    {
      CareLabQueueItem *item = g_ptr_array_index (items, i);
      stat += g_strcmp0 (item->priority, "stat") == 0;
      urgent += g_strcmp0 (item->priority, "urgent") == 0;
    }
  total = g_strdup_printf (ngettext ("%u request", "%u requests", items->len), items->len);
  /* Translators: the number of requests shown, then how many are STAT and urgent */
  text = g_strdup_printf (_("%s · %u STAT · %u urgent"), total, stat, urgent);
  gtk_label_set_label (self->summary_label, text);
}

static void show_test (CareLabPage *self);

static void
care_lab_page_reload (CareLabPage *self)
{
  CareStore *store = care_page_get_store (CARE_PAGE (self));
  guint s = gtk_drop_down_get_selected (self->status_filter);
  guint p = gtk_drop_down_get_selected (self->priority_filter);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *selected = NULL;

  if (store == NULL)
    return;
  items = care_lab_queue_list (store, status_filters[MIN (s, G_N_ELEMENTS (status_filters) - 1)],
                               priority_filters[MIN (p, G_N_ELEMENTS (priority_filters) - 1)], QUEUE_LIMIT, &error);
  if (items == NULL)
    {
      g_warning ("Could not read the lab queue: %s", error->message);
      return;
    }

  self->reloading = TRUE;
  /* Rows only: removing every child took the placeholder with them. */
  care_list_box_remove_rows (self->queue_list);
  for (guint i = 0; i < items->len; i++)
    {
      CareLabQueueItem *item = g_ptr_array_index (items, i);
      GtkWidget *row = care_lab_queue_row_new (item, i);

      gtk_list_box_append (self->queue_list, row);
      if (g_strcmp0 (item->test_id, self->selected_id) == 0)
        selected = GTK_LIST_BOX_ROW (row);
    }
  gtk_list_box_select_row (self->queue_list, selected);
  self->reloading = FALSE;
  update_summary (self, items);
  show_test (self);
}

static void
on_filter_changed_cb (CareLabPage *self)
{
  care_lab_page_reload (self);
}

static void
on_row_selected_cb (CareLabPage   *self,
                    GtkListBoxRow *row)
{
  /* Also when the page goes: the list empties after its template. */
  const char *test_id;

  if (self->reloading || self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  /* GTK may select the same request's new row again after a reload, in a
   * later frame: the values being typed into its grid must stay. */
  test_id = row ? care_lab_queue_row_get_test_id (GTK_WIDGET (row)) : NULL;
  if (test_id && g_strcmp0 (test_id, self->selected_id) == 0 && self->test != NULL)
    return;
  g_free (self->selected_id);
  self->selected_id = g_strdup (test_id);
  show_error (self, NULL);
  show_test (self);
}

/* --- the selected request -------------------------------------------------- */

static gboolean
offers (const char *status,
        const char *to)
{
  return g_strv_contains (care_lab_queue_next_steps (status), to);
}

static void
update_actions (CareLabPage *self)
{
  const char *status = self->test ? care_record_get (self->test, "status") : NULL;
  gboolean has_report = self->test && care_record_get_blob (self->test, "report_pdf") != NULL;
  gboolean entering = self->grid != NULL && (offers (status, "completed") || g_strcmp0 (status, "completed") == 0);

  gtk_widget_set_visible (self->collect_button, offers (status, "collected"));
  gtk_widget_set_visible (self->start_button, offers (status, "in_progress"));
  gtk_widget_set_visible (self->save_button, entering);
  gtk_widget_set_visible (self->resulted_button, entering && g_strcmp0 (status, "completed") != 0);
  gtk_widget_set_visible (self->verify_button, offers (status, "verified"));
  gtk_widget_set_visible (self->report_button, has_report || g_strcmp0 (status, "verified") == 0 ||
                                               g_strcmp0 (status, "reviewed") == 0);
  gtk_widget_set_visible (self->cancel_button, offers (status, "cancelled"));
  gtk_widget_set_visible (self->label_button, self->test && care_lab_check_label (self->test, NULL));
  gtk_widget_set_visible (self->send_out_button, offers (status, "sent_out"));
  gtk_widget_set_visible (self->attach_button, g_strcmp0 (status, "sent_out") == 0);
  gtk_widget_set_visible (self->amend_button, self->grid != NULL && self->test && care_lab_check_amendment (self->test, NULL));
  gtk_widget_set_sensitive (self->action_box, !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), self->busy);
  gtk_spinner_set_spinning (self->busy_spinner, self->busy);
  if (self->grid)
    gtk_widget_set_sensitive (self->grid, !self->busy);
}

static char *
status_line (CareRecord *test)
{
  const CareEntity *entity = care_record_get_entity (test);
  const char *status = care_field_choice_label (care_entity_field (entity, "status"), care_record_get (test, "status"));
  const char *priority = care_field_choice_label (care_entity_field (entity, "priority"), care_record_get (test, "priority"));
  g_autofree char *when = care_lab_format_requested_at (care_record_get (test, CARE_COLUMN_CREATED_AT));
  const char *reason = care_record_get (test, "cancel_reason");

  if (reason)
    /* Translators: a cancelled lab request: priority, status, when requested, why cancelled */
    return g_strdup_printf (_("%s · %s · requested %s · %s"), priority, status, when, reason);
  /* Translators: a lab request: priority, status, when requested */
  return g_strdup_printf (_("%s · %s · requested %s"), priority, status, when);
}

static void
show_test (CareLabPage *self)
{
  CareStore *store = care_page_get_store (CARE_PAGE (self));
  g_autoptr(CareRecord) patient = NULL;
  g_autofree char *patient_line = NULL;
  g_autofree char *status = NULL;
  const CareLabPanel *panel;
  const char *sex;

  g_clear_pointer (&self->test, care_record_unref);
  if (self->grid)
    {
      gtk_box_remove (self->results_box, self->grid);
      self->grid = NULL;
    }
  g_clear_pointer (&self->catalogue, care_lab_catalogue_unref);
  self->catalogue = care_lab_catalogue_load (store, NULL);
  if (self->catalogue == NULL)
    self->catalogue = care_lab_catalogue_load_builtin ();
  if (self->selected_id)
    self->test = care_store_get (store, care_schema_lookup ("lab_test"), self->selected_id, NULL);
  if (self->test == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "empty");
      update_actions (self);
      return;
    }

  patient = care_store_get (store, care_schema_lookup ("patient"), care_record_get (self->test, "patient_id"), NULL);
  sex = patient ? care_record_get (patient, "sex") : NULL;
  gtk_label_set_label (self->detail_title, _(care_record_get (self->test, "test_name")));
  if (patient)
    {
      g_autofree char *name = care_record_dup_title (patient);
      const char *sex_label = care_field_choice_label (care_entity_field (care_schema_lookup ("patient"), "sex"), sex);

      /* Translators: the patient of a lab request: name, MRN, date of birth, sex */
      patient_line = g_strdup_printf (_("%s · MRN %s · born %s · %s"), name,
                                      care_record_get (patient, "mrn") ? care_record_get (patient, "mrn") : "—",
                                      care_record_get (patient, "date_of_birth"), sex_label ? sex_label : "—");
    }
  gtk_label_set_label (self->detail_patient, patient_line ? patient_line : "");
  status = status_line (self->test);
  gtk_label_set_label (self->detail_status, status);

  panel = care_lab_catalogue_lookup_test (self->catalogue, self->test);
  if (panel && g_strcmp0 (care_record_get (self->test, "status"), "requested") != 0 &&
      g_strcmp0 (care_record_get (self->test, "status"), "assigned") != 0 &&
      g_strcmp0 (care_record_get (self->test, "status"), "cancelled") != 0)
    {
      /* Verified results are corrected in place: an amendment each. */
      gboolean editable = care_lab_check_results (self->test, NULL) || care_lab_check_amendment (self->test, NULL);

      self->grid = care_lab_results_grid_new (store, self->test, panel, sex,
                                              care_lab_patient_age_days (patient, self->test), editable);
      gtk_box_append (self->results_box, self->grid);
    }
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
  update_actions (self);
}

gboolean
care_lab_page_select_test (CareLabPage *self,
                           const char  *test_id)
{
  g_return_val_if_fail (CARE_IS_LAB_PAGE (self), FALSE);

  g_free (self->selected_id);
  self->selected_id = g_strdup (test_id);
  care_lab_page_reload (self);
  if (gtk_list_box_get_selected_row (self->queue_list) == NULL)
    {
      gtk_drop_down_set_selected (self->status_filter, G_N_ELEMENTS (status_filters) - 1);
      gtk_drop_down_set_selected (self->priority_filter, 0);
      care_lab_page_reload (self);
    }
  return gtk_list_box_get_selected_row (self->queue_list) != NULL;
}

gboolean
care_lab_page_is_busy (CareLabPage *self)
{
  g_return_val_if_fail (CARE_IS_LAB_PAGE (self), FALSE);

  return self->busy;
}

/* --- steps ----------------------------------------------------------------- */

static gboolean
take_step (CareLabPage *self,
           const char  *to,
           const char  *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) test = NULL;

  if (self->selected_id == NULL)
    return FALSE;
  test = care_lab_queue_step (care_page_get_store (CARE_PAGE (self)), self->selected_id, to, reason, &error);
  show_error (self, error);
  return test != NULL;
}

static void
on_collect_clicked_cb (CareLabPage *self)
{
  if (take_step (self, "collected", NULL))
    care_page_add_toast (CARE_PAGE (self), adw_toast_new (_("Specimen collected.")));
}

static void
on_start_clicked_cb (CareLabPage *self)
{
  take_step (self, "in_progress", NULL);
}

/* Shows a refusal next to the value it concerns, or above the grid. */
static void
show_result_error (CareLabPage  *self,
                   int           failed,
                   const GError *error)
{
  if (failed >= 0 && self->grid)
    {
      const char *detail = care_rule_error_get_detail (error);
      care_lab_results_grid_set_error (CARE_LAB_RESULTS_GRID (self->grid), failed, detail ? detail : error->message);
    }
  else
    show_error (self, error);
}

static gboolean
save_results (CareLabPage *self,
              gboolean     complete)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  CareLabResultsGrid *grid;
  int failed = -1;

  if (self->grid == NULL || self->selected_id == NULL)
    return FALSE;
  grid = CARE_LAB_RESULTS_GRID (self->grid);
  results = care_lab_results_grid_collect (grid);
  care_lab_results_grid_set_error (grid, -1, NULL);
  if (care_lab_results_enter (care_page_get_store (CARE_PAGE (self)), self->selected_id, results, complete, &failed, &error))
    {
      show_error (self, NULL);
      return TRUE;
    }
  show_result_error (self, failed, error);
  return FALSE;
}

static void
on_save_clicked_cb (CareLabPage *self)
{
  if (save_results (self, FALSE))
    care_page_add_toast (CARE_PAGE (self), adw_toast_new (_("Results saved.")));
}

static void
on_resulted_clicked_cb (CareLabPage *self)
{
  if (save_results (self, TRUE))
    care_page_add_toast (CARE_PAGE (self), adw_toast_new (_("Results complete; ready for verification.")));
}

static void
on_amend_clicked_cb (CareLabPage *self)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  int failed = -1;
  guint n = 0;

  if (self->grid == NULL || self->selected_id == NULL)
    return;
  results = care_lab_results_grid_collect (CARE_LAB_RESULTS_GRID (self->grid));
  care_lab_results_grid_set_error (CARE_LAB_RESULTS_GRID (self->grid), -1, NULL);
  if (!care_lab_results_correct (care_page_get_store (CARE_PAGE (self)), self->selected_id, results, &n, &failed, &error))
    {
      show_result_error (self, failed, error);
      return;
    }
  show_error (self, NULL);
  care_page_add_toast (CARE_PAGE (self),
                       adw_toast_new (n ? _("Corrections saved; View Report issues the amended version.")
                                        : _("Nothing changed: edit a value to correct it.")));
}

/* --- the specimen label and sending out ------------------------------------ */

static void
on_label_clicked_cb (CareLabPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!care_lab_label_open (parent_window (self), care_page_get_store (CARE_PAGE (self)), self->selected_id, &error))
    show_error (self, error);
}

static void
on_send_out_clicked_cb (CareLabPage *self)
{
  if (take_step (self, "sent_out", NULL))
    care_page_add_toast (CARE_PAGE (self), adw_toast_new (_("Sent out; attach the outside laboratory’s report when it comes.")));
}

static void
on_attached_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CareLabPage) self = user_data;
  g_autoptr(CareRecord) report = NULL;
  g_autoptr(GError) error = NULL;

  report = care_lab_outside_attach_finish (CARE_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_error (self, error);
  if (report)
    care_page_add_toast (CARE_PAGE (self), adw_toast_new (_("Outside report attached; enter its results.")));
}

void
care_lab_page_attach_outside (CareLabPage *self,
                              const char  *outside_lab,
                              GFile       *file)
{
  g_return_if_fail (CARE_IS_LAB_PAGE (self));

  care_lab_outside_attach_async (care_page_get_store (CARE_PAGE (self)), self->selected_id, outside_lab, file,
                                 self->cancellable, on_attached_cb, g_object_ref (self));
}

static void
on_outside_chosen_cb (const char *outside_lab,
                      GFile      *file,
                      gpointer    user_data)
{
  care_lab_page_attach_outside (CARE_LAB_PAGE (user_data), outside_lab, file);
}

static void
on_attach_clicked_cb (CareLabPage *self)
{
  care_lab_outside_ask (parent_window (self), on_outside_chosen_cb, G_OBJECT (self));
}

/* --- verification and the report --------------------------------------------- */

static void
open_report (CareLabPage *self,
             const char  *test_id)
{
  g_autoptr(GError) error = NULL;

  if (!care_lab_report_open (parent_window (self), care_page_get_store (CARE_PAGE (self)), test_id, &error))
    show_error (self, error);
}

typedef struct {
  CareLabPage *self;   /* a reference: the page cancels the work in dispose */
  char        *test_id;
} ArchiveJob;

static void
on_report_archived_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  ArchiveJob *job = user_data;
  g_autoptr(CareLabPage) self = job->self;
  g_autofree char *test_id = job->test_id;
  g_autoptr(GError) error = NULL;

  g_free (job);
  if (!care_lab_report_document_finalise_finish (CARE_STORE (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;  /* the page is going */
  self->busy = FALSE;
  if (error)
    {
      update_actions (self);
      show_error (self, error);
      return;
    }
  care_page_add_toast (CARE_PAGE (self), adw_toast_new (_("Report archived.")));
  show_test (self);
  open_report (self, test_id);
}

/* Draws and archives the report in a worker, then shows it. */
static void
archive_report (CareLabPage *self)
{
  ArchiveJob *job = g_new0 (ArchiveJob, 1);

  job->self = g_object_ref (self);
  job->test_id = g_strdup (self->selected_id);
  self->busy = TRUE;
  update_actions (self);
  care_lab_report_document_finalise_async (care_page_get_store (CARE_PAGE (self)), job->test_id,
                                           self->cancellable, on_report_archived_cb, job);
}

static void
on_verify_clicked_cb (CareLabPage *self)
{
  /* Every rule first, on this thread: a refusal shows at once. */
  if (take_step (self, "verified", NULL))
    archive_report (self);
}

static void
on_report_clicked_cb (CareLabPage *self)
{
  if (self->test && care_record_get_blob (self->test, "report_pdf") != NULL)
    open_report (self, self->selected_id);
  else
    archive_report (self);
}

static void
on_reason_changed_cb (GtkEditable      *entry,
                      GtkWidget        *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  care_alert_set_response_enabled (dialog, "cancel-request", *text != '\0');
}

static void
on_cancel_response_cb (GtkWidget        *dialog,
                       const char       *response,
                       CareLabPage      *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");

  if (g_str_equal (response, "cancel-request") && take_step (self, "cancelled", gtk_editable_get_text (entry)))
    care_page_add_toast (CARE_PAGE (self), adw_toast_new (_("Request cancelled.")));
}

static void
on_cancel_clicked_cb (CareLabPage *self)
{
  /* Translators: asking why a lab request is cancelled; %s is the test */
  g_autofree char *body = g_strdup_printf (_("Say why “%s” is cancelled. The doctor who asked for it will read this."),
                                           _(care_record_get (self->test, "test_name")));
  GtkWidget *entry = NULL;
  GtkWidget *dialog = care_lab_entry_dialog_new (_("Cancel Lab Request?"), body,
                                                 "lab-cancel-dialog", "lab-cancel-reason",
                                                 _("e.g. Specimen haemolysed"), _("Reason for cancelling"), &entry);

  care_alert_add_response (dialog, "keep", _("_Keep Request"), CARE_ALERT_DEFAULT);
  care_alert_add_response (dialog, "cancel-request", _("C_ancel Request"), CARE_ALERT_DESTRUCTIVE);
  care_alert_set_response_enabled (dialog, "cancel-request", FALSE);
  care_alert_set_default_response (dialog, "cancel-request");
  care_alert_set_close_response (dialog, "keep");
  g_signal_connect (entry, "changed", G_CALLBACK (on_reason_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_cancel_response_cb), self, 0);
  care_alert_present (dialog, GTK_WIDGET (self));
  gtk_widget_grab_focus (entry);
}

/* --- following the store ------------------------------------------------------ */

static void
on_store_changed_cb (CareStore   *store,
                     const char  *entity,
                     const char  *id,
                     CareLabPage *self)
{
  static const char *const followed[] = { "lab_test", "lab_result", "lab_report", "patient", NULL };

  if (entity == NULL || g_strv_contains (followed, entity))
    care_lab_page_reload (self);
}

/* --- GObject ------------------------------------------------------------------ */

static void
care_lab_page_constructed (GObject *object)
{
  CareLabPage *self = CARE_LAB_PAGE (object);

  G_OBJECT_CLASS (care_lab_page_parent_class)->constructed (object);

  g_signal_connect_object (care_page_get_store (CARE_PAGE (self)), "changed",
                           G_CALLBACK (on_store_changed_cb), self, 0);
  care_lab_page_reload (self);
}

static void
on_catalogue_clicked_cb (CareLabPage *self)
{
  CareLabCatalogueEditor *editor = care_lab_catalogue_editor_new (care_page_get_store (CARE_PAGE (self)));

  gtk_window_set_transient_for (GTK_WINDOW (editor), parent_window (self));
  gtk_window_present (GTK_WINDOW (editor));
}

static void
care_lab_page_dispose (GObject *object)
{
  CareLabPage *self = CARE_LAB_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_LAB_PAGE);
  self->grid = NULL;
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->test, care_record_unref);
  g_clear_pointer (&self->catalogue, care_lab_catalogue_unref);
  g_clear_pointer (&self->selected_id, g_free);

  G_OBJECT_CLASS (care_lab_page_parent_class)->dispose (object);
}

static void
care_lab_page_class_init (CareLabPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* Entering results needs lab report upload: lab technicians and
   * administrators under seed 001's matrix. */
  care_page_class_set_info (CARE_PAGE_CLASS (klass), "lab", N_("Laboratory"),
                            "applications-science-symbolic", CARE_PERM_LAB_REPORT_UPLOAD);

  object_class->constructed = care_lab_page_constructed;
  object_class->dispose = care_lab_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/lab/care-lab-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareLabPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CareLabPage, status_filter);
  gtk_widget_class_bind_template_child (widget_class, CareLabPage, priority_filter);
  gtk_widget_class_bind_template_child (widget_class, CareLabPage, queue_list);
  gtk_widget_class_bind_template_child (widget_class, CareLabPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, CareLabPage, detail_title);
  gtk_widget_class_bind_template_child (widget_class, CareLabPage, detail_patient);
  gtk_widget_class_bind_template_child (widget_class, CareLabPage, detail_status);
  gtk_widget_class_bind_template_child (widget_class, CareLabPage, action_box);
  gtk_widget_class_bind_template_child (widget_class, CareLabPage, collect_button);
  gtk_widget_class_bind_template_child (widget_class, CareLabPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, CareLabPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, CareLabPage, resulted_button);
  gtk_widget_class_bind_template_child (widget_class, CareLabPage, verify_button);
  gtk_widget_class_bind_template_child (widget_class, CareLabPage, report_button);
  gtk_widget_class_bind_template_child (widget_class, CareLabPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CareLabPage, label_button);
  gtk_widget_class_bind_template_child (widget_class, CareLabPage, send_out_button);
  gtk_widget_class_bind_template_child (widget_class, CareLabPage, attach_button);
  gtk_widget_class_bind_template_child (widget_class, CareLabPage, amend_button);
  gtk_widget_class_bind_template_child (widget_class, CareLabPage, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, CareLabPage, detail_error);
  gtk_widget_class_bind_template_child (widget_class, CareLabPage, results_box);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_catalogue_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_collect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_start_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_resulted_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_verify_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_report_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_label_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_send_out_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_attach_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_amend_clicked_cb);
}

static void
care_lab_page_init (CareLabPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_list_box_set_placeholder (self->queue_list,
                                gtk_label_new (_("No requests match. Doctors’ requests for lab tests appear here.")));
}

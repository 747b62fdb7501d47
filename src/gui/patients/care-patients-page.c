/* care-patients-page.c: the Patients page: search, list and details
 *
 * The list is a CarePatientModel: it counts the patients in SQL and reads
 * only the pages of rows the list view shows, so a clinic with a million
 * patients scrolls as smoothly as one with ten. Searching and sorting
 * happen in SQL too. The details pane always shows the full record read
 * from the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-patients-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-format.h"
#include "care-list-bin.h"
#include "care-patient-details.h"
#include "care-patient-editor.h"
#include "care-patient-import-dialog.h"
#include "care-patient-row.h"
#include "care-patients-page.h"
#include "care-alert.h"
#include "care-split-view.h"

#define SEARCH_DELAY_MS 100

/* --- CareShownRowsModel --------------------------------------------------- */

/* CarePatientModel announces a reload as "every row was replaced". GTK 4.8
 * answers that by looking for its tracked rows (anchor, focus) among all
 * the new rows, which with a million patients reads the whole table, for
 * seconds, on every change of any patient; and it rebuilds every row it
 * has a widget for. This model passes the patients through, but takes a
 * reload of a long list in place: the rows that have widgets are filled
 * again from the model and only a change in length is announced, at the
 * end. Rows without widgets hold nothing to update. */

#define SHOWN_ROWS_MIN_ITEMS 1000

#define CARE_TYPE_SHOWN_ROWS_MODEL (care_shown_rows_model_get_type ())
G_DECLARE_FINAL_TYPE (CareShownRowsModel, care_shown_rows_model, CARE, SHOWN_ROWS_MODEL, GObject)

struct _CareShownRowsModel
{
  GObject     parent_instance;

  GListModel *model;
  guint       n_items;
  GHashTable *bound;   /* GtkListItem set: the rows that have a widget */
};

static void care_shown_rows_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CareShownRowsModel, care_shown_rows_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, care_shown_rows_model_iface_init))

static GType
care_shown_rows_model_get_item_type (GListModel *model)
{
  return g_list_model_get_item_type (CARE_SHOWN_ROWS_MODEL (model)->model);
}

static guint
care_shown_rows_model_get_n_items (GListModel *model)
{
  return CARE_SHOWN_ROWS_MODEL (model)->n_items;
}

static gpointer
care_shown_rows_model_get_item (GListModel *model,
                                guint       position)
{
  CareShownRowsModel *self = CARE_SHOWN_ROWS_MODEL (model);

  if (position >= self->n_items)
    return NULL;
  return g_list_model_get_item (self->model, position);
}

static void
care_shown_rows_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = care_shown_rows_model_get_item_type;
  iface->get_n_items = care_shown_rows_model_get_n_items;
  iface->get_item = care_shown_rows_model_get_item;
}

/* Fills the rows that have widgets, below limit, from the model again. */
static void
refresh_shown_rows (CareShownRowsModel *self,
                    guint               limit)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint position = gtk_list_item_get_position (key);
      g_autoptr(CareRecordObject) item = NULL;

      if (position >= limit)
        continue;
      item = g_list_model_get_item (self->model, position);
      care_patient_row_set_record (CARE_PATIENT_ROW (gtk_list_item_get_child (key)),
                                   item ? care_record_object_get_record (item) : NULL);
    }
}

static void
on_shown_rows_inner_items_changed_cb (GListModel         *model,
                                      guint               position,
                                      guint               removed,
                                      guint               added,
                                      CareShownRowsModel *self)
{
  guint old_n = self->n_items;
  guint new_n = g_list_model_get_n_items (model);

  if (position != 0 || removed != old_n || added != new_n ||
      MAX (old_n, new_n) < SHOWN_ROWS_MIN_ITEMS)
    {
      self->n_items = new_n;
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      return;
    }

  if (new_n < old_n)
    {
      self->n_items = new_n;
      g_list_model_items_changed (G_LIST_MODEL (self), new_n, old_n - new_n, 0);
    }
  refresh_shown_rows (self, MIN (old_n, new_n));
  if (new_n > old_n)
    {
      self->n_items = new_n;
      g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, new_n - old_n);
    }
}

static void
care_shown_rows_model_dispose (GObject *object)
{
  CareShownRowsModel *self = CARE_SHOWN_ROWS_MODEL (object);

  if (self->model)
    g_signal_handlers_disconnect_by_func (self->model, on_shown_rows_inner_items_changed_cb, self);
  g_clear_object (&self->model);
  g_clear_pointer (&self->bound, g_hash_table_unref);

  G_OBJECT_CLASS (care_shown_rows_model_parent_class)->dispose (object);
}

static void
care_shown_rows_model_class_init (CareShownRowsModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = care_shown_rows_model_dispose;
}

static void
care_shown_rows_model_init (CareShownRowsModel *self)
{
  self->bound = g_hash_table_new (NULL, NULL);
}

static CareShownRowsModel *
care_shown_rows_model_new (GListModel *model)
{
  CareShownRowsModel *self = g_object_new (CARE_TYPE_SHOWN_ROWS_MODEL, NULL);

  self->model = g_object_ref (model);
  self->n_items = g_list_model_get_n_items (model);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_shown_rows_inner_items_changed_cb), self);
  return self;
}

/* --- the page --------------------------------------------------------------- */

typedef struct
{
  char       *id;
  CareRecord *previous;  /* the record before an edit; NULL: undo a registration */
} CareUndo;

struct _CarePatientsPage
{
  CarePage            parent_instance;

  CareStore          *store;
  CarePatientModel   *model;
  CareShownRowsModel *rows;          /* model, as the list view sees it */
  GtkSingleSelection *selection;
  GSettings          *settings;
  char               *sort;
  char               *selected_id;
  gulong              store_changed_before_id;
  gulong              store_changed_id;
  gboolean            selecting;     /* the selection is being set from code */
  guint               released_position; /* where the selection was before a reload */
  gboolean            can_edit;

  CareUndo           *undo;          /* what the last toast's Undo reverts */
  AdwToast           *undo_toast;    /* weak */
  GtkWindow          *editor;        /* weak */
  GtkWindow          *importer;      /* weak */

  /* Template widgets */
  AdwToastOverlay    *toast_overlay;
  CareSplitView      *split_view;
  GtkWidget          *list_pane;
  GtkWidget          *details_pane;
  GtkSearchEntry     *search_entry;
  GtkWidget          *sort_button;
  GtkLabel           *count_label;
  GtkWidget          *new_button;
  GtkWidget          *more_button;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  GtkWidget          *back_button;
  GtkStack           *details_stack;
  CarePatientDetails *details;       /* NULL until a patient is shown */
};

G_DEFINE_FINAL_TYPE (CarePatientsPage, care_patients_page, CARE_TYPE_PAGE)

enum {
  PROP_0,
  PROP_SORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const CareEntity *
patient_entity (void)
{
  return care_schema_lookup ("patient");
}

static void
care_undo_free (CareUndo *undo)
{
  g_free (undo->id);
  g_clear_pointer (&undo->previous, care_record_unref);
  g_free (undo);
}

static void
add_toast (CarePatientsPage *self,
           AdwToast         *toast)
{
  /* Over the window's pages; a page shown on its own (tests) has its own. */
  if (gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY) != NULL)
    care_page_add_toast (CARE_PAGE (self), toast);
  else
    adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_message (CarePatientsPage *self,
              const char       *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  add_toast (self, adw_toast_new (escaped));
}

/* --- state ---------------------------------------------------------------- */

static void
update_actions (CarePatientsPage *self)
{
  gboolean has_patient = self->selected_id != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "patients.new", self->can_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "patients.import", self->can_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "patients.edit", self->can_edit && has_patient);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "patients.delete", self->can_edit && has_patient);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "patients.undo", self->undo != NULL);
  gtk_widget_set_visible (self->new_button, self->can_edit);
  gtk_widget_set_visible (self->more_button, self->can_edit);
  if (self->details != NULL)
    care_patient_details_set_can_edit (self->details, self->can_edit);
}

static void
update_list_state (CarePatientsPage *self)
{
  guint n = self->model ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  const char *search = self->model ? care_patient_model_get_search (self->model) : NULL;
  g_autofree char *count = care_format_count (n);
  g_autofree char *text = NULL;

  if (search != NULL)
    {
      if (n == 0)
        text = g_strdup (_("No matches"));
      else if (n >= CARE_PATIENT_MODEL_SEARCH_LIMIT)
        /* Translators: the search shows only the best matches; %s is their number */
        text = g_strdup_printf (_("Best %s matches — type more to narrow them down"), count);
      else
        text = g_strdup_printf (ngettext ("%s match", "%s matches", n), count);
      gtk_stack_set_visible_child_name (self->list_stack, n ? "list" : "no-matches");
    }
  else
    {
      text = g_strdup_printf (ngettext ("%s patient", "%s patients", n), count);
      gtk_stack_set_visible_child_name (self->list_stack, n ? "list" : "empty");
    }
  gtk_label_set_text (self->count_label, text);
}

/* Reflects selected_id in the list without acting on it. */
static void
sync_selection (CarePatientsPage *self)
{
  int position = -1;

  if (self->selection == NULL)
    return;
  if (self->selected_id)
    {
      guint hint = self->released_position;
      g_autoptr(CareRecordObject) item = NULL;

      /* Usually the patient is still where it was (its page is read for
       * the selection anyway); else ask the model, which may count in SQL. */
      if (hint != GTK_INVALID_LIST_POSITION)
        item = g_list_model_get_item (G_LIST_MODEL (self->model), hint);
      if (item && g_strcmp0 (care_record_get_id (care_record_object_get_record (item)), self->selected_id) == 0)
        position = hint;
      else
        position = care_patient_model_find (self->model, self->selected_id);
    }
  self->released_position = GTK_INVALID_LIST_POSITION;

  self->selecting = TRUE;
  if (position >= 0)
    gtk_single_selection_set_selected (self->selection, position);
  else
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->selecting = FALSE;
}

static void
scroll_to_selected (CarePatientsPage *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

/* GtkSingleSelection looks for its selected item among every row an
 * items-changed adds: with a million patients that reads the whole table.
 * So the list lets go of the selection before the model reloads, and
 * on_model_items_changed_cb() takes it up again by id. */
static void
release_selection (CarePatientsPage *self)
{
  guint position;

  if (self->selection == NULL)
    return;
  position = gtk_single_selection_get_selected (self->selection);
  if (position != GTK_INVALID_LIST_POSITION)
    self->released_position = position;
  self->selecting = TRUE;
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->selecting = FALSE;
}

static void on_details_edit_requested_cb   (CarePatientsPage   *self,
                                            CarePatientDetails *details);
static void on_details_delete_requested_cb (CarePatientsPage   *self,
                                            CarePatientDetails *details);

/* The details pane is made when the first patient is shown, not with the
 * page: signed in on the list, nobody is selected yet, and its groups of
 * rows are 0.14 MiB (BENCHMARKS.md, "The app window"). */
static void
ensure_details (CarePatientsPage *self)
{
  if (self->details != NULL)
    return;
  self->details = g_object_new (CARE_TYPE_PATIENT_DETAILS, "name", "patient-details", NULL);
  g_signal_connect_swapped (self->details, "edit-requested", G_CALLBACK (on_details_edit_requested_cb), self);
  g_signal_connect_swapped (self->details, "delete-requested", G_CALLBACK (on_details_delete_requested_cb), self);
  care_patient_details_set_can_edit (self->details, self->can_edit);
  gtk_stack_add_named (self->details_stack, GTK_WIDGET (self->details), "details");
}

/* Shows the full record of a patient in the details pane (NULL: none). */
static void
show_patient (CarePatientsPage *self,
              const char       *id)
{
  g_autoptr(CareRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  if (id && self->store)
    {
      record = care_store_get (self->store, patient_entity (), id, &error);
      if (record == NULL && !g_error_matches (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND))
        show_message (self, error->message);
    }

  /* id may be selected_id itself. */
  id = record ? g_strdup (id) : NULL;
  g_free (self->selected_id);
  self->selected_id = (char *) id;

  if (record != NULL)
    ensure_details (self);
  if (self->details != NULL)
    care_patient_details_set_record (self->details, record);
  gtk_stack_set_visible_child_name (self->details_stack, record ? "details" : "none");
  update_actions (self);
}

/* The split view shows the patient's details whenever one is shown,
 * folded or not: folded now, or later (its details need more room than
 * is left beside the list, as in Spanish), it is the details it shows. */
static void
show_details_pane (CarePatientsPage *self)
{
  if (self->selected_id)
    care_split_view_set_show_content (self->split_view, TRUE);
}

void
care_patients_page_select_patient (CarePatientsPage *self,
                                   const char       *id)
{
  g_return_if_fail (CARE_IS_PATIENTS_PAGE (self));

  show_patient (self, id);
  if (self->selected_id == NULL)
    return;

  /* A patient the search does not find is shown in the whole list. */
  if (care_patient_model_get_search (self->model) != NULL &&
      care_patient_model_find (self->model, self->selected_id) < 0)
    {
      /* Emptying the entry ends the search at once, without a delay. */
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      release_selection (self);
      care_patient_model_set_search (self->model, NULL);
    }

  sync_selection (self);
  scroll_to_selected (self);
}

const char *
care_patients_page_get_selected_id (CarePatientsPage *self)
{
  g_return_val_if_fail (CARE_IS_PATIENTS_PAGE (self), NULL);

  return self->selected_id;
}

GListModel *
care_patients_page_get_model (CarePatientsPage *self)
{
  g_return_val_if_fail (CARE_IS_PATIENTS_PAGE (self), NULL);

  return self->model ? G_LIST_MODEL (self->model) : NULL;
}

CareSession *
care_patients_page_get_session (CarePatientsPage *self)
{
  g_return_val_if_fail (CARE_IS_PATIENTS_PAGE (self), NULL);

  return care_page_get_session (CARE_PAGE (self));
}

/* --- sorting ------------------------------------------------------------- */

static CarePatientSort
sort_from_string (const char *sort)
{
  if (g_strcmp0 (sort, "recent") == 0)
    return CARE_PATIENT_SORT_RECENT;
  if (g_strcmp0 (sort, "mrn") == 0)
    return CARE_PATIENT_SORT_MRN;
  return CARE_PATIENT_SORT_NAME;
}

static void
set_sort (CarePatientsPage *self,
          const char       *sort)
{
  if (sort == NULL || !(g_str_equal (sort, "name") || g_str_equal (sort, "recent") ||
                        g_str_equal (sort, "mrn")))
    sort = "name";
  if (g_strcmp0 (self->sort, sort) == 0)
    return;

  g_free (self->sort);
  self->sort = g_strdup (sort);
  if (self->model)
    {
      release_selection (self);
      self->released_position = GTK_INVALID_LIST_POSITION;   /* moved elsewhere */
      care_patient_model_set_sort (self->model, sort_from_string (sort));
      sync_selection (self);   /* a search keeps its order and does not reload */
      scroll_to_selected (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
}

/* --- undo ---------------------------------------------------------------- */

static void
perform_undo (CarePatientsPage *self)
{
  CareUndo *undo = g_steal_pointer (&self->undo);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (undo == NULL)
    return;
  if (self->undo_toast)
    {
      AdwToast *toast = self->undo_toast;

      g_clear_weak_pointer (&self->undo_toast);
      adw_toast_dismiss (toast);
    }

  if (undo->previous == NULL)
    ok = care_store_delete (self->store, patient_entity (), undo->id, &error) ||
         g_error_matches (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND);
  else
    {
      g_autoptr(CareRecord) previous = care_record_copy (undo->previous);

      ok = care_store_update (self->store, previous, &error);
    }
  if (!ok)
    show_message (self, error->message);

  care_undo_free (undo);
  update_actions (self);
}

static void
on_undo_toast_button_clicked_cb (AdwToast         *toast,
                                 CarePatientsPage *self)
{
  if (toast == self->undo_toast)
    perform_undo (self);
}

static void
on_undo_toast_dismissed_cb (AdwToast         *toast,
                            CarePatientsPage *self)
{
  /* Undo is offered while its toast shows. */
  if (toast == self->undo_toast)
    {
      g_clear_weak_pointer (&self->undo_toast);
      g_clear_pointer (&self->undo, care_undo_free);
      update_actions (self);
    }
}

static void
offer_undo (CarePatientsPage *self,
            const char       *title,
            CareUndo         *undo)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  g_signal_connect_object (toast, "button-clicked",
                           G_CALLBACK (on_undo_toast_button_clicked_cb), self, 0);
  g_signal_connect_object (toast, "dismissed",
                           G_CALLBACK (on_undo_toast_dismissed_cb), self, 0);

  /* Only the latest change can be undone. */
  if (self->undo_toast)
    {
      AdwToast *old = self->undo_toast;

      g_clear_weak_pointer (&self->undo_toast);
      adw_toast_dismiss (old);
    }
  g_clear_pointer (&self->undo, care_undo_free);
  self->undo = undo;
  g_set_weak_pointer (&self->undo_toast, toast);
  update_actions (self);

  add_toast (self, toast);
}

/* --- editing ------------------------------------------------------------- */

static void
on_editor_saved_cb (CarePatientEditor *editor,
                    CareRecord        *record,
                    CareRecord        *previous,
                    CarePatientsPage  *self)
{
  g_autofree char *name = care_record_dup_title (record);
  g_autofree char *escaped = g_markup_escape_text (name, -1);
  g_autofree char *title = NULL;
  CareUndo *undo = g_new0 (CareUndo, 1);

  undo->id = g_strdup (care_record_get_id (record));
  undo->previous = previous ? care_record_copy (previous) : NULL;

  care_patients_page_select_patient (self, care_record_get_id (record));
  show_details_pane (self);

  if (previous == NULL)
    /* Translators: shown after registering a patient, with an Undo button;
     * %s is the patient's name */
    title = g_strdup_printf (C_("toast", "Registered %s"), escaped);
  else
    /* Translators: shown after editing a patient, with an Undo button */
    title = g_strdup_printf (_("Saved changes to %s"), escaped);
  offer_undo (self, title, undo);
}

static void
open_editor (CarePatientsPage *self,
             CareRecord       *patient)
{
  CarePatientEditor *editor;
  GtkRoot *root;

  if (self->editor)
    {
      gtk_window_present (self->editor);
      return;
    }

  editor = care_patient_editor_new (self->store, patient);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (root));
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_editor_saved_cb), self, 0);
  g_set_weak_pointer (&self->editor, GTK_WINDOW (editor));
  gtk_window_present (GTK_WINDOW (editor));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_editor (CARE_PATIENTS_PAGE (widget), NULL);
}

/* Importing a clinic's list: who may register patients may import them. */
static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CarePatientsPage *self = CARE_PATIENTS_PAGE (widget);
  CarePatientImportDialog *dialog;
  GtkRoot *root;

  if (self->importer)
    {
      gtk_window_present (self->importer);
      return;
    }
  dialog = care_patient_import_dialog_new (self->store);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_set_weak_pointer (&self->importer, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CarePatientsPage *self = CARE_PATIENTS_PAGE (widget);
  g_autoptr(CareRecord) patient = NULL;
  g_autoptr(GError) error = NULL;

  if (self->selected_id == NULL)
    return;
  patient = care_store_get (self->store, patient_entity (), self->selected_id, &error);
  if (patient == NULL)
    {
      show_message (self, error->message);
      return;
    }
  open_editor (self, patient);
}

static void
on_delete_dialog_response_cb (GtkWidget        *dialog,
                              const char       *response,
                              CarePatientsPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "patient-id");
  const char *name = g_object_get_data (G_OBJECT (dialog), "patient-name");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;

  if (!care_store_delete (self->store, patient_entity (), id, &error))
    {
      show_message (self, error->message);
      return;
    }
  {
    g_autofree char *escaped = g_markup_escape_text (name, -1);
    /* Translators: shown after a patient's record was deleted */
    g_autofree char *title = g_strdup_printf (_("Deleted %s"), escaped);

    add_toast (self, adw_toast_new (title));
  }
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CarePatientsPage *self = CARE_PATIENTS_PAGE (widget);
  CareRecord *patient = self->details ? care_patient_details_get_record (self->details) : NULL;
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (patient == NULL)
    return;

  name = care_record_dup_title (patient);
  /* Translators: asks before deleting a patient's record */
  heading = g_strdup_printf (_("Delete %s?"), name);
  dialog = care_alert_new (heading,
                           _("The patient’s record is deleted from this workstation and, when it next syncs, from the clinic server. This cannot be undone."));
  gtk_widget_set_name (dialog, "patient-delete-dialog");
  care_alert_add_response (dialog, "cancel", _("_Cancel"), CARE_ALERT_DEFAULT);
  care_alert_add_response (dialog, "delete", _("_Delete Patient"), CARE_ALERT_DESTRUCTIVE);
  care_alert_set_default_response (dialog, "cancel");
  care_alert_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "patient-id",
                          g_strdup (care_record_get_id (patient)), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "patient-name", g_steal_pointer (&name), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_dialog_response_cb), self, 0);
  care_alert_present (dialog, GTK_WIDGET (self));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  perform_undo (CARE_PATIENTS_PAGE (widget));
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CarePatientsPage *self = CARE_PATIENTS_PAGE (widget);

  care_split_view_set_show_content (self->split_view, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CarePatientsPage *self = CARE_PATIENTS_PAGE (widget);

  care_split_view_set_show_content (self->split_view, FALSE);
}

/* --- signal handlers ------------------------------------------------------ */

static void
on_search_entry_search_changed_cb (CarePatientsPage *self,
                                   GtkSearchEntry   *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  if (self->model == NULL)
    return;
  if (g_strcmp0 (care_patient_model_get_search (self->model), text[0] ? text : NULL) != 0)
    {
      release_selection (self);
      care_patient_model_set_search (self->model, text);
      /* The details pane shows only a patient the list still shows. */
      if (self->selected_id != NULL &&
          gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
        show_patient (self, NULL);
    }
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
}

static void
on_search_entry_activate_cb (CarePatientsPage *self,
                             GtkSearchEntry   *entry)
{
  g_autoptr(CareRecordObject) first = NULL;

  if (self->model == NULL)
    return;

  /* Enter takes the search as typed so far, then opens the best match. */
  on_search_entry_search_changed_cb (self, entry);
  first = g_list_model_get_item (G_LIST_MODEL (self->model), 0);
  if (first == NULL)
    return;
  care_patients_page_select_patient (self, care_record_get_id (care_record_object_get_record (first)));
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
  show_details_pane (self);
}

static void
on_search_entry_stop_search_cb (CarePatientsPage *self,
                                GtkSearchEntry   *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
on_list_view_activate_cb (CarePatientsPage *self,
                          guint             position,
                          GtkListView      *list_view)
{
  g_autoptr(CareRecordObject) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (item == NULL)
    return;
  show_patient (self, care_record_get_id (care_record_object_get_record (item)));
  show_details_pane (self);
}

static void
on_selection_selected_cb (GtkSingleSelection *selection,
                          GParamSpec         *pspec,
                          CarePatientsPage   *self)
{
  CareRecordObject *item = gtk_single_selection_get_selected_item (selection);
  const char *id;

  /* An emptied selection (a reload, a new search) keeps the details. */
  if (self->selecting || item == NULL)
    return;
  id = care_record_get_id (care_record_object_get_record (item));
  if (g_strcmp0 (id, self->selected_id) == 0)
    return;
  show_patient (self, id);
  show_details_pane (self);
}

static void
on_model_items_changed_cb (GListModel       *model,
                               guint             position,
                               guint             removed,
                               guint             added,
                               CarePatientsPage *self)
{
  update_list_state (self);
  sync_selection (self);
}

/* Connected before the model's own handler, which reloads it. */
static void
on_store_changed_before_model_cb (CareStore        *store,
                                  const char       *entity,
                                  const char       *id,
                                  CarePatientsPage *self)
{
  if (g_strcmp0 (entity, "patient") == 0)
    release_selection (self);
}

static void
on_store_changed_cb (CareStore        *store,
                     const char       *entity,
                     const char       *id,
                     CarePatientsPage *self)
{
  if (g_strcmp0 (entity, "patient") != 0 || self->selected_id == NULL)
    return;
  if (id == NULL || g_strcmp0 (id, self->selected_id) == 0)
    {
      g_autofree char *selected = g_strdup (self->selected_id);

      /* Re-read: edited here or by sync; gone if deleted. */
      show_patient (self, selected);
      sync_selection (self);
    }
}

static void
on_split_view_folded_cb (CarePatientsPage *self)
{
  gtk_widget_set_visible (self->back_button, care_split_view_get_folded (self->split_view));
}

static void
on_details_edit_requested_cb (CarePatientsPage   *self,
                              CarePatientDetails *details)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "patients.edit", NULL);
}

static void
on_details_delete_requested_cb (CarePatientsPage   *self,
                                CarePatientDetails *details)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "patients.delete", NULL);
}

static void
on_factory_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, care_patient_row_new ());
}

static void
on_factory_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    CareShownRowsModel       *rows)
{
  CareRecordObject *item = gtk_list_item_get_item (list_item);
  GtkWidget *row = gtk_list_item_get_child (list_item);

  care_patient_row_set_record (CARE_PATIENT_ROW (row), item ? care_record_object_get_record (item) : NULL);
  g_hash_table_add (rows->bound, list_item);
}

static void
on_factory_unbind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      CareShownRowsModel       *rows)
{
  g_hash_table_remove (rows->bound, list_item);
  care_patient_row_set_record (CARE_PATIENT_ROW (gtk_list_item_get_child (list_item)), NULL);
}

/* --- GObject ------------------------------------------------------------- */

static void
care_patients_page_constructed (GObject *object)
{
  CarePatientsPage *self = CARE_PATIENTS_PAGE (object);
  CareSession *session = care_page_get_session (CARE_PAGE (self));
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source;
  const char *permission;

  G_OBJECT_CLASS (care_patients_page_parent_class)->constructed (object);

  self->store = g_object_ref (care_session_get_store (session));
  permission = patient_entity ()->write_permission;
  self->can_edit = permission == NULL || care_session_can (session, permission);

  self->store_changed_before_id = g_signal_connect (self->store, "changed",
                                                    G_CALLBACK (on_store_changed_before_model_cb), self);
  self->model = care_patient_model_new (self->store);
  care_patient_model_set_sort (self->model, sort_from_string (self->sort));
  self->rows = care_shown_rows_model_new (G_LIST_MODEL (self->model));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (on_selection_selected_cb), self, 0);
  /* After the list view has taken in the change (through the rows model
   * and the selection): selecting within its own handling would confuse it. */
  g_signal_connect_object (self->model, "items-changed",
                           G_CALLBACK (on_model_items_changed_cb), self, G_CONNECT_AFTER);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind_cb), self->rows);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_factory_unbind_cb), self->rows);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  self->store_changed_id = g_signal_connect (self->store, "changed",
                                             G_CALLBACK (on_store_changed_cb), self);

  /* The order survives restarts (when the schema is installed). */
  source = g_settings_schema_source_get_default ();
  if (source && (schema = g_settings_schema_source_lookup (source, BASE_ID, TRUE)) &&
      g_settings_schema_has_key (schema, "patient-sort"))
    {
      self->settings = g_settings_new (BASE_ID);
      g_settings_bind (self->settings, "patient-sort", self, "sort", G_SETTINGS_BIND_DEFAULT);
    }

  update_list_state (self);
  update_actions (self);
}

static void
care_patients_page_dispose (GObject *object)
{
  CarePatientsPage *self = (CarePatientsPage *)object;

  if (self->editor)
    gtk_window_destroy (self->editor);
  g_clear_weak_pointer (&self->editor);
  if (self->importer)
    gtk_window_destroy (self->importer);
  g_clear_weak_pointer (&self->importer);
  g_clear_weak_pointer (&self->undo_toast);
  if (self->store)
    {
      g_clear_signal_handler (&self->store_changed_before_id, self->store);
      g_clear_signal_handler (&self->store_changed_id, self->store);
    }
  if (self->list_view)
    gtk_list_view_set_model (self->list_view, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_PATIENTS_PAGE);

  g_clear_object (&self->settings);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_object (&self->model);
  g_clear_object (&self->store);
  g_clear_pointer (&self->undo, care_undo_free);

  G_OBJECT_CLASS (care_patients_page_parent_class)->dispose (object);
}

static void
care_patients_page_finalize (GObject *object)
{
  CarePatientsPage *self = (CarePatientsPage *)object;

  g_free (self->sort);
  g_free (self->selected_id);

  G_OBJECT_CLASS (care_patients_page_parent_class)->finalize (object);
}

static void
care_patients_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CarePatientsPage *self = CARE_PATIENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SORT:
      g_value_set_string (value, self->sort);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_patients_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CarePatientsPage *self = CARE_PATIENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SORT:
      set_sort (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_patients_page_class_init (CarePatientsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  care_page_class_set_info (CARE_PAGE_CLASS (klass), "patients", N_("Patients"),
                            "system-users-symbolic", CARE_PERM_PATIENT_REGISTRATION);

  object_class->constructed = care_patients_page_constructed;
  object_class->dispose = care_patients_page_dispose;
  object_class->finalize = care_patients_page_finalize;
  object_class->get_property = care_patients_page_get_property;
  object_class->set_property = care_patients_page_set_property;

  /* "name", "recent" or "mrn"; bound to the patient-sort setting. */
  properties[PROP_SORT] =
    g_param_spec_string ("sort", NULL, NULL, "name",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CARE_TYPE_LIST_BIN);
  g_type_ensure (CARE_TYPE_SPLIT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/patients/care-patients-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CarePatientsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CarePatientsPage, split_view);
  gtk_widget_class_bind_template_child (widget_class, CarePatientsPage, list_pane);
  gtk_widget_class_bind_template_child (widget_class, CarePatientsPage, details_pane);
  gtk_widget_class_bind_template_child (widget_class, CarePatientsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CarePatientsPage, sort_button);
  gtk_widget_class_bind_template_child (widget_class, CarePatientsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, CarePatientsPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, CarePatientsPage, more_button);
  gtk_widget_class_bind_template_child (widget_class, CarePatientsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CarePatientsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, CarePatientsPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, CarePatientsPage, details_stack);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_split_view_folded_cb);

  gtk_widget_class_install_action (widget_class, "patients.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "patients.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "patients.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "patients.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "patients.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "patients.focus-search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "patients.back", NULL, back_action);
  gtk_widget_class_install_property_action (widget_class, "patients.sort", "sort");

  gtk_widget_class_set_css_name (widget_class, "patientspage");
}

static void
care_patients_page_init (CarePatientsPage *self)
{
  GtkEventController *shortcuts;

  self->sort = g_strdup ("name");
  self->released_position = GTK_INVALID_LIST_POSITION;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_search_entry_set_search_delay (self->search_entry, SEARCH_DELAY_MS);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->list_view));

  /* Managed scope: the shortcuts work while the page is shown, wherever
   * the focus is in the window (the sidebar, say). */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>n"),
                                                          gtk_named_action_new ("patients.new")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>f"),
                                                          gtk_named_action_new ("patients.focus-search")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  update_actions (self);
}

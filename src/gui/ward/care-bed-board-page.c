/* care-bed-board-page.c: the Bed board page: the ward's beds, admitting, transferring, discharging
 *
 * The board on the left (CareBedBoardView), the selected bed on the
 * right with what can be done to it: admit a patient (searched for, or
 * one a doctor recommended for admission), transfer or discharge whoever
 * holds it, reserve it, mark it cleaned, take it out of service. Every
 * change goes through care-bed-board.c; a refusal is shown under the
 * bed's title. The page rebuilds on the store's "changed" signal, so beds
 * another workstation changed show up after sync.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-bed-board-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-bed-board-page.h"
#include "care-bed-board-view.h"

#define SEARCH_LIMIT 12

struct _CareBedBoardPage
{
  CarePage          parent_instance;

  CareStore        *store;
  gulong            changed_id;
  guint             refresh_idle;

  CareBedBoardView *view;
  GtkWidget        *conflicts_label;
  GtkWidget        *panel;
  GtkWidget        *error_label;
  GtkWidget        *search_entry;
  GtkWidget        *results;
  GtkWidget        *target_dropdown;
  GPtrArray        *target_ids;     /* bed ids in the order of the dropdown */
};

G_DEFINE_FINAL_TYPE (CareBedBoardPage, care_bed_board_page, CARE_TYPE_PAGE)

GtkWidget *
care_bed_board_page_new (CareSession *session)
{
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  return g_object_new (CARE_TYPE_BED_BOARD_PAGE, "session", session, NULL);
}

static void rebuild_panel (CareBedBoardPage *self);

static const CareBedTile *
selected_tile (CareBedBoardPage *self)
{
  return care_bed_board_view_get_tile (self->view, care_bed_board_view_get_selected (self->view));
}

static void
show_error (CareBedBoardPage *self,
            const GError     *error)
{
  gtk_label_set_text (GTK_LABEL (self->error_label), error ? error->message : "");
  gtk_widget_set_visible (self->error_label, error != NULL);
}

/* After a change: the store's "changed" rebuilds the board; a refusal
 * stays on screen until the next change. */
static void
done (CareBedBoardPage *self,
      gboolean          ok,
      GError           *error)
{
  if (!ok)
    show_error (self, error);
}

static void
refresh (CareBedBoardPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tiles = care_bed_board_list (self->store, &error);
  guint conflicts = 0;

  if (tiles == NULL)
    {
      g_warning ("Could not read the beds: %s", error->message);
      return;
    }
  for (guint i = 0; i < tiles->len; i++)
    conflicts += care_bed_tile_is_conflict (g_ptr_array_index (tiles, i));
  if (conflicts > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u bed was given to two patients on different workstations: transfer one of them.",
                                                         "%u beds were given to two patients on different workstations: transfer one of each.",
                                                         conflicts), conflicts);
      gtk_label_set_text (GTK_LABEL (self->conflicts_label), text);
    }
  gtk_widget_set_visible (self->conflicts_label, conflicts > 0);
  /* The view keeps the selection; its tile is drawn selected again. */
  care_bed_board_view_set_tiles (self->view, tiles);
  rebuild_panel (self);
}

static gboolean
refresh_idle_cb (gpointer data)
{
  CareBedBoardPage *self = data;

  self->refresh_idle = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (CareBedBoardPage *self,
                  const char       *entity)
{
  static const char *const watched[] = { "bed", "bed_allocation", "room", "ward", "patient", "admission_request", NULL };

  if (g_strv_contains (watched, entity) && self->refresh_idle == 0)
    self->refresh_idle = g_idle_add (refresh_idle_cb, self);
}

/* --- actions ---------------------------------------------------------------- */

static void
set_status_clicked_cb (GtkButton        *button,
                       CareBedBoardPage *self)
{
  const CareBedTile *tile = selected_tile (self);
  g_autoptr(GError) error = NULL;

  gboolean ok;

  if (tile == NULL)
    return;
  ok = care_bed_board_set_status (self->store, tile->bed_id, g_object_get_data (G_OBJECT (button), "status"), &error);
  done (self, ok, error);
}

static void
discharge_clicked_cb (GtkButton        *button,
                      CareBedBoardPage *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = care_bed_board_discharge (self->store, g_object_get_data (G_OBJECT (button), "allocation-id"), &error);

  done (self, ok, error);
}

static void
transfer_clicked_cb (GtkButton        *button,
                     CareBedBoardPage *self)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->target_dropdown));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (i >= self->target_ids->len)
    return;
  ok = care_bed_board_transfer (self->store, g_object_get_data (G_OBJECT (button), "allocation-id"),
                                g_ptr_array_index (self->target_ids, i), &error);
  done (self, ok, error);
}

static void
result_activated_cb (GtkListBox       *list,
                     GtkListBoxRow    *row,
                     CareBedBoardPage *self)
{
  const CareBedTile *tile = selected_tile (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (tile == NULL)
    return;
  id = care_bed_board_admit (self->store, tile->bed_id, g_object_get_data (G_OBJECT (row), "patient-id"), NULL,
                             g_object_get_data (G_OBJECT (row), "request-id"), &error);
  done (self, id != NULL, error);
}

/* --- the selected bed --------------------------------------------------------- */

static char *
patient_name (CareRecord *patient)
{
  return g_strdup_printf ("%s %s", care_record_get (patient, "given_name"), care_record_get (patient, "family_name"));
}

static void
add_result (CareBedBoardPage *self,
            CareRecord       *patient,
            const char       *request_id,
            const char       *reason)
{
  g_autofree char *name = patient_name (patient);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  if (request_id)
    {
      /* Translators: a doctor's reason for admitting, e.g. "Recommended: pneumonia" */
      g_autofree char *subtitle = g_strdup_printf (_("Recommended for admission: %s"), reason ? reason : "");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
    }
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "patient-id", g_strdup (care_record_get_id (patient)), g_free);
  g_object_set_data_full (G_OBJECT (row), "request-id", g_strdup (request_id), g_free);
  gtk_list_box_append (GTK_LIST_BOX (self->results), row);
}

/* Who can be admitted: those a doctor recommended first, then the search. */
static void
fill_results (CareBedBoardPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GPtrArray) found = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->results)))
    gtk_list_box_remove (GTK_LIST_BOX (self->results), child);

  requests = care_store_list (self->store, care_schema_lookup ("admission_request"), "status", "pending", NULL, 0, NULL);
  for (guint i = 0; requests && i < requests->len; i++)
    {
      CareRecord *r = g_ptr_array_index (requests, i);
      g_autoptr(CareRecord) patient = care_store_get (self->store, care_schema_lookup ("patient"),
                                                      care_record_get (r, "patient_id"), NULL);
      if (patient)
        add_result (self, patient, care_record_get_id (r), care_record_get (r, "reason"));
    }
  if (text && *text)
    found = care_store_search_patients (self->store, text, SEARCH_LIMIT, NULL);
  for (guint i = 0; found && i < found->len; i++)
    add_result (self, g_ptr_array_index (found, i), NULL, NULL);
}

static void
search_changed_cb (CareBedBoardPage *self)
{
  fill_results (self);
}

static GtkWidget *
action_button (CareBedBoardPage *self,
               GtkWidget        *box,
               const char       *name,
               const char       *label,
               GCallback         callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_name (button, name);
  g_signal_connect (button, "clicked", callback, self);
  gtk_box_append (GTK_BOX (box), button);
  return button;
}

static const char *
status_action_label (const char *from,
                     const char *to)
{
  if (g_str_equal (to, "reserved"))
    return _("_Reserve");
  if (g_str_equal (to, "out_of_service"))
    return _("_Out of service");
  if (g_str_equal (to, "cleaning"))
    return _("To be _cleaned");
  if (g_str_equal (from, "cleaning"))
    return _("Mark _cleaned");
  if (g_str_equal (from, "reserved"))
    return _("_Release reservation");
  return _("_Back in service");
}

static void
add_transfer_targets (CareBedBoardPage *self,
                      GtkWidget        *box)
{
  GPtrArray *tiles = care_bed_board_view_get_tiles (self->view);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  g_ptr_array_set_size (self->target_ids, 0);
  for (guint i = 0; tiles && i < tiles->len; i++)
    {
      const CareBedTile *t = g_ptr_array_index (tiles, i);

      if (t->occupants->len == 0 && (g_str_equal (t->status, "available") || g_str_equal (t->status, "reserved")))
        {
          /* Translators: a bed, its room and ward: "A1-2 (A1, Ward A)" */
          g_autofree char *text = g_strdup_printf (_("%s (%s, %s)"), t->label, t->room_name, t->ward_name);

          gtk_string_list_append (labels, text);
          g_ptr_array_add (self->target_ids, g_strdup (t->bed_id));
        }
    }
  self->target_dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
  gtk_widget_set_name (self->target_dropdown, "bed-transfer-target");
  gtk_box_append (GTK_BOX (box), gtk_label_new (_("Transfer to")));
  gtk_box_append (GTK_BOX (box), self->target_dropdown);
}

static void
add_occupants (CareBedBoardPage  *self,
               GtkWidget         *box,
               const CareBedTile *tile)
{
  add_transfer_targets (self, box);
  for (guint i = 0; i < tile->occupants->len; i++)
    {
      const CareBedOccupant *o = g_ptr_array_index (tile->occupants, i);
      GtkWidget *name = gtk_label_new (o->patient_name);
      GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      g_autofree char *transfer = i ? g_strdup_printf ("bed-transfer-%u", i + 1) : g_strdup ("bed-transfer");
      g_autofree char *discharge = i ? g_strdup_printf ("bed-discharge-%u", i + 1) : g_strdup ("bed-discharge");
      GtkWidget *button;

      gtk_widget_add_css_class (name, "heading");
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_box_append (GTK_BOX (box), name);
      button = action_button (self, buttons, transfer, _("_Transfer"), G_CALLBACK (transfer_clicked_cb));
      gtk_widget_set_sensitive (button, self->target_ids->len > 0);
      g_object_set_data_full (G_OBJECT (button), "allocation-id", g_strdup (o->allocation_id), g_free);
      button = action_button (self, buttons, discharge, _("_Discharge"), G_CALLBACK (discharge_clicked_cb));
      g_object_set_data_full (G_OBJECT (button), "allocation-id", g_strdup (o->allocation_id), g_free);
      gtk_box_append (GTK_BOX (box), buttons);
    }
}

static void
add_admit (CareBedBoardPage *self,
           GtkWidget        *box)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_box_append (GTK_BOX (box), gtk_label_new (_("Admit a patient")));
  self->search_entry = gtk_search_entry_new ();
  gtk_widget_set_name (self->search_entry, "bed-admit-search");
  g_signal_connect_swapped (self->search_entry, "changed", G_CALLBACK (search_changed_cb), self);
  gtk_box_append (GTK_BOX (box), self->search_entry);
  self->results = gtk_list_box_new ();
  gtk_widget_set_name (self->results, "bed-admit-results");
  gtk_widget_add_css_class (self->results, "boxed-list");
  g_signal_connect (self->results, "row-activated", G_CALLBACK (result_activated_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->results);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_box_append (GTK_BOX (box), scroller);
  fill_results (self);
}

static void
rebuild_panel (CareBedBoardPage *self)
{
  static const char *const manual[] = { "available", "reserved", "cleaning", "out_of_service" };
  const CareBedTile *tile = selected_tile (self);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title;
  g_autofree char *heading = NULL;

  adw_bin_set_child (ADW_BIN (self->panel), box);
  self->search_entry = NULL;
  self->results = NULL;
  self->target_dropdown = NULL;
  if (tile == NULL)
    {
      GtkWidget *hint = gtk_label_new (_("Choose a bed to admit, transfer or discharge a patient, or to change its status."));

      gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
      gtk_widget_add_css_class (hint, "dim-label");
      gtk_box_append (GTK_BOX (box), hint);
      return;
    }

  /* Translators: a bed, its room and ward: "Bed A1-2 · A1 · Ward A" */
  heading = g_strdup_printf (_("Bed %s · %s · %s"), tile->label, tile->room_name, tile->ward_name);
  title = gtk_label_new (heading);
  gtk_widget_set_name (title, "bed-panel-title");
  gtk_widget_add_css_class (title, "title-4");
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), gtk_label_new (care_bed_status_label (tile->status)));
  self->error_label = gtk_label_new (NULL);
  gtk_widget_set_name (self->error_label, "bed-error");
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_box_append (GTK_BOX (box), self->error_label);

  if (tile->occupants->len > 0)
    add_occupants (self, box, tile);
  else if (g_str_equal (tile->status, "available") || g_str_equal (tile->status, "reserved"))
    add_admit (self, box);

  for (guint i = 0; i < G_N_ELEMENTS (manual); i++)
    if (tile->occupants->len == 0 && care_beds_can_set_status (tile->status, manual[i]))
      {
        g_autofree char *name = g_strdup_printf ("bed-set-%s", manual[i]);
        GtkWidget *button = action_button (self, buttons, name, status_action_label (tile->status, manual[i]),
                                           G_CALLBACK (set_status_clicked_cb));

        g_object_set_data (G_OBJECT (button), "status", (gpointer) manual[i]);
      }
  gtk_box_append (GTK_BOX (box), buttons);
}

static void
bed_selected_cb (CareBedBoardPage *self)
{
  rebuild_panel (self);
}

/* --- the page ----------------------------------------------------------------- */

static void
care_bed_board_page_constructed (GObject *object)
{
  CareBedBoardPage *self = CARE_BED_BOARD_PAGE (object);
  GtkWidget *paned = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *side = gtk_scrolled_window_new ();

  G_OBJECT_CLASS (care_bed_board_page_parent_class)->constructed (object);

  self->store = g_object_ref (care_page_get_store (CARE_PAGE (self)));
  self->conflicts_label = gtk_label_new (NULL);
  gtk_widget_set_name (self->conflicts_label, "bed-conflicts");
  gtk_widget_add_css_class (self->conflicts_label, "error");
  gtk_label_set_wrap (GTK_LABEL (self->conflicts_label), TRUE);
  gtk_widget_set_visible (self->conflicts_label, FALSE);
  self->view = CARE_BED_BOARD_VIEW (care_bed_board_view_new ());
  gtk_widget_set_name (GTK_WIDGET (self->view), "bed-board");
  g_signal_connect_swapped (self->view, "bed-selected", G_CALLBACK (bed_selected_cb), self);
  gtk_widget_set_margin_start (left, 18);
  gtk_widget_set_margin_end (left, 18);
  gtk_widget_set_margin_top (left, 18);
  gtk_widget_set_margin_bottom (left, 18);
  gtk_box_append (GTK_BOX (left), self->conflicts_label);
  gtk_box_append (GTK_BOX (left), GTK_WIDGET (self->view));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), left);
  gtk_widget_set_hexpand (scroller, TRUE);

  self->panel = adw_bin_new ();
  gtk_widget_set_name (self->panel, "bed-panel");
  gtk_widget_set_size_request (self->panel, 300, -1);
  gtk_widget_set_margin_start (self->panel, 12);
  gtk_widget_set_margin_end (self->panel, 12);
  gtk_widget_set_margin_top (self->panel, 18);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (side), self->panel);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (side), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);

  gtk_box_append (GTK_BOX (paned), scroller);
  gtk_box_append (GTK_BOX (paned), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (paned), side);
  gtk_widget_set_parent (paned, GTK_WIDGET (self));

  self->changed_id = g_signal_connect_swapped (self->store, "changed", G_CALLBACK (store_changed_cb), self);
  refresh (self);
}

static void
care_bed_board_page_dispose (GObject *object)
{
  CareBedBoardPage *self = CARE_BED_BOARD_PAGE (object);

  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  if (self->store)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_pointer (&self->target_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (care_bed_board_page_parent_class)->dispose (object);
}

static void
care_bed_board_page_class_init (CareBedBoardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  care_page_class_set_info (CARE_PAGE_CLASS (klass), "beds", N_("Bed board"),
                            "view-grid-symbolic", CARE_PERM_BED_ALLOCATION);

  object_class->constructed = care_bed_board_page_constructed;
  object_class->dispose = care_bed_board_page_dispose;
}

static void
care_bed_board_page_init (CareBedBoardPage *self)
{
  self->target_ids = g_ptr_array_new_with_free_func (g_free);
}

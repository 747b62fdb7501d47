/* care-bed-board-view.c: wards → rooms → beds as a grid of tiles, with each ward's figures
 *
 * A tile is a button named "bed-<label>" that says the bed's status in
 * words as well as in colour (the .bed-<status> classes of style.css) and
 * who holds it; a bed two patients hold after sync says so and is framed
 * in red. Clicking a tile selects it ("bed-selected").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-bed-board-view"

#include "config.h"

#include <glib/gi18n.h>

#include "care-bed-board-view.h"

struct _CareBedBoardView
{
  GtkWidget   parent_instance;

  GtkWidget  *box;
  GPtrArray  *tiles;
  GHashTable *buttons;   /* bed id → its tile's button */
  char       *selected;
};

G_DEFINE_FINAL_TYPE (CareBedBoardView, care_bed_board_view, GTK_TYPE_WIDGET)

enum {
  BED_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
care_bed_board_view_new (void)
{
  return g_object_new (CARE_TYPE_BED_BOARD_VIEW, NULL);
}

const char *
care_bed_status_label (const char *status)
{
  return care_field_choice_label (care_entity_field (care_schema_lookup ("bed"), "status"), status);
}

static char *
occupancy_text (const CareWardOccupancy *ward)
{
  /* Translators: a ward's figures: beds occupied of all, then the others */
  return g_strdup_printf (_("%u of %u occupied · %u available · %u reserved · %u being cleaned · %u out of service"),
                          ward->occupied, ward->beds, ward->available, ward->reserved, ward->cleaning,
                          ward->out_of_service);
}

static char *
tile_markup (const CareBedTile *tile)
{
  GString *text = g_string_new (NULL);

  g_autofree char *label = g_markup_printf_escaped ("<b>%s</b>\n", tile->label);

  g_string_append (text, label);
  if (care_bed_tile_is_conflict (tile))
    g_string_append (text, _("Two patients: transfer one"));
  else
    g_string_append (text, care_bed_status_label (tile->status));
  for (guint i = 0; i < tile->occupants->len; i++)
    {
      const CareBedOccupant *o = g_ptr_array_index (tile->occupants, i);
      g_autofree char *name = g_markup_escape_text (o->patient_name ? o->patient_name : "", -1);

      g_string_append_printf (text, "\n%s", name);
    }
  return g_string_free (text, FALSE);
}

static void
tile_clicked_cb (GtkButton        *button,
                 CareBedBoardView *self)
{
  const char *bed_id = g_object_get_data (G_OBJECT (button), "bed-id");

  care_bed_board_view_select (self, bed_id);
  g_signal_emit (self, signals[BED_SELECTED], 0, bed_id);
}

static GtkWidget *
tile_new (CareBedBoardView  *self,
          const CareBedTile *tile)
{
  g_autofree char *markup = tile_markup (tile);
  g_autofree char *name = g_strdup_printf ("bed-%s", tile->label);
  g_autofree char *status_class = g_strdup_printf ("bed-%s", tile->status);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *button = gtk_button_new ();

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_set_name (button, name);
  gtk_widget_add_css_class (button, "bed-tile");
  gtk_widget_add_css_class (button, status_class);
  if (care_bed_tile_is_conflict (tile))
    gtk_widget_add_css_class (button, "bed-conflict");
  if (g_strcmp0 (tile->bed_id, self->selected) == 0)
    gtk_widget_add_css_class (button, "bed-selected");
  g_object_set_data_full (G_OBJECT (button), "bed-id", g_strdup (tile->bed_id), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (tile_clicked_cb), self);
  g_hash_table_insert (self->buttons, tile->bed_id, button);
  return button;
}

static GtkWidget *
ward_header_new (const CareWardOccupancy *ward,
                 guint                    index)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title = gtk_label_new (ward->ward_name);
  g_autofree char *figures = occupancy_text (ward);
  g_autofree char *name = g_strdup_printf ("ward-occupancy-%u", index);
  GtkWidget *occupancy = gtk_label_new (figures);

  gtk_widget_add_css_class (title, "title-3");
  gtk_widget_add_css_class (occupancy, "dim-label");
  gtk_widget_set_name (occupancy, name);
  gtk_label_set_wrap (GTK_LABEL (occupancy), TRUE);
  gtk_label_set_xalign (GTK_LABEL (occupancy), 0);
  gtk_box_append (GTK_BOX (header), title);
  gtk_box_append (GTK_BOX (header), occupancy);
  return header;
}

static GtkWidget *
room_new (const char *room_name,
          GtkWidget **flow)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (room_name);

  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_size_request (label, 64, -1);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  *flow = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (*flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (*flow), TRUE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (*flow), 16);
  gtk_widget_set_hexpand (*flow, TRUE);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (row), *flow);
  return row;
}

void
care_bed_board_view_set_tiles (CareBedBoardView *self,
                               GPtrArray        *tiles)
{
  g_autoptr(GPtrArray) wards = NULL;
  GtkWidget *child;
  GtkWidget *flow = NULL;
  const char *ward_id = NULL;
  const char *room_id = NULL;
  guint ward_index = 0;

  g_return_if_fail (CARE_IS_BED_BOARD_VIEW (self));

  while ((child = gtk_widget_get_first_child (self->box)))
    gtk_box_remove (GTK_BOX (self->box), child);
  g_hash_table_remove_all (self->buttons);
  g_clear_pointer (&self->tiles, g_ptr_array_unref);
  self->tiles = g_ptr_array_ref (tiles);

  if (tiles->len == 0)
    {
      GtkWidget *empty = gtk_label_new (_("No beds yet: an administrator adds wards, rooms and beds."));

      gtk_widget_add_css_class (empty, "dim-label");
      gtk_box_append (GTK_BOX (self->box), empty);
      return;
    }

  wards = care_bed_board_occupancy (tiles);
  for (guint i = 0; i < tiles->len; i++)
    {
      const CareBedTile *tile = g_ptr_array_index (tiles, i);

      if (g_strcmp0 (tile->ward_id, ward_id) != 0)
        {
          gtk_box_append (GTK_BOX (self->box), ward_header_new (g_ptr_array_index (wards, ward_index), ward_index));
          ward_index++;
          ward_id = tile->ward_id;
          room_id = NULL;
        }
      if (g_strcmp0 (tile->room_id, room_id) != 0)
        {
          gtk_box_append (GTK_BOX (self->box), room_new (tile->room_name, &flow));
          room_id = tile->room_id;
        }
      gtk_flow_box_append (GTK_FLOW_BOX (flow), tile_new (self, tile));
    }
}

GPtrArray *
care_bed_board_view_get_tiles (CareBedBoardView *self)
{
  return self->tiles;
}

const CareBedTile *
care_bed_board_view_get_tile (CareBedBoardView *self,
                              const char       *bed_id)
{
  for (guint i = 0; self->tiles && i < self->tiles->len; i++)
    {
      const CareBedTile *tile = g_ptr_array_index (self->tiles, i);

      if (g_strcmp0 (tile->bed_id, bed_id) == 0)
        return tile;
    }
  return NULL;
}

void
care_bed_board_view_select (CareBedBoardView *self,
                            const char       *bed_id)
{
  GtkWidget *button;

  g_return_if_fail (CARE_IS_BED_BOARD_VIEW (self));

  if (self->selected && (button = g_hash_table_lookup (self->buttons, self->selected)))
    gtk_widget_remove_css_class (button, "bed-selected");
  g_free (self->selected);
  self->selected = g_strdup (bed_id);  /* never self->selected itself: see refresh */
  if (bed_id && (button = g_hash_table_lookup (self->buttons, bed_id)))
    gtk_widget_add_css_class (button, "bed-selected");
}

const char *
care_bed_board_view_get_selected (CareBedBoardView *self)
{
  return self->selected;
}

static void
care_bed_board_view_dispose (GObject *object)
{
  CareBedBoardView *self = CARE_BED_BOARD_VIEW (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->buttons, g_hash_table_unref);
  g_clear_pointer (&self->tiles, g_ptr_array_unref);
  g_clear_pointer (&self->selected, g_free);

  G_OBJECT_CLASS (care_bed_board_view_parent_class)->dispose (object);
}

static void
care_bed_board_view_class_init (CareBedBoardViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_bed_board_view_dispose;

  signals[BED_SELECTED] = g_signal_new ("bed-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "bedboard");
}

static void
care_bed_board_view_init (CareBedBoardView *self)
{
  /* Keys are the tiles' own bed ids, which live as long as the buttons. */
  self->buttons = g_hash_table_new (g_str_hash, g_str_equal);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}

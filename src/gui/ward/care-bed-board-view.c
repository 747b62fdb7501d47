/* care-bed-board-view.c: wards → rooms → beds as a grid of tiles, with each ward's figures
 *
 * A tile says the bed's status in words as well as in colour and who holds
 * it; a bed two patients hold after sync says so and is framed in red.
 * Clicking a tile (or Enter on the focused one) selects it.
 *
 * The tiles are not widgets: the board lays them out and draws them with
 * GtkSnapshot, as the appointments' week view draws its blocks, so a
 * hospital of 500 beds draws in one pass instead of building 1,500
 * widgets. Keyboard users move a focus tile with the arrows, Home and End;
 * a screen reader hears the focused bed (the board's accessible label) and
 * every ward's figures (its description).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-bed-board-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "care-gtk-compat.h"
#include "care-bed-board-view.h"

#define ROOM_COLUMN 76.0   /* the room's name, left of its beds */
#define TILE_WIDTH  136.0
#define TILE_GAP    6.0
#define WARD_GAP    18.0
#define PADDING     8.0    /* inside a tile */
#define NO_TILE     G_MAXUINT
#define EMPTY_TEXT  _("No beds yet: an administrator adds wards, rooms and beds.")

typedef struct {
  double y, height;        /* a ward's heading */
  PangoLayout *layout;
} Heading;

typedef struct {
  double y;                /* a room's name */
  guint  first_tile;
} RoomMark;

struct _CareBedBoardView
{
  GtkWidget   parent_instance;

  GPtrArray  *tiles;
  GPtrArray  *wards;       /* CareWardOccupancy of tiles */
  char       *selected;
  guint       focus;       /* index in tiles, or NO_TILE */

  /* The layout for layout_width: where each tile, heading and room is. */
  double      layout_width;
  double      height;
  double      tile_height;
  graphene_point_t *origins;  /* one per tile */
  GArray     *headings;    /* Heading */
  GArray     *rooms;       /* RoomMark */
  GPtrArray  *tile_layouts;   /* PangoLayout per tile, made when first drawn */
  GtkAdjustment *vadjustment; /* of the scrolled window showing the board */
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

/* What a tile says, one line each: the bed, its status, who holds it. */
static char *
tile_text (const CareBedTile *tile)
{
  GString *text = g_string_new (tile->label);

  g_string_append_c (text, '\n');
  if (care_bed_tile_is_conflict (tile))
    g_string_append (text, _("Two patients: transfer one"));
  else
    g_string_append (text, care_bed_status_label (tile->status));
  for (guint i = 0; i < tile->occupants->len; i++)
    {
      const CareBedOccupant *o = g_ptr_array_index (tile->occupants, i);

      g_string_append (text, i == 0 ? "\n" : ", ");
      g_string_append (text, o->patient_name ? o->patient_name : "");
    }
  return g_string_free (text, FALSE);
}

static const CareBedTile *
tile_at_index (CareBedBoardView *self,
               guint             i)
{
  return self->tiles && i < self->tiles->len ? g_ptr_array_index (self->tiles, i) : NULL;
}

static guint
index_of_bed (CareBedBoardView *self,
              const char       *bed_id)
{
  for (guint i = 0; bed_id && self->tiles && i < self->tiles->len; i++)
    if (g_str_equal (((CareBedTile *) g_ptr_array_index (self->tiles, i))->bed_id, bed_id))
      return i;
  return NO_TILE;
}

/* --- layout ------------------------------------------------------------- */

static void
unref_layout (gpointer layout)
{
  g_clear_object (&layout);
}

static void
heading_clear (Heading *h)
{
  g_clear_object (&h->layout);
}

static PangoLayout *
heading_layout (CareBedBoardView        *self,
                const CareWardOccupancy *ward,
                double                   width)
{
  g_autofree char *figures = occupancy_text (ward);
  g_autofree char *markup = g_markup_printf_escaped ("<span size='large' weight='bold'>%s</span>   "
                                                     "<span alpha='60%%'>%s</span>", ward->ward_name, figures);
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);

  pango_layout_set_markup (layout, markup, -1);
  pango_layout_set_width (layout, (int) (MAX (width, 1) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  return layout;
}

/* Three lines of text and the padding around them. */
static double
measure_tile_height (CareBedBoardView *self)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), "A\nB\nC");
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height + 2 * PADDING;
}

/* Lays the board out for width; returns its height. Keeps the positions
 * when keep is set (an allocation), only measures otherwise. */
static double
lay_out (CareBedBoardView *self,
         double            width,
         gboolean          keep)
{
  double tile_height = measure_tile_height (self);
  double y = 0, x = 0;
  const char *ward_id = NULL, *room_id = NULL;
  guint ward_index = 0;

  if (keep)
    {
      g_array_set_size (self->headings, 0);
      g_array_set_size (self->rooms, 0);
      g_clear_pointer (&self->origins, g_free);
      self->origins = g_new0 (graphene_point_t, self->tiles ? self->tiles->len : 0);
      self->tile_height = tile_height;
      self->layout_width = width;
    }
  for (guint i = 0; self->tiles && i < self->tiles->len; i++)
    {
      const CareBedTile *tile = g_ptr_array_index (self->tiles, i);

      if (g_strcmp0 (tile->ward_id, ward_id) != 0)
        {
          PangoLayout *layout = heading_layout (self, g_ptr_array_index (self->wards, ward_index++), width);
          int h;

          if (ward_id)
            y += tile_height + WARD_GAP;
          pango_layout_get_pixel_size (layout, NULL, &h);
          if (keep)
            g_array_append_val (self->headings, ((Heading) { y, h, layout }));
          else
            g_object_unref (layout);
          y += h + TILE_GAP;
          ward_id = tile->ward_id;
          room_id = NULL;
        }
      if (g_strcmp0 (tile->room_id, room_id) != 0)
        {
          if (room_id)
            y += tile_height + TILE_GAP;
          if (keep)
            g_array_append_val (self->rooms, ((RoomMark) { y, i }));
          room_id = tile->room_id;
          x = ROOM_COLUMN;
        }
      else if (x + TILE_WIDTH > width)
        {
          x = ROOM_COLUMN;
          y += tile_height + TILE_GAP;
        }
      if (keep)
        self->origins[i] = GRAPHENE_POINT_INIT (x, y);
      x += TILE_WIDTH + TILE_GAP;
    }
  return self->tiles && self->tiles->len ? y + tile_height : 0;
}

static void
care_bed_board_view_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  CareBedBoardView *self = CARE_BED_BOARD_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) (ROOM_COLUMN + TILE_WIDTH);
      *natural = (int) (ROOM_COLUMN + 6 * (TILE_WIDTH + TILE_GAP));
    }
  else if (self->tiles == NULL || self->tiles->len == 0)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, EMPTY_TEXT);

      pango_layout_get_pixel_size (layout, NULL, minimum);
      *natural = *minimum;
    }
  else
    {
      double width = for_size > 0 ? for_size : ROOM_COLUMN + 6 * (TILE_WIDTH + TILE_GAP);

      *minimum = *natural = (int) ceil (lay_out (self, width, FALSE));
    }
}

static void
care_bed_board_view_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  CareBedBoardView *self = CARE_BED_BOARD_VIEW (widget);

  self->height = lay_out (self, width, TRUE);
}

/* --- drawing ------------------------------------------------------------ */

static GdkRGBA
status_color (const CareBedTile *tile,
              const GdkRGBA     *fg)
{
  /* GNOME's palette, light enough over the window's background in both
   * styles for the text to read; out of service is the text colour, faint. */
  static const struct { const char *status; const char *color; double alpha; } colors[] = {
    { "available", "#26a269", 0.18 },
    { "occupied", "#3584e4", 0.22 },
    { "reserved", "#e5a50a", 0.28 },
    { "cleaning", "#9141ac", 0.2 },
  };
  GdkRGBA c = *fg;

  c.alpha = 0.1;
  for (guint i = 0; i < G_N_ELEMENTS (colors); i++)
    if (g_strcmp0 (tile->status, colors[i].status) == 0)
      {
        gdk_rgba_parse (&c, colors[i].color);
        c.alpha = colors[i].alpha;
      }
  return c;
}

static PangoLayout *
tile_layout (CareBedBoardView *self,
             guint             i)
{
  PangoLayout *layout = g_ptr_array_index (self->tile_layouts, i);

  if (layout == NULL)
    {
      const CareBedTile *tile = g_ptr_array_index (self->tiles, i);
      g_autofree char *text = tile_text (tile);
      PangoAttrList *attrs = pango_attr_list_new ();
      PangoAttribute *bold = pango_attr_weight_new (PANGO_WEIGHT_BOLD);

      bold->end_index = strlen (tile->label);
      pango_attr_list_insert (attrs, bold);
      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
      pango_layout_set_width (layout, (int) ((TILE_WIDTH - 2 * PADDING) * PANGO_SCALE));
      pango_layout_set_height (layout, -3);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      g_ptr_array_index (self->tile_layouts, i) = layout;
    }
  return layout;
}

static void
stroke (GtkSnapshot          *snapshot,
        const GskRoundedRect *rect,
        double                width,
        const GdkRGBA        *color)
{
  const float w[4] = { width, width, width, width };
  const GdkRGBA c[4] = { *color, *color, *color, *color };

  gtk_snapshot_append_border (snapshot, rect, w, c);
}

/* The part of the board a scrolled window shows, in the board's
 * coordinates: only that is drawn, and scrolling draws again. */
static void
visible_range (CareBedBoardView *self,
               double           *top,
               double           *bottom)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = scroller ? gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)) : NULL;
  graphene_point_t origin;

  *top = 0;
  *bottom = G_MAXDOUBLE;
  if (adjustment != self->vadjustment)
    {
      if (self->vadjustment)
        g_signal_handlers_disconnect_by_func (self->vadjustment, gtk_widget_queue_draw, self);
      g_set_object (&self->vadjustment, adjustment);
      if (adjustment)
        g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (gtk_widget_queue_draw), self);
    }
  if (scroller && gtk_widget_compute_point (scroller, GTK_WIDGET (self), &GRAPHENE_POINT_INIT (0, 0), &origin))
    {
      *top = origin.y;
      *bottom = origin.y + gtk_widget_get_height (scroller);
    }
}

static void
care_bed_board_view_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  CareBedBoardView *self = CARE_BED_BOARD_VIEW (widget);
  GdkRGBA fg, dim, accent, error;
  gboolean focused = gtk_widget_has_visible_focus (widget);
  guint selected = index_of_bed (self, self->selected);
  double top, bottom;

  care_widget_get_color (widget, &fg);
  dim = fg;
  dim.alpha *= 0.6;
  if (self->tiles == NULL || self->tiles->len == 0)
    {
      g_autoptr(PangoLayout) empty = gtk_widget_create_pango_layout (widget, EMPTY_TEXT);

      gtk_snapshot_append_layout (snapshot, empty, &dim);
      return;
    }
  gdk_rgba_parse (&accent, "#3584e4");
  gdk_rgba_parse (&error, "#e01b24");
  visible_range (self, &top, &bottom);

  for (guint h = 0; h < self->headings->len; h++)
    {
      Heading *heading = &g_array_index (self->headings, Heading, h);

      if (heading->y > bottom || heading->y + heading->height < top)
        continue;
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, heading->y));
      gtk_snapshot_append_layout (snapshot, heading->layout, &fg);
      gtk_snapshot_restore (snapshot);
    }
  for (guint r = 0; r < self->rooms->len; r++)
    {
      RoomMark *room = &g_array_index (self->rooms, RoomMark, r);
      const CareBedTile *tile = g_ptr_array_index (self->tiles, room->first_tile);
      g_autofree char *markup = NULL;
      g_autoptr(PangoLayout) layout = NULL;

      if (room->y > bottom || room->y + self->tile_height < top)
        continue;
      markup = g_markup_printf_escaped ("<b>%s</b>", tile->room_name);
      layout = gtk_widget_create_pango_layout (widget, NULL);
      pango_layout_set_markup (layout, markup, -1);
      pango_layout_set_width (layout, (int) ((ROOM_COLUMN - TILE_GAP) * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, room->y + PADDING));
      gtk_snapshot_append_layout (snapshot, layout, &fg);
      gtk_snapshot_restore (snapshot);
    }
  for (guint i = 0; i < self->tiles->len; i++)
    {
      const CareBedTile *tile = g_ptr_array_index (self->tiles, i);
      graphene_rect_t r = GRAPHENE_RECT_INIT (self->origins[i].x, self->origins[i].y, TILE_WIDTH, self->tile_height);
      GskRoundedRect rounded;
      GdkRGBA fill = status_color (tile, &fg);
      gboolean out = g_strcmp0 (tile->status, "out_of_service") == 0;

      if (r.origin.y > bottom || r.origin.y + r.size.height < top)
        continue;
      gsk_rounded_rect_init_from_rect (&rounded, &r, 6);
      gtk_snapshot_push_rounded_clip (snapshot, &rounded);
      gtk_snapshot_append_color (snapshot, &fill, &r);
      gtk_snapshot_pop (snapshot);
      if (care_bed_tile_is_conflict (tile))
        stroke (snapshot, &rounded, 2, &error);
      if (i == selected)
        stroke (snapshot, &rounded, 3, &accent);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (r.origin.x + PADDING, r.origin.y + PADDING));
      gtk_snapshot_append_layout (snapshot, tile_layout (self, i), out ? &dim : &fg);
      gtk_snapshot_restore (snapshot);
      if (focused && i == self->focus)
        {
          GskRoundedRect ring;
          GdkRGBA ring_color = accent;

          ring_color.alpha = 0.5;
          gsk_rounded_rect_init_from_rect (&ring, &GRAPHENE_RECT_INIT (r.origin.x - 3, r.origin.y - 3,
                                                                       r.size.width + 6, r.size.height + 6), 9);
          stroke (snapshot, &ring, 2, &ring_color);
        }
    }
}

/* --- focus and what a screen reader hears -------------------------------- */

static void
update_accessible (CareBedBoardView *self)
{
  const CareBedTile *tile = tile_at_index (self, self->focus);
  GString *figures = g_string_new (NULL);
  g_autofree char *label = NULL;

  for (guint w = 0; self->wards && w < self->wards->len; w++)
    {
      const CareWardOccupancy *ward = g_ptr_array_index (self->wards, w);
      g_autofree char *text = occupancy_text (ward);

      /* Translators: a ward's name, then its figures */
      g_string_append_printf (figures, _("%s: %s. "), ward->ward_name, text);
    }
  if (tile)
    {
      g_autofree char *text = tile_text (tile);

      g_strdelimit (text, "\n", ',');
      /* Translators: a bed's label, status and patients, then its room and ward */
      label = g_strdup_printf (_("Bed %s, room %s, %s"), text, tile->room_name, tile->ward_name);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label ? label : _("Bed board"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, figures->str, -1);
  g_string_free (figures, TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Scrolls the board's scrolled window, if any, to show the focus tile. */
static void
scroll_to_focus (CareBedBoardView *self)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_point_t top, bottom;
  double value, page;

  if (scroller == NULL || self->origins == NULL || tile_at_index (self, self->focus) == NULL)
    return;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  if (!gtk_widget_compute_point (GTK_WIDGET (self), scroller, &self->origins[self->focus], &top))
    return;
  bottom = GRAPHENE_POINT_INIT (top.x, top.y + self->tile_height);
  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  if (top.y < 0)
    gtk_adjustment_set_value (adjustment, value + top.y - TILE_GAP);
  else if (bottom.y > page)
    gtk_adjustment_set_value (adjustment, value + bottom.y - page + TILE_GAP);
}

static void
set_focus (CareBedBoardView *self,
           guint             i)
{
  if (tile_at_index (self, i) == NULL)
    return;
  self->focus = i;
  scroll_to_focus (self);
  update_accessible (self);
}

static void
activate_tile (CareBedBoardView *self,
               guint             i)
{
  g_autofree char *bed_id = NULL;

  if (tile_at_index (self, i) == NULL)
    return;
  bed_id = g_strdup (tile_at_index (self, i)->bed_id);
  set_focus (self, i);
  care_bed_board_view_select (self, bed_id);
  g_signal_emit (self, signals[BED_SELECTED], 0, bed_id);
}

/* The nearest tile in the line above (direction -1) or below (+1). */
static guint
vertical_neighbour (CareBedBoardView *self,
                    int               direction)
{
  const graphene_point_t *from = &self->origins[self->focus];
  guint best = NO_TILE;
  double best_dy = G_MAXDOUBLE, best_dx = G_MAXDOUBLE;

  for (guint i = 0; i < self->tiles->len; i++)
    {
      double dy = (self->origins[i].y - from->y) * direction;
      double dx = fabs (self->origins[i].x - from->x);

      if (dy <= 0)
        continue;
      if (dy < best_dy || (dy == best_dy && dx < best_dx))
        {
          best = i;
          best_dy = dy;
          best_dx = dx;
        }
    }
  return best;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                CareBedBoardView      *self)
{
  guint n = self->tiles ? self->tiles->len : 0;

  if (n == 0 || self->origins == NULL)
    return FALSE;
  if (self->focus >= n)
    self->focus = 0;
  switch (keyval)
    {
    case GDK_KEY_Left:
      set_focus (self, self->focus ? self->focus - 1 : 0);
      return TRUE;
    case GDK_KEY_Right:
      set_focus (self, MIN (self->focus + 1, n - 1));
      return TRUE;
    case GDK_KEY_Up:
      set_focus (self, vertical_neighbour (self, -1));
      return TRUE;
    case GDK_KEY_Down:
      set_focus (self, vertical_neighbour (self, 1));
      return TRUE;
    case GDK_KEY_Home:
      set_focus (self, 0);
      return TRUE;
    case GDK_KEY_End:
      set_focus (self, n - 1);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      activate_tile (self, self->focus);
      return TRUE;
    default:
      return FALSE;
    }
}

static guint
tile_at (CareBedBoardView *self,
         double            x,
         double            y)
{
  for (guint i = 0; self->origins && i < self->tiles->len; i++)
    if (x >= self->origins[i].x && x < self->origins[i].x + TILE_WIDTH &&
        y >= self->origins[i].y && y < self->origins[i].y + self->tile_height)
      return i;
  return NO_TILE;
}

static void
pressed_cb (GtkGestureClick  *gesture,
            int               n_press,
            double            x,
            double            y,
            CareBedBoardView *self)
{
  guint i = tile_at (self, x, y);

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (i != NO_TILE)
    activate_tile (self, i);
}

static gboolean
query_tooltip_cb (GtkWidget        *widget,
                  int               x,
                  int               y,
                  gboolean          keyboard,
                  GtkTooltip       *tooltip,
                  CareBedBoardView *self)
{
  guint i = keyboard ? self->focus : tile_at (self, x, y);
  g_autofree char *text = NULL;

  if (tile_at_index (self, i) == NULL)
    return FALSE;
  text = tile_text (tile_at_index (self, i));
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* --- the board's contents -------------------------------------------------- */

void
care_bed_board_view_set_tiles (CareBedBoardView *self,
                               GPtrArray        *tiles)
{
  const char *focus_id;

  g_return_if_fail (CARE_IS_BED_BOARD_VIEW (self));

  /* The focus stays on its bed across a refresh. */
  focus_id = tile_at_index (self, self->focus) ? tile_at_index (self, self->focus)->bed_id : NULL;
  g_ptr_array_ref (tiles);
  self->focus = NO_TILE;
  for (guint i = 0; focus_id && i < tiles->len; i++)
    if (g_str_equal (((CareBedTile *) g_ptr_array_index (tiles, i))->bed_id, focus_id))
      self->focus = i;
  if (self->focus == NO_TILE && tiles->len)
    self->focus = 0;
  g_clear_pointer (&self->tiles, g_ptr_array_unref);
  g_clear_pointer (&self->wards, g_ptr_array_unref);
  g_clear_pointer (&self->origins, g_free);
  self->tiles = tiles;
  self->wards = care_bed_board_occupancy (tiles);
  g_ptr_array_set_size (self->tile_layouts, 0);
  g_ptr_array_set_size (self->tile_layouts, tiles->len);
  g_array_set_size (self->headings, 0);
  g_array_set_size (self->rooms, 0);
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
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
  return tile_at_index (self, index_of_bed (self, bed_id));
}

const CareBedTile *
care_bed_board_view_find_tile (CareBedBoardView *self,
                               const char       *label)
{
  for (guint i = 0; label && self->tiles && i < self->tiles->len; i++)
    if (g_str_equal (((CareBedTile *) g_ptr_array_index (self->tiles, i))->label, label))
      return g_ptr_array_index (self->tiles, i);
  return NULL;
}

char *
care_bed_board_view_dup_tile_text (CareBedBoardView *self,
                                   const char       *bed_id)
{
  const CareBedTile *tile = care_bed_board_view_get_tile (self, bed_id);

  return tile ? tile_text (tile) : NULL;
}

char *
care_bed_board_view_dup_ward_figures (CareBedBoardView *self,
                                      guint             ward)
{
  g_return_val_if_fail (CARE_IS_BED_BOARD_VIEW (self), NULL);

  if (self->wards == NULL || ward >= self->wards->len)
    return NULL;
  return occupancy_text (g_ptr_array_index (self->wards, ward));
}

gboolean
care_bed_board_view_locate (CareBedBoardView *self,
                            const char       *bed_id,
                            double           *x,
                            double           *y)
{
  guint i = index_of_bed (self, bed_id);

  if (i == NO_TILE || self->origins == NULL)
    return FALSE;
  *x = self->origins[i].x + TILE_WIDTH / 2;
  *y = self->origins[i].y + self->tile_height / 2;
  return TRUE;
}

void
care_bed_board_view_select (CareBedBoardView *self,
                            const char       *bed_id)
{
  g_return_if_fail (CARE_IS_BED_BOARD_VIEW (self));

  g_free (self->selected);
  self->selected = g_strdup (bed_id);  /* never self->selected itself: see refresh */
  gtk_widget_queue_draw (GTK_WIDGET (self));
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

  g_clear_pointer (&self->tiles, g_ptr_array_unref);
  g_clear_pointer (&self->wards, g_ptr_array_unref);
  g_clear_pointer (&self->tile_layouts, g_ptr_array_unref);
  g_clear_pointer (&self->headings, g_array_unref);
  g_clear_pointer (&self->rooms, g_array_unref);
  g_clear_pointer (&self->origins, g_free);
  g_clear_pointer (&self->selected, g_free);
  if (self->vadjustment)
    g_signal_handlers_disconnect_by_func (self->vadjustment, gtk_widget_queue_draw, self);
  g_clear_object (&self->vadjustment);

  G_OBJECT_CLASS (care_bed_board_view_parent_class)->dispose (object);
}

static void
care_bed_board_view_class_init (CareBedBoardViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_bed_board_view_dispose;
  widget_class->measure = care_bed_board_view_measure;
  widget_class->size_allocate = care_bed_board_view_size_allocate;
  widget_class->snapshot = care_bed_board_view_snapshot;

  signals[BED_SELECTED] = g_signal_new ("bed-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_css_name (widget_class, "bedboard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static void
care_bed_board_view_init (CareBedBoardView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->focus = NO_TILE;
  self->tile_layouts = g_ptr_array_new_with_free_func (unref_layout);
  self->headings = g_array_new (FALSE, TRUE, sizeof (Heading));
  g_array_set_clear_func (self->headings, (GDestroyNotify) heading_clear);
  self->rooms = g_array_new (FALSE, TRUE, sizeof (RoomMark));

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  update_accessible (self);
}

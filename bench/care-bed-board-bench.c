/* care-bed-board-bench.c: the bed board of 500 beds, read, built, laid out and drawn
 *
 * Times (median of RUNS) care_bed_board_list() on a store of 10 wards × 10
 * rooms × 5 beds (about 60 % occupied, a few conflicts), the view's rows
 * laid out from it in a scrolled window of 1240 × 900 px (what the page
 * gives the board on a 1280 × 1024 screen) and drawn to a render node.
 * Beside it, in the same run, two ceilings laid out and drawn the same way:
 * 500 plain GtkButtons with a label in a GtkGridView (recycled: only those
 * on screen are built), and the same 500 in a GtkFlowBox (all built).
 * Needs a display (xvfb-run). Target: board ≤ 30 ms (median).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-bed-board-bench"

#include "config.h"

#include "care-bench-stats.h"

#include <gtk/gtk.h>
#include <glib/gstdio.h>

#include "caredesk-core.h"
#include "care-store-sql.h"
#include "ward/care-bed-board-view.h"

#define N_WARDS 10
#define N_ROOMS 10
#define N_BEDS  5
#define WIDTH   1240
#define HEIGHT  900
#define RUNS    31

static char *
insert (CareStore  *store,
        const char *entity,
        ...)
{
  g_autoptr(CareRecord) r = care_record_new (care_schema_lookup (entity));
  g_autoptr(GError) error = NULL;
  const char *name;
  va_list args;

  va_start (args, entity);
  while ((name = va_arg (args, const char *)))
    care_record_set (r, name, va_arg (args, const char *));
  va_end (args);
  if (!care_store_insert_full (store, r, FALSE, &error))
    g_error ("%s", error->message);
  return g_strdup (care_record_get_id (r));
}

/* Lays widget (a scrolled window, as on the page) out at WIDTH × HEIGHT
 * and draws it: what a frame does to it. */
static void
layout_and_draw (GtkWidget *widget)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int height = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, WIDTH, &height, NULL, NULL, NULL);
  gtk_widget_allocate (widget, WIDTH, MAX (height, HEIGHT), -1, NULL);
  gtk_widget_snapshot_child (gtk_widget_get_parent (widget), widget, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    g_error ("nothing drawn");
}

static void
fill (CareStore *store)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (!care_store_begin (store, &error))
    g_error ("%s", error->message);
  for (guint w = 0; w < N_WARDS; w++)
    {
      g_autofree char *wname = g_strdup_printf ("Ward %02u", w + 1);
      g_autofree char *ward = insert (store, "ward", "name", wname, "kind", "general", NULL);

      for (guint r = 0; r < N_ROOMS; r++)
        {
          g_autofree char *rname = g_strdup_printf ("%02u-%02u", w + 1, r + 1);
          g_autofree char *room = insert (store, "room", "ward_id", ward, "name", rname, NULL);

          for (guint b = 0; b < N_BEDS; b++, n++)
            {
              static const char *const free_states[] = { "available", "cleaning", "reserved", "out_of_service" };
              g_autofree char *label = g_strdup_printf ("%s-%u", rname, b + 1);
              gboolean occupied = n % 5 < 3;
              g_autofree char *bed = insert (store, "bed", "room_id", room, "label", label,
                                             "status", occupied ? "occupied" : free_states[n % 4], NULL);

              for (guint k = 0; occupied && k < (n % 97 == 0 ? 2u : 1u); k++)
                {
                  g_autofree char *given = g_strdup_printf ("Patient%u", n);
                  g_autofree char *patient = insert (store, "patient", "given_name", given, "family_name", k ? "Second" : "García López",
                                                     "date_of_birth", "1960-01-01", "sex", "female", "status", "repeat", NULL);
                  g_autofree char *a = insert (store, "bed_allocation", "bed_id", bed, "patient_id", patient,
                                               "admitted_at", "2026-12-01T10:00:00Z", "status", "active", NULL);
                }
            }
        }
    }
  if (!care_store_commit (store, &error))
    g_error ("%s", error->message);
}

static void
setup_bare_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  GtkWidget *button = gtk_button_new ();

  gtk_button_set_child (GTK_BUTTON (button), gtk_label_new (NULL));
  gtk_list_item_set_child (item, button);
}

static void
bind_bare_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  GtkWidget *button = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))),
                      gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

static GtkWidget *
bare_recycled_grid (void)
{
  GtkStringList *texts = gtk_string_list_new (NULL);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();

  for (guint i = 0; i < N_WARDS * N_ROOMS * N_BEDS; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u\nOccupied\nPatient%u García López", i, i);

      gtk_string_list_append (texts, text);
    }
  g_signal_connect (factory, "setup", G_CALLBACK (setup_bare_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_bare_cb), NULL);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller),
                                 gtk_grid_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (texts))),
                                                    factory));
  return scroller;
}

static GtkWidget *
bare_grid (void)
{
  GtkWidget *flow = gtk_flow_box_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  for (guint i = 0; i < N_WARDS * N_ROOMS * N_BEDS; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u\nOccupied\nPatient%u García López", i, i);
      GtkWidget *button = gtk_button_new ();

      gtk_button_set_child (GTK_BUTTON (button), gtk_label_new (text));
      gtk_flow_box_append (GTK_FLOW_BOX (flow), button);
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), flow);
  return scroller;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("caredesk-bed-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = NULL;
  GtkWidget *window, *view, *board, *holder;
  double load_ms[RUNS], board_ms[RUNS], bare_ms[RUNS], recycled_ms[RUNS];
  guint n_tiles = 0;

  gtk_init ();
  store = care_store_open (path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  care_store_set_tenant_id (store, "bench-clinic");
  fill (store);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, 900);
  holder = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_window_set_child (GTK_WINDOW (window), holder);
  gtk_window_present (GTK_WINDOW (window));
  view = care_bed_board_view_new ();
  board = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (board), view);
  gtk_box_append (GTK_BOX (holder), board);
  /* Drawn only once on screen: wait for the window's first frame. */
  while (!gtk_widget_get_mapped (view))
    g_main_context_iteration (NULL, TRUE);

  for (guint r = 0; r < RUNS; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(GPtrArray) tiles = care_bed_board_list (store, &error);
      gint64 t1 = g_get_monotonic_time ();
      GtkWidget *bare;

      if (tiles == NULL)
        g_error ("%s", error->message);
      n_tiles = tiles->len;
      care_bed_board_view_set_tiles (CARE_BED_BOARD_VIEW (view), tiles);
      layout_and_draw (board);
      board_ms[r] = (g_get_monotonic_time () - t0) / 1000.0;
      load_ms[r] = (t1 - t0) / 1000.0;

      t0 = g_get_monotonic_time ();
      bare = bare_grid ();
      gtk_box_append (GTK_BOX (holder), bare);
      layout_and_draw (bare);
      bare_ms[r] = (g_get_monotonic_time () - t0) / 1000.0;
      gtk_box_remove (GTK_BOX (holder), bare);

      t0 = g_get_monotonic_time ();
      bare = bare_recycled_grid ();
      gtk_box_append (GTK_BOX (holder), bare);
      layout_and_draw (bare);
      recycled_ms[r] = (g_get_monotonic_time () - t0) / 1000.0;
      gtk_box_remove (GTK_BOX (holder), bare);
    }

  g_print ("bed board, %u beds: load median %.2f ms; load + build + layout + draw median %.2f ms (target 30)\n",
           n_tiles, care_bench_median (load_ms, RUNS), care_bench_median (board_ms, RUNS));
  g_print ("ceiling, %u bare buttons in a recycling grid view: build + layout + draw median %.2f ms; ratio %.2f\n",
           N_WARDS * N_ROOMS * N_BEDS, care_bench_median (recycled_ms, RUNS), care_bench_median (board_ms, RUNS) / care_bench_median (recycled_ms, RUNS));
  g_print ("all built, %u bare buttons in a flow box: build + layout + draw median %.2f ms; ratio %.2f\n",
           N_WARDS * N_ROOMS * N_BEDS, care_bench_median (bare_ms, RUNS), care_bench_median (board_ms, RUNS) / care_bench_median (bare_ms, RUNS));

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&store);
  g_unlink (path);
  g_rmdir (dir);
  return 0;
}

/* care-chart-timeline.c: a patient's timeline as a list model that reads its pages as they are shown
 *
 * The number of entries is counted from the indexes when the model is
 * made; the entries themselves are read from the store by keyset, one page
 * after the last one read, only when the list view asks for a position
 * beyond them (the first screen reads one page). At first the model
 * holds only the first screen's entries, so that the list view makes
 * few rows; care_chart_timeline_show_more() adds the others, a screen's
 * worth a frame while the list view makes rows for them, then the rest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-chart-timeline"

#include "config.h"

#include "care-chart-timeline.h"

#define PAGE_SIZE 60
/* What the list sees at first: more than a screen's rows. GTK 4.8's list
 * view makes and binds some 200 rows around what it shows, at once, when
 * it gets a model; the rest are shown after the first frame. */
#define FIRST_SCREEN 40
#define ROWS_KEPT    200  /* GTK_LIST_VIEW_MAX_LIST_ITEMS in GTK 4.8 */

struct _CareChartItem
{
  GObject         parent_instance;
  CareChartEntry *entry;
};

G_DEFINE_FINAL_TYPE (CareChartItem, care_chart_item, G_TYPE_OBJECT)

static void
care_chart_item_finalize (GObject *object)
{
  care_chart_entry_free (CARE_CHART_ITEM (object)->entry);
  G_OBJECT_CLASS (care_chart_item_parent_class)->finalize (object);
}

static void
care_chart_item_class_init (CareChartItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = care_chart_item_finalize;
}

static void
care_chart_item_init (CareChartItem *self)
{
}

const CareChartEntry *
care_chart_item_get_entry (CareChartItem *self)
{
  g_return_val_if_fail (CARE_IS_CHART_ITEM (self), NULL);
  return self->entry;
}

struct _CareChartTimeline
{
  GObject    parent_instance;

  CareStore *store;
  char      *patient_id;
  guint      kinds;
  guint      n_items;
  guint      n_shown;   /* what the list model says it holds: FIRST_SCREEN, then all */
  GPtrArray *items;     /* CareChartItem read so far, in order */
  gboolean   failed;    /* a page could not be read: read no more */
};

static void care_chart_timeline_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CareChartTimeline, care_chart_timeline, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, care_chart_timeline_list_model_init))

static GType
get_item_type (GListModel *model)
{
  return CARE_TYPE_CHART_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return CARE_CHART_TIMELINE (model)->n_shown;
}

static gboolean
read_page (CareChartTimeline *self)
{
  const CareChartEntry *last = self->items->len
                               ? CARE_CHART_ITEM (self->items->pdata[self->items->len - 1])->entry : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = care_chart_timeline (self->store, self->patient_id, self->kinds, last, PAGE_SIZE, &error);

  if (page == NULL || page->len == 0)
    {
      if (error)
        g_warning ("The chart could not be read: %s", error->message);
      self->failed = TRUE;
      return FALSE;
    }
  for (guint i = 0; i < page->len; i++)
    {
      CareChartItem *item = g_object_new (CARE_TYPE_CHART_ITEM, NULL);

      item->entry = g_steal_pointer (&page->pdata[i]);
      g_ptr_array_add (self->items, item);
    }
  g_ptr_array_set_free_func (page, NULL);
  return TRUE;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  CareChartTimeline *self = CARE_CHART_TIMELINE (model);

  if (position >= self->n_shown)
    return NULL;
  while (position >= self->items->len && !self->failed)
    read_page (self);
  /* Written meanwhile by another workstation's sync: the count grew,
   * and the model is remade on the store's change. */
  if (position >= self->items->len)
    return NULL;
  return g_object_ref (self->items->pdata[position]);
}

static void
care_chart_timeline_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
care_chart_timeline_finalize (GObject *object)
{
  CareChartTimeline *self = CARE_CHART_TIMELINE (object);

  g_clear_object (&self->store);
  g_free (self->patient_id);
  g_ptr_array_unref (self->items);
  G_OBJECT_CLASS (care_chart_timeline_parent_class)->finalize (object);
}

static void
care_chart_timeline_class_init (CareChartTimelineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = care_chart_timeline_finalize;
}

static void
care_chart_timeline_init (CareChartTimeline *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

CareChartTimeline *
care_chart_timeline_new (CareStore  *store,
                         const char *patient_id,
                         guint       kinds)
{
  CareChartTimeline *self;
  g_autoptr(GError) error = NULL;
  gint64 n;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  self = g_object_new (CARE_TYPE_CHART_TIMELINE, NULL);
  self->store = g_object_ref (store);
  self->patient_id = g_strdup (patient_id);
  self->kinds = kinds;
  n = care_chart_count (store, patient_id, kinds, &error);
  if (n < 0)
    g_warning ("The chart could not be counted: %s", error->message);
  self->n_items = n > 0 ? (guint) n : 0;
  self->n_shown = MIN (self->n_items, FIRST_SCREEN);
  return self;
}

guint
care_chart_timeline_get_total (CareChartTimeline *self)
{
  g_return_val_if_fail (CARE_IS_CHART_TIMELINE (self), 0);
  return self->n_items;
}

gboolean
care_chart_timeline_show_more (CareChartTimeline *self)
{
  guint before;

  g_return_val_if_fail (CARE_IS_CHART_TIMELINE (self), FALSE);
  if (self->n_shown == self->n_items)
    return FALSE;
  before = self->n_shown;
  /* The rows the list view keeps made, a screen at a time; past them, all. */
  self->n_shown = before < ROWS_KEPT ? MIN (self->n_items, before + FIRST_SCREEN) : self->n_items;
  g_list_model_items_changed (G_LIST_MODEL (self), before, 0, self->n_shown - before);
  return self->n_shown < self->n_items;
}

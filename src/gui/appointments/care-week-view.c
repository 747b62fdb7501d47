/* care-week-view.c: a day (a column per doctor) or a week (one doctor) as a time grid
 *
 * Drawn natively, as gnome-calendar's week grid is: hour rows with labels
 * in a gutter, the consulting hours shaded, breaks and leave marked,
 * appointments as blocks coloured by status, a line at the current time.
 * Only the visible range is read from the store (care_schedule_list_range),
 * so a year of 200,000 appointments costs what one week costs.
 *
 * The blocks are not widgets: a screen reader hears the focus cell (arrows
 * move it) as the view's label and the whole day as its description.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-week-view"

#include "config.h"

#include <glib/gi18n.h>

#include "care-gtk-compat.h"
#include "care-appointment-util.h"
#include "care-clock.h"
#include "care-schedule.h"
#include "care-week-view.h"

#define GUTTER       56.0
#define HEADER       36.0
#define HOUR_HEIGHT  56.0
#define MIN_COLUMN   90.0
#define FOCUS_STEP   15   /* minutes the focus cell moves by */
#define MINUTE       (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

typedef struct {
  char    *doctor_id;
  char    *title;
  GDate    day;
  gint64   midnight;    /* the local date's start, µs */
  GArray  *spans;       /* CareSpan: consulting hours without breaks */
  GArray  *breaks;      /* CareSpan */
  gboolean on_leave;
  int      slot_minutes;
} Column;

typedef struct {
  char   *id;
  char   *patient;
  char   *status;
  gint64  start;
  gint64  end;
  guint   column;
} Block;

struct _CareWeekView
{
  GtkWidget   parent_instance;

  CareStore  *store;
  gulong      changed_id;
  guint       reload_idle;
  gboolean    week;
  GDate       first_day;
  GStrv       doctor_ids;
  GStrv       doctor_names;

  GArray     *columns;   /* Column */
  GArray     *blocks;    /* Block, by column then start */
  int         first_hour;
  int         last_hour;

  guint       focus_column;
  int         focus_minutes;  /* after the first hour */
};

G_DEFINE_FINAL_TYPE (CareWeekView, care_week_view, GTK_TYPE_WIDGET)

enum {
  SLOT_ACTIVATED,
  APPOINTMENT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
column_clear (Column *c)
{
  g_free (c->doctor_id);
  g_free (c->title);
  g_clear_pointer (&c->spans, g_array_unref);
  g_clear_pointer (&c->breaks, g_array_unref);
}

static void
block_clear (Block *b)
{
  g_free (b->id);
  g_free (b->patient);
  g_free (b->status);
}

static gint64
local_midnight (GDate     *day,
                int        add_days,
                GTimeZone *tz)
{
  GDate d = *day;
  g_autoptr(GDateTime) t = NULL;

  g_date_add_days (&d, add_days);
  t = g_date_time_new (tz, g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d), 0, 0, 0);
  return g_date_time_to_unix (t) * G_USEC_PER_SEC;
}

/* Minutes after the column's local midnight (wall clock: a day on which the
 * clocks change still shows 09:00 at the 09:00 line). */
static double
wall_minutes (const Column *c,
              gint64        usec,
              GTimeZone    *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) t = g_date_time_to_timezone (utc, tz);
  GDate d;
  int days;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, g_date_time_get_day_of_month (t), g_date_time_get_month (t), g_date_time_get_year (t));
  days = g_date_days_between (&c->day, &d);
  return days * 1440.0 + g_date_time_get_hour (t) * 60 + g_date_time_get_minute (t);
}

/* --- loading ---------------------------------------------------------- */

static void
load_column_hours (CareWeekView *self,
                   Column       *c,
                   GArray       *hours,
                   GPtrArray    *leave,
                   GTimeZone    *tz)
{
  guint32 j = g_date_get_julian (&c->day);

  c->spans = care_schedule_work_spans ((CareWorkHours *) hours->data, hours->len, &c->day, tz);
  c->breaks = g_array_new (FALSE, FALSE, sizeof (CareSpan));
  c->slot_minutes = 15;
  for (guint i = 0; i < c->spans->len; i++)
    {
      CareSpan *s = &g_array_index (c->spans, CareSpan, i);

      c->slot_minutes = s->slot_minutes;
      /* Two spans of one day's hours: the gap between them is the break. */
      if (i > 0 && g_array_index (c->spans, CareSpan, i - 1).end < s->start)
        {
          CareSpan gap = { g_array_index (c->spans, CareSpan, i - 1).end, s->start, 0 };
          g_array_append_val (c->breaks, gap);
        }
      self->first_hour = MIN (self->first_hour, (int) (wall_minutes (c, s->start, tz) / 60));
      self->last_hour = MAX (self->last_hour, (int) ((wall_minutes (c, s->end, tz) + 59) / 60));
    }
  for (guint i = 0; leave && i < leave->len; i++)
    {
      GDate first, last;

      g_date_clear (&first, 1);
      g_date_clear (&last, 1);
      g_date_set_parse (&first, care_record_get (leave->pdata[i], "starts_on"));
      g_date_set_parse (&last, care_record_get (leave->pdata[i], "ends_on"));
      if (g_date_valid (&first) && j >= g_date_get_julian (&first) &&
          j <= (g_date_valid (&last) ? g_date_get_julian (&last) : g_date_get_julian (&first)))
        c->on_leave = TRUE;
    }
  if (c->on_leave)
    {
      g_array_set_size (c->spans, 0);
      g_array_set_size (c->breaks, 0);
    }
}

static void
add_column (CareWeekView *self,
            const char   *doctor_id,
            const char   *title,
            GDate        *day,
            GTimeZone    *tz)
{
  Column c = { 0 };

  c.doctor_id = g_strdup (doctor_id);
  c.title = g_strdup (title);
  c.day = *day;
  c.midnight = local_midnight (day, 0, tz);
  g_array_append_val (self->columns, c);
}

static guint
column_of (CareWeekView *self,
           const char   *doctor_id,
           gint64        start)
{
  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *c = &g_array_index (self->columns, Column, i);

      if (g_strcmp0 (c->doctor_id, doctor_id) == 0 &&
          start >= c->midnight && (i + 1 == self->columns->len || !self->week ||
                                   start < g_array_index (self->columns, Column, i + 1).midnight))
        return i;
    }
  return G_MAXUINT;
}

static void
update_accessible (CareWeekView *self);

void
care_week_view_reload (CareWeekView *self)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GPtrArray) appointments = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GError) error = NULL;
  const char *only_doctor;
  gint64 from, until;

  g_return_if_fail (CARE_IS_WEEK_VIEW (self));

  g_clear_handle_id (&self->reload_idle, g_source_remove);
  g_array_set_size (self->columns, 0);
  g_array_set_size (self->blocks, 0);
  self->first_hour = 8;
  self->last_hour = 18;
  if (self->store == NULL || !g_date_valid (&self->first_day) || self->doctor_ids == NULL)
    goto done;

  for (guint d = 0; d < (self->week ? 7 : 1); d++)
    {
      GDate day = self->first_day;

      g_date_add_days (&day, d);
      for (guint i = 0; self->doctor_ids[i]; i++)
        {
          char title[64];

          if (self->week)
            g_date_strftime (title, sizeof title, "%a %e", &day);
          add_column (self, self->doctor_ids[i], self->week ? title : self->doctor_names[i], &day, tz);
        }
    }
  /* Hours and leave: one query each per doctor, a handful of rows. */
  for (guint i = 0; self->doctor_ids[i]; i++)
    {
      g_autoptr(GArray) hours = care_schedule_load_hours (self->store, self->doctor_ids[i], NULL);
      g_autoptr(GPtrArray) leave = care_store_list (self->store, care_schema_lookup ("doctor_leave"), "doctor_id",
                                                    self->doctor_ids[i], NULL, 0, NULL);

      for (guint k = 0; hours && k < self->columns->len; k++)
        if (g_str_equal (g_array_index (self->columns, Column, k).doctor_id, self->doctor_ids[i]))
          load_column_hours (self, &g_array_index (self->columns, Column, k), hours, leave, tz);
    }

  care_week_view_get_range (self, &from, &until);
  only_doctor = self->week ? self->doctor_ids[0] : NULL;
  appointments = care_schedule_list_range (self->store, only_doctor, from, until, &error);
  names = care_schedule_patient_names (self->store, only_doctor, from, until, &error);
  if (appointments == NULL || names == NULL)
    {
      g_warning ("Could not read the appointments: %s", error->message);
      goto done;
    }
  for (guint i = 0; i < appointments->len; i++)
    {
      CareRecord *a = appointments->pdata[i];
      Block b = { 0 };

      b.start = care_appointment_starts_at (a);
      b.end = b.start + care_record_get_int (a, "duration_minutes", 15) * MINUTE;
      b.column = column_of (self, care_record_get (a, "provider_id"), b.start);
      if (b.column == G_MAXUINT)
        continue;
      b.id = g_strdup (care_record_get_id (a));
      b.status = g_strdup (care_record_get (a, "status"));
      b.patient = g_strdup (g_hash_table_lookup (names, care_record_get (a, "patient_id")));
      g_array_append_val (self->blocks, b);
    }
  /* By column, then time: the order keyboard users and tests walk them in. */
  for (guint i = 1; i < self->blocks->len; i++)
    for (guint k = i; k > 0; k--)
      {
        Block *x = &g_array_index (self->blocks, Block, k - 1), *y = &g_array_index (self->blocks, Block, k), t;

        if (x->column < y->column || (x->column == y->column && x->start <= y->start))
          break;
        t = *x; *x = *y; *y = t;
      }
  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *b = &g_array_index (self->blocks, Block, i);
      Column *c = &g_array_index (self->columns, Column, b->column);

      self->first_hour = MIN (self->first_hour, (int) (wall_minutes (c, b->start, tz) / 60));
      self->last_hour = MAX (self->last_hour, (int) ((wall_minutes (c, b->end, tz) + 59) / 60));
    }
  self->first_hour = CLAMP (self->first_hour, 0, 23);
  self->last_hour = CLAMP (self->last_hour, self->first_hour + 1, 24);

done:
  self->focus_column = MIN (self->focus_column, self->columns->len ? self->columns->len - 1 : 0);
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static gboolean
reload_idle_cb (gpointer data)
{
  CareWeekView *self = data;

  self->reload_idle = 0;
  care_week_view_reload (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (CareWeekView *self)
{
  /* A sync step changes many rows at once: read them once. */
  if (self->reload_idle == 0)
    self->reload_idle = g_idle_add (reload_idle_cb, self);
}

void
care_week_view_set_store (CareWeekView *self,
                          CareStore    *store)
{
  g_return_if_fail (CARE_IS_WEEK_VIEW (self));

  if (self->store)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_set_object (&self->store, store);
  if (store)
    self->changed_id = g_signal_connect_swapped (store, "changed", G_CALLBACK (store_changed_cb), self);
  care_week_view_reload (self);
}

void
care_week_view_show_day (CareWeekView      *self,
                         GDate             *day,
                         const char *const *doctor_ids,
                         const char *const *doctor_names)
{
  g_return_if_fail (CARE_IS_WEEK_VIEW (self));

  self->week = FALSE;
  self->first_day = *day;
  g_strfreev (self->doctor_ids);
  g_strfreev (self->doctor_names);
  self->doctor_ids = g_strdupv ((GStrv) doctor_ids);
  self->doctor_names = g_strdupv ((GStrv) doctor_names);
  care_week_view_reload (self);
}

void
care_week_view_show_week (CareWeekView *self,
                          GDate        *first_day,
                          const char   *doctor_id)
{
  const char *ids[] = { doctor_id, NULL };

  g_return_if_fail (CARE_IS_WEEK_VIEW (self));

  self->week = TRUE;
  self->first_day = *first_day;
  g_strfreev (self->doctor_ids);
  g_strfreev (self->doctor_names);
  self->doctor_ids = g_strdupv ((GStrv) ids);
  self->doctor_names = g_strdupv ((GStrv) ids);
  care_week_view_reload (self);
}

void
care_week_view_get_range (CareWeekView *self,
                          gint64       *from,
                          gint64       *until)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();

  *from = local_midnight (&self->first_day, 0, tz);
  *until = local_midnight (&self->first_day, self->week ? 7 : 1, tz);
}

/* --- geometry --------------------------------------------------------- */

static double
column_width (CareWeekView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  return self->columns->len ? MAX (MIN_COLUMN, (width - GUTTER) / self->columns->len) : 0;
}

static double
y_of_minutes (CareWeekView *self,
              double        minutes)
{
  return HEADER + (minutes - self->first_hour * 60) * HOUR_HEIGHT / 60.0;
}

static void
block_rect (CareWeekView    *self,
            const Block     *b,
            GTimeZone       *tz,
            graphene_rect_t *rect)
{
  Column *c = &g_array_index (self->columns, Column, b->column);
  double w = column_width (self);
  double y1 = y_of_minutes (self, wall_minutes (c, b->start, tz));
  double y2 = y_of_minutes (self, wall_minutes (c, b->end, tz));

  graphene_rect_init (rect, GUTTER + b->column * w + 2, y1 + 1, w - 5, MAX (y2 - y1 - 2, 14));
}

gboolean
care_week_view_locate (CareWeekView *self,
                       guint         column,
                       gint64        instant,
                       double       *x,
                       double       *y)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();

  if (column >= self->columns->len)
    return FALSE;
  *x = GUTTER + (column + 0.5) * column_width (self);
  *y = y_of_minutes (self, wall_minutes (&g_array_index (self->columns, Column, column), instant, tz)) + 2;
  return TRUE;
}

static const Block *
block_at (CareWeekView *self,
          double        x,
          double        y)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();

  /* The last drawn is on top. */
  for (guint i = self->blocks->len; i > 0; i--)
    {
      const Block *b = &g_array_index (self->blocks, Block, i - 1);
      graphene_rect_t r;

      block_rect (self, b, tz, &r);
      if (graphene_rect_contains_point (&r, &GRAPHENE_POINT_INIT (x, y)))
        return b;
    }
  return NULL;
}

static gint64
cell_start (CareWeekView *self,
            guint         column,
            int           minutes)
{
  Column *c = &g_array_index (self->columns, Column, column);
  g_autoptr(GDateTime) t = g_date_time_new_local (g_date_get_year (&c->day), g_date_get_month (&c->day),
                                                  g_date_get_day (&c->day), 0, 0, 0);
  g_autoptr(GDateTime) at = g_date_time_add_minutes (t, self->first_hour * 60 + minutes);

  return g_date_time_to_unix (at) * G_USEC_PER_SEC;
}

static const Block *
block_in_cell (CareWeekView *self,
               guint         column,
               gint64        start)
{
  for (guint i = 0; i < self->blocks->len; i++)
    {
      const Block *b = &g_array_index (self->blocks, Block, i);

      if (b->column == column && b->start < start + FOCUS_STEP * MINUTE && start < b->end &&
          !care_appointment_status_muted (b->status))
        return b;
    }
  for (guint i = 0; i < self->blocks->len; i++)
    {
      const Block *b = &g_array_index (self->blocks, Block, i);

      if (b->column == column && b->start < start + FOCUS_STEP * MINUTE && start < b->end)
        return b;
    }
  return NULL;
}

/* --- text --------------------------------------------------------------- */

static char *
describe (const Block *b)
{
  g_autofree char *time = care_appointment_format_time (b->start);

  /* Translators: time, patient, status: what a screen reader says for a block */
  return g_strdup_printf (_("%s, %s, %s"), time, b->patient ? b->patient : _("Unknown patient"),
                          care_appointment_status_label (b->status));
}

char *
care_week_view_describe_block (CareWeekView *self,
                               const char   *appointment_id)
{
  for (guint i = 0; i < self->blocks->len; i++)
    if (g_str_equal (g_array_index (self->blocks, Block, i).id, appointment_id))
      return describe (&g_array_index (self->blocks, Block, i));
  return NULL;
}

GPtrArray *
care_week_view_list_blocks (CareWeekView *self)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->blocks->len; i++)
    g_ptr_array_add (ids, g_strdup (g_array_index (self->blocks, Block, i).id));
  return ids;
}

char *
care_week_view_dup_summary (CareWeekView *self)
{
  GString *text = g_string_new (NULL);

  for (guint c = 0; c < self->columns->len; c++)
    {
      Column *col = &g_array_index (self->columns, Column, c);
      guint n = 0;

      g_string_append_printf (text, "%s%s: ", text->len ? "\n" : "", col->title);
      if (col->on_leave)
        g_string_append_printf (text, "%s ", _("On leave."));
      for (guint i = 0; i < self->blocks->len; i++)
        {
          const Block *b = &g_array_index (self->blocks, Block, i);
          g_autofree char *line = NULL;

          if (b->column != c)
            continue;
          line = describe (b);
          g_string_append_printf (text, "%s%s", n++ ? "; " : "", line);
        }
      if (n == 0)
        g_string_append (text, _("No appointments."));
    }
  return g_string_free (text, FALSE);
}

void
care_week_view_get_focus_cell (CareWeekView *self,
                               guint        *column,
                               gint64       *start)
{
  *column = self->focus_column;
  *start = self->columns->len ? cell_start (self, self->focus_column, self->focus_minutes) : 0;
}

static void
update_accessible (CareWeekView *self)
{
  g_autofree char *summary = care_week_view_dup_summary (self);
  g_autofree char *label = NULL;

  if (self->columns->len)
    {
      gint64 start = cell_start (self, self->focus_column, self->focus_minutes);
      const Block *b = block_in_cell (self, self->focus_column, start);
      g_autofree char *time = care_appointment_format_time (start);
      Column *c = &g_array_index (self->columns, Column, self->focus_column);

      /* Translators: a column's title (a doctor or a day), then a time */
      label = b ? describe (b) : g_strdup_printf (_("%s, %s, free"), c->title, time);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label ? label : _("Calendar"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* --- drawing ------------------------------------------------------------ */

static void
append_text (CareWeekView *self,
             GtkSnapshot  *snapshot,
             const char   *text,
             double        x,
             double        y,
             double        width,
             const GdkRGBA *color,
             gboolean      bold)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (bold)
    {
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
    }
  pango_layout_set_width (layout, (int) (MAX (width, 1) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
fill_span (CareWeekView  *self,
           GtkSnapshot   *snapshot,
           guint          column,
           gint64         start,
           gint64         end,
           const GdkRGBA *color,
           GTimeZone     *tz)
{
  Column *c = &g_array_index (self->columns, Column, column);
  double w = column_width (self);
  double y1 = MAX (y_of_minutes (self, wall_minutes (c, start, tz)), HEADER);
  double y2 = y_of_minutes (self, wall_minutes (c, end, tz));

  if (y2 > y1)
    gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (GUTTER + column * w, y1, w, y2 - y1));
}

static void
care_week_view_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  CareWeekView *self = CARE_WEEK_VIEW (widget);
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  double width = gtk_widget_get_width (widget);
  double height = y_of_minutes (self, self->last_hour * 60);
  double w = column_width (self);
  gint64 now = care_clock_get_real_time ();
  GdkRGBA fg, line, hours, pause, leave, now_color;
  gboolean focused = gtk_widget_has_visible_focus (widget);

  care_widget_get_color (widget, &fg);
  line = fg; line.alpha = 0.12f;
  gdk_rgba_parse (&hours, "#3584e4"); hours.alpha = 0.08f;
  pause = fg; pause.alpha = 0.08f;
  leave = fg; leave.alpha = 0.12f;
  gdk_rgba_parse (&now_color, "#e01b24");

  for (guint c = 0; c < self->columns->len; c++)
    {
      Column *col = &g_array_index (self->columns, Column, c);
      double x = GUTTER + c * w;
      GdkRGBA title = fg;

      if (col->on_leave)
        {
          GdkRGBA dim = fg;

          dim.alpha = 0.6f;
          gtk_snapshot_append_color (snapshot, &leave, &GRAPHENE_RECT_INIT (x, HEADER, w, height - HEADER));
          append_text (self, snapshot, _("On leave"), x + 6, HEADER + 6, w - 12, &dim, FALSE);
        }
      for (guint s = 0; s < col->spans->len; s++)
        fill_span (self, snapshot, c, g_array_index (col->spans, CareSpan, s).start,
                   g_array_index (col->spans, CareSpan, s).end, &hours, tz);
      for (guint s = 0; s < col->breaks->len; s++)
        {
          GdkRGBA dim = fg;
          CareSpan *b = &g_array_index (col->breaks, CareSpan, s);

          dim.alpha = 0.55f;
          fill_span (self, snapshot, c, b->start, b->end, &pause, tz);
          append_text (self, snapshot, _("Break"), x + 6,
                       y_of_minutes (self, wall_minutes (col, b->start, tz)) + 2, w - 12, &dim, FALSE);
        }
      append_text (self, snapshot, col->title, x + 6, 8, w - 12, &title, TRUE);
      gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (x, 0, 1, height));
    }

  for (int h = self->first_hour; h <= self->last_hour; h++)
    {
      double y = y_of_minutes (self, h * 60);
      char label[8];
      GdkRGBA dim = fg;

      dim.alpha = 0.6f;
      gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (GUTTER, y, width - GUTTER, 1));
      if (h < self->last_hour)
        {
          g_snprintf (label, sizeof label, "%02d:00", h);
          append_text (self, snapshot, label, 8, y + 2, GUTTER - 12, &dim, FALSE);
        }
    }

  for (guint i = 0; i < self->blocks->len; i++)
    {
      const Block *b = &g_array_index (self->blocks, Block, i);
      gboolean muted = care_appointment_status_muted (b->status);
      g_autofree char *time = care_appointment_format_time (b->start);
      g_autofree char *text = g_strdup_printf ("%s %s", time, b->patient ? b->patient : "");
      GdkRGBA color, ink = { 0.1f, 0.1f, 0.1f, muted ? 0.55f : 0.9f };
      graphene_rect_t r;
      GskRoundedRect rounded;

      block_rect (self, b, tz, &r);
      care_appointment_status_color (b->status, &color);
      gsk_rounded_rect_init_from_rect (&rounded, &r, 4);
      gtk_snapshot_push_rounded_clip (snapshot, &rounded);
      gtk_snapshot_append_color (snapshot, &color, &r);
      gtk_snapshot_pop (snapshot);
      append_text (self, snapshot, text, r.origin.x + 4, r.origin.y + 1, r.size.width - 8, &ink, !muted);
      if (muted)  /* struck through: the time is free again */
        gtk_snapshot_append_color (snapshot, &ink,
                                   &GRAPHENE_RECT_INIT (r.origin.x + 4, r.origin.y + 9, r.size.width - 8, 1));
    }

  for (guint c = 0; c < self->columns->len; c++)
    {
      Column *col = &g_array_index (self->columns, Column, c);
      double minutes = wall_minutes (col, now, tz);

      if (minutes >= self->first_hour * 60 && minutes < self->last_hour * 60)
        {
          double y = y_of_minutes (self, minutes);

          gtk_snapshot_append_color (snapshot, &now_color, &GRAPHENE_RECT_INIT (GUTTER + c * w, y - 1, w, 2));
          gtk_snapshot_append_color (snapshot, &now_color, &GRAPHENE_RECT_INIT (GUTTER + c * w - 4, y - 4, 8, 8));
        }
    }

  if (focused && self->columns->len)
    {
      GskRoundedRect outline;
      GdkRGBA accent;
      double y = y_of_minutes (self, self->first_hour * 60 + self->focus_minutes);
      float widths[4] = { 2, 2, 2, 2 };
      GdkRGBA colors[4];

      gdk_rgba_parse (&accent, "#1c71d8");
      for (int k = 0; k < 4; k++)
        colors[k] = accent;
      gsk_rounded_rect_init_from_rect (&outline,
                                       &GRAPHENE_RECT_INIT (GUTTER + self->focus_column * w + 1, y,
                                                            w - 2, FOCUS_STEP * HOUR_HEIGHT / 60.0), 3);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }
}

static void
care_week_view_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  CareWeekView *self = CARE_WEEK_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = (int) (GUTTER + MAX (1u, self->columns->len) * MIN_COLUMN);
  else
    *minimum = *natural = (int) y_of_minutes (self, self->last_hour * 60) + 1;
}

/* --- input -------------------------------------------------------------- */

static void
activate_cell (CareWeekView *self,
               guint         column,
               gint64        start)
{
  const Block *b = block_in_cell (self, column, start);

  if (b)
    {
      g_autofree char *id = g_strdup (b->id);
      g_signal_emit (self, signals[APPOINTMENT_ACTIVATED], 0, id);
    }
  else
    g_signal_emit (self, signals[SLOT_ACTIVATED], 0,
                   g_array_index (self->columns, Column, column).doctor_id, start);
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            CareWeekView    *self)
{
  const Block *b;
  double w = column_width (self);
  guint column;
  int minutes, slot;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (x < GUTTER || y < HEADER || w <= 0 || self->columns->len == 0)
    return;
  column = MIN ((guint) ((x - GUTTER) / w), self->columns->len - 1);
  if ((b = block_at (self, x, y)))
    {
      g_autofree char *id = g_strdup (b->id);
      g_signal_emit (self, signals[APPOINTMENT_ACTIVATED], 0, id);
      return;
    }
  /* A free time: the start of its slot on the doctor's grid. */
  slot = MAX (5, g_array_index (self->columns, Column, column).slot_minutes);
  minutes = (int) ((y - HEADER) * 60 / HOUR_HEIGHT);
  minutes = ((self->first_hour * 60 + minutes) / slot) * slot - self->first_hour * 60;
  self->focus_column = column;
  self->focus_minutes = MAX (0, minutes / FOCUS_STEP * FOCUS_STEP);
  update_accessible (self);
  g_signal_emit (self, signals[SLOT_ACTIVATED], 0, g_array_index (self->columns, Column, column).doctor_id,
                 cell_start (self, column, minutes));
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                CareWeekView          *self)
{
  int span = (self->last_hour - self->first_hour) * 60 - FOCUS_STEP;

  if (self->columns->len == 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left:
      self->focus_column = self->focus_column ? self->focus_column - 1 : 0;
      break;
    case GDK_KEY_Right:
      self->focus_column = MIN (self->focus_column + 1, self->columns->len - 1);
      break;
    case GDK_KEY_Up:
      self->focus_minutes = MAX (0, self->focus_minutes - FOCUS_STEP);
      break;
    case GDK_KEY_Down:
      self->focus_minutes = MIN (span, self->focus_minutes + FOCUS_STEP);
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      activate_cell (self, self->focus_column, cell_start (self, self->focus_column, self->focus_minutes));
      return TRUE;
    default:
      return FALSE;
    }
  update_accessible (self);
  return TRUE;
}

static gboolean
query_tooltip_cb (GtkWidget    *widget,
                  int           x,
                  int           y,
                  gboolean      keyboard,
                  GtkTooltip   *tooltip,
                  CareWeekView *self)
{
  const Block *b = block_at (self, x, y);
  g_autofree char *text = NULL;

  if (b == NULL)
    return FALSE;
  text = describe (b);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* --- object ------------------------------------------------------------- */

static void
care_week_view_dispose (GObject *object)
{
  CareWeekView *self = CARE_WEEK_VIEW (object);

  g_clear_handle_id (&self->reload_idle, g_source_remove);
  if (self->store)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (care_week_view_parent_class)->dispose (object);
}

static void
care_week_view_finalize (GObject *object)
{
  CareWeekView *self = CARE_WEEK_VIEW (object);

  g_array_unref (self->columns);
  g_array_unref (self->blocks);
  g_strfreev (self->doctor_ids);
  g_strfreev (self->doctor_names);
  G_OBJECT_CLASS (care_week_view_parent_class)->finalize (object);
}

static void
care_week_view_class_init (CareWeekViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_week_view_dispose;
  object_class->finalize = care_week_view_finalize;
  widget_class->snapshot = care_week_view_snapshot;
  widget_class->measure = care_week_view_measure;

  /* (doctor id, start in µs since the epoch) */
  signals[SLOT_ACTIVATED] = g_signal_new ("slot-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);
  signals[APPOINTMENT_ACTIVATED] = g_signal_new ("appointment-activated", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_css_name (widget_class, "care-week-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static void
minute_changed_cb (CareWeekView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));  /* the current-time line */
}

static void
care_week_view_init (CareWeekView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_array_set_clear_func (self->columns, (GDestroyNotify) column_clear);
  self->blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  g_array_set_clear_func (self->blocks, (GDestroyNotify) block_clear);
  g_date_clear (&self->first_day, 1);
  self->first_hour = 8;
  self->last_hour = 18;
  self->focus_minutes = 60;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  g_signal_connect_object (care_clock_get_default (), "minute-changed", G_CALLBACK (minute_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
care_week_view_new (void)
{
  return g_object_new (CARE_TYPE_WEEK_VIEW, NULL);
}

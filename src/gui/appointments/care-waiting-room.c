/* care-waiting-room.c: today's checked-in patients, first come first, with their waiting time
 *
 * One row per patient who has checked in today and not yet gone in:
 * "Patient · Doctor", "Arrived 08:50 · waiting 12 minutes".  The list
 * follows the store's changed signal, so a check-in at reception shows on
 * the nurse's and the doctor's screens as soon as it is synced; the
 * waiting times move with the clock's minutes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-waiting-room"

#include "config.h"

#include <glib/gi18n.h>

#include "care-appointment-util.h"
#include "care-clock.h"
#include "care-schedule.h"
#include "care-waiting-room.h"

struct _CareWaitingRoom
{
  GtkWidget   parent_instance;

  CareStore  *store;
  gulong      changed_id;
  guint       refresh_idle;
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (CareWaitingRoom, care_waiting_room, GTK_TYPE_WIDGET)

static char *
waiting_text (CareRecord *a)
{
  gint64 arrived = 0;
  gint64 minutes;
  g_autofree char *time = NULL;

  care_clock_parse_instant (care_record_get (a, "checked_in_at"), &arrived);
  minutes = MAX (0, (care_clock_get_real_time () - arrived) / (60 * G_USEC_PER_SEC));
  time = care_appointment_format_time (arrived);
  /* Translators: arrival time, then minutes waited */
  return g_strdup_printf (g_dngettext (NULL, "Arrived %s · waiting %u minute", "Arrived %s · waiting %u minutes",
                                       (gulong) minutes), time, (guint) minutes);
}

static gint
by_arrival (gconstpointer a,
            gconstpointer b)
{
  return g_strcmp0 (care_record_get (*(CareRecord **) a, "checked_in_at"),
                    care_record_get (*(CareRecord **) b, "checked_in_at"));
}

static char *
doctor_name (CareStore  *store,
             const char *id)
{
  g_autoptr(CareRecord) doctor = id ? care_store_get (store, care_schema_lookup ("user"), id, NULL) : NULL;

  return g_strdup (doctor && care_record_get (doctor, "full_name") ? care_record_get (doctor, "full_name") : "");
}

void
care_waiting_room_refresh (CareWaitingRoom *self)
{
  g_autoptr(GDateTime) now = care_clock_now_local ();
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GPtrArray) today = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GPtrArray) waiting = g_ptr_array_new ();
  GtkListBoxRow *old;
  gint64 from;

  g_return_if_fail (CARE_IS_WAITING_ROOM (self));

  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  /* Row by row: the placeholder is a child too, and stays. */
  while ((old = gtk_list_box_get_row_at_index (self->list, 0)))
    gtk_list_box_remove (self->list, GTK_WIDGET (old));
  if (self->store == NULL)
    return;

  midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                    g_date_time_get_day_of_month (now), 0, 0, 0);
  from = g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
  today = care_schedule_list_range (self->store, NULL, from, from + G_TIME_SPAN_DAY, NULL);
  names = care_schedule_patient_names (self->store, NULL, from, from + G_TIME_SPAN_DAY, NULL);
  for (guint i = 0; today && i < today->len; i++)
    if (g_strcmp0 (care_record_get (today->pdata[i], "status"), "checked_in") == 0)
      g_ptr_array_add (waiting, today->pdata[i]);
  g_ptr_array_sort (waiting, by_arrival);

  for (guint i = 0; i < waiting->len; i++)
    {
      CareRecord *a = waiting->pdata[i];
      const char *patient = names ? g_hash_table_lookup (names, care_record_get (a, "patient_id")) : NULL;
      g_autofree char *doctor = doctor_name (self->store, care_record_get (a, "provider_id"));
      g_autofree char *row_name = g_strdup_printf ("queue-%s", care_record_get_id (a));
      g_autofree char *text = waiting_text (a);
      g_autofree char *title = g_strdup_printf ("%s · %s", patient ? patient : "", doctor);
      GtkWidget *row = adw_action_row_new ();

      gtk_widget_set_name (row, row_name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
      g_object_set_data_full (G_OBJECT (row), "record", care_record_ref (a), (GDestroyNotify) care_record_unref);
      gtk_list_box_append (self->list, row);
    }
}

static void
minute_changed_cb (CareWaitingRoom *self)
{
  /* Only the waiting times move with the minutes. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row;
       row = gtk_widget_get_next_sibling (row))
    {
      CareRecord *a = g_object_get_data (G_OBJECT (row), "record");
      g_autofree char *text = a ? waiting_text (a) : NULL;

      if (a)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
    }
}

static gboolean
refresh_idle_cb (gpointer data)
{
  CareWaitingRoom *self = data;

  self->refresh_idle = 0;
  care_waiting_room_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (CareWaitingRoom *self,
                  const char      *entity)
{
  /* A burst of changes (a sync pull) reads the queue once. */
  if (self->refresh_idle == 0 &&
      (entity == NULL || g_str_equal (entity, "appointment") || g_str_equal (entity, "patient")))
    self->refresh_idle = g_idle_add (refresh_idle_cb, self);
}

void
care_waiting_room_set_store (CareWaitingRoom *self,
                             CareStore       *store)
{
  g_return_if_fail (CARE_IS_WAITING_ROOM (self));

  if (self->store)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_set_object (&self->store, store);
  if (store)
    self->changed_id = g_signal_connect_swapped (store, "changed", G_CALLBACK (store_changed_cb), self);
  care_waiting_room_refresh (self);
}

static void
care_waiting_room_dispose (GObject *object)
{
  CareWaitingRoom *self = CARE_WAITING_ROOM (object);

  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  if (self->store)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  if (self->list)
    {
      gtk_widget_unparent (GTK_WIDGET (self->list));
      self->list = NULL;
    }
  G_OBJECT_CLASS (care_waiting_room_parent_class)->dispose (object);
}

static void
care_waiting_room_class_init (CareWaitingRoomClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_waiting_room_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
care_waiting_room_init (CareWaitingRoom *self)
{
  GtkWidget *placeholder = gtk_label_new (_("Nobody is waiting."));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->list, placeholder);
  gtk_widget_set_parent (GTK_WIDGET (self->list), GTK_WIDGET (self));
  g_signal_connect_object (care_clock_get_default (), "minute-changed", G_CALLBACK (minute_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
care_waiting_room_new (void)
{
  return g_object_new (CARE_TYPE_WAITING_ROOM, NULL);
}

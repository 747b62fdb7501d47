/* care-notification-link.c: opens what a notification is about
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-notification-link"

#include "config.h"

#include "care-appointment-util.h"
#include "care-appointments-page.h"
#include "care-messages.h"
#include "care-messages-page.h"
#include "care-notification-link.h"

/* The page that lists records of an entity. */
static const struct {
  const char *entity;
  const char *page;
} pages[] = {
  { "lab_test", "lab" },
  { "emergency_alert", "alerts" },
  { "asset", "assets" },
  { "task", "tasks" },
  /* The pharmacy's stock alerts (care-stock-alerts.c) name the alert,
   * not an entity: the Pharmacy page lists them. */
  { "stock_low", "pharmacy" },
  { "stock_expiring", "pharmacy" },
  { "stock_expired", "pharmacy" },
};

static gboolean
open_appointment (CareWindow *window,
                  CareRecord *appointment)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (care_appointment_starts_at (appointment) / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  GtkWidget *calendar = care_window_get_page (window, "appointments");
  GDate day;

  if (g_strcmp0 (care_record_get (appointment, "status"), "requested") == 0 &&
      care_window_show_page (window, "requests"))
    return TRUE;
  if (!CARE_IS_APPOINTMENTS_PAGE (calendar))
    return FALSE;
  care_window_show_page (window, "appointments");
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  care_appointments_page_set_date (CARE_APPOINTMENTS_PAGE (calendar), &day);
  return TRUE;
}

/* A message: its conversation on the Messages page. */
static gboolean
open_message (CareWindow *window,
              CareRecord *message)
{
  GtkWidget *page = care_window_get_page (window, "messages");

  return CARE_IS_MESSAGES_PAGE (page) && care_window_show_page (window, "messages") &&
         care_messages_page_open_thread (CARE_MESSAGES_PAGE (page), care_messages_thread_of (message));
}

gboolean
care_notification_link_open (CareWindow *window,
                             const char *link_entity,
                             const char *link_id)
{
  const CareEntity *entity = link_entity ? care_schema_lookup (link_entity) : NULL;
  g_autoptr(CareRecord) record = NULL;
  const char *patient_id;

  g_return_val_if_fail (CARE_IS_WINDOW (window), FALSE);

  for (guint i = 0; link_entity && i < G_N_ELEMENTS (pages); i++)
    if (g_str_equal (link_entity, pages[i].entity) && care_window_show_page (window, pages[i].page))
      return TRUE;
  if (entity == NULL || link_id == NULL)
    return FALSE;
  record = care_store_get (care_window_get_store (window), entity, link_id, NULL);
  if (record == NULL)
    return FALSE;
  if (g_str_equal (link_entity, "appointment") && open_appointment (window, record))
    return TRUE;
  if (g_str_equal (link_entity, "message"))
    return open_message (window, record);
  patient_id = care_entity_field (entity, "patient_id") ? care_record_get (record, "patient_id") : NULL;
  if (patient_id == NULL || !gtk_widget_activate_action (GTK_WIDGET (window), "win.open-chart", "s", patient_id))
    return FALSE;
  return g_strcmp0 (care_window_get_page_name (window), "chart") == 0;
}

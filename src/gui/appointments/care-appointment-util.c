/* care-appointment-util.c: status labels and colours, times, the one status-change helper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-appointment-util"

#include "config.h"

#include <glib/gi18n.h>

#include "care-appointment-util.h"
#include "care-appointments.h"
#include "care-clock.h"

const char *
care_appointment_status_label (const char *status)
{
  const CareField *field = care_entity_field (care_schema_lookup ("appointment"), "status");

  return care_field_choice_label (field, status);
}

gboolean
care_appointment_status_muted (const char *status)
{
  return g_strcmp0 (status, "cancelled") == 0 || g_strcmp0 (status, "no_show") == 0 ||
         g_strcmp0 (status, "rejected") == 0;
}

void
care_appointment_status_color (const char *status,
                               GdkRGBA    *rgba)
{
  /* The GNOME palette: blue booked, yellow waiting for a yes, orange in the
   * building, green done; grey for what no longer holds its time. */
  static const struct { const char *status; const char *color; } colors[] = {
    { "requested", "#f6d32d" }, { "scheduled", "#62a0ea" }, { "accepted", "#99c1f1" },
    { "checked_in", "#ffa348" }, { "in_consultation", "#dc8add" }, { "completed", "#8ff0a4" },
  };
  const char *color = "#c0bfbc";

  for (guint i = 0; i < G_N_ELEMENTS (colors); i++)
    if (g_strcmp0 (status, colors[i].status) == 0)
      color = colors[i].color;
  gdk_rgba_parse (rgba, color);
  if (care_appointment_status_muted (status))
    rgba->alpha = 0.45f;
}

char *
care_appointment_format_time (gint64 usec)
{
  return care_clock_format_time (usec);
}

char *
care_appointment_format_instant (gint64 usec)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ");
}

gint64
care_appointment_starts_at (const CareRecord *appointment)
{
  gint64 usec = 0;
  const char *text = care_record_get (appointment, "starts_at");

  if (text == NULL || !care_clock_parse_instant (text, &usec))
    return 0;
  return usec;
}

gboolean
care_appointment_set_status (CareStore   *store,
                             const char  *appointment_id,
                             const char  *status,
                             const char  *reason,
                             CareRecord **previous,
                             GError     **error)
{
  g_autoptr(CareRecord) appointment = care_store_get (store, care_schema_lookup ("appointment"), appointment_id, error);

  if (appointment == NULL)
    return FALSE;
  if (previous)
    *previous = care_record_copy (appointment);
  /* Core decides which changes are possible (checking in twice is not)
   * and what comes with them. */
  if (!care_appointments_step (appointment, status, reason, error))
    {
      if (previous)
        g_clear_pointer (previous, care_record_unref);
      return FALSE;
    }
  if (!care_store_update (store, appointment, error))
    {
      if (previous)
        g_clear_pointer (previous, care_record_unref);
      return FALSE;
    }
  return TRUE;
}

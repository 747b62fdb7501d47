/* care-server-reminders.c: e-mail reminders to patients before their appointments
 *
 * Every minute of the server's clock (care_clock_get_default()'s
 * "minute-changed", which a test's moved clock fires too), each clinic's
 * appointments starting within reminder-hours are looked at; core says
 * which are due a reminder (care_appointments_due_reminder(): booked, not
 * cancelled or missed). A patient with an e-mail address is mailed once
 * per appointment and time: the server remembers it in its meta table
 * ("reminder:<id>@<starts_at>"), written before the mail leaves, so a
 * second worker or a restart does not send it again, and an appointment
 * moved to another time is reminded of its new time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server-reminders"

#include "config.h"

#include "care-appointments.h"
#include "care-clock.h"
#include "care-server-private.h"

#define BATCH 500

static char *
format_instant (gint64 usec)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ");
}

/* Takes the reminder for this appointment and time, once: FALSE when it
 * was taken already (or cannot be recorded, so it is not sent twice). */
static gboolean
take_reminder (CareServerStorage *st,
               CareRecord        *appointment)
{
  g_autofree char *key = g_strdup_printf ("reminder:%s@%s", care_record_get_id (appointment),
                                          care_record_get (appointment, "starts_at"));
  g_autofree char *sent = NULL;
  g_autofree char *now = NULL;
  g_autoptr(GError) error = NULL;

  if (!st->v->begin (st, &error))
    return FALSE;
  sent = st->v->get_meta (st, key);
  if (sent != NULL)
    {
      st->v->rollback (st);
      return FALSE;
    }
  now = format_instant (care_clock_get_real_time ());
  if (!st->v->set_meta (st, key, now, &error) || !st->v->commit (st, &error))
    {
      g_warning ("Could not record a reminder: %s", error ? error->message : "unknown error");
      st->v->rollback (st);
      return FALSE;
    }
  return TRUE;
}

static void
send_reminder (CareServer *server,
               const char *tenant,
               CareRecord *appointment)
{
  CareServerStorage *st = server->storage;
  g_autoptr(CareRecord) patient = st->v->get (st, tenant, care_schema_lookup ("patient"),
                                              care_record_get (appointment, "patient_id"), NULL);
  g_autoptr(CareRecord) doctor = st->v->get (st, tenant, care_schema_lookup ("user"),
                                             care_record_get (appointment, "provider_id"), NULL);
  g_autoptr(CareRecord) clinic = st->v->get (st, tenant, care_schema_lookup ("tenant"), tenant, NULL);
  const char *email = patient ? care_record_get (patient, "email") : NULL;
  const char *clinic_name = clinic ? care_record_get (clinic, "name") : "the clinic";
  const char *phone = clinic ? care_record_get (clinic, "phone") : NULL;
  const char *room = care_record_get (appointment, "location");
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;
  g_autofree char *subject = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  gint64 starts = 0;

  if (email == NULL || !care_clock_parse_instant (care_record_get (appointment, "starts_at"), &starts) ||
      !take_reminder (st, appointment))
    return;
  utc = g_date_time_new_from_unix_utc (starts / G_USEC_PER_SEC);
  local = g_date_time_to_local (utc);
  when = g_date_time_format (local, "%A %-d %B %Y at %H:%M");
  subject = g_strdup_printf ("Reminder: your appointment at %s", clinic_name);
  g_string_append_printf (body, "Dear %s %s,\n\nThis is a reminder of your appointment at %s on %s",
                          care_record_get (patient, "given_name"), care_record_get (patient, "family_name"),
                          clinic_name, when);
  if (doctor)
    g_string_append_printf (body, " with %s", care_record_get (doctor, "full_name"));
  g_string_append (body, ".\n");
  if (room)
    g_string_append_printf (body, "Room: %s\n", room);
  g_string_append (body, "\nIf you cannot come, please let us know so that another patient can have the time");
  if (phone)
    g_string_append_printf (body, ": %s", phone);
  g_string_append_printf (body, ".\n\n%s\n", clinic_name);
  care_server_send_mail (server->config, email, subject, body->str);
}

static void
remind_clinic (CareServer *server,
               const char *tenant,
               gint64      now,
               gint64      lead)
{
  CareServerStorage *st = server->storage;
  g_autofree char *from = format_instant (now);
  g_autofree char *until = format_instant (now + lead + G_USEC_PER_SEC);
  CareServerQuery query = {
    .entity = care_schema_lookup ("appointment"),
    .range_field = "starts_at",
    .range_from = from,
    .range_to = until,
    .sort = "starts_at",
    .limit = BATCH,
  };

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) batch = st->v->list (st, tenant, &query, NULL, &error);

      if (batch == NULL)
        {
          g_warning ("Could not read the appointments to remind: %s", error->message);
          return;
        }
      for (guint i = 0; i < batch->len; i++)
        if (care_appointments_due_reminder (batch->pdata[i], now, lead))
          send_reminder (server, tenant, batch->pdata[i]);
      if (batch->len < BATCH)
        return;
      query.offset += BATCH;
    }
}

void
care_server_reminders_run (CareServer *server)
{
  CareServerStorage *st = server->storage;
  g_autoptr(GHashTable) clinics = NULL;
  GHashTableIter iter;
  gpointer tenant;
  gint64 max_seq = 0;
  gint64 now = care_clock_get_real_time ();

  if (server->config->smtp_host == NULL || server->config->reminder_hours == 0)
    return;
  /* Every clinic that has written anything. */
  clinics = st->v->sync_heads_since (st, 0, &max_seq);
  if (clinics == NULL)
    return;
  g_hash_table_iter_init (&iter, clinics);
  while (g_hash_table_iter_next (&iter, &tenant, NULL))
    remind_clinic (server, tenant, now, (gint64) server->config->reminder_hours * G_TIME_SPAN_HOUR);
}

static void
on_minute_changed_cb (CareClock *clock,
                      gpointer   data)
{
  care_server_reminders_run (data);
}

void
care_server_reminders_start (CareServer *server)
{
  if (server->reminders_clock != NULL)
    return;
  server->reminders_clock = G_OBJECT (care_clock_get_default ());
  server->reminders_id = g_signal_connect (server->reminders_clock, "minute-changed",
                                           G_CALLBACK (on_minute_changed_cb), server);
  care_server_reminders_run (server);
}

void
care_server_reminders_stop (CareServer *server)
{
  if (server->reminders_clock != NULL)
    g_clear_signal_handler (&server->reminders_id, server->reminders_clock);
  g_clear_object (&server->reminders_clock);
}

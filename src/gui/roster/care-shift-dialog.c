/* care-shift-dialog.c: adding or changing one shift of the roster
 *
 * The times are checked by core (care-roster.h) as they are typed: an
 * overlap with the same person's other shifts shows under "Starts" and
 * "Save" waits until it is gone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-shift-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "care-dialog-fields.h"
#include "care-shift-dialog.h"
#include "care-alert.h"

typedef struct {
  CareStore  *store;
  char       *user_id;
  GDateTime  *day;
  CareRecord *shift;      /* the one changed, or NULL */
  GtkWidget  *dialog;
  GtkWidget  *starts;
  GtkWidget  *starts_error;
  GtkWidget  *ends;
  GtkWidget  *ends_error;
} Shift;

static void
shift_free (Shift *s)
{
  g_clear_object (&s->store);
  g_free (s->user_id);
  g_clear_pointer (&s->day, g_date_time_unref);
  g_clear_pointer (&s->shift, care_record_unref);
  g_free (s);
}

/* "08:00" on the dialog's day, or NULL with the field's message. */
static GDateTime *
time_on_day (Shift       *s,
             GtkWidget   *entry,
             GtkWidget   *error_label)
{
  static const CareField field = { .name = "time", .type = CARE_FIELD_TIME, .label = N_("Time") };
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *canonical = NULL;
  g_autofree char *message = NULL;
  guint hours, minutes;

  /* Nothing typed yet is not yet a mistake. */
  if (*text == '\0')
    {
      care_dialog_show_error (error_label, NULL);
      return NULL;
    }
  if (!care_field_normalize (&field, text, &canonical, &message))
    {
      care_dialog_show_error (error_label, message);
      return NULL;
    }
  if (canonical == NULL || sscanf (canonical, "%u:%u", &hours, &minutes) != 2)
    {
      care_dialog_show_error (error_label, _("Type a time such as 08:00."));
      return NULL;
    }
  care_dialog_show_error (error_label, NULL);
  return g_date_time_add_full (s->day, 0, 0, 0, hours, minutes, 0);
}

/* The shift the dialog describes now, checked by core, or NULL with the
 * refusal shown under its field. */
static CareRecord *
shift_build (Shift *s)
{
  g_autoptr(GDateTime) starts = time_on_day (s, s->starts, s->starts_error);
  g_autoptr(GDateTime) ends = time_on_day (s, s->ends, s->ends_error);
  g_autoptr(CareRecord) shift = NULL;
  g_autoptr(GPtrArray) others = NULL;
  g_autoptr(GError) error = NULL;

  if (starts == NULL || ends == NULL)
    return NULL;
  /* A night shift ends the next morning. */
  if (g_date_time_compare (ends, starts) <= 0)
    {
      GDateTime *next = g_date_time_add_days (ends, 1);

      g_date_time_unref (ends);
      ends = next;
    }
  others = care_store_list (s->store, care_schema_lookup ("shift"), "user_id", s->user_id, NULL, 0, NULL);
  if ((shift = care_roster_new_shift (s->user_id, starts, ends, &error)) != NULL && s->shift)
    {
      g_autoptr(CareRecord) changed = care_record_copy (s->shift);

      care_record_set (changed, "starts_at", care_record_get (shift, "starts_at"));
      care_record_set (changed, "ends_at", care_record_get (shift, "ends_at"));
      g_clear_pointer (&shift, care_record_unref);
      shift = g_steal_pointer (&changed);
    }
  if (shift && care_roster_check_overlap (shift, others, &error))
    return g_steal_pointer (&shift);
  care_dialog_show_error (g_strcmp0 (care_rule_error_get_field (error), "ends_at") == 0 ? s->ends_error : s->starts_error,
                          care_rule_error_get_detail (error) ? care_rule_error_get_detail (error) : error->message);
  return NULL;
}

static void
on_time_changed_cb (Shift *s)
{
  g_autoptr(CareRecord) shift = shift_build (s);

  care_alert_set_response_enabled (s->dialog, "save", shift != NULL);
}

static void
on_response_cb (GtkWidget        *dialog,
                const char       *response,
                Shift            *s)
{
  g_autoptr(CareRecord) shift = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (g_str_equal (response, "remove"))
    ok = care_roster_save (s->store, s->shift, NULL, &error);
  else if (g_str_equal (response, "save") && (shift = shift_build (s)) != NULL)
    ok = care_roster_save (s->store, s->shift, shift, &error);
  if (!ok)
    care_dialog_refused (care_alert_get_parent (dialog), error);
}

static char *
local_time (CareRecord *shift,
            const char *field)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (care_record_get (shift, field), NULL);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, "%H:%M") : NULL;
}

GtkWidget *
care_shift_dialog_new (CareStore  *store,
                       const char *user_id,
                       const char *user_name,
                       GDateTime  *day,
                       CareRecord *shift)
{
  Shift *s = g_new0 (Shift, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autofree char *when = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (user_id != NULL && day != NULL, NULL);

  s->store = g_object_ref (store);
  s->user_id = g_strdup (user_id);
  s->day = g_date_time_ref (day);
  s->shift = shift ? care_record_ref (shift) : NULL;
  s->starts = care_dialog_entry (box, _("_Starts"), "shift-starts", _("e.g. 08:00"));
  s->starts_error = care_dialog_error_new ("shift-starts-error");
  gtk_box_append (GTK_BOX (box), s->starts_error);
  s->ends = care_dialog_entry (box, _("_Ends"), "shift-ends", _("e.g. 16:00, or 07:00 for a night shift"));
  s->ends_error = care_dialog_error_new ("shift-ends-error");
  gtk_box_append (GTK_BOX (box), s->ends_error);

  /* Translators: a day, e.g. "Monday 7 December"; see g_date_time_format() */
  when = g_date_time_format (day, _("%A %-e %B"));
  /* Translators: a staff member's name and a day */
  body = g_strdup_printf (_("%s, %s"), user_name, when);
  s->dialog = care_dialog_new ("shift-dialog", shift ? _("Change Shift") : _("Add Shift"), body,
                               "save", _("_Save"), box);
  if (shift)
    {
      g_autofree char *from = local_time (shift, "starts_at");
      g_autofree char *to = local_time (shift, "ends_at");

      care_alert_add_response (s->dialog, "remove", _("_Remove Shift"), CARE_ALERT_DESTRUCTIVE);
      gtk_editable_set_text (GTK_EDITABLE (s->starts), from ? from : "");
      gtk_editable_set_text (GTK_EDITABLE (s->ends), to ? to : "");
    }
  g_object_set_data_full (G_OBJECT (s->dialog), "shift", s, (GDestroyNotify) shift_free);
  g_signal_connect_swapped (s->starts, "changed", G_CALLBACK (on_time_changed_cb), s);
  g_signal_connect_swapped (s->ends, "changed", G_CALLBACK (on_time_changed_cb), s);
  g_signal_connect (s->dialog, "response", G_CALLBACK (on_response_cb), s);
  if (shift)
    on_time_changed_cb (s);
  return s->dialog;
}

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
#include "care-alert.h"

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
  g_autoptr(CareRecord) before = care_store_get (store, care_schema_lookup ("appointment"), appointment_id, error);
  g_autoptr(CareRecord) appointment = NULL;

  if (before == NULL)
    return FALSE;
  appointment = care_record_copy (before);
  /* Core decides which changes are possible (checking in twice is not)
   * and what comes with them. */
  if (!care_appointments_step (appointment, status, reason, error) ||
      !care_appointments_save (store, before, appointment, error))
    return FALSE;
  if (previous)
    *previous = g_steal_pointer (&before);
  return TRUE;
}

GtkWidget *
care_appointment_action_button (gpointer    owner,
                                const char *label,
                                const char *name,
                                const char *id,
                                GCallback   callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), CARE_APPOINTMENT_ID_KEY, g_strdup (id), g_free);
  g_signal_connect_object (button, "clicked", callback, owner, 0);
  return button;
}

char *
care_appointment_patient_name (CareStore  *store,
                               const char *patient_id)
{
  g_autoptr(CareRecord) patient = NULL;

  if (patient_id == NULL)
    return NULL;
  patient = care_store_get (store, care_schema_lookup ("patient"), patient_id, NULL);
  if (patient == NULL)
    return NULL;
  return g_strdup_printf ("%s %s", care_record_get (patient, "given_name"), care_record_get (patient, "family_name"));
}

#define REASON_ENTRY_KEY "care-reason-entry"

static gboolean
is_blank (const char *text)
{
  for (; text && *text; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

static void
on_reason_changed_cb (GtkEditable      *entry,
                      GtkWidget        *dialog)
{
  const char *response = g_object_get_data (G_OBJECT (dialog), "care-reason-response");

  care_alert_set_response_enabled (dialog, response, !is_blank (gtk_editable_get_text (entry)));
}

GtkWidget *
care_appointment_reason_dialog_new (const char *heading,
                                    const char *body,
                                    const char *reason_name,
                                    const char *placeholder,
                                    const char *response,
                                    const char *response_label,
                                    gboolean    required)
{
  GtkWidget *dialog = care_alert_new (heading, body);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (entry, reason_name);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  gtk_box_append (GTK_BOX (box), entry);
  care_alert_set_extra_child (dialog, box);
  care_alert_add_response (dialog, "keep", _("_Keep"), CARE_ALERT_DEFAULT);
  care_alert_add_response (dialog, response, response_label, CARE_ALERT_DESTRUCTIVE);
  care_alert_set_default_response (dialog, "keep");
  care_alert_set_close_response (dialog, "keep");
  g_object_set_data (G_OBJECT (dialog), REASON_ENTRY_KEY, entry);
  g_object_set_data_full (G_OBJECT (dialog), "care-reason-response", g_strdup (response), g_free);
  if (required)
    {
      GtkWidget *hint = gtk_label_new (_("A reason is required: the patient is told why."));

      gtk_label_set_xalign (GTK_LABEL (hint), 0);
      gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
      gtk_widget_add_css_class (hint, "caption");
      gtk_widget_add_css_class (hint, "dim-label");
      gtk_box_append (GTK_BOX (box), hint);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, hint, NULL, -1);
      care_alert_set_response_enabled (dialog, response, FALSE);
      g_signal_connect_object (entry, "changed", G_CALLBACK (on_reason_changed_cb), dialog, 0);
    }
  return dialog;
}

const char *
care_appointment_reason_dialog_get_reason (GtkWidget *dialog)
{
  return gtk_editable_get_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), REASON_ENTRY_KEY)));
}

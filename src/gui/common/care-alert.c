/* care-alert.c: one question or message dialog, whatever the libadwaita
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-alert"

#include "config.h"

#include "care-alert.h"

#define PARENT_KEY "care-alert-parent"

#if ADW_CHECK_VERSION (1, 5, 0)
# define ALERT(w) ADW_ALERT_DIALOG (w)
# define CALL(name, ...) adw_alert_dialog_##name (__VA_ARGS__)
#else
# define ALERT(w) ADW_MESSAGE_DIALOG (w)
# define CALL(name, ...) adw_message_dialog_##name (__VA_ARGS__)
#endif

static const AdwResponseAppearance appearances[] = {
  [CARE_ALERT_DEFAULT] = ADW_RESPONSE_DEFAULT,
  [CARE_ALERT_SUGGESTED] = ADW_RESPONSE_SUGGESTED,
  [CARE_ALERT_DESTRUCTIVE] = ADW_RESPONSE_DESTRUCTIVE,
};

GtkWidget *
care_alert_new (const char *heading,
                const char *body)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  return GTK_WIDGET (adw_alert_dialog_new (heading, body));
#else
  return adw_message_dialog_new (NULL, heading, body);
#endif
}

const char *
care_alert_get_heading (GtkWidget *alert)
{
  g_return_val_if_fail (CARE_IS_ALERT (alert), NULL);
  return CALL (get_heading, ALERT (alert));
}

const char *
care_alert_get_body (GtkWidget *alert)
{
  g_return_val_if_fail (CARE_IS_ALERT (alert), NULL);
  return CALL (get_body, ALERT (alert));
}

void
care_alert_format_body (GtkWidget  *alert,
                        const char *format,
                        ...)
{
  g_autofree char *body = NULL;
  va_list args;

  g_return_if_fail (CARE_IS_ALERT (alert));

  va_start (args, format);
  body = g_strdup_vprintf (format, args);
  va_end (args);
  CALL (set_body, ALERT (alert), body);
}

void
care_alert_add_response (GtkWidget           *alert,
                         const char          *id,
                         const char          *label,
                         CareAlertAppearance  appearance)
{
  g_return_if_fail (CARE_IS_ALERT (alert));
  g_return_if_fail (appearance <= CARE_ALERT_DESTRUCTIVE);

  CALL (add_response, ALERT (alert), id, label);
  if (appearance != CARE_ALERT_DEFAULT)
    CALL (set_response_appearance, ALERT (alert), id, appearances[appearance]);
}

const char *
care_alert_get_response_label (GtkWidget  *alert,
                               const char *id)
{
  g_return_val_if_fail (CARE_IS_ALERT (alert), NULL);
  return CALL (get_response_label, ALERT (alert), id);
}

void
care_alert_set_response_enabled (GtkWidget  *alert,
                                 const char *id,
                                 gboolean    enabled)
{
  g_return_if_fail (CARE_IS_ALERT (alert));
  CALL (set_response_enabled, ALERT (alert), id, enabled);
}

gboolean
care_alert_get_response_enabled (GtkWidget  *alert,
                                 const char *id)
{
  g_return_val_if_fail (CARE_IS_ALERT (alert), FALSE);
  return CALL (get_response_enabled, ALERT (alert), id);
}

void
care_alert_set_default_response (GtkWidget  *alert,
                                 const char *id)
{
  g_return_if_fail (CARE_IS_ALERT (alert));
  CALL (set_default_response, ALERT (alert), id);
}

const char *
care_alert_get_default_response (GtkWidget *alert)
{
  g_return_val_if_fail (CARE_IS_ALERT (alert), NULL);
  return CALL (get_default_response, ALERT (alert));
}

void
care_alert_set_close_response (GtkWidget  *alert,
                               const char *id)
{
  g_return_if_fail (CARE_IS_ALERT (alert));
  CALL (set_close_response, ALERT (alert), id);
}

const char *
care_alert_get_close_response (GtkWidget *alert)
{
  g_return_val_if_fail (CARE_IS_ALERT (alert), NULL);
  return CALL (get_close_response, ALERT (alert));
}

void
care_alert_set_extra_child (GtkWidget *alert,
                            GtkWidget *child)
{
  g_return_if_fail (CARE_IS_ALERT (alert));
  CALL (set_extra_child, ALERT (alert), child);
}

GtkWidget *
care_alert_get_extra_child (GtkWidget *alert)
{
  g_return_val_if_fail (CARE_IS_ALERT (alert), NULL);
  return CALL (get_extra_child, ALERT (alert));
}

void
care_alert_present (GtkWidget *alert,
                    GtkWidget *parent)
{
  g_return_if_fail (CARE_IS_ALERT (alert));
  g_return_if_fail (parent == NULL || GTK_IS_WIDGET (parent));

  /* The parent outlives the alert: callbacks ask for it after the close. */
  g_object_set_data_full (G_OBJECT (alert), PARENT_KEY,
                          parent ? g_object_ref (parent) : NULL, g_object_unref);
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (ADW_DIALOG (alert), parent);
#else
  {
    GtkRoot *root = parent ? gtk_widget_get_root (parent) : NULL;

    gtk_window_set_transient_for (GTK_WINDOW (alert), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
    gtk_window_present (GTK_WINDOW (alert));
  }
#endif
}

GtkWidget *
care_alert_get_parent (GtkWidget *alert)
{
  g_return_val_if_fail (CARE_IS_ALERT (alert), NULL);
  return g_object_get_data (G_OBJECT (alert), PARENT_KEY);
}

typedef struct
{
  CareAlertAttemptFunc on_attempt;
  gpointer             data;
} Attempt;

#if ADW_CHECK_VERSION (1, 5, 0)
static void
on_close_attempt_cb (AdwDialog *dialog,
                     Attempt   *attempt)
{
  attempt->on_attempt (GTK_WIDGET (dialog), attempt->data);
}
#else
static gboolean
on_close_request_cb (GtkWindow *window,
                     Attempt   *attempt)
{
  attempt->on_attempt (GTK_WIDGET (window), attempt->data);
  return TRUE;
}
#endif

void
care_alert_keep_open (GtkWidget            *alert,
                      CareAlertAttemptFunc  on_attempt,
                      gpointer              data)
{
  Attempt *attempt;

  g_return_if_fail (CARE_IS_ALERT (alert));
  g_return_if_fail (on_attempt != NULL);

  attempt = g_new0 (Attempt, 1);
  attempt->on_attempt = on_attempt;
  attempt->data = data;
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_set_can_close (ADW_DIALOG (alert), FALSE);
  g_signal_connect_data (alert, "close-attempt", G_CALLBACK (on_close_attempt_cb),
                         attempt, (GClosureNotify) G_CALLBACK (g_free), 0);
#else
  g_signal_connect_data (alert, "close-request", G_CALLBACK (on_close_request_cb),
                         attempt, (GClosureNotify) G_CALLBACK (g_free), 0);
#endif
}

void
care_alert_close (GtkWidget *alert)
{
  g_return_if_fail (CARE_IS_ALERT (alert));

#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_force_close (ADW_DIALOG (alert));
#else
  /* libadwaita 1.2 crashes when an entry row that has the focus goes with
   * its dialog: take the focus away first. */
  gtk_window_set_focus (GTK_WINDOW (alert), NULL);
  gtk_window_destroy (GTK_WINDOW (alert));
#endif
}

/* care-alert.h: one question or message dialog, whatever the libadwaita
 *
 * AdwMessageDialog (a window) is all Debian 12's libadwaita 1.2 has; it is
 * deprecated since 1.6 in favour of AdwAlertDialog (a widget presented on
 * its parent, since 1.5). Every alert of the app goes through these calls,
 * so that only this file knows which of the two it is.
 *
 *   GtkWidget *alert = care_alert_new (_("Delete Draft?"), NULL);
 *   care_alert_add_response (alert, "cancel", _("_Cancel"), CARE_ALERT_DEFAULT);
 *   care_alert_add_response (alert, "delete", _("_Delete"), CARE_ALERT_DESTRUCTIVE);
 *   care_alert_set_close_response (alert, "cancel");
 *   g_signal_connect (alert, "response", G_CALLBACK (on_delete_response_cb), self);
 *   care_alert_present (alert, GTK_WIDGET (self));
 *
 * "response" is void (GtkWidget *alert, const char *response, gpointer data)
 * on both.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#if ADW_CHECK_VERSION (1, 5, 0)
# define CARE_TYPE_ALERT ADW_TYPE_ALERT_DIALOG
#else
# define CARE_TYPE_ALERT ADW_TYPE_MESSAGE_DIALOG
#endif
#define CARE_IS_ALERT(obj) (G_TYPE_CHECK_INSTANCE_TYPE ((obj), CARE_TYPE_ALERT))

typedef enum
{
  CARE_ALERT_DEFAULT,
  CARE_ALERT_SUGGESTED,
  CARE_ALERT_DESTRUCTIVE,
} CareAlertAppearance;

/* body may be NULL (care_alert_format_body() later, or none). */
GtkWidget   *care_alert_new                   (const char          *heading,
                                               const char          *body);
const char  *care_alert_get_heading           (GtkWidget           *alert);
const char  *care_alert_get_body              (GtkWidget           *alert);
void         care_alert_format_body           (GtkWidget           *alert,
                                               const char          *format,
                                               ...) G_GNUC_PRINTF (2, 3);
/* Buttons from left to right, in the order they are added. */
void         care_alert_add_response          (GtkWidget           *alert,
                                               const char          *id,
                                               const char          *label,
                                               CareAlertAppearance  appearance);
const char  *care_alert_get_response_label    (GtkWidget           *alert,
                                               const char          *id);
void         care_alert_set_response_enabled  (GtkWidget           *alert,
                                               const char          *id,
                                               gboolean             enabled);
gboolean     care_alert_get_response_enabled  (GtkWidget           *alert,
                                               const char          *id);
/* The response Enter gives, and the one Escape (or closing) gives. */
void         care_alert_set_default_response  (GtkWidget           *alert,
                                               const char          *id);
const char  *care_alert_get_default_response  (GtkWidget           *alert);
void         care_alert_set_close_response    (GtkWidget           *alert,
                                               const char          *id);
const char  *care_alert_get_close_response    (GtkWidget           *alert);
/* A widget (fields, a list) between the body and the buttons. */
void         care_alert_set_extra_child       (GtkWidget           *alert,
                                               GtkWidget           *child);
GtkWidget   *care_alert_get_extra_child       (GtkWidget           *alert);

/* Shows alert over parent's window (parent may be NULL). */
void         care_alert_present               (GtkWidget           *alert,
                                               GtkWidget           *parent);
/* The parent alert was presented on, or NULL. */
GtkWidget   *care_alert_get_parent            (GtkWidget           *alert);

typedef void (*CareAlertAttemptFunc) (GtkWidget *alert,
                                      gpointer   data);
/* The alert no longer closes itself: a response button still emits
 * "response", and an attempt to close it otherwise (Escape) calls
 * on_attempt; the caller closes it with care_alert_close(). Both
 * libadwaita versions close an alert before they emit "response", which
 * would take its fields away while work they started still runs. */
void         care_alert_keep_open             (GtkWidget           *alert,
                                               CareAlertAttemptFunc on_attempt,
                                               gpointer             data);
/* Closes alert at once, whatever care_alert_keep_open() said. */
void         care_alert_close                 (GtkWidget           *alert);

G_END_DECLS

/* care-kiosk-window-private.h: the kiosk window's parts, shared by its files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-kiosk-window.h"

G_BEGIN_DECLS

typedef enum {
  KIOSK_TASK_NONE,
  KIOSK_TASK_REQUEST,   /* ask for an appointment */
  KIOSK_TASK_REFILL,    /* ask for a refill of a prescription */
  KIOSK_TASK_FORM,      /* fill in a form */
} KioskTask;

struct _CareKioskWindow
{
  AdwApplicationWindow parent_instance;

  char            *server_url;
  /* The signed-in patient: their store and session; NULL when no one. */
  char            *store_path;
  CareStore       *store;
  char            *patient_id;
  char            *tenant_id;
  char            *access_token;
  GCancellable    *cancellable;
  guint            busy;
  gint64           last_input;   /* s, core's clock */
  guint            tick_id;
  KioskTask        task;
  char            *task_subject; /* the prescription of a refill */

  AdwToastOverlay *toasts;
  AdwWindowTitle  *title;
  GtkWidget       *sign_out_button;
  GtkLabel        *countdown;
  GtkStack        *pages;
  AdwEntryRow     *login_entry;
  AdwEntryRow     *password_entry;
  AdwEntryRow     *invite_entry;
  GtkLabel        *signin_error;
  GtkWidget       *sign_in_button;
  GtkSpinner      *spinner;
  GtkStack        *sections;
  AdwBin          *task_content;
  GtkButton       *task_send;
};

void     care_kiosk_window_toast          (CareKioskWindow *self,
                                           const char      *text);
/* Sends the outbox, then (may be NULL) calls done with whether all went. */
void     care_kiosk_window_push           (CareKioskWindow *self,
                                           void           (*done) (CareKioskWindow *self,
                                                                   gboolean         sent,
                                                                   const GError    *error));

/* care-kiosk-sections.c: the home's lists and the tasks. */
void     care_kiosk_sections_build        (CareKioskWindow *self);
void     care_kiosk_sections_clear        (CareKioskWindow *self);
void     care_kiosk_task_open             (CareKioskWindow *self,
                                           KioskTask        task,
                                           const char      *subject);
void     care_kiosk_task_send             (CareKioskWindow *self);

G_END_DECLS

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
  KIOSK_TASK_THREAD,    /* read a conversation and answer it */
  KIOSK_TASK_MESSAGE,   /* write to one of their doctors */
  KIOSK_TASK_ATTACHMENT, /* look at a message's attachment */
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
  /* Moves on each send and sign-out: a refresh begun before is stale. */
  guint            generation;
  gint64           last_refresh; /* s, core's clock */
  gboolean         refreshing;

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

/* care-kiosk-attachment.c: the attachment of the message message_id,
 * drawn in memory; NULL when it has none. */
GtkWidget *care_kiosk_attachment_page     (CareKioskWindow *self,
                                           const char      *message_id);

/* care-kiosk-refresh.c: every second, fetches the patient's messages and
 * notifications again when CARE_KIOSK_REFRESH_SECONDS have gone by. */
void     care_kiosk_refresh_tick          (CareKioskWindow *self);

/* care-kiosk-sections.c: the home's lists and the tasks. */
void     care_kiosk_sections_build        (CareKioskWindow *self);
void     care_kiosk_sections_clear        (CareKioskWindow *self);
void     care_kiosk_task_open             (CareKioskWindow *self,
                                           KioskTask        task,
                                           const char      *subject);
void     care_kiosk_task_send             (CareKioskWindow *self);
/* A wrapped label, left-aligned, with the CSS class css. */
GtkWidget *care_kiosk_heading             (const char      *text,
                                           const char      *css);
/* The task page box's error label, hidden until a refusal shows in it. */
GtkWidget *care_kiosk_error_label         (GtkWidget       *box);
/* The doctors the patient has seen (from their appointments), as names
 * to choose from; ids gets each one's id, in the same order. */
GtkStringList *care_kiosk_known_doctors   (CareKioskWindow *self,
                                           GPtrArray       *ids);

/* The sections' building blocks (care-kiosk-sections.c). */
GtkWidget *care_kiosk_section             (CareKioskWindow *self,
                                           const char      *name,
                                           const char      *title);
GtkWidget *care_kiosk_section_list        (CareKioskWindow *self,
                                           GtkWidget       *box,
                                           const char      *heading,
                                           const char      *empty,
                                           const char      *name);
GtkWidget *care_kiosk_row_new             (const char      *title,
                                           const char      *subtitle);
GtkWidget *care_kiosk_row_button          (CareKioskWindow *self,
                                           GtkWidget       *row,
                                           const char      *label,
                                           const char      *name,
                                           const char      *id,
                                           GCallback        callback);
GPtrArray *care_kiosk_records             (CareKioskWindow *self,
                                           const char      *entity,
                                           const char      *field,
                                           const char      *value,
                                           const char      *order);
char      *care_kiosk_local_time          (const char      *iso,
                                           const char      *format);

/* care-kiosk-inbox.c: the Messages section, a conversation, a new message. */
void       care_kiosk_inbox_build         (CareKioskWindow *self);
GtkWidget *care_kiosk_inbox_thread_page   (CareKioskWindow *self,
                                           const char      *thread_id);
GtkWidget *care_kiosk_inbox_compose_page  (CareKioskWindow *self);
/* Writes the answer or the new message of page to the store. */
gboolean   care_kiosk_inbox_send          (CareKioskWindow *self,
                                           GtkWidget       *page,
                                           GError         **error);

G_END_DECLS

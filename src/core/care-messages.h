/* care-messages.h: conversations between staff and patients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"
#include "care-store.h"

G_BEGIN_DECLS

/* The largest attachment a message carries. */
#define CARE_MESSAGES_ATTACHMENT_MAX (5 * 1024 * 1024)

/* A conversation as the signed-in person's list shows it. */
typedef struct {
  char  *thread_id;   /* the first message's id */
  char  *subject;     /* the first message's */
  char  *other_id;    /* the other party: a staff member's or a patient's id */
  char  *patient_id;  /* the patient it is with or about, if any */
  char  *last_at;     /* created_at of the newest message */
  char  *last_body;   /* the newest message's text */
  guint  n_messages;
  guint  unread;      /* messages to me not read yet */
} CareMessageThread;

void         care_message_thread_free      (CareMessageThread *thread);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareMessageThread, care_message_thread_free)

/* The recipient has read it (the first time counts). */
void         care_messages_mark_read       (CareRecord *message);

/* The conversation a message belongs to: its thread_id, or its own id
 * when it began one. */
const char  *care_messages_thread_of       (CareRecord *message);

/* NULL, or a PDF, PNG or JPEG file of at most
 * CARE_MESSAGES_ATTACHMENT_MAX; a refusal names "attachment". */
gboolean     care_messages_check_attachment (GBytes   *contents,
                                             GError  **error);
/* The size half of it, before a file is read. */
gboolean     care_messages_check_attachment_size (goffset   size,
                                                  GError  **error);

/* me's conversations, the latest activity first (CareMessageThread). */
GPtrArray   *care_messages_threads         (CareStore   *store,
                                            const char  *me,
                                            GError     **error);
/* The messages of a conversation, oldest first (CareRecord). */
GPtrArray   *care_messages_thread          (CareStore   *store,
                                            const char  *thread_id,
                                            GError     **error);
/* Messages to me not read yet. */
guint        care_messages_count_unread    (CareStore   *store,
                                            const char  *me);
/* Marks every message of the conversation sent to me read. */
gboolean     care_messages_mark_thread_read (CareStore  *store,
                                             const char *thread_id,
                                             const char *me,
                                             GError    **error);

/* Starts a conversation from the store's actor to recipient_id (a staff
 * member or a patient), about patient_id (optional). attachment may be
 * NULL; its name is kept without the folder. */
CareRecord  *care_messages_send            (CareStore   *store,
                                            const char  *recipient_id,
                                            const char  *patient_id,
                                            const char  *subject,
                                            const char  *body,
                                            const char  *attachment_name,
                                            GBytes      *attachment,
                                            GError     **error);
/* Answers thread_id from the store's actor to the other party. */
CareRecord  *care_messages_reply           (CareStore   *store,
                                            const char  *thread_id,
                                            const char  *body,
                                            const char  *attachment_name,
                                            GBytes      *attachment,
                                            GError     **error);

/* "Maria López" for a staff member or a patient; NULL if neither. */
char        *care_messages_party_name      (CareStore   *store,
                                            const char  *id);

/* A message goes to a staff member or a patient of the clinic; patients
 * write to the staff only; a reply goes between the two people of its
 * conversation; an attachment is checked as above. The sender is whoever
 * writes it (the schema's CARE_FIELD_SIGNED). */
const CareEntityRules *care_messages_entity_rules (guint *n_rules);

G_END_DECLS

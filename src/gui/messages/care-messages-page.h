/* care-messages-page.h: conversations with patients and colleagues
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_MESSAGES_PAGE (care_messages_page_get_type ())
G_DECLARE_FINAL_TYPE (CareMessagesPage, care_messages_page, CARE, MESSAGES_PAGE, CarePage)

GtkWidget   *care_messages_page_new          (CareSession      *session);
/* Shows the conversation thread_id and marks it read; FALSE if it is not
 * one of the signed-in person's. */
gboolean     care_messages_page_open_thread  (CareMessagesPage *self,
                                              const char       *thread_id);
/* Starts a new conversation with the patient patient_id (about them);
 * FALSE if there is no such patient. */
gboolean     care_messages_page_write_to_patient (CareMessagesPage *self,
                                                  const char       *patient_id);
/* Attaches file to the message being written (what "Attach File…"
 * does once a file is chosen); a refusal shows next to the attachment. */
void         care_messages_page_attach_file  (CareMessagesPage *self,
                                              GFile            *file);

G_END_DECLS

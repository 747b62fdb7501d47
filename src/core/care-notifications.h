/* care-notifications.h: who is told of what, whoever writes it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"
#include "care-store.h"

G_BEGIN_DECLS

/* Writes an unread notification for the staff member user_id (nothing
 * when NULL) about the record link_entity/link_id; message is cut to the
 * field's 400 characters. */
gboolean     care_notify                      (CareRuleContext *ctx,
                                               const char      *user_id,
                                               const char      *kind,
                                               const char      *message,
                                               const char      *link_entity,
                                               const char      *link_id,
                                               GError         **error);
/* The same for a patient (their portal or kiosk reads it). */
gboolean     care_notify_patient              (CareRuleContext *ctx,
                                               const char      *patient_id,
                                               const char      *kind,
                                               const char      *message,
                                               const char      *link_entity,
                                               const char      *link_id,
                                               GError         **error);
void         care_notifications_mark          (CareRecord      *notification,
                                               gboolean         read);

/* The staff member's notifications in the app's store, newest first, at
 * most limit (0: all). */
GPtrArray   *care_notifications_list         (CareStore       *store,
                                              const char      *user_id,
                                              guint            limit,
                                              GError         **error);
/* How many of them are unread. */
guint        care_notifications_count_unread (CareStore       *store,
                                              const char      *user_id);
/* Marks one read (its id), or every unread one of user_id. */
gboolean     care_notifications_mark_read     (CareStore       *store,
                                               const char      *id,
                                               GError         **error);
gboolean     care_notifications_mark_all_read (CareStore       *store,
                                               const char      *user_id,
                                               GError         **error);

/* The notifications a write makes: a new appointment (booked or
 * requested) tells its doctor, a message its staff recipient, a refill
 * request the prescriber, a new prescription, a refill decided and a form
 * accepted or rejected the patient, an emergency alert every active staff member, and a lab test
 * that is completed, a critical result of it or an amendment of a
 * verified result, the one who asked for it. Low stock and expiry are
 * care-stock-alerts.c's, for the pharmacists. */
const CareEntityRules *care_notifications_entity_rules (guint *n_rules);

G_END_DECLS

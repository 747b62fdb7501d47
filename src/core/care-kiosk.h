/* care-kiosk.h: the patient kiosk's rules: what it keeps, for how long, and what goes at sign-out
 *
 * A kiosk holds the signed-in patient's own records only, in a store in a
 * private temporary folder, and only while they are signed in: at
 * sign-out, and after CARE_KIOSK_IDLE_SECONDS without input (a countdown
 * shows in the last CARE_KIOSK_WARNING_SECONDS), the store's files and
 * folder are deleted and the session's secrets cleared. What the patient
 * asked for is sent first; offline, signing out is refused with a
 * message until it can be (the idle sign-out wipes regardless).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-store.h"

G_BEGIN_DECLS

#define CARE_KIOSK_IDLE_SECONDS    120
#define CARE_KIOSK_WARNING_SECONDS 20

typedef enum {
  CARE_KIOSK_IDLE_ACTIVE,    /* in use */
  CARE_KIOSK_IDLE_WARNING,   /* show the countdown */
  CARE_KIOSK_IDLE_EXPIRED,   /* sign out and wipe now */
} CareKioskIdle;

/* Where an idle kiosk stands, last_input and now in seconds of core's
 * clock; *seconds_left (may be NULL): until the sign-out. */
CareKioskIdle  care_kiosk_idle_state     (gint64       last_input,
                                          gint64       now,
                                          guint       *seconds_left);

/* The entities a kiosk fills from the patient's own records, in an order
 * where a record's references come first. */
const char *const *care_kiosk_entities   (void);

/* The action route (POST /{table}/{id}/{action}) that carries a
 * patient's change to a record of theirs to the server: an appointment
 * cancelled, a message or a notification read; NULL for any other
 * entity, which a patient does not change. */
const char    *care_kiosk_change_action  (const CareEntity *entity);

/* A new private folder (mode 0700) for one patient's store; the path of
 * the store file inside it. */
char          *care_kiosk_store_path_new (GError     **error);
/* Deletes the store at path (its -wal, -shm and -journal too) and its
 * folder; the store must be closed. TRUE when nothing of it remains. */
gboolean       care_kiosk_wipe           (const char  *path,
                                          GError     **error);
/* Overwrites and frees a secret (a token, a password). */
void           care_kiosk_clear_secret   (char       **secret);

/* May the patient sign out now? With requests not yet sent (the store's
 * outbox) and no server, no: the message says so. */
gboolean       care_kiosk_check_sign_out (CareStore   *store,
                                          gboolean     online,
                                          GError     **error);

/* Whether the kiosk shows a record to its patient: lab tests once their
 * doctor has reviewed the results (released), invoices once issued. */
gboolean       care_kiosk_shows          (CareRecord  *record);

/* May a patient cancel this appointment of theirs themselves (a request,
 * or one booked that has not begun)? A refusal names "status". */
gboolean       care_kiosk_check_cancel   (CareRecord  *appointment,
                                          GError     **error);

G_END_DECLS

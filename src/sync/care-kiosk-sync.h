/* care-kiosk-sync.h: the patient kiosk's exchange with caredesk-server
 *
 * The server scopes every list to the signed-in patient, so the kiosk's
 * pull is the portal's lists of care_kiosk_entities(); its push sends the
 * outbox (requests, refills, forms, cancellations) through the routes a
 * patient may use. The network parts block: call them in a worker thread;
 * the store is only touched by the _apply and _outbox calls, on the main
 * thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-sync-engine.h"

G_BEGIN_DECLS

/* First time: a receptionist's invitation becomes a portal account
 * (POST /auth/register-patient). Refusals name the field in the message. */
gboolean     care_kiosk_sync_register  (const char      *base_url,
                                        const char      *invite,
                                        const char      *login,
                                        const char      *password,
                                        GCancellable    *cancellable,
                                        GError         **error);

/* Reception invites a patient (POST /patients/{id}/invite, a staff
 * member's session): the single-use code, and when it runs out in
 * *expires_at (ISO 8601, UTC). A patient the server does not have yet
 * (not synced) is CARE_SYNC_ERROR_SERVER with a message saying so. */
char        *care_kiosk_sync_invite    (const char      *base_url,
                                        const char      *access_token,
                                        const char      *patient_id,
                                        char           **expires_at,
                                        GCancellable    *cancellable,
                                        GError         **error);

/* The patient's own records, by entity name: an object of arrays. */
JsonObject  *care_kiosk_sync_fetch     (const char      *base_url,
                                        const char      *access_token,
                                        GCancellable    *cancellable,
                                        GError         **error);
/* While the patient is signed in: their messages and notifications
 * again, what the kiosk refreshes every CARE_KIOSK_REFRESH_SECONDS
 * (patients may not open the staff's live socket, GET /sync/live). */
#define CARE_KIOSK_REFRESH_SECONDS 15
JsonObject  *care_kiosk_sync_fetch_news (const char     *base_url,
                                        const char      *access_token,
                                        GCancellable    *cancellable,
                                        GError         **error);
/* Writes what fetch brought into the kiosk's store (no outbox), the
 * store joining the patient's clinic first; changed (may be NULL, see
 * care_sync_changed_new()) gets what it changed. */
gboolean     care_kiosk_sync_apply     (CareStore       *store,
                                        const char      *tenant_id,
                                        JsonObject      *fetched,
                                        GHashTable      *changed,
                                        GError         **error);

/* One request a pending outbox entry becomes. */
typedef struct {
  char   *mutation_id;
  char   *method;
  char   *path;
  GBytes *body;
} CareKioskRequest;

void         care_kiosk_request_free   (CareKioskRequest *request);

/* The outbox's pending entries as requests (main thread). */
GPtrArray   *care_kiosk_sync_outbox    (CareStore       *store,
                                        GError         **error);
/* Sends them in order; *sent lists the mutation ids the server took
 * before the first failure (the caller removes them from the outbox). */
gboolean     care_kiosk_sync_send      (const char      *base_url,
                                        const char      *access_token,
                                        GPtrArray       *requests,
                                        GPtrArray      **sent,
                                        GCancellable    *cancellable,
                                        GError         **error);

/* The server took these (mutation ids): out of the outbox (main thread). */
gboolean     care_kiosk_sync_outbox_done (CareStore     *store,
                                        GPtrArray       *sent,
                                        GError         **error);

/* The forms the patient may fill in (GET /portal/form-templates). */
JsonArray   *care_kiosk_sync_templates (const char      *base_url,
                                        const char      *access_token,
                                        GCancellable    *cancellable,
                                        GError         **error);

G_END_DECLS

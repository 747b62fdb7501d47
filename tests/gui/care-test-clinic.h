/* care-test-clinic.h: a real clinic server and workstations signed in to it
 *
 * The real caredesk-server (tests/server's fixture) on a copy of the demo
 * clinic, and windows connected to it through the first-run assistant,
 * for the widget tests of sync and of what travels between workstations.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-test-utils.h"
/* The server fixture's demo password replaces care-test-utils.h's. */
#undef CARE_TEST_PASSWORD
#include "care-server-fixture.h"

#include "care-sync-indicator.h"

G_BEGIN_DECLS

#define TIMEOUT_MS      20000
/* The engine retries with backoff after the server went away. */
#define RECONNECT_MS    60000

typedef struct
{
  char           *dir;
  char           *db;
  CareTestServer *server;
  GPtrArray      *stopped;  /* earlier runs of the server on the same port */
  char           *url;      /* http://127.0.0.1:PORT */
  char           *admin;    /* the admin's access token, for REST checks */
} Clinic;

Clinic            *clinic_new          (void);
void               clinic_stop         (Clinic     *c);
/* The same database on the same port, as after a network outage. */
void               clinic_restart      (Clinic     *c);
void               clinic_free         (Clinic     *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Clinic, clinic_free)

/* The widget named name under root; fails the test if there is none. */
GtkWidget         *find                (GtkWidget  *root,
                                        const char *name);
void               wait_for_mode       (CareWindow *window,
                                        const char *mode);
CareSyncIndicator *indicator_of        (CareWindow *window);
void               wait_for_indicator  (CareWindow *window,
                                        const char *text,
                                        guint       timeout_ms);
CareSyncEngine    *engine_of           (CareWindow *window);
/* A fresh workstation connected through the first-run assistant, signed
 * in online as login. */
CareWindow        *connect_and_sign_in (Clinic     *clinic,
                                        CareStore  *store,
                                        const char *login);

G_END_DECLS

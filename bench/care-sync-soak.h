/* care-sync-soak.h: the sync soak's shared state (care-sync-soak.c drives, care-sync-soak-check.c judges)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "caredesk-core.h"
#include "care-server-fixture.h"
#include "care-sync-engine.h"
#include "care-test-proxy.h"

#define SOAK_N_FIELDS 2

/* The fields every workstation edits, of the same few patients. */
extern const char *const soak_fields[SOAK_N_FIELDS];

typedef struct {
  guint           index;
  char           *name;
  char           *path;      /* its own store file */
  CareStore      *store;     /* the "UI's" connection: where edits are made */
  CareSyncEngine *engine;    /* its own thread and connection */
} SoakStation;

/* One local edit: a field of a patient set to a value no other edit uses,
 * or (undo) set back at once to the value it had before the edit just
 * made (A→B→A). */
typedef struct {
  guint     station;
  guint     patient;
  guint     field;
  char     *value;
  gboolean  undo;
} SoakEdit;

typedef struct {
  CareTestServer *server;
  char           *dir;
  char           *db;
  CareTestProxy  *proxy;
  GPtrArray      *stations;     /* SoakStation */
  GPtrArray      *patients;     /* ids */
  char          **initial;      /* [patient * SOAK_N_FIELDS + field] at the start */
  GArray         *edits;        /* SoakEdit */
  guint           restarts;
  guint           failed_edits; /* refused by the local store (busy): not edits */
  guint           quiet_failures; /* sync attempts of the quiet end that failed */
} Soak;

/* Reads the server's database and every workstation's store, prints the
 * counts; TRUE when every invariant holds. */
gboolean soak_check (Soak *soak);

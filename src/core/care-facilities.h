/* care-facilities.h: the clinic's facilities and departments, kept while records name them
 *
 * A facility (a site, a laboratory, a department) is named by the
 * facility_id of staff, patients, appointments, treatments and wards.
 * Removing one that any record still names would leave those records
 * pointing nowhere, so it is refused, whoever removes it (the app, a REST
 * route, a pushed sync mutation); the refusal says which records name it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"
#include "care-store.h"

G_BEGIN_DECLS

/* Adds (before NULL), changes (both given) or removes (facility NULL) a
 * facility of store after its rules, in one transaction. */
gboolean     care_facilities_save          (CareStore    *store,
                                            CareRecord   *before,
                                            CareRecord   *facility,
                                            GError      **error);

/* The same rules on every write of a facility (REST, sync push). */
const CareEntityRules *care_facilities_entity_rules (guint *n_rules);

G_END_DECLS

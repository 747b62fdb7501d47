/* care-treatments.h: treatments given at a visit, with their cost, written with its note and billed for it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"
#include "care-store.h"

G_BEGIN_DECLS

/* A new, unsaved treatment named name costing cost, as typed in the
 * clinic's currency ("25", "25.00", "€25"); an empty cost is the clinic's
 * price for a procedure (care_billing_get_price()). Refused with no name
 * (on "treatment_type") or a cost that is not an amount (on "cost"). */
CareRecord *care_treatments_new       (CareStore   *store,
                                       const char  *name,
                                       const char  *cost,
                                       GError     **error);

/* Signs note (care_notes_sign()) and records treatments (from
 * care_treatments_new()) with it, in one transaction: each gets the
 * note's patient, the note and its visit, completed today. Nothing is
 * written on a refusal. Billing proposes them for the visit as procedure
 * lines (care_billing_billable_items()). */
gboolean    care_treatments_sign_note (CareStore   *store,
                                       CareRecord  *note,
                                       GPtrArray   *treatments,
                                       GError     **error);

/* The treatments written with a note, oldest first. */
GPtrArray  *care_treatments_of_note   (CareStore   *store,
                                       const char  *note_id,
                                       GError     **error);

/* The treatments written with note and with every earlier version of it
 * (the notes it amends, through amends_id), oldest first: what an
 * amendment shows as given already, and does not write again. */
GPtrArray  *care_treatments_of_note_versions (CareStore        *store,
                                              const CareRecord *note,
                                              GError          **error);

G_END_DECLS

/* care-prescribing.h: a doctor writes a prescription and decides refills, on the app's store
 *
 * The decisions are care-prescriptions.h's; these read and write the
 * store around them: the warnings of every item at once, the pharmacy's
 * stock of a medicine while it is chosen, the prescription with its items
 * (and the patient's medication list) in one transaction, and the refill
 * requests waiting for a prescriber.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-store.h"

G_BEGIN_DECLS

/* What the pharmacy holds of a medicine today: its unexpired stock and
 * the expiry of the batch it will give out first (NULL: none). */
typedef struct {
  gint64  on_hand;
  char   *nearest_expiry;
} CareMedicineStock;

void        care_medicine_stock_clear          (CareMedicineStock *stock);
gboolean    care_prescribing_stock             (CareStore         *store,
                                                const char        *medicine_id,
                                                CareMedicineStock *stock,
                                                GError           **error);
/* "120 in stock · first expiry 3 Mar 2027", "Out of stock": for the
 * doctor choosing; today is YYYY-MM-DD. */
char       *care_prescribing_stock_text        (const CareMedicineStock *stock,
                                                const char              *today);

/* The medicines of the formulary whose name or generic name contains text
 * (any case; NULL or "": all), by name, at most limit (0: all). */
GPtrArray  *care_prescribing_find_medicines    (CareStore   *store,
                                                const char  *text,
                                                guint        limit,
                                                GError     **error);
/* "Capsule · 500 mg" for the doctor choosing. */
char       *care_prescribing_medicine_line     (CareRecord  *medicine);

/* The warnings (translated sentences) for prescribing items (unsaved
 * prescription_item records) to patient_id: a recorded allergy or an
 * active medication, for each item, and two items of one medicine. */
GPtrArray  *care_prescribing_warnings          (CareStore   *store,
                                                const char  *patient_id,
                                                GPtrArray   *items,
                                                GError     **error);

/* Saves a prescription for patient_id, issued today by the store's actor,
 * with items (unsaved prescription_item records; each gets the
 * prescription's id) and an active medication for each, in one
 * transaction. Refused, naming the field: no items, an invalid item, or
 * warnings without override_reason (the doctor says why). Returns the
 * prescription. */
CareRecord *care_prescribing_save              (CareStore   *store,
                                                const char  *patient_id,
                                                GPtrArray   *items,
                                                gint64       refills_allowed,
                                                const char  *notes,
                                                const char  *override_reason,
                                                GError     **error);

/* Pending refill requests of the prescriptions of prescriber_id (NULL:
 * everyone's), oldest first. */
GPtrArray  *care_prescribing_pending_refills   (CareStore   *store,
                                                const char  *prescriber_id,
                                                GError     **error);
/* What a refill request asks for, for the doctor deciding: "Amoxicillin
 * 500 mg every 8 hours · 1 of 3 refills used". */
char       *care_prescribing_refill_summary    (CareStore   *store,
                                                CareRecord  *refill);
/* Approves (a pharmacy order is opened, a refill used) or refuses (reason
 * needed) the refill request refill_id as the store's actor, in one
 * transaction. */
gboolean    care_prescribing_decide_refill     (CareStore   *store,
                                                const char  *refill_id,
                                                gboolean     approve,
                                                const char  *reason,
                                                GError     **error);

G_END_DECLS

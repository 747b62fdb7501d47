/* care-pharmacy-queue.h: the prescriptions waiting at the pharmacy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

#define CARE_TYPE_PHARMACY_QUEUE (care_pharmacy_queue_get_type ())
G_DECLARE_FINAL_TYPE (CarePharmacyQueue, care_pharmacy_queue, CARE, PHARMACY_QUEUE, GtkWidget)

GtkWidget *care_pharmacy_queue_new (CareStore *store);

G_END_DECLS

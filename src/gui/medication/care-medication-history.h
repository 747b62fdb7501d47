/* care-medication-history.h: a patient's medication administrations, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

/* A window (named "medication-history") over parent listing what was
 * recorded of patient_id's doses, corrected records marked so. */
GtkWidget *care_medication_history_new (GtkWindow  *parent,
                                        CareStore  *store,
                                        const char *patient_id,
                                        const char *patient_name);

G_END_DECLS

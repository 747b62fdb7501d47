/* care-admission-dialog.h: a doctor recommends admitting the chart's patient
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-page.h"

G_BEGIN_DECLS

/* Asks for the ward (or any) and the reason, with core's refusal under the
 * reason as it is typed; Recommend saves the request and says so on page. */
void care_admission_dialog_present (CarePage   *page,
                                    const char *patient_id,
                                    const char *patient_name);

G_END_DECLS

/* care-chart-alerts.h: the clinical alerts of the chart's banner, beside the allergies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-store.h"

G_BEGIN_DECLS

/* Whether the advance directives say not to resuscitate ("Do not
 * resuscitate", "DNR", "no CPR", any case). */
gboolean care_chart_alerts_is_dnr       (const char *advance_directives);
/* Whether a problem's or condition's name is about falling ("Fall risk",
 * "Repeated falls", "History of falling"). */
gboolean care_chart_alerts_is_fall_risk (const char *problem);

/* The patient's alerts in the order the banner shows them: "DNR", "Fall
 * risk" (from an active problem or a registration condition), "N
 * critical results not reviewed" (verified lab tests with a critical
 * result that no one has reviewed yet); translated. Never NULL but on
 * error. */
char   **care_chart_alerts              (CareStore         *store,
                                         const CareRecord  *patient,
                                         GError           **error);

G_END_DECLS

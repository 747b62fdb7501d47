/* care-clinic-settings.h: the clinic's own details, checked before they are kept
 *
 * Name, address, phone, logo, currency, tax rate and tax registration
 * number (printed on invoices) are fields of the "tenant" record; the
 * logo is a PNG or JPEG image of at most CARE_CLINIC_LOGO_MAX_BYTES.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"
#include "care-store.h"

G_BEGIN_DECLS

#define CARE_CLINIC_LOGO_MAX_BYTES (2 * 1024 * 1024)

/* Whether bytes may be the clinic's logo (a PNG or JPEG image, not too
 * large); the error names "logo". Every write checks the size. */
gboolean     care_clinic_settings_check_logo   (GBytes       *bytes,
                                                GError      **error);

/* Writes clinic (the store's "tenant" record) after its rules. */
gboolean     care_clinic_settings_save         (CareStore    *store,
                                                CareRecord   *clinic,
                                                GError      **error);

/* The same checks on every write of the clinic (REST, sync push). */
const CareEntityRules *care_clinic_settings_entity_rules (guint *n_rules);

G_END_DECLS

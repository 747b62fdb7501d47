/* care-application.h: the Caredesk application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

#define CARE_TYPE_APPLICATION (care_application_get_type ())
G_DECLARE_FINAL_TYPE (CareApplication, care_application, CARE, APPLICATION, AdwApplication)

CareApplication *care_application_new          (void);
/* The clinic store of this workstation; NULL until it is opened. */
CareStore       *care_application_get_store    (CareApplication *self);
GSettings       *care_application_get_settings (CareApplication *self);

G_END_DECLS

/* care-form-fill-window.h: staff fill in one of the clinic's forms together with a patient
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

/* A modal window over parent's, for the patient patient_id of store; NULL
 * if there is no such patient. Saving writes a submitted form (waiting for
 * review) and closes it. */
GtkWidget   *care_form_fill_window_new (GtkWidget  *parent,
                                        CareStore  *store,
                                        const char *patient_id);

G_END_DECLS

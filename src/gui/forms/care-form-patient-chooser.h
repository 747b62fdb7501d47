/* care-form-patient-chooser.h: staff pick the patient to fill in a form with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

/* A modal window over parent's: a patient search; choosing a patient
 * closes it and opens care_form_fill_window_new() for them. */
GtkWidget   *care_form_patient_chooser_new (GtkWidget *parent,
                                            CareStore *store);

G_END_DECLS

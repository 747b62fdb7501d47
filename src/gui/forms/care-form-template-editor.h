/* care-form-template-editor.h: the administrator's editor of a form template
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

/* A modal window (named "form-template-editor") editing tmpl, or a new
 * template when tmpl is NULL; it closes once saved. */
GtkWidget *care_form_template_editor_new (GtkWidget  *parent,
                                          CareStore  *store,
                                          CareRecord *tmpl);

G_END_DECLS

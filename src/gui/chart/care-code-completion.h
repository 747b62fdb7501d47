/* care-code-completion.h: the note's diagnosis field searches the clinic's code list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

/* As the doctor types a diagnosis (or a code) into diagnosis, offers the
 * clinic's matching codes (care_code_list_search()); picking one writes
 * its title into diagnosis and its code into code. */
void care_code_completion_attach (GtkEntry  *diagnosis,
                                  GtkEntry  *code,
                                  CareStore *store);

G_END_DECLS

/* care-news2-label.h: a set's NEWS2 score shown in its band's colour and words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

/* Shows the score of vitals (NULL or nothing scored: a dash) on badge, in
 * the colour of its band (.news2-<band>), and the band and response in
 * words on words (may be NULL). Returns whether there was a score. */
gboolean     care_news2_label_update   (GtkLabel         *badge,
                                        GtkLabel         *words,
                                        const CareRecord *vitals);

G_END_DECLS

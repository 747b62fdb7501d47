/* care-format.h: numbers written in the app's sentences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "1,000,000": grouped the way the locale groups thousands (a comma
 * where it does not say). */
char *care_format_count (gint64 n);

G_END_DECLS

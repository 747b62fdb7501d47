/* care-fonts.h: the interface's fonts for scripts the desktop's defaults draw poorly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Adds the app's fontconfig rules (care-fonts.conf: Arabic in Noto Sans
 * Arabic UI) to the current configuration. Call once, before the first
 * text is laid out. */
void care_fonts_init (void);

G_END_DECLS

/* care-poppler.h: g_autoptr() for poppler-glib objects
 *
 * poppler-glib 22.12 (Debian 12) declares no cleanup functions; aliases
 * keep these from clashing with a newer poppler that does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <poppler.h>

typedef PopplerDocument CarePopplerDocument;
typedef PopplerPage     CarePopplerPage;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CarePopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CarePopplerPage, g_object_unref)

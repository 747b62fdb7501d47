/* care-dirs.h: where a program finds the files it reads at run time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The value of the environment variable @env when set and not empty (the
 * tests'), else @built when this program was built in the build tree
 * (so that it runs from a checkout), else @installed. Returns one of the
 * three. */
const char *care_dirs_find (const char *env,
                            const char *built,
                            const char *installed);

G_END_DECLS

/* care-dirs.c: where a program finds the files it reads at run time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-dirs"

#include "config.h"

#include "care-dirs.h"

const char *
care_dirs_find (const char *env,
                const char *built,
                const char *installed)
{
  const char *dir = g_getenv (env);
  g_autofree char *self = NULL;

  if (dir != NULL && *dir != '\0')
    return dir;
  self = g_file_read_link ("/proc/self/exe", NULL);
  if (self && g_str_has_prefix (self, BUILD_ROOT G_DIR_SEPARATOR_S))
    return built;
  return installed;
}

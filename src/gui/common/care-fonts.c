/* care-fonts.c: the interface's fonts for scripts the desktop's defaults draw poorly
 *
 * The rules are a fontconfig file in the app's resources, added to the
 * configuration fontconfig already read (the system's and the user's), so
 * they hold from the build tree, installed, and in the flatpak alike.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-fonts"

#include "config.h"

#include <fontconfig/fontconfig.h>
#include <gio/gio.h>

#include "care-fonts.h"

#define FONTS_CONF "/io/github/caredesk/Caredesk/common/care-fonts.conf"

void
care_fonts_init (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) conf = g_resources_lookup_data (FONTS_CONF, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_autofree char *text = NULL;

  if (conf == NULL)
    {
      g_warning ("No font rules: %s", error->message);
      return;
    }
  if (!FcInit ())
    return;
  /* NUL-terminated, as fontconfig reads it. */
  text = g_strndup (g_bytes_get_data (conf, NULL), g_bytes_get_size (conf));
  if (!FcConfigParseAndLoadFromMemory (FcConfigGetCurrent (), (const FcChar8 *) text, FcTrue))
    g_warning ("fontconfig refused the app's font rules");
}

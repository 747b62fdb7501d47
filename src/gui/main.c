/* main.c: entry point of the Caredesk desktop app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "caredesk"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "care-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CareApplication) app = NULL;
  const char *localedir;

  /* Tests and uninstalled runs point this at the build tree's catalogues. */
  localedir = g_getenv ("CAREDESK_LOCALEDIR");
  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Caredesk"));

  app = care_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}

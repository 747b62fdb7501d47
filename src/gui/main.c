/* main.c: entry point of the Caredesk desktop app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "caredesk"

#include "config.h"

#include <locale.h>
#include <malloc.h>
#include <glib/gi18n.h>

#include "care-application.h"
#include "care-dirs.h"
#include "care-fonts.h"

/* Where the translations are: CAREDESK_LOCALEDIR when set (tests), the
 * build tree's when this is the program built there (so `LANGUAGE=es`
 * works from a checkout), else the installed ones. */
static const char *
locale_dir (void)
{
  return care_dirs_find ("CAREDESK_LOCALEDIR", BUILD_LOCALEDIR, LOCALEDIR);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CareApplication) app = NULL;
  const char *localedir;

  /* glibc raises its mmap threshold each time a large block is freed, so
   * the big, short-lived buffers of start-up and sign-in (GtkBuilder,
   * pixbufs, render surfaces) end up in the heap and keep it fragmented:
   * about 10 MiB of resident memory on the patient list, with either
   * renderer (BENCHMARKS.md, "The app window"). A fixed threshold gives
   * them back when freed. */
  mallopt (M_MMAP_THRESHOLD, 64 * 1024);
  mallopt (M_TRIM_THRESHOLD, 128 * 1024);

  localedir = locale_dir ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Caredesk"));
  /* Before any text is laid out: Arabic in Noto Sans Arabic UI. */
  care_fonts_init ();

  app = care_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}

/* care-test-fhir.h: runs the published FHIR R4 validator (npm "fhir") over exported bundles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

/* Validates the files (a NULL-terminated array of paths) with
 * tests/fhir/validate-fhir.js; fails the test on any problem it prints.
 * The validator is installed by build-aux/setup.sh. */
static inline void
care_test_fhir_validate (const char *const *files)
{
  const char *script = g_getenv ("CAREDESK_FHIR_VALIDATE");
  /* build-aux/setup.sh installs into CAREDESK_NODE_DIR when it is set. */
  g_autofree char *chosen = g_getenv ("CAREDESK_NODE_DIR") ? g_build_filename (g_getenv ("CAREDESK_NODE_DIR"), "node_modules", NULL) : NULL;
  const char *modules = chosen ? chosen : g_getenv ("CAREDESK_FHIR_NODE_MODULES");
  g_autofree char *package = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_assert_nonnull (script);
  g_assert_nonnull (modules);
  package = g_build_filename (modules, "fhir", "package.json", NULL);
  if (!g_file_test (package, G_FILE_TEST_EXISTS))
    g_error ("The FHIR validator is not installed in %s: run build-aux/setup.sh (it needs npm)", modules);
  g_subprocess_launcher_setenv (launcher, "NODE_PATH", modules, TRUE);
  g_ptr_array_add (argv, (gpointer) "node");
  g_ptr_array_add (argv, (gpointer) script);
  for (guint i = 0; files[i]; i++)
    g_ptr_array_add (argv, (gpointer) files[i]);
  g_ptr_array_add (argv, NULL);
  node = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (node, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s", out);
  if (!g_subprocess_get_if_exited (node) || g_subprocess_get_exit_status (node) != 0)
    g_error ("The FHIR validator found problems:\n%s", out);
}

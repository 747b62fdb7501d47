/* test-secret.c: the sync sign-in kept without a usable keyring
 *
 * Where no keyring can be used without a prompt, care-secret.c keeps the
 * refresh token in memory: it must finish quickly, without a critical, and
 * still answer lookups in the same run. Each case runs in a subprocess of
 * its own, because a process reaches the session bus only once.
 *
 * libsecret is in the caredesk-secret module: this program links no
 * libsecret of its own (tests/gui/meson.build), so what it finds mapped
 * comes from the module, loaded by the first call and not before.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-secret"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "care-secret.h"

#define SERVER "http://127.0.0.1:8420"
#define USER   "0193a7c0-0000-7000-8000-000000000001"

typedef struct
{
  GMainLoop *loop;
  gboolean   stored;
  char      *found;
  gboolean   done;
} Call;

static void
on_stored_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;

  call->stored = care_secret_store_finish (result, &error);
  g_assert_no_error (error);
  call->done = TRUE;
  g_main_loop_quit (call->loop);
}

static void
on_found_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;

  g_free (call->found);
  call->found = care_secret_lookup_finish (result, &error);
  g_assert_no_error (error);
  call->done = TRUE;
  g_main_loop_quit (call->loop);
}

static void
on_cleared_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (care_secret_clear_finish (result, &error));
  g_assert_no_error (error);
  call->done = TRUE;
  g_main_loop_quit (call->loop);
}

static gboolean
on_too_long_cb (gpointer user_data)
{
  g_error ("The keyring call did not finish in time: it must not hang");
  return G_SOURCE_REMOVE;
}

static void
run (Call *call)
{
  guint guard = g_timeout_add_seconds (15, on_too_long_cb, NULL);

  call->done = FALSE;
  while (!call->done)
    g_main_loop_run (call->loop);

  g_source_remove (guard);
}

static gboolean
mapped (const char *library)
{
  g_autofree char *maps = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, library) != NULL;
}

/* Store, look up, clear, look up: what the window does over a session. */
static void
round_trip (gboolean expect_memory_only)
{
  Call call = { g_main_loop_new (NULL, FALSE), FALSE, NULL, FALSE };
  gint64 start = g_get_monotonic_time ();

  care_secret_store_async (SERVER, USER, "refresh-token-1", NULL, on_stored_cb, &call);
  run (&call);
  g_assert_true (call.stored);

  care_secret_lookup_async (SERVER, USER, NULL, on_found_cb, &call);
  run (&call);
  g_assert_cmpstr (call.found, ==, "refresh-token-1");

  /* Rotated: the newest is the one kept. */
  care_secret_store_async (SERVER, USER, "refresh-token-2", NULL, on_stored_cb, &call);
  run (&call);
  care_secret_lookup_async (SERVER, USER, NULL, on_found_cb, &call);
  run (&call);
  g_assert_cmpstr (call.found, ==, "refresh-token-2");

  /* Another user of the same server has nothing kept. */
  care_secret_lookup_async (SERVER, "someone-else", NULL, on_found_cb, &call);
  run (&call);
  g_assert_null (call.found);

  care_secret_clear_async (SERVER, USER, NULL, on_cleared_cb, &call);
  run (&call);
  care_secret_lookup_async (SERVER, USER, NULL, on_found_cb, &call);
  run (&call);
  g_assert_null (call.found);

  if (expect_memory_only)
    g_assert_true (care_secret_get_memory_only ());

  /* Each call waited at most once for the keyring (the timeout). */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);

  g_main_loop_unref (call.loop);
  g_free (call.found);
}

/* No session bus at all (a kiosk session without D-Bus). libsecret and
 * libgcrypt are mapped by the first call, not before. */
static void
test_no_bus (void)
{
  if (g_test_subprocess ())
    {
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/caredesk-test-bus", TRUE);
      care_secret_set_timeout (5000);
      g_assert_false (mapped ("libsecret-1"));
      g_assert_false (mapped ("libgcrypt"));
      round_trip (TRUE);
      g_assert_true (mapped ("libsecret-1"));
      g_assert_true (mapped ("libgcrypt"));
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr_unmatched ("*CRITICAL*");
  g_test_trap_assert_stderr_unmatched ("*WARNING*");
}

/* No module where it is looked for: one warning, tokens in memory, and
 * no libsecret. */
static void
test_no_module (void)
{
  if (g_test_subprocess ())
    {
      g_setenv ("CAREDESK_MODULEDIR", "/nonexistent", TRUE);
      g_test_expect_message ("care-module", G_LOG_LEVEL_WARNING,
                             "Cannot load the caredesk-secret module: /nonexistent/*");
      round_trip (TRUE);
      g_test_assert_expected_messages ();
      g_assert_false (mapped ("libsecret-1"));
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr_unmatched ("*CRITICAL*");
}

/* A bus that takes the connection and never answers: the timeout decides. */
static void
test_silent_bus (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = g_dir_make_tmp ("caredesk-secret-XXXXXX", &error);
      g_autofree char *path = g_build_filename (dir, "bus", NULL);
      g_autofree char *address = g_strdup_printf ("unix:path=%s", path);
      g_autoptr(GSocket) socket = NULL;
      g_autoptr(GSocketAddress) socket_address = NULL;
      gint64 start;

      g_assert_no_error (error);
      socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
      g_assert_no_error (error);
      socket_address = g_unix_socket_address_new (path);
      g_assert_true (g_socket_bind (socket, socket_address, TRUE, &error));
      g_assert_true (g_socket_listen (socket, &error));
      g_assert_no_error (error);

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
      care_secret_set_timeout (500);

      start = g_get_monotonic_time ();
      round_trip (TRUE);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

      g_unlink (path);
      g_rmdir (dir);
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr_unmatched ("*CRITICAL*");
}

/* The test's own session bus (dbus-run-session): gnome-keyring may be
 * activated there, but has no unlocked default keyring, so nothing may
 * prompt; on a desktop with a real keyring the token goes there. Either
 * way the round trip works and ends quickly. */
static void
test_session_bus (void)
{
  if (g_test_subprocess ())
    {
      care_secret_set_timeout (5000);
      round_trip (FALSE);
      return;
    }

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("No session bus (run under dbus-run-session)");
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr_unmatched ("*CRITICAL*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* The module of this build, whatever the environment says. */
  g_unsetenv ("CAREDESK_MODULEDIR");

  g_test_add_func ("/secret/no-bus", test_no_bus);
  g_test_add_func ("/secret/no-module", test_no_module);
  g_test_add_func ("/secret/silent-bus", test_silent_bus);
  g_test_add_func ("/secret/session-bus", test_session_bus);

  return g_test_run ();
}

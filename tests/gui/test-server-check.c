/* test-server-check.c: a clinic server's address as a person types it, against the real server
 *
 * "127.0.0.1:PORT", typed without a scheme, finds a plain-http
 * caredesk-server on the clinic's own network at once (it used to try
 * https:// only and wait for the timeout); an address where nothing
 * listens says so; a server outside the clinic's network is only https.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-server-check"

#include "config.h"

#include "care-server-check.h"
#include "care-test-clinic.h"

typedef struct {
  gboolean  done;
  char     *url;
  GError   *error;
} Result;

static void
on_checked_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  Result *r = data;

  r->url = care_server_check_finish (result, &r->error);
  r->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Result *) data)->done;
}

static void
check (const char *text,
       Result     *r)
{
  care_server_check_async (text, NULL, on_checked_cb, r);
  /* Longer than the check's own timeout: a wait for it would fail below. */
  g_assert_true (care_test_wait_for (is_done, r, 40000));
}

static void
test_address_without_scheme (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *db = care_test_demo_database (dir);
  CareTestServer *server = care_test_server_start (dir, db, NULL);
  g_autofree char *typed = g_strdup_printf ("127.0.0.1:%u", server->port);
  g_autofree char *expected = g_strdup_printf ("http://127.0.0.1:%u", server->port);
  Result found = { 0 }, nothing = { 0 };
  gint64 start = g_get_monotonic_time ();

  check (typed, &found);
  /* At once: well inside the check's 15 s timeout, which the https-only
   * attempt used to wait out. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_no_error (found.error);
  g_assert_cmpstr (found.url, ==, expected);
  g_assert_true (care_server_url_is_insecure (found.url));

  /* Stopped: nothing answers, by either scheme. */
  g_assert_cmpint (care_test_server_stop (server), ==, 0);
  check (typed, &nothing);
  g_assert_null (nothing.url);
  g_assert_error (nothing.error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_nonnull (strstr (nothing.error->message, "Nothing answered"));

  g_clear_error (&nothing.error);
  g_free (found.url);
  care_test_server_free (server);
  care_test_rmtree (dir);
}

static void
test_what_is_local (void)
{
  g_autofree char *outside = care_server_url_normalize ("clinic.example.org", NULL);
  g_autofree char *inside = care_server_url_normalize ("192.168.1.20:8420", NULL);

  g_assert_cmpstr (outside, ==, "https://clinic.example.org");
  g_assert_false (care_server_url_is_local (outside));
  g_assert_true (care_server_url_is_local (inside));
  g_assert_true (care_server_url_is_local ("http://frontdesk-pc:8420"));
  g_assert_false (care_server_url_is_local ("https://8.8.8.8"));
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);

  g_test_add_func ("/server-check/address-without-scheme", test_address_without_scheme);
  g_test_add_func ("/server-check/what-is-local", test_what_is_local);

  return g_test_run ();
}

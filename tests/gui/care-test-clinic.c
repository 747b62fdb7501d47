/* care-test-clinic.c: a real clinic server and workstations signed in to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-test-clinic"

#include "config.h"

#include "care-test-clinic.h"
#include "care-sync-engine.h"

Clinic *
clinic_new (void)
{
  Clinic *c = g_new0 (Clinic, 1);

  c->dir = care_test_tmpdir ();
  c->db = care_test_demo_database (c->dir);
  c->server = care_test_server_start (c->dir, c->db, NULL);
  c->stopped = g_ptr_array_new ();
  c->url = g_strdup_printf ("http://127.0.0.1:%u", c->server->port);
  c->admin = care_test_login (c->server, "admin", CARE_TEST_PASSWORD, NULL);

  return c;
}

void
clinic_stop (Clinic *c)
{
  g_assert_cmpint (care_test_server_stop (c->server), ==, 0);
}

/* The same database on the same port, as after a network outage. */
void
clinic_restart (Clinic *c)
{
  g_autofree char *port = g_strdup_printf ("%u", c->server->port);
  const char *args[] = { "--port", port, NULL };

  g_ptr_array_add (c->stopped, c->server);
  c->server = care_test_server_start (c->dir, c->db, args);
  g_assert_cmpuint (c->server->port, ==, g_ascii_strtoull (port, NULL, 10));
}

void
clinic_free (Clinic *c)
{
  /* The stopped runs share the directory: only the last removes it. */
  for (guint i = 0; i < c->stopped->len; i++)
    {
      CareTestServer *old = g_ptr_array_index (c->stopped, i);

      g_clear_object (&old->session);
      g_free (old->dir);
      g_free (old->database);
      g_free (old->log_path);
      g_free (old->base);
      g_free (old);
    }
  g_ptr_array_unref (c->stopped);

  care_test_server_free (c->server);
  g_free (c->dir);
  g_free (c->db);
  g_free (c->url);
  g_free (c->admin);
  g_free (c);
}


GtkWidget *
find (GtkWidget  *root,
      const char *name)
{
  GtkWidget *widget = care_test_find (root, name);

  if (widget == NULL)
    g_error ("No widget named “%s”", name);

  return widget;
}

typedef struct
{
  CareWindow *window;
  const char *text;
} Wait;

static gboolean
window_in_mode (gpointer data)
{
  Wait *wait = data;

  return g_strcmp0 (care_window_get_mode (wait->window), wait->text) == 0;
}

void
wait_for_mode (CareWindow *window,
               const char *mode)
{
  Wait wait = { window, mode };

  care_test_wait_for (window_in_mode, &wait, TIMEOUT_MS);
  g_assert_cmpstr (care_window_get_mode (window), ==, mode);
}

CareSyncIndicator *
indicator_of (CareWindow *window)
{
  return CARE_SYNC_INDICATOR (find (GTK_WIDGET (window), "sync-indicator"));
}

static gboolean
indicator_says (gpointer data)
{
  Wait *wait = data;

  /* The indicator says "Syncing…" only after a short delay, so a round
   * that has just begun still reads as before: wait for the engine to be
   * done with it too. */
  return g_strcmp0 (care_sync_indicator_get_text (indicator_of (wait->window)), wait->text) == 0 &&
         care_sync_engine_get_state (engine_of (wait->window)) != CARE_SYNC_STATE_SYNCING;
}

void
wait_for_indicator (CareWindow *window,
                    const char *text,
                    guint       timeout_ms)
{
  Wait wait = { window, text };

  care_test_wait_for (indicator_says, &wait, timeout_ms);
  g_assert_cmpstr (care_sync_indicator_get_text (indicator_of (window)), ==, text);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (indicator_of (window))));
}

CareSyncEngine *
engine_of (CareWindow *window)
{
  CareSession *session = care_window_get_session (window);

  g_assert_nonnull (session);
  g_assert_nonnull (care_session_get_sync_engine (session));

  return care_session_get_sync_engine (session);
}

CareWindow *
connect_and_sign_in (Clinic     *clinic,
                     CareStore  *store,
                     const char *login)
{
  CareWindow *window = care_test_window_new (store);
  GtkWidget *root = GTK_WIDGET (window);

  g_assert_cmpstr (care_window_get_mode (window), ==, "setup");
  care_test_click (find (root, "setup-choice-server"));
  care_test_type (find (root, "setup-server-url"), clinic->url);
  care_test_click (find (root, "setup-connect-button"));
  wait_for_mode (window, "signin");

  g_assert_true (care_test_sign_in (window, login, CARE_TEST_PASSWORD));
  g_assert_cmpstr (care_window_get_mode (window), ==, "main");

  return window;
}

/* test-alerts-ui.c: an emergency alert between two workstations
 *
 * Two windows, each with its own store and sync engine, signed in as
 * different people to one real caredesk-server on loopback. An alert
 * raised on one shows on the other; acknowledged there, it leaves both.
 * Raised while the server is away, it says that nobody has been told, and
 * says otherwise once the server is back and the alert has gone. The
 * desktop notifications go to a notification server of the test's own
 * session bus (org.freedesktop.Notifications), which keeps what it got.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-alerts-ui"

#include "config.h"

#include <string.h>

#include "care-test-clinic.h"

#include "care-alert-banner.h"
#include "care-secret.h"

static gboolean
was_notified (gpointer data)
{
  GPtrArray *notified = care_test_notifications ();

  for (guint i = 0; i < notified->len; i++)
    if (g_strcmp0 (g_ptr_array_index (notified, i), data) == 0)
      return TRUE;
  return FALSE;
}

/* --- the banner -------------------------------------------------------------- */

static CareAlertBanner *
banner_of (CareWindow *window)
{
  /* The name is the revealer's, inside the banner. */
  return CARE_ALERT_BANNER (gtk_widget_get_parent (find (GTK_WIDGET (window), "alert-banner")));
}

static gboolean
banner_revealed (CareWindow *window)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (find (GTK_WIDGET (window), "alert-banner")));
}

static const char *
banner_text (CareWindow *window,
             const char *part)
{
  return gtk_label_get_label (GTK_LABEL (find (GTK_WIDGET (window), part)));
}

typedef struct
{
  CareWindow *window;
  gboolean    shown;
  gboolean    unsent;
} BannerWait;

static gboolean
banner_is (gpointer data)
{
  BannerWait *wait = data;

  return banner_revealed (wait->window) == wait->shown &&
         (!wait->shown || care_alert_banner_get_unsent (banner_of (wait->window)) == wait->unsent);
}

static void
wait_for_banner (CareWindow *window,
                 gboolean    shown,
                 gboolean    unsent,
                 guint       timeout_ms)
{
  BannerWait wait = { window, shown, unsent };

  care_test_wait_for (banner_is, &wait, timeout_ms);
  g_assert_cmpint (banner_revealed (window), ==, shown);
  if (shown)
    g_assert_cmpint (care_alert_banner_get_unsent (banner_of (window)), ==, unsent);
}

/* Through the header's button and the dialog: where, then what. */
static void
raise_alert (CareWindow *window,
             const char *location,
             const char *kind)
{
  g_autofree char *name = g_strconcat ("alert-kind-", kind, NULL);
  GtkWidget *dialog;

  care_test_click (find (GTK_WIDGET (window), "emergency-button"));
  dialog = care_test_wait_for_widget ("alert-dialog", TIMEOUT_MS);
  care_test_type (find (dialog, "alert-location"), location);
  care_test_click (find (dialog, name));
}

static CareRecord *
only_alert (CareStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) alerts = care_store_list (store, care_schema_lookup ("emergency_alert"), "location",
                                                 "Ward 3, bed 12", NULL, 0, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (alerts->len, ==, 1);
  return care_record_ref (g_ptr_array_index (alerts, 0));
}

static void
test_two_workstations (void)
{
  g_autoptr(Clinic) clinic = clinic_new ();
  g_autoptr(CareStore) store_a = care_test_store_new ();
  g_autoptr(CareStore) store_b = care_test_store_new ();
  g_autoptr(CareRecord) on_a = NULL;
  CareWindow *a = connect_and_sign_in (clinic, store_a, "nurse");
  CareWindow *b = connect_and_sign_in (clinic, store_b, "doctor");
  GtkWidget *dialog;

  wait_for_indicator (a, "Up to date", TIMEOUT_MS);
  wait_for_indicator (b, "Up to date", TIMEOUT_MS);
  g_assert_false (banner_revealed (a));
  g_assert_false (banner_revealed (b));

  /* Where is required: said in the dialog, nothing raised. */
  care_test_click (find (GTK_WIDGET (a), "emergency-button"));
  dialog = care_test_wait_for_widget ("alert-dialog", TIMEOUT_MS);
  care_test_type (find (dialog, "alert-location"), "  ");
  care_test_click (find (dialog, "alert-kind-code_blue"));
  g_assert_true (gtk_widget_get_visible (find (dialog, "alert-error")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find (dialog, "alert-error"))), ==, "Say where help is needed.");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpint (care_store_count (store_a, care_schema_lookup ("emergency_alert")), ==,
                   care_store_count (store_b, care_schema_lookup ("emergency_alert")));

  /* Raised on A: A's banner at once, B's through the server. */
  raise_alert (a, "Ward 3, bed 12", "code_blue");
  g_assert_null (care_test_find_window ("alert-dialog"));
  g_assert_true (banner_revealed (a));
  wait_for_banner (a, TRUE, FALSE, TIMEOUT_MS);
  wait_for_banner (b, TRUE, FALSE, TIMEOUT_MS);
  g_assert_cmpstr (banner_text (b, "alert-banner-title"), ==, "Code blue at Ward 3, bed 12");
  g_assert_nonnull (strstr (banner_text (b, "alert-banner-detail"), "Raised by "));
  g_assert_cmpstr (care_alert_banner_get_alert_id (banner_of (a)), ==, care_alert_banner_get_alert_id (banner_of (b)));

  /* B's desktop was told, urgently (2: critical); A's, where it was
   * raised, was not. */
  g_assert_true (care_test_wait_for (was_notified, "Code blue at Ward 3, bed 12|2", TIMEOUT_MS));
  g_assert_cmpuint (care_test_notifications ()->len, ==, 1);

  /* Acknowledged on B: gone on both, and who and when is kept. */
  care_test_click (find (GTK_WIDGET (b), "alert-banner-acknowledge"));
  wait_for_banner (b, FALSE, FALSE, TIMEOUT_MS);
  wait_for_banner (a, FALSE, FALSE, TIMEOUT_MS);
  on_a = only_alert (store_a);
  g_assert_cmpstr (care_record_get (on_a, "status"), ==, "acknowledged");
  g_assert_cmpstr (care_record_get (on_a, "acknowledged_by"), ==,
                   care_session_get_user_id (care_window_get_session (b)));
  g_assert_nonnull (care_record_get (on_a, "acknowledged_at"));

  care_test_window_destroy (b);
  care_test_window_destroy (a);
}

static void
test_raised_offline (void)
{
  g_autoptr(Clinic) clinic = clinic_new ();
  g_autoptr(CareStore) store_a = care_test_store_new ();
  g_autoptr(CareStore) store_b = care_test_store_new ();
  CareWindow *a = connect_and_sign_in (clinic, store_a, "reception");
  CareWindow *b = connect_and_sign_in (clinic, store_b, "nurse");
  GtkWidget *dialog;

  wait_for_indicator (a, "Up to date", TIMEOUT_MS);
  wait_for_indicator (b, "Up to date", TIMEOUT_MS);

  /* The server is away: A's alert says plainly that nobody knows. */
  clinic_stop (clinic);
  gtk_widget_activate_action (GTK_WIDGET (a), "win.raise-alert", NULL);
  dialog = care_test_wait_for_widget ("alert-dialog", TIMEOUT_MS);
  care_test_type (find (dialog, "alert-location"), "Ward 3, bed 12");
  care_test_click (find (dialog, "alert-kind-fall"));
  wait_for_banner (a, TRUE, TRUE, TIMEOUT_MS);
  g_assert_nonnull (strstr (banner_text (a, "alert-banner-detail"), "has not reached anyone yet"));
  /* It was tried, and failed: still not sent. */
  wait_for_indicator (a, "Offline", TIMEOUT_MS);
  g_assert_true (care_alert_banner_get_unsent (banner_of (a)));
  g_assert_false (banner_revealed (b));

  /* Back: it goes out by itself, without waiting for the backoff, and
   * says so; B shows it. */
  clinic_restart (clinic);
  wait_for_banner (a, TRUE, FALSE, TIMEOUT_MS);
  g_assert_null (strstr (banner_text (a, "alert-banner-detail"), "has not reached anyone yet"));
  wait_for_banner (b, TRUE, FALSE, TIMEOUT_MS);
  g_assert_cmpstr (banner_text (b, "alert-banner-title"), ==, "Fall at Ward 3, bed 12");

  /* The place is remembered for the next alert from here. */
  care_test_click (find (GTK_WIDGET (a), "emergency-button"));
  dialog = care_test_wait_for_widget ("alert-dialog", TIMEOUT_MS);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (dialog, "alert-location"))), ==, "Ward 3, bed 12");
  gtk_window_destroy (GTK_WINDOW (dialog));

  care_test_window_destroy (b);
  care_test_window_destroy (a);
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);
  care_test_serve_notifications ();

  /* The test's session bus has no unlocked keyring: fail fast. */
  care_secret_set_timeout (2000);

  g_test_add_func ("/alerts/two-workstations", test_two_workstations);
  g_test_add_func ("/alerts/raised-offline", test_raised_offline);

  return g_test_run ();
}

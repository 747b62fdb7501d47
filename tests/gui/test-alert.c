/* test-alert.c: the one alert wrapper, answered as the app's tests answer alerts
 *
 * care-alert.c is an AdwMessageDialog on libadwaita 1.2 and an
 * AdwAlertDialog from 1.5. These cases drive it only through its own
 * calls and the tests' alert helpers, so they hold on either.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-alert"

#include "config.h"

#include <glib/gi18n.h>

#include "care-test-utils.h"

typedef struct
{
  GtkWidget *parent;   /* a window with a button, as a page would be */
  GtkWidget *alert;
  GPtrArray *responses;
} Fixture;

static void
on_response_cb (GtkWidget  *alert,
                const char *response,
                Fixture    *f)
{
  g_assert_true (alert == f->alert);
  g_ptr_array_add (f->responses, g_strdup (response));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *button = gtk_button_new_with_label ("Ask");

  adw_window_set_content (ADW_WINDOW (window), button);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);
  gtk_window_present (GTK_WINDOW (window));
  f->parent = button;
  f->responses = g_ptr_array_new_with_free_func (g_free);

  f->alert = care_alert_new (_("Delete Draft?"), NULL);
  gtk_widget_set_name (f->alert, "test-alert");
  care_alert_format_body (f->alert, "%s has %d lines.", "INV-1", 3);
  care_alert_add_response (f->alert, "cancel", _("_Cancel"), CARE_ALERT_DEFAULT);
  care_alert_add_response (f->alert, "keep", "_Keep as Draft", CARE_ALERT_SUGGESTED);
  care_alert_add_response (f->alert, "delete", _("_Delete"), CARE_ALERT_DESTRUCTIVE);
  care_alert_set_default_response (f->alert, "keep");
  care_alert_set_close_response (f->alert, "cancel");
  g_signal_connect (f->alert, "response", G_CALLBACK (on_response_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *alert;

  while ((alert = care_test_find_alert (NULL)) != NULL)
    care_alert_close (alert);
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (f->parent)));
  care_test_wait (50);
  g_ptr_array_unref (f->responses);
}

/* What was set is what is read back, before and after presenting. */
static void
test_properties (Fixture       *f,
                 gconstpointer  data)
{
  g_assert_true (CARE_IS_ALERT (f->alert));
  g_assert_cmpstr (care_alert_get_heading (f->alert), ==, _("Delete Draft?"));
  g_assert_cmpstr (care_alert_get_body (f->alert), ==, "INV-1 has 3 lines.");
  g_assert_cmpstr (care_alert_get_response_label (f->alert, "keep"), ==, "_Keep as Draft");
  g_assert_cmpstr (care_alert_get_default_response (f->alert), ==, "keep");
  g_assert_cmpstr (care_alert_get_close_response (f->alert), ==, "cancel");
  g_assert_null (care_alert_get_parent (f->alert));
  g_assert_null (care_test_find_alert ("test-alert"));

  care_alert_present (f->alert, f->parent);
  g_assert_true (care_test_wait_alert ("test-alert") == f->alert);
  g_assert_true (care_test_wait_alert (NULL) == f->alert);
  g_assert_true (care_alert_get_parent (f->alert) == f->parent);
  /* Every response is a button, labelled as added. */
  g_assert_nonnull (care_test_find_button (f->alert, _("_Cancel")));
  g_assert_nonnull (care_test_find_button (f->alert, "_Keep as Draft"));
  g_assert_nonnull (care_test_find_button (f->alert, _("_Delete")));
  care_test_wait (100);
  care_test_keep_screenshot (f->alert, "alert.png");
}

/* A disabled response cannot be given; enabled, its button answers with
 * its id, once, and the alert goes. */
static void
test_respond (Fixture       *f,
              gconstpointer  data)
{
  care_alert_set_response_enabled (f->alert, "delete", FALSE);
  care_alert_present (f->alert, f->parent);
  care_test_wait_alert ("test-alert");

  g_assert_false (care_alert_get_response_enabled (f->alert, "delete"));
  g_assert_false (gtk_widget_is_sensitive (care_test_find_button (f->alert, _("_Delete"))));
  g_assert_true (care_alert_get_response_enabled (f->alert, "keep"));

  care_alert_set_response_enabled (f->alert, "delete", TRUE);
  g_assert_true (gtk_widget_is_sensitive (care_test_find_button (f->alert, _("_Delete"))));
  care_test_alert_respond (f->alert, "delete");
  care_test_wait_alert_gone ("test-alert");
  g_assert_cmpuint (f->responses->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->responses, 0), ==, "delete");
}

/* Answering a disabled response fails the test that tries it. */
static void
test_respond_disabled (Fixture       *f,
                       gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      care_alert_set_response_enabled (f->alert, "delete", FALSE);
      care_alert_present (f->alert, f->parent);
      care_test_alert_respond (care_test_wait_alert ("test-alert"), "delete");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*care_alert_get_response_enabled*");
}

/* The extra child sits in the alert, between body and buttons, and is
 * read back and typed into like any field. */
static void
test_extra_child (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (entry, "test-alert-reason");
  care_alert_set_extra_child (f->alert, entry);
  g_assert_true (care_alert_get_extra_child (f->alert) == entry);
  care_alert_present (f->alert, f->parent);
  care_test_wait_alert ("test-alert");
  g_assert_true (care_test_find (f->alert, "test-alert-reason") == entry);
  g_assert_true (gtk_widget_get_ancestor (entry, CARE_TYPE_ALERT) == f->alert);
  care_test_type (entry, "Entered twice");
  care_test_alert_respond (f->alert, "keep");
  care_test_wait_alert_gone ("test-alert");
  g_assert_cmpstr (g_ptr_array_index (f->responses, 0), ==, "keep");
}

/* Closing it otherwise than by a button gives the close response. */
static void
test_close_response (Fixture       *f,
                     gconstpointer  data)
{
  care_alert_present (f->alert, f->parent);
  care_test_wait_alert ("test-alert");
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_close (ADW_DIALOG (f->alert));
#else
  gtk_window_close (GTK_WINDOW (f->alert));
#endif
  care_test_wait_alert_gone ("test-alert");
  g_assert_cmpuint (f->responses->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->responses, 0), ==, "cancel");
}

static void
on_attempt_cb (GtkWidget *alert,
               gpointer   data)
{
  guint *attempts = data;

  (*attempts)++;
}

/* Kept open, an answer does not take the alert away (its fields are still
 * needed); care_alert_close() does. */
static void
test_keep_open (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *entry = gtk_entry_new ();
  guint attempts = 0;

  gtk_widget_set_name (entry, "test-alert-reason");
  care_alert_set_extra_child (f->alert, entry);
  care_alert_keep_open (f->alert, on_attempt_cb, &attempts);
  care_alert_present (f->alert, f->parent);
  care_test_wait_alert ("test-alert");
  care_test_alert_respond (f->alert, "keep");
  care_test_wait (50);
  g_assert_cmpstr (g_ptr_array_index (f->responses, 0), ==, "keep");
  g_assert_true (care_test_find_alert ("test-alert") == f->alert);
  g_assert_true (care_test_find (f->alert, "test-alert-reason") == entry);

  gtk_widget_grab_focus (entry);
  care_alert_close (f->alert);
  care_test_wait_alert_gone ("test-alert");
  g_assert_cmpuint (f->responses->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);

#define ADD(path, fn) g_test_add ("/alert/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("properties", test_properties);
  ADD ("respond", test_respond);
  ADD ("respond-disabled", test_respond_disabled);
  ADD ("extra-child", test_extra_child);
  ADD ("close-response", test_close_response);
  ADD ("keep-open", test_keep_open);
#undef ADD

  return g_test_run ();
}

/* test-sync-ui.c: what a person sees of sync, against the real server
 *
 * Real windows under Xvfb, the real caredesk-server (tests/server's
 * fixture) on a copy of the demo clinic, the window's own sync engine, and
 * where a test needs another workstation, a second store with its own
 * engine driven from the test. What a test asserts is read from the widgets
 * and, for what was sent, from the server's REST API.
 *
 * The keyring: the test's D-Bus session has no unlocked default keyring,
 * so the refresh tokens stay in memory (care-secret.c), without a prompt.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-sync-ui"

#include "config.h"

#include <string.h>

#include "care-test-clinic.h"

#include "care-secret.h"
#include "care-sync-engine.h"
#include "care-sync-indicator.h"
#include "care-sync-page.h"

#ifdef CARE_HAVE_PATIENTS_PAGE
# include "care-patients-page.h"
#endif

/* --- the clinic server ----------------------------------------------------- */

/* A patient's field as the server has it (REST). */
static char *
server_patient_value (Clinic     *c,
                      const char *id,
                      const char *field)
{
  g_autofree char *path = g_strdup_printf ("/patients/%s", id);
  g_autoptr(CareTestResponse) r = care_test_request (c->server, "GET", path, c->admin, NULL);
  JsonObject *o;

  g_assert_cmpuint (r->status, ==, 200);
  o = care_test_data_object (r);
  if (!json_object_has_member (o, field) || JSON_NODE_HOLDS_NULL (json_object_get_member (o, field)))
    return NULL;

  return g_strdup (json_object_get_string_member (o, field));
}

/* --- widgets ------------------------------------------------------------------ */



static gboolean
label_visible (gpointer data)
{
  return gtk_widget_get_visible (data) &&
         *gtk_label_get_label (GTK_LABEL (data)) != '\0';
}


static gboolean
widget_present (gpointer data)
{
  void **args = data;

  return care_test_find (args[0], args[1]) != NULL;
}

static GtkWidget *
wait_for_widget_in (GtkWidget  *root,
                    const char *name)
{
  void *args[] = { root, (void *) name };

  care_test_wait_for (widget_present, args, TIMEOUT_MS);
  return find (root, name);
}

static gboolean
widget_gone (gpointer data)
{
  void **args = data;

  return care_test_find (args[0], args[1]) == NULL;
}

static void
wait_for_widget_gone (GtkWidget  *root,
                      const char *name)
{
  void *args[] = { root, (void *) name };

  care_test_wait_for (widget_gone, args, TIMEOUT_MS);
  g_assert_null (care_test_find (root, name));
}

/* --- workstations ---------------------------------------------------------- */

typedef struct
{
  CareStore      *store;
  CareSyncEngine *engine;
} Workstation;

/* Another workstation of the clinic, driven by the test (no window). */
static Workstation *
workstation_new (Clinic     *clinic,
                 const char *login)
{
  Workstation *w = g_new0 (Workstation, 1);
  g_autoptr(CareSyncSession) session = NULL;
  g_autoptr(GError) error = NULL;

  w->store = care_test_store_new ();
  session = care_sync_login (clinic->url, login, CARE_TEST_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (care_sync_adopt_session (w->store, clinic->url, session, CARE_TEST_PASSWORD, &error));
  g_assert_no_error (error);
  care_store_set_actor (w->store, session->user_id);

  w->engine = care_sync_engine_new (care_store_get_path (w->store), clinic->url, &error);
  g_assert_no_error (error);
  care_sync_engine_set_tokens (w->engine, session->access_token, session->refresh_token);
  care_sync_engine_sync_once (w->engine, NULL, &error);
  g_assert_no_error (error);

  return w;
}

static void
workstation_free (Workstation *w)
{
  g_clear_object (&w->engine);
  g_clear_object (&w->store);
  g_free (w);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Workstation, workstation_free)

static void
set_patient_fields (CareStore  *store,
                    const char *id,
                    const char *field,
                    const char *value,
                    const char *field2,
                    const char *value2)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) patient = care_store_get (store, care_schema_lookup ("patient"), id, &error);

  g_assert_no_error (error);
  care_record_set (patient, field, value);
  if (field2 != NULL)
    care_record_set (patient, field2, value2);
  care_store_update (store, patient, &error);
  g_assert_no_error (error);
}

static char *
first_patient_id (CareStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) patients = care_store_list (store, care_schema_lookup ("patient"),
                                                   NULL, NULL, NULL, 1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (patients->len, ==, 1);

  return g_strdup (care_record_get_id (g_ptr_array_index (patients, 0)));
}

static gboolean
store_has_patients (gpointer data)
{
  return care_store_count (data, care_schema_lookup ("patient")) > 0;
}

/* --- connecting, signing in online ----------------------------------------- */

static gboolean
model_has_items (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

static void
test_connect_and_sign_in (void)
{
  g_autoptr(Clinic) clinic = clinic_new ();
  g_autoptr(CareStore) store = care_test_store_new ();
  g_autoptr(CareRecord) clinic_record = NULL;
  g_auto(GStrv) sidebar = NULL;
  CareWindow *window = care_test_window_new (store);
  GtkWidget *root = GTK_WIDGET (window);
  GtkWidget *error;

  /* The choice, then the server's address. */
  g_assert_cmpstr (care_window_get_mode (window), ==, "setup");
  care_test_click (find (root, "setup-choice-server"));

  /* Nothing answers there: said next to the field, and nothing changes. */
  care_test_type (find (root, "setup-server-url"), "http://127.0.0.1:1");
  care_test_click (find (root, "setup-connect-button"));
  error = find (root, "setup-server-error");
  g_assert_true (care_test_wait_for (label_visible, error, TIMEOUT_MS));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error)), "Nothing answered"));
  g_assert_cmpstr (care_window_get_mode (window), ==, "setup");

  /* Plain http outside the clinic's network is refused before any request. */
  care_test_type (find (root, "setup-server-url"), "http://clinic.example.org");
  care_test_click (find (root, "setup-connect-button"));
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error)), "https://"));

  /* The clinic's server. */
  care_test_type (find (root, "setup-server-url"), clinic->url);
  g_assert_false (gtk_widget_get_visible (error));
  care_test_click (find (root, "setup-connect-button"));
  wait_for_mode (window, "signin");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find (root, "signin-title"))), ==,
                   "Sign In to Your Clinic");
  g_assert_true (gtk_widget_get_visible (find (root, "signin-back-button")));

  /* A wrong password: the server says so, nothing is tried offline. */
  g_assert_false (care_test_sign_in (window, "admin", "not the password"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find (root, "signin-error"))), ==,
                   "That username or password is not right.");
  g_assert_null (care_store_get_tenant_id (store));

  /* Signed in online: the store becomes the clinic's and the clinic arrives. */
  g_assert_true (care_test_sign_in (window, "admin", CARE_TEST_PASSWORD));
  g_assert_nonnull (care_store_get_tenant_id (store));
  g_assert_true (care_test_wait_for (store_has_patients, store, TIMEOUT_MS));
  wait_for_indicator (window, "Up to date", TIMEOUT_MS);

  clinic_record = care_store_get_clinic (store);
  g_assert_nonnull (clinic_record);

  sidebar = care_test_sidebar_names (window);
  g_assert_true (g_strv_contains ((const char *const *) sidebar, "sidebar-sync"));

#ifdef CARE_HAVE_PATIENTS_PAGE
  {
    GtkWidget *page;
    GListModel *model;

    care_test_click (find (root, "sidebar-patients"));
    page = find (root, "page-patients");
    model = care_patients_page_get_model (CARE_PATIENTS_PAGE (page));
    g_assert_true (care_test_wait_for (model_has_items, model, TIMEOUT_MS));
    g_assert_cmpuint (g_list_model_get_n_items (model), ==,
                      care_store_count (store, care_schema_lookup ("patient")));
  }
#endif

  /* The popover tells the story. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (find (root, "sync-indicator-button")));
  care_test_wait (100);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find (root, "sync-popover-state"))), ==, "Up to date");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find (root, "sync-popover-pending"))), ==, "Nothing");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find (root, "sync-popover-last-sync"))), ==, "Just now");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (find (root, "sync-indicator-button")));

  /* Signing out stops the engine and hides the indicator. */
  gtk_widget_activate_action (root, "win.sign-out", NULL);
  wait_for_mode (window, "signin");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (indicator_of (window))));

  care_test_window_destroy (window);
}

/* --- waiting to send, offline, back ---------------------------------------- */

static gboolean
engine_pending_is (gpointer data)
{
  void **args = data;

  return care_sync_engine_get_pending (args[0]) == GPOINTER_TO_INT (args[1]);
}

static void
test_pending_offline_and_back (void)
{
  g_autoptr(Clinic) clinic = clinic_new ();
  g_autoptr(CareStore) store = care_test_store_new ();
  g_autofree char *id = NULL;
  g_autofree char *phone = NULL;
  CareWindow *window;
  GtkWidget *root;
  CareSyncEngine *engine;
  void *one[] = { NULL, GINT_TO_POINTER (1) };

  window = connect_and_sign_in (clinic, store, "admin");
  root = GTK_WIDGET (window);
  g_assert_true (care_test_wait_for (store_has_patients, store, TIMEOUT_MS));
  wait_for_indicator (window, "Up to date", TIMEOUT_MS);
  engine = engine_of (window);

  /* The server goes away; a change made meanwhile waits here. */
  clinic_stop (clinic);
  id = first_patient_id (store);
  set_patient_fields (store, id, "phone", "+34 600 000 111", NULL, NULL);

  one[0] = engine;
  g_assert_true (care_test_wait_for (engine_pending_is, one, TIMEOUT_MS));
  wait_for_indicator (window, "Offline", TIMEOUT_MS);

  gtk_menu_button_popup (GTK_MENU_BUTTON (find (root, "sync-indicator-button")));
  care_test_wait (100);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find (root, "sync-popover-pending"))), ==, "1 change");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find (root, "sync-popover-state"))), ==,
                   "The clinic server cannot be reached");
  g_assert_true (gtk_widget_get_visible (find (root, "sync-popover-error")));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (find (root, "sync-indicator-button")));

  /* Back: the change goes up by itself. */
  clinic_restart (clinic);
  gtk_widget_activate_action (root, "win.sync-now", NULL);
  wait_for_indicator (window, "Up to date", RECONNECT_MS);
  g_assert_cmpint (care_sync_engine_get_pending (engine), ==, 0);

  phone = server_patient_value (clinic, id, "phone");
  g_assert_cmpstr (phone, ==, "+34 600 000 111");

  care_test_window_destroy (window);
}

/* --- a conflict with another workstation ------------------------------------ */

static gboolean
engine_has_conflict (gpointer data)
{
  return care_sync_engine_get_conflicts (data) > 0;
}

static gboolean
server_has_value (gpointer data)
{
  void **args = data;
  g_autofree char *value = server_patient_value (args[0], args[1], args[2]);

  return g_strcmp0 (value, args[3]) == 0;
}

static void
test_conflict_field_by_field (void)
{
  g_autoptr(Clinic) clinic = clinic_new ();
  g_autoptr(CareStore) store = care_test_store_new ();
  g_autoptr(Workstation) other = NULL;
  g_autoptr(CareRecord) reception = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *card_name = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *email = NULL;
  CareWindow *window;
  GtkWidget *root;
  GtkWidget *card;
  GtkWidget *theirs;
  GtkWidget *resolve;
  CareSyncEngine *engine;

  window = connect_and_sign_in (clinic, store, "admin");
  root = GTK_WIDGET (window);
  g_assert_true (care_test_wait_for (store_has_patients, store, TIMEOUT_MS));
  wait_for_indicator (window, "Up to date", TIMEOUT_MS);
  engine = engine_of (window);

  other = workstation_new (clinic, "reception");
  id = first_patient_id (store);

  /* Both change the phone and the email of the same patient before either
   * knows of the other: this workstation is cut off meanwhile. */
  care_sync_engine_stop (engine);
  set_patient_fields (store, id, "phone", "+34 600 111 111", "email", "mine@example.org");
  set_patient_fields (other->store, id, "phone", "+34 600 222 222", "email", "theirs@example.org");
  care_sync_engine_sync_once (other->engine, NULL, &error);
  g_assert_no_error (error);
  care_sync_engine_start (engine);

  g_assert_true (care_test_wait_for (engine_has_conflict, engine, TIMEOUT_MS));
  wait_for_indicator (window, "1 conflict", TIMEOUT_MS);

  /* The Sync page shows both values and both authors, by name. */
  gtk_widget_activate_action (root, "win.show-sync", NULL);
  g_assert_cmpstr (care_window_get_page_name (window), ==, "sync");
  card_name = g_strdup_printf ("sync-conflict-%s", id);
  card = wait_for_widget_in (root, card_name);

  reception = care_accounts_find_login (store, "reception");
  g_assert_nonnull (reception);
  theirs = find (card, "sync-conflict-phone-theirs");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (theirs)), ==, "+34 600 222 222");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (theirs)),
                            care_record_get (reception, "full_name")));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (find (card, "sync-conflict-phone-mine"))),
                   ==, "+34 600 111 111");

  /* Nothing is decided for the person: Resolve waits for both fields. */
  resolve = find (card, "sync-conflict-resolve");
  g_assert_false (gtk_widget_get_sensitive (resolve));
  care_test_click (find (card, "sync-conflict-phone-mine"));
  g_assert_false (gtk_widget_get_sensitive (resolve));
  care_test_click (find (card, "sync-conflict-email-theirs"));
  g_assert_true (gtk_widget_get_sensitive (resolve));
  care_test_click (resolve);

  /* The chosen values reach the server: this phone, their email. */
  {
    void *args[] = { clinic, id, (void *) "phone", (void *) "+34 600 111 111" };

    g_assert_true (care_test_wait_for (server_has_value, args, TIMEOUT_MS));
  }
  email = server_patient_value (clinic, id, "email");
  g_assert_cmpstr (email, ==, "theirs@example.org");
  phone = server_patient_value (clinic, id, "phone");
  g_assert_cmpstr (phone, ==, "+34 600 111 111");

  wait_for_indicator (window, "Up to date", TIMEOUT_MS);
  wait_for_widget_gone (root, card_name);
  g_assert_nonnull (find (root, "sync-conflicts-empty"));

  care_test_window_destroy (window);
}

/* --- a change the server refuses --------------------------------------------- */

static gboolean
engine_has_rejected (gpointer data)
{
  return care_sync_engine_get_rejected (data) > 0;
}

static void
test_rejected_change (void)
{
  g_autoptr(Clinic) clinic = clinic_new ();
  g_autoptr(CareStore) store = care_test_store_new ();
  g_autofree char *id = NULL;
  g_autofree char *row_name = NULL;
  GtkWidget *root;
  GtkWidget *row;
  CareWindow *window;
  CareSyncEngine *engine;
  const char *subtitle;

  /* A nurse may read patients but not change their registration. */
  window = connect_and_sign_in (clinic, store, "nurse");
  root = GTK_WIDGET (window);
  g_assert_true (care_test_wait_for (store_has_patients, store, TIMEOUT_MS));
  engine = engine_of (window);

  id = first_patient_id (store);
  set_patient_fields (store, id, "phone", "+34 600 333 333", NULL, NULL);
  g_assert_true (care_test_wait_for (engine_has_rejected, engine, TIMEOUT_MS));
  wait_for_indicator (window, "1 refused", TIMEOUT_MS);

  g_assert_true (care_window_show_page (window, "sync"));
  row_name = g_strdup_printf ("sync-rejected-%s", id);
  row = wait_for_widget_in (root, row_name);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_test_message ("Refused change: %s", subtitle);
  g_assert_nonnull (strstr (subtitle, "Refused: "));
  g_assert_nonnull (strstr (subtitle, "Your role may not"));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Patient · "));

  /* Read, then discarded. */
  care_test_click (find (row, "sync-rejected-discard"));
  wait_for_widget_gone (root, row_name);
  g_assert_nonnull (find (root, "sync-rejected-empty"));
  wait_for_indicator (window, "Up to date", TIMEOUT_MS);

  care_test_window_destroy (window);
}

/* --- possible duplicates ------------------------------------------------------ */

/* Registers a patient here with the name and birth date of twin. */
static char *
register_twin (CareStore  *store,
               CareRecord *twin,
               const char *phone)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) patient = care_record_new (care_schema_lookup ("patient"));
  static const char *const copied[] = { "given_name", "family_name", "date_of_birth", "sex", NULL };

  for (guint i = 0; copied[i] != NULL; i++)
    care_record_set (patient, copied[i], care_record_get (twin, copied[i]));
  care_record_set (patient, "phone", phone);
  care_record_set (patient, "status", "new");
  care_store_insert (store, patient, &error);
  g_assert_no_error (error);

  return g_strdup (care_record_get_id (patient));
}

static char *
open_flag_for (CareStore  *store,
               const char *patient_id)
{
  g_autoptr(GPtrArray) flags = care_store_list (store, care_schema_lookup ("patient_duplicate"),
                                                "patient_id", patient_id, NULL, 0, NULL);

  if (flags == NULL || flags->len == 0 ||
      g_strcmp0 (care_record_get (g_ptr_array_index (flags, 0), "status"), "open") != 0)
    return NULL;

  return g_strdup (care_record_get_id (g_ptr_array_index (flags, 0)));
}

static gboolean
flag_arrived (gpointer data)
{
  void **args = data;
  g_autofree char *flag = open_flag_for (args[0], args[1]);

  return flag != NULL;
}

static gboolean
server_patient_gone (gpointer data)
{
  void **args = data;
  g_autofree char *path = g_strdup_printf ("/patients/%s", (char *) args[1]);
  g_autoptr(CareTestResponse) r = care_test_request (((Clinic *) args[0])->server, "GET", path,
                                                     ((Clinic *) args[0])->admin, NULL);

  return r->status == 404;
}

static void
test_duplicates (void)
{
  g_autoptr(Clinic) clinic = clinic_new ();
  g_autoptr(CareStore) store = care_test_store_new ();
  g_autoptr(GPtrArray) patients = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *first_flag = NULL;
  g_autofree char *second_flag = NULL;
  g_autofree char *card_name = NULL;
  g_autofree char *keep_name = NULL;
  g_autoptr(CareRecord) dismissed = NULL;
  CareWindow *window;
  GtkWidget *root;
  GtkWidget *card;
  GtkWidget *dialog;

  window = connect_and_sign_in (clinic, store, "admin");
  root = GTK_WIDGET (window);
  g_assert_true (care_test_wait_for (store_has_patients, store, TIMEOUT_MS));
  wait_for_indicator (window, "Up to date", TIMEOUT_MS);

  /* Two patients registered here again, as if by a workstation that was
   * offline: the server flags both. */
  patients = care_store_list (store, care_schema_lookup ("patient"), NULL, NULL, NULL, 2, NULL);
  first = register_twin (store, g_ptr_array_index (patients, 0), "+34 611 000 001");
  second = register_twin (store, g_ptr_array_index (patients, 1), "+34 611 000 002");
  {
    void *a[] = { store, first };
    void *b[] = { store, second };

    g_assert_true (care_test_wait_for (flag_arrived, a, TIMEOUT_MS));
    g_assert_true (care_test_wait_for (flag_arrived, b, TIMEOUT_MS));
  }
  first_flag = open_flag_for (store, first);
  second_flag = open_flag_for (store, second);

  g_assert_true (care_window_show_page (window, "sync"));

  /* Not the same person. */
  card_name = g_strdup_printf ("sync-duplicate-%s", first_flag);
  card = wait_for_widget_in (root, card_name);
  care_test_click (find (card, "sync-duplicate-dismiss"));
  wait_for_widget_gone (root, card_name);
  dismissed = care_store_get (store, care_schema_lookup ("patient_duplicate"), first_flag, NULL);
  g_assert_cmpstr (care_record_get (dismissed, "status"), ==, "dismissed");

  /* The same person: keep the clinic's older record; the new one goes,
   * here and on the server, after a confirmation. */
  g_free (card_name);
  card_name = g_strdup_printf ("sync-duplicate-%s", second_flag);
  card = wait_for_widget_in (root, card_name);
  keep_name = g_strdup_printf ("sync-duplicate-keep-%s",
                               care_record_get_id (g_ptr_array_index (patients, 1)));
  care_test_click (find (card, keep_name));
  dialog = care_test_find_alert ("sync-merge-dialog");
  g_assert_nonnull (dialog);
  care_test_alert_respond (dialog, "merge");
  wait_for_widget_gone (root, card_name);
  g_assert_nonnull (find (root, "sync-duplicates-empty"));
  g_assert_null (care_store_get (store, care_schema_lookup ("patient"), second, NULL));
  {
    void *args[] = { clinic, second };

    g_assert_true (care_test_wait_for (server_patient_gone, args, TIMEOUT_MS));
  }

  care_test_window_destroy (window);
}

static gboolean
engine_online (gpointer data)
{
  return care_sync_engine_get_state (data) == CARE_SYNC_STATE_ONLINE;
}

/* --- offline sign-in ---------------------------------------------------------- */

static void
test_offline_sign_in (void)
{
  g_autoptr(Clinic) clinic = clinic_new ();
  g_autoptr(CareStore) store = care_test_store_new ();
  CareWindow *window;
  GtkWidget *root;
  GtkWidget *error;

  window = connect_and_sign_in (clinic, store, "admin");
  g_assert_true (care_test_wait_for (store_has_patients, store, TIMEOUT_MS));
  wait_for_indicator (window, "Up to date", TIMEOUT_MS);

  /* The app quits (it does not sign out: the sign-in to the server is
   * kept), the network goes down, the app starts again. */
  care_test_window_destroy (window);
  clinic_stop (clinic);
  window = care_test_window_new (store);
  root = GTK_WIDGET (window);
  g_assert_cmpstr (care_window_get_mode (window), ==, "signin");

  /* Never signed in here: no way in while the server is away. */
  g_assert_false (care_test_sign_in (window, "doctor", CARE_TEST_PASSWORD));
  error = find (root, "signin-error");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error)),
                            "has never signed in on this workstation"));

  /* Signed in here before: the local verifier decides. */
  g_assert_false (care_test_sign_in (window, "admin", "not the password"));
  g_assert_true (care_test_sign_in (window, "admin", CARE_TEST_PASSWORD));
  wait_for_indicator (window, "Offline", TIMEOUT_MS);

  /* Locking keeps the session and its engine. */
  gtk_widget_activate_action (root, "win.lock", NULL);
  g_assert_cmpstr (care_window_get_mode (window), ==, "locked");
  g_assert_nonnull (care_session_get_sync_engine (care_window_get_session (window)));
  g_assert_true (care_test_sign_in (window, "admin", CARE_TEST_PASSWORD));
  wait_for_indicator (window, "Offline", TIMEOUT_MS);

  /* The server is back: the kept sign-in resumes sync by itself. */
  clinic_restart (clinic);
  gtk_widget_activate_action (root, "win.sync-now", NULL);
  wait_for_indicator (window, "Up to date", RECONNECT_MS);

  /* Signing out forgets the kept sign-in: after an offline sign-in, sync
   * waits for an online one, and says so once the server answers. */
  gtk_widget_activate_action (root, "win.sign-out", NULL);
  wait_for_mode (window, "signin");
  clinic_stop (clinic);
  g_assert_true (care_test_sign_in (window, "admin", CARE_TEST_PASSWORD));
  wait_for_indicator (window, "Offline", TIMEOUT_MS);
  clinic_restart (clinic);
  wait_for_indicator (window, "Sign in to sync", RECONNECT_MS);

  /* Signing in again is unlocking with the password: the session and
   * whatever was open stay, and sync resumes. */
  gtk_widget_activate_action (root, "win.resume-sync", NULL);
  g_assert_cmpstr (care_window_get_mode (window), ==, "locked");
  g_assert_true (care_test_sign_in (window, "admin", CARE_TEST_PASSWORD));
  g_assert_cmpstr (care_window_get_mode (window), ==, "main");
  /* (Not "Up to date": the offline sign-in's last-login stamp meets the
   * server's newer one as a conflict; see the report on issue 4.) */
  g_assert_true (care_test_wait_for (engine_online, engine_of (window), TIMEOUT_MS));

  care_test_window_destroy (window);
}

/* --- a restored server ---------------------------------------------------------- */

static gboolean
label_shown (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

/* After this workstation met a server restored from a backup (test-sync's
 * restored-server cases drive the real thing), the Sync page says so, when,
 * and how much it sent back. */
static void
test_restored_notice (void)
{
  g_autoptr(Clinic) clinic = clinic_new ();
  g_autoptr(CareStore) store = care_test_store_new ();
  g_autoptr(GError) error = NULL;
  GtkWidget *root;
  GtkWidget *label;
  CareWindow *window;

  window = connect_and_sign_in (clinic, store, "reception");
  root = GTK_WIDGET (window);
  g_assert_true (care_test_wait_for (store_has_patients, store, TIMEOUT_MS));
  g_assert_true (care_window_show_page (window, "sync"));
  label = wait_for_widget_in (root, "sync-restored");
  g_assert_false (gtk_widget_get_visible (label));

  g_assert_true (care_store_set_meta (store, "sync_restored_at", "1764990000", &error));
  g_assert_true (care_store_set_meta (store, "sync_restored_resent", "30", &error));
  g_assert_no_error (error);
  care_sync_page_refresh (CARE_SYNC_PAGE (gtk_widget_get_ancestor (label, CARE_TYPE_SYNC_PAGE)));
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_true (care_test_wait_for (label_shown, label, TIMEOUT_MS));
  g_test_message ("%s", gtk_label_get_text (GTK_LABEL (label)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "30"));
  care_test_keep_screenshot (root, "sync-restored.png");

  care_test_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);

  /* The test's session bus has no unlocked keyring: fail fast. */
  care_secret_set_timeout (2000);

  g_test_add_func ("/sync-ui/connect-and-sign-in", test_connect_and_sign_in);
  g_test_add_func ("/sync-ui/pending-offline-and-back", test_pending_offline_and_back);
  g_test_add_func ("/sync-ui/conflict-field-by-field", test_conflict_field_by_field);
  g_test_add_func ("/sync-ui/rejected-change", test_rejected_change);
  g_test_add_func ("/sync-ui/duplicates", test_duplicates);
  g_test_add_func ("/sync-ui/offline-sign-in", test_offline_sign_in);
  g_test_add_func ("/sync-ui/restored-notice", test_restored_notice);

  return g_test_run ();
}

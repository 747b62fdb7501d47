/* test-window-flow.c: first run, signing in, roles, staff, patients, locking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-window-flow"

#include "config.h"

#include <string.h>

#include "care-preferences-window.h"
#include "care-record-form.h"
#include "care-test-utils.h"

#ifdef CARE_HAVE_PATIENTS_PAGE
# include "care-patients-page.h"
#endif

#define TIMEOUT_MS 10000

typedef struct
{
  CareWindow *window;
  const char *mode;
} ModeWait;

static gboolean
window_in_mode (gpointer data)
{
  ModeWait *wait = data;

  return g_strcmp0 (care_window_get_mode (wait->window), wait->mode) == 0;
}

static void
wait_for_mode (CareWindow *window,
               const char *mode)
{
  ModeWait wait = { window, mode };

  care_test_wait_for (window_in_mode, &wait, TIMEOUT_MS);
  g_assert_cmpstr (care_window_get_mode (window), ==, mode);
}


static GtkWidget *
find (CareWindow *window,
      const char *name)
{
  GtkWidget *widget = care_test_find (GTK_WIDGET (window), name);

  if (widget == NULL)
    g_error ("No widget named “%s”", name);

  return widget;
}

static GtkWidget *
find_in (GtkWidget  *root,
         const char *name)
{
  GtkWidget *widget = care_test_find (root, name);

  if (widget == NULL)
    g_error ("No widget named “%s”", name);

  return widget;
}

static void
assert_sidebar (CareWindow        *window,
                const char *const *expected)
{
  g_auto(GStrv) names = care_test_sidebar_names (window);
  g_autofree char *joined = g_strjoinv (" ", names);
  g_autofree char *wanted = g_strjoinv (" ", (char **) expected);

  g_assert_cmpstr (joined, ==, wanted);
}

static void
show_page (CareWindow *window,
           const char *name)
{
  g_autofree char *row_name = g_strconcat ("sidebar-", name, NULL);
  g_autofree char *page_name = g_strconcat ("page-", name, NULL);

  care_test_click (find (window, row_name));
  g_assert_cmpstr (care_window_get_page_name (window), ==, name);
  care_test_wait_for ((CareTestCondition) gtk_widget_get_mapped,
                      find (window, page_name), TIMEOUT_MS);
  g_assert_true (gtk_widget_get_mapped (find (window, page_name)));
}


/* --- the whole first day of a clinic ------------------------------------- */

static void
create_receptionist (CareWindow *window,
                     CareStore  *store)
{
  GtkWidget *editor;
  GtkWidget *form;
  g_autoptr(CareRecord) rita = NULL;

  show_page (window, "staff");
  care_test_click (find (window, "staff-new-button"));

  editor = care_test_wait_window ("staff-editor");
  form = find_in (editor, "staff-form");
  care_test_type (find_in (form, "field-full_name"), "Rita Reyes");
  care_test_type (find_in (form, "field-username"), "rita");
  care_test_type (find_in (form, "field-email"), "rita@harbour.example");
  care_record_form_set_text (CARE_RECORD_FORM (form), "role", CARE_ROLE_RECEPTIONIST);
  care_test_type (find_in (editor, "staff-password"), "rita-at-the-desk");
  care_test_type (find_in (editor, "staff-password-confirm"), "rita-at-the-desk");
  care_test_click (find_in (editor, "staff-save-button"));

  care_test_wait_window_gone ("staff-editor");

  rita = care_accounts_find_login (store, "rita");
  g_assert_nonnull (rita);
  g_assert_cmpstr (care_record_get (rita, "role"), ==, CARE_ROLE_RECEPTIONIST);
  g_assert_true (care_record_get_bool (rita, "active"));

  /* The list shows the new account. */
  g_assert_nonnull (care_test_wait_for_widget ("staff-row-rita", TIMEOUT_MS));
}

#ifdef CARE_HAVE_PATIENTS_PAGE
typedef struct
{
  CareStore  *store;
  GListModel *model;
} PatientWait;

static gboolean
patient_registered (gpointer data)
{
  PatientWait *wait = data;

  return care_store_count (wait->store, care_schema_lookup ("patient")) == 1;
}

static gboolean
search_found_patient (gpointer data)
{
  PatientWait *wait = data;
  g_autoptr(CareRecordObject) item = NULL;

  if (g_list_model_get_n_items (wait->model) != 1)
    return FALSE;

  item = g_list_model_get_item (wait->model, 0);
  return g_strcmp0 (care_record_get (care_record_object_get_record (item), "family_name"),
                    "Fernández") == 0;
}

static void
register_and_find_patient (CareWindow *window,
                           CareStore  *store)
{
  GtkWidget *page;
  GtkWidget *save;
  GtkWidget *editor;
  GtkWidget *form;
  PatientWait wait = { store, NULL };

  care_test_add_staff (store, "other", "Other Person", CARE_ROLE_NURSE);

  show_page (window, "patients");
  page = find (window, "page-patients");
  wait.model = care_patients_page_get_model (CARE_PATIENTS_PAGE (page));

  care_test_click (find (window, "patient-new-button"));
  save = care_test_wait_for_widget ("patient-save-button", TIMEOUT_MS);
  g_assert_nonnull (save);
  editor = GTK_WIDGET (gtk_widget_get_root (save));
  form = find_in (editor, "patient-form");

  care_test_type (find_in (form, "field-given_name"), "Lucía");
  care_test_type (find_in (form, "field-family_name"), "Fernández");
  care_test_type (find_in (form, "field-date_of_birth"), "1984-03-27");
  care_record_form_set_text (CARE_RECORD_FORM (form), "sex", "female");
  if (care_record_form_get_row (CARE_RECORD_FORM (form), "status") != NULL)
    care_record_form_set_text (CARE_RECORD_FORM (form), "status", "new");
  care_test_click (save);

  g_assert_true (care_test_wait_for (patient_registered, &wait, TIMEOUT_MS));

  care_test_type (find (window, "patients-search-entry"), "fern");
  g_assert_true (care_test_wait_for (search_found_patient, &wait, TIMEOUT_MS));
  g_assert_nonnull (find (window, "patients-list"));
}
#endif

typedef struct
{
  CareTestLoopWatch *watch;
  guint              ticks;
  guint              longest_ms;
} WatchUntilWrite;

static void
on_first_write_cb (CareStore       *store,
                   const char      *entity,
                   const char      *id,
                   WatchUntilWrite *written)
{
  if (written->watch != NULL)
    care_test_loop_watch_stop (g_steal_pointer (&written->watch), &written->ticks, &written->longest_ms);
}

static void
test_first_run_flow (void)
{
  g_autoptr(CareStore) store = care_test_store_new ();
  g_autoptr(CareRecord) clinic = NULL;
  CareWindow *window;
  GtkWidget *clinic_form;
  GtkWidget *admin_form;
  GtkWidget *error;
  WatchUntilWrite written = { NULL, 0, 0 };
  guint hash_ms;
  /* Exactly the pages of care-window.c's table that each role may use. */
#ifdef CARE_HAVE_PATIENTS_PAGE
  static const char *const admin_pages[] = { "sidebar-patients", "sidebar-chart", "sidebar-appointments", "sidebar-requests", "sidebar-forms", "sidebar-waiting-room", "sidebar-monitor", "sidebar-beds", "sidebar-vitals", "sidebar-medication", "sidebar-lab", "sidebar-pharmacy", "sidebar-messages", "sidebar-tasks", "sidebar-staff", "sidebar-permissions", "sidebar-clinic", "sidebar-alerts", "sidebar-attendance", "sidebar-roster", "sidebar-assets", "sidebar-billing", "sidebar-reports", NULL };
  static const char *const reception_pages[] = { "sidebar-patients", "sidebar-appointments", "sidebar-requests", "sidebar-forms", "sidebar-messages", "sidebar-tasks", "sidebar-alerts", "sidebar-attendance", "sidebar-billing", NULL };
#else
  static const char *const admin_pages[] = { "sidebar-chart", "sidebar-appointments", "sidebar-requests", "sidebar-forms", "sidebar-waiting-room", "sidebar-monitor", "sidebar-beds", "sidebar-vitals", "sidebar-medication", "sidebar-lab", "sidebar-pharmacy", "sidebar-messages", "sidebar-tasks", "sidebar-staff", "sidebar-permissions", "sidebar-clinic", "sidebar-alerts", "sidebar-attendance", "sidebar-roster", "sidebar-assets", "sidebar-billing", "sidebar-reports", NULL };
  static const char *const reception_pages[] = { "sidebar-appointments", "sidebar-requests", "sidebar-forms", "sidebar-messages", "sidebar-tasks", "sidebar-alerts", "sidebar-attendance", "sidebar-billing", NULL };
#endif

  window = care_test_window_new (store);
  g_assert_cmpstr (care_window_get_mode (window), ==, "setup");

  /* A standalone clinic, rather than a clinic server. */
  care_test_click (find (window, "setup-choice-standalone"));

  /* Step 1: the clinic. A missing currency keeps us on this step. */
  clinic_form = find (window, "setup-clinic-form");
  care_test_type (find_in (clinic_form, "field-name"), "Harbour Clinic");
  care_test_type (find_in (clinic_form, "field-email"), "desk@harbour.example");
  care_test_click (find (window, "setup-next-button"));
  g_assert_nonnull (care_record_form_get_error (CARE_RECORD_FORM (clinic_form), "currency"));
  g_assert_true (gtk_widget_get_mapped (clinic_form));

  care_test_type (find_in (clinic_form, "field-currency"), "EUR");
  care_test_click (find (window, "setup-next-button"));
  g_assert_null (care_record_form_get_error (CARE_RECORD_FORM (clinic_form), "currency"));

  /* Step 2: the first administrator. */
  admin_form = find (window, "setup-admin-form");
  care_test_wait_for ((CareTestCondition) gtk_widget_get_mapped, admin_form, TIMEOUT_MS);
  g_assert_true (gtk_widget_get_mapped (admin_form));
  care_test_type (find_in (admin_form, "field-full_name"), "Hana Haddad");
  care_test_type (find_in (admin_form, "field-username"), "hana");
  care_test_type (find_in (admin_form, "field-email"), "hana@harbour.example");
  care_test_type (find (window, "setup-password"), "harbour-lights-2");
  care_test_type (find (window, "setup-password-confirm"), "harbour-lights-3");
  care_test_click (find (window, "setup-create-button"));

  error = find (window, "setup-password-error");
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error)), ==, "The passwords do not match.");
  g_assert_null (care_store_get_clinic (store));

  /* The password is hashed in a worker: the page shows it is busy and the
   * main loop keeps turning until the clinic is written. */
  care_test_type (find (window, "setup-password-confirm"), "harbour-lights-2");
  hash_ms = care_test_password_hash_ms ();
  /* The loop is watched with the window hidden: the frame the busy page
   * draws took 34-61 ms of this thread alone and, with other tests
   * beside it, longer than the whole 70-80 ms hash, which then finished
   * inside it (2 turns of the loop, blocked 126 ms). What is watched here
   * is whether the hash blocks the loop, not how long a frame takes. */
  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  written.watch = care_test_loop_watch_start ();
  /* Watched until the store is written, not through the switch of pages. */
  g_signal_connect (store, "changed", G_CALLBACK (on_first_write_cb), &written);
  /* Clicked without running the loop after it (care_test_click() would,
   * and a quick hash could finish inside): the page is busy at once, and
   * nothing is written before the loop runs. */
  g_assert_true (gtk_widget_is_sensitive (find (window, "setup-create-button")));
  g_signal_emit_by_name (find (window, "setup-create-button"), "clicked");
  g_assert_false (gtk_widget_get_sensitive (find (window, "setup-create-button")));
  g_assert_null (care_store_get_clinic (store));
  wait_for_mode (window, "signin");
  g_signal_handlers_disconnect_by_data (store, &written);
  gtk_widget_set_visible (GTK_WIDGET (window), TRUE);
  g_assert_null (written.watch);
  g_test_message ("hash %u ms; loop ran %u times, blocked at most %u ms",
                  hash_ms, written.ticks, written.longest_ms);
  g_assert_cmpuint (written.ticks, >, 10);
  g_assert_cmpuint (written.longest_ms, <, hash_ms);

  clinic = care_store_get_clinic (store);
  g_assert_nonnull (clinic);
  g_assert_cmpstr (care_record_get (clinic, "name"), ==, "Harbour Clinic");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (window, "signin-login"))), ==, "hana");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find (window, "signin-title"))), ==, "Harbour Clinic");

  /* The administrator sees every page. */
  g_assert_true (care_test_sign_in (window, "hana", "harbour-lights-2"));
  assert_sidebar (window, admin_pages);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find (window, "user-name-label"))), ==, "Hana Haddad");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find (window, "user-role-label"))), ==,
                   care_role_label (CARE_ROLE_ADMIN));

  create_receptionist (window, store);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL);
  wait_for_mode (window, "signin");
  g_assert_null (care_window_get_session (window));
  g_assert_null (care_test_find (GTK_WIDGET (window), "page-staff"));
  g_assert_null (care_store_get_actor (store));

  /* The receptionist sees patients and attendance only. */
  g_assert_true (care_test_sign_in (window, "rita", "rita-at-the-desk"));
  assert_sidebar (window, reception_pages);
  g_assert_null (care_test_find (GTK_WIDGET (window), "page-staff"));
  g_assert_cmpstr (care_store_get_actor (store), ==,
                   care_session_get_user_id (care_window_get_session (window)));

#ifdef CARE_HAVE_PATIENTS_PAGE
  register_and_find_patient (window, store);
#else
  g_test_message ("The patients page is not built yet: registering a patient was not tested");
#endif

  care_test_window_destroy (window);
}

/* --- wrong passwords ----------------------------------------------------- */

static void
test_wrong_password (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  CareWindow *window = care_test_window_new (store);
  GtkWidget *error;
  GtkWidget *button;

  g_assert_cmpstr (care_window_get_mode (window), ==, "signin");

  g_assert_false (care_test_sign_in (window, CARE_TEST_ADMIN_USERNAME, "not the password"));
  g_assert_cmpstr (care_window_get_mode (window), ==, "signin");
  g_assert_null (care_window_get_session (window));

  error = find (window, "signin-error");
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error)), !=, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (window, "signin-password"))), ==, "");

  /* Unknown logins get the same answer. */
  g_assert_false (care_test_sign_in (window, "nobody", "whatever-it-is"));
  g_assert_true (gtk_widget_get_visible (find (window, "signin-error")));

  /* Guessing on makes the button wait, and say for how long. */
  button = find (window, "signin-button");
  for (guint i = 0; i < 8 && gtk_widget_get_sensitive (button); i++)
    g_assert_false (care_test_sign_in (window, CARE_TEST_ADMIN_USERNAME, "still not it"));
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error)), "Try again in"));

  g_assert_true (care_test_wait_for ((CareTestCondition) gtk_widget_get_sensitive, button, 20000));
  g_assert_true (care_test_sign_in (window, CARE_TEST_ADMIN_USERNAME, CARE_TEST_PASSWORD));

  care_test_window_destroy (window);
}

/* --- locking ------------------------------------------------------------- */

/* The lock screen asks the admin, by name, for the password alone; only
 * the right one unlocks. */
static void
assert_admin_unlocks (CareWindow *window)
{
  g_assert_true (care_window_get_locked (window));
  g_assert_true (gtk_widget_get_mapped (find (window, "signin-password")));
  g_assert_false (gtk_widget_get_visible (find (window, "signin-login")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find (window, "signin-title"))), ==,
                   CARE_TEST_ADMIN_NAME);

  g_assert_false (care_test_sign_in (window, NULL, "not the password"));
  g_assert_true (care_window_get_locked (window));
  g_assert_true (gtk_widget_get_visible (find (window, "signin-error")));

  g_assert_true (care_test_sign_in (window, NULL, CARE_TEST_PASSWORD));
  g_assert_false (care_window_get_locked (window));
}

static void
test_lock_unlock (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  CareWindow *window = care_test_window_new (store);
  CareSession *session;
  GtkWidget *page;
  GtkWidget *editor;

  g_assert_true (care_test_sign_in (window, CARE_TEST_ADMIN_USERNAME, CARE_TEST_PASSWORD));
  session = care_window_get_session (window);
  show_page (window, "staff");
  page = find (window, "page-staff");

  /* An editor open over the workspace hides with it. */
  care_test_click (find (window, "staff-new-button"));
  editor = care_test_wait_window ("staff-editor");
  care_test_type (find_in (find_in (editor, "staff-form"), "field-full_name"), "Half Typed");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL);
  wait_for_mode (window, "locked");
  g_assert_true (care_window_get_locked (window));
  g_assert_false (gtk_widget_get_mapped (page));
  g_assert_false (gtk_widget_get_visible (editor));
  g_assert_true (gtk_widget_get_visible (find (window, "signin-switch-user-button")));
  assert_admin_unlocks (window);

  /* Same session, same page, same widgets, same half-typed editor. */
  g_assert_true (care_window_get_session (window) == session);
  g_assert_cmpstr (care_window_get_page_name (window), ==, "staff");
  g_assert_true (find (window, "page-staff") == page);
  care_test_wait_for ((CareTestCondition) gtk_widget_get_mapped, page, TIMEOUT_MS);
  g_assert_true (gtk_widget_get_mapped (page));
  g_assert_true (gtk_widget_get_visible (editor));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_in (find_in (editor, "staff-form"), "field-full_name"))),
                   ==, "Half Typed");

  gtk_window_close (GTK_WINDOW (editor));
  care_test_wait_window_gone ("staff-editor");

  care_test_window_destroy (window);
}

/* Signed in, the sign-in page is gone (its memory goes to the workspace);
 * the lock screen and signing out make it again, each time. */
static void
test_signin_page_dropped (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  CareWindow *window = care_test_window_new (store);
  GtkWidget *workspace;

  g_assert_nonnull (find (window, "signin-login"));
  care_test_keep_screenshot (GTK_WIDGET (window), "signin-start.png");
  g_assert_true (care_test_sign_in (window, CARE_TEST_ADMIN_USERNAME, CARE_TEST_PASSWORD));
  g_assert_null (care_test_find (GTK_WIDGET (window), "signin-password"));
  workspace = find (window, "sidebar");

  for (guint i = 0; i < 2; i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL);
      wait_for_mode (window, "locked");
      g_assert_false (gtk_widget_get_mapped (workspace));
      care_test_keep_screenshot (GTK_WIDGET (window), "signin-locked.png");
      assert_admin_unlocks (window);
      g_assert_null (care_test_find (GTK_WIDGET (window), "signin-password"));
      g_assert_true (find (window, "sidebar") == workspace);
    }

  gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL);
  wait_for_mode (window, "signin");
  g_assert_true (gtk_widget_get_visible (find (window, "signin-login")));
  g_assert_true (care_test_sign_in (window, CARE_TEST_ADMIN_USERNAME, CARE_TEST_PASSWORD));
  g_assert_null (care_test_find (GTK_WIDGET (window), "signin-password"));

  care_test_window_destroy (window);
}

static void
test_lock_switch_user (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  g_autoptr(CareRecord) nurse = care_test_add_staff (store, "nora", "Nora Nurse", CARE_ROLE_NURSE);
  g_autoptr(CareRecord) lab = care_test_add_staff (store, "lena", "Lena Lab", CARE_ROLE_LAB);
  CareWindow *window = care_test_window_new (store);
  static const char *const nurse_pages[] = { "sidebar-chart", "sidebar-waiting-room", "sidebar-monitor", "sidebar-beds", "sidebar-vitals", "sidebar-medication", "sidebar-messages", "sidebar-tasks", "sidebar-alerts", "sidebar-attendance", NULL };
  static const char *const lab_pages[] = { "sidebar-lab", "sidebar-messages", "sidebar-tasks", "sidebar-alerts", "sidebar-attendance", NULL };

  g_assert_true (care_test_sign_in (window, CARE_TEST_ADMIN_USERNAME, CARE_TEST_PASSWORD));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL);
  wait_for_mode (window, "locked");

  care_test_click (find (window, "signin-switch-user-button"));
  wait_for_mode (window, "signin");
  g_assert_null (care_window_get_session (window));
  g_assert_null (care_test_find (GTK_WIDGET (window), "page-staff"));
  g_assert_true (gtk_widget_get_visible (find (window, "signin-login")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (window, "signin-login"))), ==, "");

  g_assert_true (care_test_sign_in (window, "nora", CARE_TEST_PASSWORD));
  assert_sidebar (window, nurse_pages);
  g_assert_cmpstr (care_session_get_role (care_window_get_session (window)), ==, CARE_ROLE_NURSE);

  /* A lab technician: the Laboratory page and Attendance. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL);
  wait_for_mode (window, "locked");
  care_test_click (find (window, "signin-switch-user-button"));
  wait_for_mode (window, "signin");
  g_assert_true (care_test_sign_in (window, "lena", CARE_TEST_PASSWORD));
  assert_sidebar (window, lab_pages);
  g_assert_cmpstr (care_session_get_role (care_window_get_session (window)), ==, CARE_ROLE_LAB);

  care_test_window_destroy (window);
}

/* A pharmacist sees the pharmacy as well as attendance. */
static void
test_pharmacist_pages (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  g_autoptr(CareRecord) pharmacist = care_test_add_staff (store, "phil", "Phil Pharmacist", CARE_ROLE_PHARMACIST);
  CareWindow *window = care_test_window_new (store);
  static const char *const pharmacist_pages[] = { "sidebar-pharmacy", "sidebar-messages", "sidebar-tasks", "sidebar-alerts", "sidebar-attendance", NULL };

  g_assert_true (care_test_sign_in (window, "phil", CARE_TEST_PASSWORD));
  assert_sidebar (window, pharmacist_pages);
  care_test_window_destroy (window);
}

/* A doctor starts on My Day, before the chart. */
static void
test_doctor_pages (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  g_autoptr(CareRecord) doctor = care_test_add_staff (store, "dana", "Dana Doctor", CARE_ROLE_DOCTOR);
  CareWindow *window = care_test_window_new (store);
  static const char *const doctor_pages[] = { "sidebar-home", "sidebar-chart", "sidebar-appointments", "sidebar-requests", "sidebar-waiting-room", "sidebar-monitor", "sidebar-vitals", "sidebar-medication", "sidebar-messages", "sidebar-tasks", "sidebar-alerts", "sidebar-attendance", NULL };

  g_assert_true (care_test_sign_in (window, "dana", CARE_TEST_PASSWORD));
  assert_sidebar (window, doctor_pages);
  g_assert_cmpstr (care_window_get_page_name (window), ==, "home");
  care_test_window_destroy (window);
}

/* --- attendance ---------------------------------------------------------- */

static gboolean
has_attendance (gpointer data)
{
  return care_store_count (data, care_schema_lookup ("attendance")) > 0;
}

static void
test_attendance (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  g_autoptr(GPtrArray) records = NULL;
  CareWindow *window = care_test_window_new (store);
  CareRecord *record;
  GtkWidget *button;

  g_assert_true (care_test_sign_in (window, CARE_TEST_ADMIN_USERNAME, CARE_TEST_PASSWORD));
  show_page (window, "attendance");

  button = find (window, "attendance-check-button");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Check _In");
  care_test_click (button);
  g_assert_true (care_test_wait_for (has_attendance, store, TIMEOUT_MS));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Check _Out");

  care_test_click (button);
  records = care_store_list (store, care_schema_lookup ("attendance"), NULL, NULL, NULL, 0, NULL);
  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpstr (care_record_get (record, "user_id"), ==,
                   care_session_get_user_id (care_window_get_session (window)));
  g_assert_nonnull (care_record_get (record, "check_in"));
  g_assert_nonnull (care_record_get (record, "check_out"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Check _In");

  care_test_window_destroy (window);
}

/* --- preferences --------------------------------------------------------- */

static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_ID);
  CarePreferencesWindow *preferences;
  GtkWidget *row;

  g_settings_set_uint (settings, "idle-lock-seconds", 600);

  preferences = care_preferences_window_new (settings);
  care_preferences_window_present (preferences, NULL);
  row = care_test_find (GTK_WIDGET (preferences), "preferences-lock-row");
  g_assert_nonnull (row);

  /* 1, 2, 5, 10, 15, 30, 60 minutes */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 3);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 0);
  g_assert_cmpuint (g_settings_get_uint (settings, "idle-lock-seconds"), ==, 60);

  g_settings_set_uint (settings, "idle-lock-seconds", 1800);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 5);

  /* Where the workstation stands: typed here, what the alert dialog starts with. */
  row = care_test_find (GTK_WIDGET (preferences), "preferences-location-row");
  g_assert_nonnull (row);
  care_test_type (row, "Ward 3, nurses’ station");
  {
    g_autofree char *location = g_settings_get_string (settings, "workstation-location");

    g_assert_cmpstr (location, ==, "Ward 3, nurses’ station");
  }
  care_test_wait (100);  /* drawn once, for the screenshot only */
  care_test_keep_screenshot (GTK_WIDGET (preferences), "preferences.png");

  g_settings_reset (settings, "idle-lock-seconds");
  g_settings_reset (settings, "workstation-location");
  care_preferences_window_close (preferences);
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);

  g_test_add_func ("/window/first-run-flow", test_first_run_flow);
  g_test_add_func ("/window/wrong-password", test_wrong_password);
  g_test_add_func ("/window/lock-unlock", test_lock_unlock);
  g_test_add_func ("/window/lock-switch-user", test_lock_switch_user);
  g_test_add_func ("/window/signin-page-dropped", test_signin_page_dropped);
  g_test_add_func ("/window/pharmacist-pages", test_pharmacist_pages);
  g_test_add_func ("/window/doctor-pages", test_doctor_pages);
  g_test_add_func ("/window/attendance", test_attendance);
  g_test_add_func ("/window/preferences", test_preferences);

  return g_test_run ();
}

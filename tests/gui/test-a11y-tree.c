/* test-a11y-tree.c: every control of every page has a name a screen reader can read
 *
 * Signs in to the demo clinic as each role, shows every page of the
 * sidebar in turn and walks the widget tree (care-test-a11y.h computes
 * the name the way GTK 4.8's AT-SPI bridge does): a button, menu button,
 * entry, search entry, switch, check button, drop-down, activating row or
 * clickable icon named by nothing, or only by its GTK type, is listed and
 * fails the test; so is a placeholder row ("No conflicts") that takes
 * focus. The sign-in and lock pages, a patient's details, the patient
 * editor, an open invoice, the first-run assistant, a connected
 * workstation's pages (Sync) and the patient kiosk (both against a real
 * caredesk-server) are walked as well. Tab leaves the patient and invoice
 * lists in one step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-a11y-tree"

#include "config.h"

#include <string.h>

#include "care-test-a11y.h"
#include "care-test-clinic.h"

#include "care-billing-page.h"
#include "care-invoice-list-model.h"
#include "care-kiosk-window.h"
#include "care-patients-page.h"

static const char *const roles[] = { "admin", "reception", "nurse", "doctor", "lab", "pharmacy", NULL };

/* Lets every idle and timeout the page queued on being shown run, so its
 * lists are filled before they are read. */
static void
settle (void)
{
  for (guint i = 0; i < 3; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      care_test_wait (20);
    }
}

static void
collect (GPtrArray  *all,
         GtkWidget  *root,
         const char *where)
{
  g_autoptr(GPtrArray) found = care_test_a11y_unnamed (root);

  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (all, g_strdup_printf ("%s: %s", where, (char *) found->pdata[i]));
}

static void
assert_none (GPtrArray *all)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < all->len; i++)
    g_string_append_printf (list, "\n  %s", (char *) all->pdata[i]);
  if (all->len > 0)
    g_error ("%u controls without an accessible name, or placeholders taking focus:%s", all->len, list->str);
}

static gboolean
is_mode (CareWindow *window,
         const char *mode)
{
  return g_strcmp0 (care_window_get_mode (window), mode) == 0;
}

static gboolean
is_locked (gpointer window)
{
  return is_mode (window, "locked");
}

static gboolean
is_signin (gpointer window)
{
  return is_mode (window, "signin");
}

/* Every page the signed-in role sees, shown from its sidebar row. */
static void
walk_pages (CareWindow *window,
            const char *role,
            GPtrArray  *all)
{
  g_auto(GStrv) rows = care_test_sidebar_names (window);

  g_assert_cmpuint (g_strv_length (rows), >, 0);
  for (guint i = 0; rows[i]; i++)
    {
      const char *page_name = rows[i] + strlen ("sidebar-");
      g_autofree char *page_widget = g_strconcat ("page-", page_name, NULL);
      g_autofree char *where = g_strdup_printf ("%s, page %s", role, page_name);

      care_test_click (care_test_must_find (GTK_WIDGET (window), rows[i]));
      g_assert_cmpstr (care_window_get_page_name (window), ==, page_name);
      g_assert_true (care_test_wait_for ((CareTestCondition) gtk_widget_get_mapped,
                                         care_test_must_find (GTK_WIDGET (window), page_widget), TIMEOUT_MS));
      settle ();
      collect (all, GTK_WIDGET (window), where);
    }
}

static void
test_every_page_of_every_role (void)
{
  g_autoptr(CareStore) store = care_test_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  CareWindow *window;

  g_assert_true (care_demo_populate_clinic (store, CARE_DEMO_SEED, &error));
  g_assert_no_error (error);
  window = care_test_window_new (store);
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 800);
  settle ();
  collect (all, GTK_WIDGET (window), "sign-in page");

  for (guint i = 0; roles[i]; i++)
    {
      if (i > 0)
        {
          gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL);
          g_assert_true (care_test_wait_for (is_locked, window, TIMEOUT_MS));
          settle ();
          if (i == 1)
            collect (all, GTK_WIDGET (window), "lock page");
          care_test_click (care_test_must_find (GTK_WIDGET (window), "signin-switch-user-button"));
          g_assert_true (care_test_wait_for (is_signin, window, TIMEOUT_MS));
        }
      g_assert_true (care_test_sign_in (window, roles[i], CARE_DEMO_PASSWORD));
      walk_pages (window, roles[i], all);
    }

  assert_none (all);
  care_test_window_destroy (window);
}

/* A workstation connected to a clinic server: the first-run assistant,
 * and the pages only a connected one shows (Sync, with its empty lists). */
static void
test_connected (void)
{
  g_autoptr(Clinic) c = clinic_new ();
  g_autoptr(CareStore) store = care_test_store_new ();
  g_autoptr(CareStore) connected = care_test_store_new ();
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  CareWindow *window = care_test_window_new (store);

  settle ();
  collect (all, GTK_WIDGET (window), "first run");
  care_test_click (care_test_must_find (GTK_WIDGET (window), "setup-choice-server"));
  settle ();
  collect (all, GTK_WIDGET (window), "first run, connecting");
  care_test_window_destroy (window);

  window = connect_and_sign_in (c, connected, "admin");
  walk_pages (window, "admin, connected", all);
  assert_none (all);
  care_test_window_destroy (window);
}

static gboolean
kiosk_signed_in (gpointer window)
{
  return care_kiosk_window_get_store (window) != NULL && !care_kiosk_window_is_busy (window);
}

/* The kiosk's sign-in, then a patient's home with each of its sections. */
static void
test_kiosk (void)
{
  g_autoptr(Clinic) c = clinic_new ();
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CareTestResponse) patients = care_test_request (c->server, "GET", "/patients?per_page=1", c->admin, NULL);
  const char *patient_id = json_object_get_string_member (json_array_get_object_element (care_test_data_array (patients), 0), "id");
  g_autofree char *invite_path = g_strdup_printf ("/patients/%s/invite", patient_id);
  g_autoptr(CareTestResponse) invite = care_test_request (c->server, "POST", invite_path, c->admin, NULL);
  CareKioskWindow *window = care_kiosk_window_new (care_test_get_application (), c->url);
  GtkWidget *root = GTK_WIDGET (window);
  g_autoptr(GtkSelectionModel) sections = NULL;

  g_assert_cmpuint (invite->status, ==, 201);
  gtk_window_present (GTK_WINDOW (window));
  settle ();
  collect (all, root, "kiosk sign-in");

  care_test_type (care_test_must_find (root, "kiosk-login"), "a11y.patient@example.org");
  care_test_type (care_test_must_find (root, "kiosk-password"), "a11y-kiosk-pass-2026");
  care_test_type (care_test_must_find (root, "kiosk-invite"),
                  json_object_get_string_member (care_test_data_object (invite), "invite_token"));
  care_test_click (care_test_must_find (root, "kiosk-sign-in"));
  g_assert_true (care_test_wait_for (kiosk_signed_in, window, TIMEOUT_MS));

  sections = gtk_stack_get_pages (GTK_STACK (care_test_must_find (root, "kiosk-sections")));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (sections)); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (sections), i);
      GtkStackPage *page = GTK_STACK_PAGE (item);
      g_autofree char *where = g_strdup_printf ("kiosk, section %s", gtk_stack_page_get_name (page));

      gtk_stack_set_visible_child (GTK_STACK (care_test_must_find (root, "kiosk-sections")), gtk_stack_page_get_child (page));
      settle ();
      collect (all, root, where);
    }

  assert_none (all);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A window on the demo clinic, signed in as its administrator. */
static CareWindow *
demo_admin_window (CareStore *store)
{
  g_autoptr(GError) error = NULL;
  CareWindow *window;

  g_assert_true (care_demo_populate_clinic (store, CARE_DEMO_SEED, &error));
  g_assert_no_error (error);
  window = care_test_window_new (store);
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 800);
  g_assert_true (care_test_sign_in (window, "admin", CARE_DEMO_PASSWORD));
  return window;
}

/* What opens from a list: a patient's details, an invoice, the patient
 * editor. */
static void
test_details (void)
{
  g_autoptr(CareStore) store = care_test_store_new ();
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GObject) patient = NULL;
  g_autoptr(GObject) invoice = NULL;
  GtkWidget *page;
  CareWindow *window = demo_admin_window (store);

  g_assert_true (care_window_show_page (window, "patients"));
  page = care_test_must_find (GTK_WIDGET (window), "page-patients");
  patient = g_list_model_get_item (care_patients_page_get_model (CARE_PATIENTS_PAGE (page)), 0);
  care_patients_page_select_patient (CARE_PATIENTS_PAGE (page),
                                     care_record_get_id (care_record_object_get_record (CARE_RECORD_OBJECT (patient))));
  settle ();
  collect (all, GTK_WIDGET (window), "admin, a patient's details");

  care_test_click (care_test_must_find (GTK_WIDGET (window), "patient-new-button"));
  care_test_wait_for_widget ("patient-save-button", TIMEOUT_MS);
  settle ();
  collect (all, gtk_widget_get_ancestor (care_test_find_anywhere ("patient-save-button"), GTK_TYPE_WINDOW),
           "admin, new patient");
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_ancestor (care_test_find_anywhere ("patient-save-button"),
                                                           GTK_TYPE_WINDOW)));

  g_assert_true (care_window_show_page (window, "billing"));
  page = care_test_must_find (GTK_WIDGET (window), "page-billing");
  invoice = g_list_model_get_item (care_billing_page_get_model (CARE_BILLING_PAGE (page)), 0);
  care_billing_page_open_invoice (CARE_BILLING_PAGE (page),
                                  care_record_get_id (care_invoice_item_get_invoice (CARE_INVOICE_ITEM (invoice))));
  settle ();
  collect (all, GTK_WIDGET (window), "admin, an invoice");

  assert_none (all);
  care_test_window_destroy (window);
}

/* --- focus ------------------------------------------------------------------ */

static gboolean
has_rows (gpointer list)
{
  GtkWidget *first = gtk_widget_get_first_child (list);

  return first != NULL && gtk_widget_get_mapped (first);
}

/* Focuses a row of list, presses Tab (as GtkWindow's binding does) and
 * asserts the focus went to a control outside the list, and Shift+Tab
 * from there goes back into it. */
static void
assert_tab_leaves (CareWindow *window,
                   const char *list_name)
{
  GtkWidget *list = care_test_must_find (GTK_WIDGET (window), list_name);
  GtkWidget *focus;

  g_assert_true (care_test_wait_for (has_rows, list, TIMEOUT_MS));
  g_assert_true (gtk_widget_child_focus (list, GTK_DIR_TAB_FORWARD));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, list));
  /* GTK 4.8's own list moves Tab to its next row: what CareListBin undoes. */
  g_assert_true (gtk_widget_child_focus (list, GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), list));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  /* The row that has focus is one the walk checks, and it has a name. */
  {
    g_autofree char *name = care_test_a11y_name (focus);

    g_assert_true (care_test_a11y_is_interactive (focus));
    g_assert_cmpstr (name, !=, "");
  }

  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  if (focus == list || gtk_widget_is_ancestor (focus, list))
    g_error ("Tab in %s stayed in the list (on %s)", list_name, G_OBJECT_TYPE_NAME (focus));
}

static void
test_tab_leaves_lists (void)
{
  g_autoptr(CareStore) store = care_test_store_new ();
  CareWindow *window = demo_admin_window (store);

  g_assert_true (care_window_show_page (window, "patients"));
  assert_tab_leaves (window, "patients-list");
  care_test_wait (100);  /* drawn once, for the screenshot only */
  care_test_keep_screenshot (GTK_WIDGET (window), "a11y-patients.png");
  g_assert_true (care_window_show_page (window, "billing"));
  assert_tab_leaves (window, "billing-invoice-list");
  care_test_wait (100);  /* drawn once, for the screenshot only */
  care_test_keep_screenshot (GTK_WIDGET (window), "a11y-billing.png");

  care_test_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  /* The test AT context keeps the values care-test-a11y.c reads. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  care_test_init (&argc, &argv);

  g_test_add_func ("/a11y/every-page-of-every-role", test_every_page_of_every_role);
  g_test_add_func ("/a11y/details", test_details);
  g_test_add_func ("/a11y/connected", test_connected);
  g_test_add_func ("/a11y/kiosk", test_kiosk);
  g_test_add_func ("/a11y/tab-leaves-lists", test_tab_leaves_lists);

  return g_test_run ();
}

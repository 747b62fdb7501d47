/* test-window-pages.c: the window makes a page when it is first shown
 *
 * Signing in lists every page the role may use but makes only the one
 * shown; another is made the first time it is chosen, once. The Messages
 * row counts unread messages before the Messages page exists. The keyboard
 * shortcuts window too is made when first asked for, not with the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-window-pages"

#include "config.h"

#include "care-messages.h"
#include "care-messages-page.h"
#include "care-page-slot.h"
#include "care-test-utils.h"

#define TIMEOUT_MS 10000

/* The names of the pages made so far, in sidebar order ("patients billing"). */
static char *
made_pages (CareWindow *window)
{
  GtkWidget *stack = care_test_must_find (GTK_WIDGET (window), "page-stack");
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (stack);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      CarePage *page = care_page_slot_peek_page (CARE_PAGE_SLOT (child));

      if (page != NULL)
        g_strv_builder_add (names, care_page_get_page_name (page));
    }

  strv = g_strv_builder_end (names);
  return g_strjoinv (" ", strv);
}

static void
test_made_when_shown (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  CareWindow *window = care_test_window_new (store);
  g_autofree char *at_sign_in = NULL;
  g_autofree char *after_billing = NULL;
  g_autofree char *after_return = NULL;
  g_auto(GStrv) rows = NULL;
  GtkWidget *billing;

  g_assert_true (care_test_sign_in (window, CARE_TEST_ADMIN_USERNAME, CARE_TEST_PASSWORD));
  rows = care_test_sidebar_names (window);
  g_assert_cmpuint (g_strv_length (rows), >, 10);

  /* Each row has its page's icon and title without the page. */
  for (guint i = 0; rows[i] != NULL; i++)
    {
      GtkWidget *row = care_test_must_find (GTK_WIDGET (window), rows[i]);
      GtkWidget *icon = gtk_widget_get_first_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));

      g_assert_true (GTK_IS_IMAGE (icon));
      g_assert_nonnull (gtk_image_get_icon_name (GTK_IMAGE (icon)));
      g_assert_nonnull (gtk_widget_get_tooltip_text (row));
    }

  /* Twenty-odd rows, one page: the one in front of the person. */
  at_sign_in = made_pages (window);
  g_assert_cmpstr (at_sign_in, ==, "patients");
  g_assert_cmpstr (care_window_get_page_name (window), ==, "patients");
  g_assert_true (gtk_widget_get_mapped (care_test_must_find (GTK_WIDGET (window), "page-patients")));

  /* Chosen in the sidebar: made then. */
  care_test_click (care_test_must_find (GTK_WIDGET (window), "sidebar-billing"));
  g_assert_cmpstr (care_window_get_page_name (window), ==, "billing");
  after_billing = made_pages (window);
  g_assert_cmpstr (after_billing, ==, "patients billing");
  billing = care_test_must_find (GTK_WIDGET (window), "page-billing");
  care_test_wait_for ((CareTestCondition) gtk_widget_get_mapped, billing, TIMEOUT_MS);
  g_assert_true (gtk_widget_get_mapped (billing));

  /* Chosen again: the same page, not a second one. */
  care_test_click (care_test_must_find (GTK_WIDGET (window), "sidebar-patients"));
  care_test_click (care_test_must_find (GTK_WIDGET (window), "sidebar-billing"));
  after_return = made_pages (window);
  g_assert_cmpstr (after_return, ==, "patients billing");
  g_assert_true (care_test_must_find (GTK_WIDGET (window), "page-billing") == billing);
  g_assert_true (care_window_get_page (window, "billing") == billing);

  /* Asked for by name (a notification's link): made without showing it. */
  g_assert_true (CARE_IS_PAGE (care_window_get_page (window, "staff")));
  g_assert_cmpstr (care_window_get_page_name (window), ==, "billing");
  g_assert_null (care_window_get_page (window, "no-such-page"));

  care_test_window_destroy (window);
}

static gboolean
badge_shows_one (gpointer data)
{
  GtkWidget *badge = data;

  return gtk_widget_get_visible (badge) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (badge)), "1") == 0;
}

static gboolean
badge_hidden (gpointer data)
{
  return !gtk_widget_get_visible (GTK_WIDGET (data));
}

/* The sidebar counts unread messages without making the Messages page,
 * and reading them there clears the count. */
static void
test_badge_without_page (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  g_autoptr(CareRecord) rita = care_test_add_staff (store, "rita", "Rita Reception", CARE_ROLE_RECEPTIONIST);
  CareWindow *window = care_test_window_new (store);
  g_autoptr(CareRecord) sent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *admin_id = NULL;
  g_autofree char *made = NULL;
  GtkWidget *badge;

  g_assert_true (care_test_sign_in (window, CARE_TEST_ADMIN_USERNAME, CARE_TEST_PASSWORD));
  badge = care_test_must_find (GTK_WIDGET (window), "sidebar-badge-messages");
  g_assert_false (gtk_widget_get_visible (badge));

  admin_id = g_strdup (care_store_get_actor (store));
  care_store_set_actor (store, care_record_get_id (rita));
  sent = care_messages_send (store, admin_id, NULL, "Keys", "The keys are at the desk.", NULL, NULL, &error);
  care_store_set_actor (store, admin_id);
  g_assert_no_error (error);
  g_assert_nonnull (sent);

  care_test_wait_for (badge_shows_one, badge, TIMEOUT_MS);
  g_assert_true (badge_shows_one (badge));
  made = made_pages (window);
  g_assert_cmpstr (made, ==, "patients");

  /* Opening the conversation reads it. */
  g_assert_true (care_window_show_page (window, "messages"));
  g_assert_true (care_messages_page_open_thread (CARE_MESSAGES_PAGE (care_window_get_page (window, "messages")),
                                                 care_messages_thread_of (sent)));
  care_test_wait_for (badge_hidden, badge, TIMEOUT_MS);
  g_assert_false (gtk_widget_get_visible (badge));

  care_test_window_destroy (window);
}

/* The shortcuts window shown for @window, if one was made. */
static GtkWindow *
find_shortcuts (CareWindow *window)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());
  GtkWindow *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && found == NULL; i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (g_str_equal (G_OBJECT_TYPE_NAME (toplevel), "GtkShortcutsWindow") &&
          gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window))
        found = toplevel;
    }
  return found;
}

static void
test_shortcuts_when_asked (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  CareWindow *window = care_test_window_new (store);
  GtkWindow *overlay;

  g_assert_null (find_shortcuts (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  overlay = find_shortcuts (window);
  g_assert_nonnull (overlay);
  g_assert_true (care_test_wait_for ((CareTestCondition) gtk_widget_get_mapped, overlay, TIMEOUT_MS));
  care_test_keep_screenshot (GTK_WIDGET (overlay), "window-shortcuts.png");

  /* Closed and asked for again: the same window, shown again. */
  gtk_window_close (overlay);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (find_shortcuts (window) == overlay);
  g_assert_true (care_test_wait_for ((CareTestCondition) gtk_widget_get_mapped, overlay, TIMEOUT_MS));

  care_test_window_destroy (window);
  /* It went with the window. */
  g_assert_null (find_shortcuts (window));
}

/* The sign-in page's main menu is made when first opened, and then has
 * what it had when the template gave it at once. */
static void
test_signin_menu_when_opened (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  CareWindow *window = care_test_window_new (store);
  GtkMenuButton *button = GTK_MENU_BUTTON (care_test_must_find (GTK_WIDGET (window), "signin-menu-button"));
  GMenuModel *model;
  GtkPopover *popover;
  g_autofree char *label = NULL;

  g_assert_null (gtk_menu_button_get_popover (button));
  g_assert_null (gtk_menu_button_get_menu_model (button));
  gtk_menu_button_popup (button);
  model = gtk_menu_button_get_menu_model (button);
  popover = gtk_menu_button_get_popover (button);
  g_assert_nonnull (model);
  g_assert_nonnull (popover);
  g_assert_true (care_test_wait_for ((CareTestCondition) gtk_widget_get_mapped, popover, TIMEOUT_MS));
  /* The first section's first item: the keyboard shortcuts. */
  g_assert_cmpint (g_menu_model_get_n_items (model), >, 0);
  g_assert_true (g_menu_model_get_item_attribute (g_menu_model_get_item_link (model, 0, G_MENU_LINK_SECTION),
                                                  0, G_MENU_ATTRIBUTE_ACTION, "s", &label));
  g_assert_cmpstr (label, ==, "win.show-help-overlay");
  gtk_menu_button_popdown (button);

  /* Opened again: the same menu. */
  gtk_menu_button_popup (button);
  g_assert_true (gtk_menu_button_get_menu_model (button) == model);
  g_assert_true (gtk_menu_button_get_popover (button) == popover);
  gtk_menu_button_popdown (button);

  care_test_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);

  g_test_add_func ("/window-pages/made-when-shown", test_made_when_shown);
  g_test_add_func ("/window-pages/badge-without-page", test_badge_without_page);
  g_test_add_func ("/window-pages/shortcuts-when-asked", test_shortcuts_when_asked);
  g_test_add_func ("/window-pages/signin-menu-when-opened", test_signin_menu_when_opened);

  return g_test_run ();
}

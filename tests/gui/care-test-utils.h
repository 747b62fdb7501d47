/* care-test-utils.h: helpers for widget tests against real windows
 *
 * Every GUI test runs under Xvfb (xvfb-run) with GSETTINGS_BACKEND=memory
 * and a fresh SQLite store in its own temporary directory. Typical use:
 *
 *   care_test_init (&argc, &argv);
 *   store = care_test_store_new_with_clinic ();      // admin account ready
 *   window = care_test_window_new (store);           // on the sign-in page
 *   g_assert_true (care_test_sign_in (window, CARE_TEST_ADMIN_USERNAME,
 *                                     CARE_TEST_PASSWORD));
 *   care_window_show_page (window, "patients");
 *   care_test_click (care_test_find (GTK_WIDGET (window), "patient-new-button"));
 *   editor = care_test_find_window ("patient-editor");
 *   care_test_type (care_test_find (editor, "field-given_name"), "María");
 *
 * Widgets are found by their widget name (gtk_widget_set_name), which the
 * app sets on everything a test needs: "field-<name>" for the rows of a
 * CareRecordForm, "sidebar-<page>" and "page-<page>" in the window,
 * "signin-login", "signin-password", "signin-button", "signin-error", …
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"
#include "care-window.h"
#include "care-alert.h"

G_BEGIN_DECLS

/* The clinic made by care_test_store_new_with_clinic(). */
#define CARE_TEST_CLINIC_NAME    "Test Clinic"
#define CARE_TEST_ADMIN_USERNAME "admin"
#define CARE_TEST_ADMIN_NAME     "Ada Admin"
/* The password of every account the helpers create. */
#define CARE_TEST_PASSWORD       "correct horse battery"

typedef gboolean (*CareTestCondition) (gpointer data);

/* g_test_init() and GTK/libadwaita initialisation, without cursor blinking
 * and animations. Call first. */
void            care_test_init              (int          *argc,
                                             char       ***argv);

/* The widget named name: root itself or its first descendant, depth
 * first. NULL if there is none. Does not look into popovers or other
 * windows. */
GtkWidget      *care_test_find              (GtkWidget    *root,
                                             const char   *name);
/* care_test_find(), failing the test with the name when there is none. */
GtkWidget      *care_test_must_find         (GtkWidget    *root,
                                             const char   *name);
/* The first widget of type (or a subtype) under root, root included,
 * depth first (the window's leaflet before the pages' own); NULL if none. */
GtkWidget      *care_test_find_type         (GtkWidget    *root,
                                             GType         type);
/* The first GtkButton under root whose label is label, mnemonic included
 * ("_Undo"): for buttons without a name, in toasts and message dialogs. */
GtkWidget      *care_test_find_button       (GtkWidget    *root,
                                             const char   *label);
/* The toplevel window named name, waited for (fails the test after
 * 10 s); and waiting until no window of that name is left. */
GtkWidget      *care_test_wait_window       (const char   *name);
void            care_test_wait_window_gone  (const char   *name);

/* care_test_find() over every toplevel window, newest first. */
GtkWidget      *care_test_find_anywhere     (const char   *name);
/* The visible toplevel window whose widget name is name ("staff-editor"). */
GtkWidget      *care_test_find_window       (const char   *name);

/* Alerts (src/gui/common/care-alert.h) are windows of their own on
 * libadwaita 1.2 and widgets inside their parent's window from 1.5: these
 * find and answer them either way. The shown alert named name (any alert
 * when name is NULL), newest window first, or NULL. */
GtkWidget      *care_test_find_alert        (const char   *name);
/* The same, waited for (fails the test after 10 s); and waiting until no
 * alert of that name is left. */
GtkWidget      *care_test_wait_alert        (const char   *name);
void            care_test_wait_alert_gone   (const char   *name);
/* Answers alert as a click on the button of response does (asserting the
 * response is there and enabled): the alert closes and emits "response".
 * Then lets the main loop run once. */
void            care_test_alert_respond     (GtkWidget    *alert,
                                             const char   *response);

/* Runs the main loop for ms milliseconds. */
void            care_test_wait              (guint         ms);
/* Runs the main loop until cond (data) is true or timeout_ms passed;
 * returns the last value of cond. */
gboolean        care_test_wait_for          (CareTestCondition cond,
                                             gpointer      data,
                                             guint         timeout_ms);
/* Waits until a widget named name exists in any toplevel window. */
/* Waits up to timeout_ms for split_view (a CareSplitView) to be folded
 * or not: it (un)folds in the frame of a new width, or later on a loaded
 * machine. Returns whether it is. */
gboolean        care_test_wait_folded       (gpointer      split_view,
                                             gboolean      folded,
                                             guint         timeout_ms);
GtkWidget      *care_test_wait_for_widget   (const char   *name,
                                             guint         timeout_ms);
/* The visible file chooser dialog (GTK's own: there is no portal under
 * test) once one shows; NULL after timeout_ms. */
GtkWidget      *care_test_wait_for_file_chooser (guint     timeout_ms);
/* The name a save chooser offers (the caller's initial name). */
char           *care_test_file_chooser_name (GtkWidget    *chooser);
/* Answers the chooser as a person does: selects file (a save chooser takes
 * its folder and name) and presses the accept button; or, with file NULL,
 * presses Cancel. care_file_dialog_*() shows this dialog on GTK before and
 * after 4.10 (GtkFileDialog uses it too when there is no portal), so the
 * answer reaches the page through the helper's own code path. */
void            care_test_file_chooser_answer (GtkWidget  *chooser,
                                               GFile      *file);

/* Proof that slow work runs off the main loop: start watching, do it,
 * stop. ticks says how often a 1 ms timeout ran meanwhile, longest_ms the
 * longest the loop went without running it (how long something blocked
 * it). Compare longest_ms with care_test_password_hash_ms(). */
typedef struct _CareTestLoopWatch CareTestLoopWatch;
CareTestLoopWatch *care_test_loop_watch_start (void);
void            care_test_loop_watch_stop   (CareTestLoopWatch *watch,
                                             guint        *ticks,
                                             guint        *longest_ms);
/* How long one Argon2id password hash takes here, in ms. */
guint           care_test_password_hash_ms  (void);

/* Replaces the text of an entry, entry row or any GtkEditable. */
void            care_test_type              (GtkWidget    *editable,
                                             const char   *text);
/* Clicks a button (asserting it is sensitive), or activates a row or any
 * other activatable widget. Then lets the main loop run once. */
void            care_test_click             (GtkWidget    *widget);
/* Serves org.freedesktop.Notifications on the test's session bus (once),
 * keeping "summary|urgency" of each notification shown, in order:
 * care_test_notifications(). */
void            care_test_serve_notifications (void);
GPtrArray      *care_test_notifications     (void);
/* Their bodies, in the same order. */
GPtrArray      *care_test_notification_bodies (void);
/* A primary-button press at x, y (widget coordinates) on widget's click
 * gesture, as a pointer gives it to widgets that draw their own items. */
void            care_test_press             (GtkWidget    *widget,
                                             double        x,
                                             double        y);
/* A key press (no modifiers) on widget's key controller. */
void            care_test_press_key         (GtkWidget    *widget,
                                             guint         keyval);
/* Saves what widget shows as a PNG (for looking at failures). */
void            care_test_screenshot        (GtkWidget    *widget,
                                             const char   *path);
/* care_test_screenshot() into $CAREDESK_TEST_OUTPUT/name, when that is set. */
void            care_test_keep_screenshot   (GtkWidget    *widget,
                                             const char   *name);

/* Sizes window so that it is width × height wide and high (its default
 * size also counts the decorations' borders) and waits until it is laid
 * out so: FALSE if the screen cannot give it that width. */
gboolean        care_test_resize            (GtkWidget    *window,
                                             int           width,
                                             int           height);

/* "prefix-what-LANG.png", LANG being $LANGUAGE ("en" when unset): the
 * name of a screenshot of a test run in English and in Spanish. Interned. */
const char     *care_test_language_shot_name (const char  *prefix,
                                              const char  *what);

/* A new, empty store file in a fresh temporary directory. */
CareStore      *care_test_store_new         (void);
/* Same, with the clinic CARE_TEST_CLINIC_NAME and its administrator
 * CARE_TEST_ADMIN_USERNAME / CARE_TEST_PASSWORD. */
CareStore      *care_test_store_new_with_clinic (void);
/* Adds an active staff account with CARE_TEST_PASSWORD. */
CareRecord     *care_test_add_staff         (CareStore    *store,
                                             const char   *username,
                                             const char   *full_name,
                                             const char   *role);

/* A registered GtkApplication shared by the tests of one process. */
GtkApplication *care_test_get_application   (void);
/* A presented CareWindow on store, its sign-in (or setup) page showing. */
CareWindow     *care_test_window_new        (CareStore    *store);
/* Signs in through the sign-in page and waits for the answer; TRUE when
 * the window shows the workspace. */
gboolean        care_test_sign_in           (CareWindow   *window,
                                             const char   *login,
                                             const char   *password);
/* Locks the signed-in window, chooses "Switch User" and signs in as login
 * (password CARE_TEST_PASSWORD); asserts it worked. */
void            care_test_switch_user       (CareWindow   *window,
                                             const char   *login);
/* Names of the sidebar rows, in order ("sidebar-patients", …), as a
 * NULL-terminated vector. */
char          **care_test_sidebar_names     (CareWindow   *window);
/* Closes the window and runs the main loop until it is gone. */
void            care_test_window_destroy    (CareWindow   *window);

G_END_DECLS

/* care-window-private.h: the window's state, shared by its source files
 *
 * CareWindow spans several files, one concern each (after
 * gnome-text-editor's editor-window-private.h):
 *   care-window.c          the window: modes, the pages, the store's news
 *   care-window-actions.c  the win.* actions and when they are enabled
 *   care-window-lock.c     locking, the idle lock and the windows it hides
 *   care-window-session.c  signing in and out, switching user, the
 *                          session's sync engine
 *   care-window-workspace.c  the signed-in workspace, built at first
 *                          sign-in (care-workspace.ui)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-alert-banner.h"
#include "care-notification-bell.h"
#include "care-sidebar.h"
#include "care-setup-page.h"
#include "care-signin-page.h"
#include "care-split-view.h"
#include "care-sync-indicator.h"
#include "care-window.h"

G_BEGIN_DECLS

struct _CareWindow
{
  AdwApplicationWindow  parent_instance;

  CareStore            *store;
  GSettings            *settings;
  CareSession          *session;
  gboolean              locked;

  /* Cancelled when the window closes: whatever it started (a sign-in,
   * issuing an invoice, an export) stops reporting to it. */
  GCancellable         *cancellable;

  /* Idle lock */
  gint64                last_activity;
  guint                 idle_seconds;
  guint                 idle_source;
  guint                 rebuild_source;

  /* Windows hidden while locked, shown again on unlock */
  GPtrArray            *hidden_windows;

  /* Sync: the engine is the session's; this cancels the keyring calls
   * made for it. */
  GCancellable         *sync_cancellable;
  gboolean              noting_external;
  guint                 permissions_source;

  /* The first-run assistant: NULL until the window first shows it. */
  CareSetupPage        *setup_page;
  /* The sign-in and lock page: NULL while someone is signed in
   * (_care_window_ensure_signin_page()). */
  CareSigninPage       *signin_page;

  /* Template widgets */
  GtkStack             *mode_stack;
  CareAlertBanner      *alert_banner;

  /* The workspace's widgets: NULL until the first sign-in
   * (_care_window_ensure_workspace()). */
  AdwToastOverlay      *toast_overlay;
  CareSplitView        *split_view;
  AdwHeaderBar         *content_header;
  GtkWidget            *content_box;
  AdwWindowTitle       *sidebar_title;
  CareSidebar          *sidebar;
  AdwWindowTitle       *content_title;
  GtkStack             *page_stack;
  GtkMenuButton        *user_button;
  AdwAvatar            *user_avatar;
  GtkLabel             *user_name_label;
  GtkLabel             *user_role_label;
  CareSyncIndicator    *sync_indicator;
  CareNotificationBell *notification_bell;
};

/* care-window.c */
void     _care_window_set_mode               (CareWindow      *self,
                                              const char      *mode);
void     _care_window_update_title           (CareWindow      *self);
void     _care_window_update_user            (CareWindow      *self);
void     _care_window_build_pages            (CareWindow      *self);
void     _care_window_destroy_pages          (CareWindow      *self);

/* care-window-actions.c */
void     _care_window_class_actions_init     (CareWindowClass *klass);
void     _care_window_update_actions         (CareWindow      *self);

/* care-window-lock.c */
void     _care_window_lock_init              (CareWindow      *self);
void     _care_window_lock                   (CareWindow      *self);
void     _care_window_unlock                 (CareWindow      *self);
void     _care_window_note_activity          (CareWindow      *self);
void     _care_window_schedule_idle_lock     (CareWindow      *self);
void     _care_window_destroy_dependents     (CareWindow      *self);

/* care-window-session.c */
CareSetupPage *_care_window_ensure_setup_page (CareWindow     *self);
CareSigninPage *_care_window_ensure_signin_page (CareWindow    *self);
void     _care_window_show_signin            (CareWindow      *self,
                                              const char      *login);
void     _care_window_end_session            (CareWindow      *self,
                                              gboolean         forget_sync);
void     _care_window_stop_sync              (CareWindow      *self,
                                              gboolean         forget);
gboolean _care_window_has_server             (CareWindow      *self);
gboolean _care_window_sign_out_idle          (gpointer         user_data);

/* care-window-workspace.c */
void     _care_window_ensure_workspace       (CareWindow      *self);
void     _care_window_forget_workspace       (CareWindow      *self);

G_END_DECLS

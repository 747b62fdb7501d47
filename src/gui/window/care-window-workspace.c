/* care-window-workspace.c: the signed-in workspace, built at first sign-in
 *
 * The sidebar, the header bar (account, sync, notifications, lock,
 * emergency) and the pages' stack are care-workspace.ui, built the first
 * time someone signs in and kept for the window's life: at start the
 * window is the sign-in page alone, which is most of what it costs GTK to
 * show it. Until then every workspace pointer of CareWindow is NULL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-window"

#include "config.h"

#include "care-page-slot.h"
#include "care-window-private.h"

static void
on_sidebar_page_activated_cb (CareSidebar *sidebar,
                              CareWindow  *self)
{
  care_split_view_set_show_content (self->split_view, TRUE);
}

static void
on_page_stack_visible_child_changed_cb (GtkStack   *stack,
                                        GParamSpec *pspec,
                                        CareWindow *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (stack);

  if (child == NULL)
    return;

  /* First shown: made now, once. */
  care_page_slot_get_page (CARE_PAGE_SLOT (child));
  adw_window_title_set_title (self->content_title,
                              care_page_type_get_title (care_page_slot_get_page_type (CARE_PAGE_SLOT (child))));
}

static void
on_back_clicked_cb (GtkButton  *button,
                    CareWindow *self)
{
  care_split_view_set_show_content (self->split_view, FALSE);
}

#define TAKE(name) self->name = (gpointer) gtk_builder_get_object (builder, #name)

/* Builds the workspace into the mode stack as "main", once. */
void
_care_window_ensure_workspace (CareWindow *self)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GtkBuilderScope) scope = NULL;
  g_autoptr(GError) error = NULL;

  if (self->toast_overlay != NULL)
    return;

  g_type_ensure (CARE_TYPE_SIDEBAR);
  g_type_ensure (CARE_TYPE_SPLIT_VIEW);
  g_type_ensure (CARE_TYPE_SYNC_INDICATOR);
  g_type_ensure (CARE_TYPE_NOTIFICATION_BELL);

  scope = gtk_builder_cscope_new ();
  gtk_builder_cscope_add_callback (GTK_BUILDER_CSCOPE (scope), on_sidebar_page_activated_cb);
  gtk_builder_cscope_add_callback (GTK_BUILDER_CSCOPE (scope), on_page_stack_visible_child_changed_cb);
  gtk_builder_cscope_add_callback (GTK_BUILDER_CSCOPE (scope), on_back_clicked_cb);

  builder = gtk_builder_new ();
  gtk_builder_set_scope (builder, scope);
  /* The handlers' data, as in a template. */
  gtk_builder_set_current_object (builder, G_OBJECT (self));
  if (!gtk_builder_add_from_resource (builder, "/io/github/caredesk/Caredesk/window/care-workspace.ui", &error))
    g_error ("The workspace could not be built: %s", error->message);

  TAKE (toast_overlay);
  TAKE (split_view);
  TAKE (content_header);
  TAKE (content_box);
  TAKE (sidebar_title);
  TAKE (sidebar);
  TAKE (content_title);
  TAKE (page_stack);
  TAKE (user_button);
  TAKE (user_avatar);
  TAKE (user_name_label);
  TAKE (user_role_label);
  TAKE (sync_indicator);
  TAKE (notification_bell);

#if ADW_CHECK_VERSION (1, 4, 0)
  /* The Back button here serves both split views: no second one. */
  adw_header_bar_set_show_back_button (self->content_header, FALSE);
#endif

  gtk_stack_add_named (self->mode_stack, GTK_WIDGET (self->toast_overlay), "main");
  _care_window_update_title (self);
}

/* From dispose: the widgets went with the mode stack. */
void
_care_window_forget_workspace (CareWindow *self)
{
  self->toast_overlay = NULL;
  self->split_view = NULL;
  self->content_header = NULL;
  self->content_box = NULL;
  self->sidebar_title = NULL;
  self->sidebar = NULL;
  self->content_title = NULL;
  self->page_stack = NULL;
  self->user_button = NULL;
  self->user_avatar = NULL;
  self->user_name_label = NULL;
  self->user_role_label = NULL;
  self->sync_indicator = NULL;
  self->notification_bell = NULL;
}

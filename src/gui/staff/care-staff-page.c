/* care-staff-page.c: the clinic's staff accounts (administrators)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-staff-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-staff-editor.h"
#include "care-staff-page.h"

#define USER_ID_KEY "care-staff-user-id"

struct _CareStaffPage
{
  CarePage     parent_instance;

  /* Template widgets */
  GtkStack    *stack;
  GtkListBox  *list;
  GtkLabel    *count_label;
};

G_DEFINE_FINAL_TYPE (CareStaffPage, care_staff_page, CARE_TYPE_PAGE)

GtkWidget *
care_staff_page_new (CareSession *session)
{
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  return g_object_new (CARE_TYPE_STAFF_PAGE, "session", session, NULL);
}

static char *
format_last_login (const char *iso8601)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;

  if (iso8601 == NULL || *iso8601 == '\0')
    return g_strdup (_("Never signed in"));

  utc = g_date_time_new_from_iso8601 (iso8601, NULL);
  if (utc == NULL)
    return g_strdup (_("Never signed in"));

  local = g_date_time_to_local (utc);
  /* Translators: a date and time as in “3 Mar 2025, 14:20”; see g_date_time_format() */
  when = g_date_time_format (local, _("%-e %b %Y, %H:%M"));

  /* Translators: %s is a date and time */
  return g_strdup_printf (_("Last signed in %s"), when);
}

static GtkWidget *
create_row (CareStaffPage *self,
            CareRecord    *user)
{
  const char *full_name = care_record_get (user, "full_name");
  const char *username = care_record_get (user, "username");
  const char *role = care_record_get (user, "role");
  gboolean active = care_record_get_bool (user, "active");
  g_autofree char *last_login = format_last_login (care_record_get (user, "last_login"));
  g_autofree char *subtitle = NULL;
  g_autofree char *row_name = NULL;
  GtkWidget *row;
  GtkWidget *avatar;
  GtkWidget *label;

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), full_name ? full_name : username);

  /* Translators: a staff member's username and when they last signed in */
  subtitle = g_strdup_printf (_("%s · %s"), username ? username : "", last_login);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  row_name = g_strconcat ("staff-row-", username, NULL);
  gtk_widget_set_name (row, row_name);
  g_object_set_data_full (G_OBJECT (row), USER_ID_KEY,
                          g_strdup (care_record_get_id (user)), g_free);

  avatar = adw_avatar_new (32, full_name, TRUE);
  gtk_widget_set_margin_top (avatar, 6);
  gtk_widget_set_margin_bottom (avatar, 6);
  if (!active)
    gtk_widget_add_css_class (avatar, "dim-label");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), avatar);

  if (!active)
    {
      label = gtk_label_new (_("Deactivated"));
      gtk_widget_set_name (label, "staff-deactivated-tag");
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_widget_add_css_class (label, "error");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }

  if (role != NULL)
    {
      label = gtk_label_new (care_role_label (role));
      gtk_widget_set_name (label, "staff-role-tag");
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (label, "role-badge");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }

  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));

  return row;
}

static void
care_staff_page_reload (CareStaffPage *self)
{
  CareStore *store = care_page_get_store (CARE_PAGE (self));
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  GtkWidget *child;
  guint n_active = 0;

  users = care_store_list (store, care_schema_lookup ("user"),
                           NULL, NULL, "full_name", 0, &error);
  if (users == NULL)
    {
      g_warning ("Could not list staff: %s", error->message);
      users = g_ptr_array_new ();
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; i < users->len; i++)
    {
      CareRecord *user = g_ptr_array_index (users, i);

      if (care_record_get_bool (user, "active"))
        n_active++;

      gtk_list_box_append (self->list, create_row (self, user));
    }

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u active account",
                                        "%u active accounts",
                                        n_active),
                           n_active);
  gtk_label_set_label (self->count_label, count);

  gtk_stack_set_visible_child_name (self->stack, users->len > 0 ? "list" : "empty");
}

void
care_staff_page_open_editor (CareStaffPage *self,
                             CareRecord    *user)
{
  CareStaffEditor *editor;
  GtkRoot *root;

  g_return_if_fail (CARE_IS_STAFF_PAGE (self));

  editor = care_staff_editor_new (care_page_get_session (CARE_PAGE (self)), user);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (editor));
}

static void
on_new_clicked_cb (GtkButton     *button,
                   CareStaffPage *self)
{
  care_staff_page_open_editor (self, NULL);
}

static void
on_list_row_activated_cb (GtkListBox    *list,
                          GtkListBoxRow *row,
                          CareStaffPage *self)
{
  CareStore *store = care_page_get_store (CARE_PAGE (self));
  const char *id = g_object_get_data (G_OBJECT (row), USER_ID_KEY);
  g_autoptr(CareRecord) user = NULL;
  g_autoptr(GError) error = NULL;

  user = care_store_get (store, care_schema_lookup ("user"), id, &error);
  if (user == NULL)
    {
      g_warning ("Could not load staff member %s: %s", id, error->message);
      return;
    }

  care_staff_page_open_editor (self, user);
}

static void
on_store_changed_cb (CareStore     *store,
                     const char    *entity,
                     const char    *id,
                     CareStaffPage *self)
{
  if (g_strcmp0 (entity, "user") == 0)
    care_staff_page_reload (self);
}

static void
care_staff_page_constructed (GObject *object)
{
  CareStaffPage *self = CARE_STAFF_PAGE (object);

  G_OBJECT_CLASS (care_staff_page_parent_class)->constructed (object);

  g_signal_connect_object (care_page_get_store (CARE_PAGE (self)), "changed",
                           G_CALLBACK (on_store_changed_cb), self, 0);
  care_staff_page_reload (self);
}

static void
care_staff_page_dispose (GObject *object)
{
  CareStaffPage *self = CARE_STAFF_PAGE (object);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_STAFF_PAGE);

  G_OBJECT_CLASS (care_staff_page_parent_class)->dispose (object);
}

static void
care_staff_page_class_init (CareStaffPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  care_page_class_set_info (CARE_PAGE_CLASS (klass), "staff", N_("Staff"),
                            "contact-new-symbolic", CARE_PERM_STAFF_MANAGEMENT);

  object_class->constructed = care_staff_page_constructed;
  object_class->dispose = care_staff_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/staff/care-staff-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareStaffPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CareStaffPage, list);
  gtk_widget_class_bind_template_child (widget_class, CareStaffPage, count_label);
  gtk_widget_class_bind_template_callback (widget_class, on_new_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_row_activated_cb);
}

static void
care_staff_page_init (CareStaffPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

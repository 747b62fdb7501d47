/* care-tasks-page.c: My tasks: what is given to me or to my role, and what I gave
 *
 * Read from the workstation's store, so it works offline; every write
 * goes through care_tasks_save(), which keeps the ownership rule.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-tasks-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-list-util.h"
#include "care-task-dialogs.h"
#include "care-tasks-page.h"
#include "care-alert.h"

#define REFRESH_SECONDS 60

struct _CareTasksPage
{
  CarePage     parent_instance;

  guint        refresh_source;

  GtkListBox  *todo_list;
  GtkListBox  *given_list;
};

G_DEFINE_FINAL_TYPE (CareTasksPage, care_tasks_page, CARE_TYPE_PAGE)

GtkWidget *
care_tasks_page_new (CareSession *session)
{
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  return g_object_new (CARE_TYPE_TASKS_PAGE, "session", session, NULL);
}

static char *
user_name (CareStore  *store,
           const char *user_id)
{
  g_autoptr(CareRecord) user = user_id ? care_store_get (store, care_schema_lookup ("user"), user_id, NULL) : NULL;

  return g_strdup (user ? care_record_get (user, "full_name") : _("someone"));
}

/* "Due today at 14:30", "Due Thu 10 Dec at 09:00", or NULL. */
static char *
format_due (const char *due_at)
{
  g_autoptr(GDateTime) utc = due_at ? g_date_time_new_from_iso8601 (due_at, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *today = care_clock_today ();
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;

  if (utc == NULL)
    return NULL;
  local = g_date_time_to_local (utc);
  day = g_date_time_format (local, "%Y-%m-%d");
  time = g_date_time_format (local, "%H:%M");
  if (g_str_equal (day, today))
    /* Translators: %s is a time of day */
    return g_strdup_printf (_("Due today at %s"), time);
  g_free (day);
  /* Translators: a day, e.g. "Thu 10 Dec"; see g_date_time_format() */
  day = g_date_time_format (local, _("%a %-e %b"));
  /* Translators: a day and a time of day */
  return g_strdup_printf (_("Due %s at %s"), day, time);
}

static void
on_done_clicked_cb (GtkButton     *button,
                    CareTasksPage *self)
{
  CareRecord *task = g_object_get_data (G_OBJECT (button), "task");

  care_alert_present (care_task_done_dialog_new (care_page_get_store (CARE_PAGE (self)), task),
                      GTK_WIDGET (self));
}

/* One task: its title, when it is due (overdue in red), for and from whom. */
static GtkWidget *
task_row_new (CareTasksPage *self,
              CareRecord    *task,
              gboolean       given)
{
  CareStore *store = care_page_get_store (CARE_PAGE (self));
  const char *role = care_record_get (task, "assigned_role");
  gboolean overdue = care_tasks_is_overdue (task, care_clock_get_real_time ());
  g_autofree char *due = format_due (care_record_get (task, "due_at"));
  g_autofree char *who = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *button_label = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;

  if (given)
    {
      g_autofree char *to = user_name (store, care_record_get (task, "assigned_to"));

      /* Translators: %s is a role, e.g. "Nurse" */
      who = role ? g_strdup_printf (_("For every %s"), care_role_label (role))
                 /* Translators: %s is a staff member's name */
                 : g_strdup_printf (_("For %s"), to);
    }
  else
    {
      g_autofree char *from = user_name (store, care_record_get (task, "assigned_by"));

      /* Translators: who gave the task, and to which role it is given, e.g. "From Amira Haddad · Every nurse" */
      who = role ? g_strdup_printf (_("From %s · For every %s"), from, care_role_label (role))
                 : g_strdup_printf (_("From %s"), from);
    }
  if (overdue)
    /* Translators: "Overdue" then when it was due and who it is from */
    subtitle = g_strdup_printf (_("Overdue · %s · %s"), due, who);
  else
    subtitle = due ? g_strdup_printf ("%s · %s", due, who) : g_strdup (who);

  gtk_widget_set_name (row, "task-row");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), care_record_get (task, "title"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (overdue)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Overdue"), -1);
      gtk_widget_add_css_class (icon, "error");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_widget_add_css_class (row, "task-overdue");
    }
  button = gtk_button_new_with_mnemonic (_("_Done…"));
  gtk_widget_set_name (button, "task-done");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* Translators: the accessible name of a task's Done button; %s is the task */
  button_label = g_strdup_printf (_("Mark “%s” done"), care_record_get (task, "title"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, button_label, -1);
  g_object_set_data_full (G_OBJECT (button), "task", care_record_ref (task), (GDestroyNotify) care_record_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (on_done_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
fill (CareTasksPage *self,
      GtkListBox    *list,
      GPtrArray     *tasks,
      gboolean       given)
{
  care_list_box_remove_rows (list);
  for (guint i = 0; tasks && i < tasks->len; i++)
    gtk_list_box_append (list, task_row_new (self, tasks->pdata[i], given));
}

static void
care_tasks_page_reload (CareTasksPage *self)
{
  CareSession *session = care_page_get_session (CARE_PAGE (self));
  CareStore *store = care_page_get_store (CARE_PAGE (self));
  const char *user_id = care_session_get_user_id (session);
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) given = NULL;
  g_autoptr(GError) error = NULL;

  if (user_id == NULL)
    return;
  if ((mine = care_tasks_for_user (store, user_id, care_session_get_role (session), &error)) == NULL ||
      (given = care_tasks_assigned_by (store, user_id, &error)) == NULL)
    g_warning ("Could not read tasks: %s", error->message);
  fill (self, self->todo_list, mine, FALSE);
  fill (self, self->given_list, given, TRUE);
}

static void
on_assign_clicked_cb (CareTasksPage *self)
{
  care_alert_present (care_task_assign_dialog_new (care_page_get_store (CARE_PAGE (self))),
                      GTK_WIDGET (self));
}

static void
on_store_changed_cb (CareStore     *store,
                     const char    *entity,
                     const char    *id,
                     CareTasksPage *self)
{
  if (g_strcmp0 (entity, "task") == 0 || g_strcmp0 (entity, "user") == 0)
    care_tasks_page_reload (self);
}

/* Tasks become overdue as time passes. */
static gboolean
on_refresh_cb (gpointer data)
{
  CareTasksPage *self = data;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    care_tasks_page_reload (self);
  return G_SOURCE_CONTINUE;
}

static void
care_tasks_page_constructed (GObject *object)
{
  CareTasksPage *self = CARE_TASKS_PAGE (object);

  G_OBJECT_CLASS (care_tasks_page_parent_class)->constructed (object);

  g_signal_connect_object (care_page_get_store (CARE_PAGE (self)), "changed",
                           G_CALLBACK (on_store_changed_cb), self, 0);
  self->refresh_source = g_timeout_add_seconds (REFRESH_SECONDS, on_refresh_cb, self);
  g_source_set_name_by_id (self->refresh_source, "[caredesk] tasks refresh");
  care_tasks_page_reload (self);
}

static void
care_tasks_page_dispose (GObject *object)
{
  CareTasksPage *self = CARE_TASKS_PAGE (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_TASKS_PAGE);

  G_OBJECT_CLASS (care_tasks_page_parent_class)->dispose (object);
}

static void
care_tasks_page_class_init (CareTasksPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  care_page_class_set_info (CARE_PAGE_CLASS (klass), "tasks", N_("My Tasks"),
                            "object-select-symbolic", NULL);

  object_class->constructed = care_tasks_page_constructed;
  object_class->dispose = care_tasks_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/tasks/care-tasks-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareTasksPage, todo_list);
  gtk_widget_class_bind_template_child (widget_class, CareTasksPage, given_list);
  gtk_widget_class_bind_template_callback (widget_class, on_assign_clicked_cb);
}

static void
care_tasks_page_init (CareTasksPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_placeholder (self->todo_list, care_list_placeholder_new (_("Nothing to do. Tasks given to you or to your role appear here.")));
  gtk_list_box_set_placeholder (self->given_list, care_list_placeholder_new (_("You have not given anyone a task.")));
}

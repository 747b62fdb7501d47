/* care-task-dialogs.c: assigning a task, and completing one with a note
 *
 * Both dialogs ask core (care-tasks.h) as the person types, so a refusal
 * shows under its field before anything is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-task-dialogs"

#include "config.h"

#include <glib/gi18n.h>

#include "care-dialog-fields.h"
#include "care-task-dialogs.h"
#include "care-alert.h"

/* --- assigning ------------------------------------------------------------- */

typedef struct {
  CareStore    *store;
  GtkWidget    *dialog;
  GtkWidget    *title;
  GtkWidget    *title_error;
  GtkDropDown  *who;
  GtkWidget    *who_error;
  GtkWidget    *due;
  GtkWidget    *due_error;
  GPtrArray    *choices;   /* "role:nurse" or a user's id, as the drop-down lists them */
} Assign;

static void
assign_free (Assign *a)
{
  g_clear_object (&a->store);
  g_clear_pointer (&a->choices, g_ptr_array_unref);
  g_free (a);
}

/* The task the dialog describes now, or NULL with each refusal shown. */
static CareRecord *
assign_build (Assign *a)
{
  const char *choice = a->choices->pdata[gtk_drop_down_get_selected (a->who)];
  gboolean is_role = g_str_has_prefix (choice, "role:");
  const CareField *due_field = care_entity_field (care_schema_lookup ("task"), "due_at");
  g_autofree char *due = NULL;
  g_autofree char *due_message = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) task = NULL;
  const char *field;

  care_dialog_show_error (a->title_error, NULL);
  care_dialog_show_error (a->who_error, NULL);
  if (!care_field_normalize (due_field, gtk_editable_get_text (GTK_EDITABLE (a->due)), &due, &due_message))
    {
      care_dialog_show_error (a->due_error, due_message);
      return NULL;
    }
  care_dialog_show_error (a->due_error, NULL);
  task = care_tasks_new (gtk_editable_get_text (GTK_EDITABLE (a->title)), is_role ? NULL : choice,
                         is_role ? choice + strlen ("role:") : NULL, due, &error);
  if (task)
    return g_steal_pointer (&task);
  field = care_rule_error_get_field (error);
  care_dialog_show_error (g_strcmp0 (field, "title") == 0 ? a->title_error : a->who_error,
              care_rule_error_get_detail (error) ? care_rule_error_get_detail (error) : error->message);
  return NULL;
}

static void
on_assign_changed_cb (Assign *a)
{
  g_autoptr(CareRecord) task = NULL;

  /* An empty title is not yet an error to show: the person has not typed. */
  if (*gtk_editable_get_text (GTK_EDITABLE (a->title)) == '\0')
    {
      care_alert_set_response_enabled (a->dialog, "assign", FALSE);
      return;
    }
  task = assign_build (a);
  care_alert_set_response_enabled (a->dialog, "assign", task != NULL);
}

static void
on_assign_response_cb (GtkWidget        *dialog,
                       const char       *response,
                       Assign           *a)
{
  g_autoptr(CareRecord) task = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "assign") || (task = assign_build (a)) == NULL)
    return;
  if (!care_tasks_save (a->store, NULL, task, &error))
    care_dialog_refused (care_alert_get_parent (dialog), error);
}

/* Everyone of each role, then each active staff member by name. */
static GtkStringList *
assign_choices (Assign *a)
{
  const char *const *roles = care_schema_roles ();
  GtkStringList *labels = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) users = care_store_list (a->store, care_schema_lookup ("user"), NULL, NULL, "full_name", 0, NULL);

  for (guint i = 0; users && i < users->len; i++)
    if (care_record_get_int (users->pdata[i], "active", 1) != 0)
      {
        g_autofree char *label = g_strdup_printf ("%s (%s)", care_record_get (users->pdata[i], "full_name"),
                                                  care_role_label (care_record_get (users->pdata[i], "role")));

        gtk_string_list_append (labels, label);
        g_ptr_array_add (a->choices, g_strdup (care_record_get_id (users->pdata[i])));
      }
  for (guint i = 0; roles[i]; i++)
    {
      /* Translators: a task for every staff member of a role, e.g. "Every Nurse" */
      g_autofree char *label = g_strdup_printf (_("Everyone who is: %s"), care_role_label (roles[i]));

      gtk_string_list_append (labels, label);
      g_ptr_array_add (a->choices, g_strconcat ("role:", roles[i], NULL));
    }
  return labels;
}

GtkWidget *
care_task_assign_dialog_new (CareStore *store)
{
  Assign *a = g_new0 (Assign, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *caption;
  g_autoptr(GtkStringList) labels = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  a->store = g_object_ref (store);
  a->choices = g_ptr_array_new_with_free_func (g_free);
  a->title = care_dialog_entry (box, _("_Task"), "task-title", _("e.g. Restock the dressing trolley"));
  a->title_error = care_dialog_error_new ("task-title-error");
  gtk_box_append (GTK_BOX (box), a->title_error);

  caption = gtk_label_new_with_mnemonic (_("_For"));
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_add_css_class (caption, "heading");
  gtk_widget_set_margin_top (caption, 6);
  gtk_box_append (GTK_BOX (box), caption);
  labels = assign_choices (a);
  a->who = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL));
  gtk_widget_set_name (GTK_WIDGET (a->who), "task-for");
  gtk_label_set_mnemonic_widget (GTK_LABEL (caption), GTK_WIDGET (a->who));
  gtk_accessible_update_property (GTK_ACCESSIBLE (a->who), GTK_ACCESSIBLE_PROPERTY_LABEL, _("For"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (a->who));
  a->who_error = care_dialog_error_new ("task-for-error");
  gtk_box_append (GTK_BOX (box), a->who_error);

  a->due = care_dialog_entry (box, _("_Due (optional)"), "task-due", _("e.g. 2026-12-10 14:30"));
  a->due_error = care_dialog_error_new ("task-due-error");
  gtk_box_append (GTK_BOX (box), a->due_error);

  a->dialog = care_dialog_new ("task-assign-dialog", _("Assign a Task"),
                          _("The task appears on the “My Tasks” page of whoever it is for."),
                          "assign", _("_Assign"), box);
  g_object_set_data_full (G_OBJECT (a->dialog), "assign", a, (GDestroyNotify) assign_free);
  g_signal_connect_swapped (a->title, "changed", G_CALLBACK (on_assign_changed_cb), a);
  g_signal_connect_swapped (a->due, "changed", G_CALLBACK (on_assign_changed_cb), a);
  g_signal_connect_swapped (a->who, "notify::selected", G_CALLBACK (on_assign_changed_cb), a);
  g_signal_connect (a->dialog, "response", G_CALLBACK (on_assign_response_cb), a);
  return a->dialog;
}

/* --- completing ------------------------------------------------------------ */

typedef struct {
  CareStore  *store;
  CareRecord *task;
  GtkWidget  *dialog;
  GtkWidget  *note;
} Done;

static void
done_free (Done *d)
{
  g_clear_object (&d->store);
  g_clear_pointer (&d->task, care_record_unref);
  g_free (d);
}

/* The completed copy of the task, or NULL while no note is written. */
static CareRecord *
done_build (Done *d)
{
  g_autoptr(CareRecord) done = care_record_copy (d->task);

  if (!care_tasks_complete (done, care_store_get_actor (d->store), gtk_editable_get_text (GTK_EDITABLE (d->note)), NULL))
    return NULL;
  return g_steal_pointer (&done);
}

static void
on_note_changed_cb (Done *d)
{
  g_autoptr(CareRecord) done = done_build (d);

  care_alert_set_response_enabled (d->dialog, "done", done != NULL);
}

static void
on_done_response_cb (GtkWidget        *dialog,
                     const char       *response,
                     Done             *d)
{
  g_autoptr(CareRecord) done = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "done") || (done = done_build (d)) == NULL)
    return;
  if (!care_tasks_save (d->store, d->task, done, &error))
    care_dialog_refused (care_alert_get_parent (dialog), error);
}

GtkWidget *
care_task_done_dialog_new (CareStore  *store,
                           CareRecord *task)
{
  Done *d = g_new0 (Done, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (task != NULL, NULL);

  d->store = g_object_ref (store);
  d->task = care_record_copy (task);
  d->note = care_dialog_entry (box, _("_What was done"), "task-note", _("e.g. Trolley restocked, two gauze packs short"));
  d->dialog = care_dialog_new ("task-done-dialog", _("Mark the Task Done"), care_record_get (task, "title"),
                          "done", _("_Done"), box);
  g_object_set_data_full (G_OBJECT (d->dialog), "done", d, (GDestroyNotify) done_free);
  g_signal_connect_swapped (d->note, "changed", G_CALLBACK (on_note_changed_cb), d);
  g_signal_connect (d->dialog, "response", G_CALLBACK (on_done_response_cb), d);
  return d->dialog;
}

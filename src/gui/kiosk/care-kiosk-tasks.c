/* care-kiosk-tasks.c: what a patient asks for at the kiosk: an appointment, a refill, a form, a message
 *
 * Each is written to the kiosk's store with its outbox entry, then sent
 * at once (care_kiosk_window_push()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-kiosk-tasks"

#include "config.h"

#include <glib/gi18n.h>

#include "care-form-filler.h"
#include "care-kiosk-window-private.h"

GtkWidget *
care_kiosk_heading (const char *text,
                    const char *css)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, css);
  return label;
}

static GtkWidget *
labelled_entry (GtkWidget  *box,
                const char *label,
                const char *name)
{
  GtkWidget *title = care_kiosk_heading (label, "heading");
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (entry, name);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL, -1);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), entry);
  return entry;
}

GtkWidget *
care_kiosk_error_label (GtkWidget *box)
{
  GtkWidget *label = care_kiosk_heading (NULL, "error");

  gtk_widget_set_name (label, "kiosk-task-error");
  gtk_widget_set_visible (label, FALSE);
  gtk_box_append (GTK_BOX (box), label);
  g_object_set_data (G_OBJECT (box), "error", label);
  return label;
}

static void
show_error (CareKioskWindow *self,
            const GError    *error)
{
  GtkWidget *box = adw_bin_get_child (self->task_content);
  GtkWidget *label = g_object_get_data (G_OBJECT (box), "error");

  if (label)
    {
      gtk_label_set_text (GTK_LABEL (label), error->message);
      gtk_widget_set_visible (label, TRUE);
    }
}

/* --- asking for an appointment ------------------------------------------- */

/* The doctors the patient has seen: a request goes to one of them; a
 * first appointment is booked at the desk. */
GtkStringList *
care_kiosk_known_doctors (CareKioskWindow *self,
                          GPtrArray       *ids)
{
  g_autoptr(GPtrArray) all = care_store_list (self->store, care_schema_lookup ("appointment"), "patient_id",
                                              self->patient_id, "starts_at DESC", 0, NULL);
  GtkStringList *names = gtk_string_list_new (NULL);

  for (guint i = 0; all && i < all->len; i++)
    {
      const char *doctor = care_record_get (all->pdata[i], "provider_id");
      g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (care_record_get (all->pdata[i], "starts_at"), NULL);
      g_autofree char *day = NULL;
      g_autofree char *text = NULL;

      if (doctor == NULL || when == NULL || g_ptr_array_find_with_equal_func (ids, doctor, g_str_equal, NULL))
        continue;
      /* Translators: a date (strftime) */
      day = g_date_time_format (when, _("%-d %B %Y"));
      /* Translators: which doctor a request is for, named by the last visit with them */
      text = g_strdup_printf (_("The doctor of your appointment on %s"), day);
      g_ptr_array_add (ids, g_strdup (doctor));
      gtk_string_list_append (names, text);
    }
  return names;
}

static GtkWidget *
request_page (CareKioskWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GtkStringList) names = care_kiosk_known_doctors (self, ids);
  GtkWidget *doctor, *calendar, *time, *title;
  g_autoptr(GDateTime) today = care_clock_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (today, 1);

  gtk_box_append (GTK_BOX (box), care_kiosk_heading (_("Ask for an Appointment"), "title-1"));
  gtk_box_append (GTK_BOX (box), care_kiosk_heading (_("Choose a day and a time of day. The clinic will confirm the exact time, "
                                            "or suggest another."), "body"));
  g_object_set_data_full (G_OBJECT (box), "doctors", ids, (GDestroyNotify) g_ptr_array_unref);
  if (g_list_model_get_n_items (G_LIST_MODEL (names)) == 0)
    {
      gtk_box_append (GTK_BOX (box), care_kiosk_heading (_("For a first appointment, please ask at the reception desk."), "heading"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->task_send), FALSE);
      return box;
    }
  title = care_kiosk_heading (_("Doctor"), "heading");
  doctor = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  gtk_widget_set_name (doctor, "kiosk-request-doctor");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (doctor), GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL, -1);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), doctor);
  title = care_kiosk_heading (_("Day"), "heading");
  calendar = gtk_calendar_new ();
  gtk_widget_set_name (calendar, "kiosk-request-day");
  gtk_calendar_select_day (GTK_CALENDAR (calendar), tomorrow);
  gtk_widget_set_halign (calendar, GTK_ALIGN_START);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (calendar), GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL, -1);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), calendar);
  title = care_kiosk_heading (_("Time of day"), "heading");
  time = gtk_drop_down_new_from_strings ((const char *const[]) { _("Morning"), _("Afternoon"), NULL });
  gtk_widget_set_name (time, "kiosk-request-time");
  gtk_widget_set_halign (time, GTK_ALIGN_START);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (time), GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL, -1);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), time);
  g_object_set_data (G_OBJECT (box), "doctor", doctor);
  g_object_set_data (G_OBJECT (box), "day", calendar);
  g_object_set_data (G_OBJECT (box), "time", time);
  g_object_set_data (G_OBJECT (box), "reason",
                     labelled_entry (box, _("What is it about? (optional)"), "kiosk-request-reason"));
  care_kiosk_error_label (box);
  return box;
}

static CareRecord *
request_record (CareKioskWindow *self,
                GtkWidget       *box,
                GError         **error)
{
  GPtrArray *ids = g_object_get_data (G_OBJECT (box), "doctors");
  guint doctor = gtk_drop_down_get_selected (g_object_get_data (G_OBJECT (box), "doctor"));
  g_autoptr(GDateTime) day = gtk_calendar_get_date (g_object_get_data (G_OBJECT (box), "day"));
  gboolean afternoon = gtk_drop_down_get_selected (g_object_get_data (G_OBJECT (box), "time")) == 1;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) local = g_date_time_new (tz, g_date_time_get_year (day), g_date_time_get_month (day),
                                                g_date_time_get_day_of_month (day), afternoon ? 14 : 9, 0, 0);
  g_autoptr(GDateTime) now = care_clock_now_utc ();
  g_autofree char *starts = NULL;
  const char *reason = gtk_editable_get_text (g_object_get_data (G_OBJECT (box), "reason"));
  CareRecord *a;

  if (g_date_time_compare (local, now) <= 0)
    {
      g_set_error_literal (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, _("Choose a day after today."));
      return NULL;
    }
  {
    g_autoptr(GDateTime) utc = g_date_time_to_utc (local);

    starts = care_iso8601_format (utc);
  }
  a = care_record_new (care_schema_lookup ("appointment"));
  care_record_set (a, "patient_id", self->patient_id);
  care_record_set (a, "provider_id", g_ptr_array_index (ids, doctor));
  care_record_set (a, "starts_at", starts);
  care_record_set (a, "duration_minutes", "20");
  care_record_set (a, "type", "consultation");
  care_record_set (a, "status", "requested");
  if (reason[0])
    care_record_set (a, "reason", reason);
  return a;
}

/* --- the task page ------------------------------------------------------- */

static GtkWidget *
refill_page (CareKioskWindow *self,
             const char      *prescription_id)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  gtk_box_append (GTK_BOX (box), care_kiosk_heading (_("Ask for a Refill"), "title-1"));
  gtk_box_append (GTK_BOX (box), care_kiosk_heading (_("Your doctor decides; you will see the answer here and at the pharmacy."), "body"));
  g_object_set_data (G_OBJECT (box), "reason",
                     labelled_entry (box, _("Anything your doctor should know? (optional)"), "kiosk-refill-reason"));
  care_kiosk_error_label (box);
  return box;
}

void
care_kiosk_task_open (CareKioskWindow *self,
                      KioskTask        task,
                      const char      *subject)
{
  GtkWidget *page = NULL;

  g_return_if_fail (self->store != NULL);

  g_clear_pointer (&self->task_subject, g_free);
  self->task_subject = g_strdup (subject);
  self->task = task;
  gtk_widget_set_sensitive (GTK_WIDGET (self->task_send), TRUE);
  /* Looking at a file sends nothing. */
  gtk_widget_set_visible (GTK_WIDGET (self->task_send), task != KIOSK_TASK_ATTACHMENT);
  switch (task)
    {
    case KIOSK_TASK_REQUEST:
      gtk_button_set_label (self->task_send, _("_Send Request"));
      page = request_page (self);
      break;
    case KIOSK_TASK_REFILL:
      gtk_button_set_label (self->task_send, _("_Send Request"));
      page = refill_page (self, subject);
      break;
    case KIOSK_TASK_FORM:
      {
        g_autoptr(CareRecord) tmpl = care_store_get (self->store, care_schema_lookup ("form_template"), subject, NULL);

        if (tmpl == NULL)
          return;
        gtk_button_set_label (self->task_send, _("_Send Form"));
        page = care_form_filler_new (tmpl);
        gtk_widget_set_name (page, "kiosk-form");
        break;
      }
    case KIOSK_TASK_THREAD:
      gtk_button_set_label (self->task_send, _("_Send Answer"));
      page = care_kiosk_inbox_thread_page (self, subject);
      break;
    case KIOSK_TASK_MESSAGE:
      gtk_button_set_label (self->task_send, _("_Send Message"));
      page = care_kiosk_inbox_compose_page (self);
      break;
    case KIOSK_TASK_ATTACHMENT:
      page = care_kiosk_attachment_page (self, subject);
      break;
    case KIOSK_TASK_NONE:
    default:
      return;
    }
  if (page == NULL)
    return;
  adw_bin_set_child (self->task_content, page);
  gtk_stack_set_visible_child_name (self->pages, "task");
}

static void
on_task_pushed (CareKioskWindow *self,
                gboolean         sent,
                const GError    *error)
{
  care_kiosk_window_toast (self, sent ? _("Sent to the clinic. Thank you.")
                                      : _("Saved; it will be sent as soon as the clinic’s server can be reached."));
  care_kiosk_sections_build (self);
}

void
care_kiosk_task_send (CareKioskWindow *self)
{
  GtkWidget *page = adw_bin_get_child (self->task_content);
  g_autoptr(CareRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  if (page == NULL || self->store == NULL)
    return;
  switch (self->task)
    {
    case KIOSK_TASK_REQUEST:
      record = request_record (self, page, &error);
      ok = record && care_store_insert (self->store, record, &error);
      break;
    case KIOSK_TASK_REFILL:
      {
        const char *reason = gtk_editable_get_text (g_object_get_data (G_OBJECT (page), "reason"));

        record = care_record_new (care_schema_lookup ("refill_request"));
        care_record_set (record, "prescription_id", self->task_subject);
        care_record_set (record, "patient_id", self->patient_id);
        care_record_set (record, "status", "pending");
        if (reason[0])
          care_record_set (record, "reason", reason);
        ok = care_store_insert (self->store, record, &error);
        break;
      }
    case KIOSK_TASK_FORM:
      record = care_form_filler_make_submission (CARE_FORM_FILLER (page), self->patient_id, &error);
      /* The filler shows a refusal under its question. */
      if (record == NULL)
        return;
      ok = care_forms_submit (self->store, record, &error);
      break;
    case KIOSK_TASK_THREAD:
    case KIOSK_TASK_MESSAGE:
      ok = care_kiosk_inbox_send (self, page, &error);
      break;
    case KIOSK_TASK_NONE:
    default:
      return;
    }
  if (!ok)
    {
      show_error (self, error);
      return;
    }
  adw_bin_set_child (self->task_content, NULL);
  self->task = KIOSK_TASK_NONE;
  gtk_stack_set_visible_child_name (self->pages, "home");
  care_kiosk_window_push (self, on_task_pushed);
}

/* care-kiosk-sections.c: the kiosk's home (the patient's own records) and what they ask for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-kiosk-sections"

#include "config.h"

#include <glib/gi18n.h>

#include "care-appointment-util.h"
#include "care-appointments.h"
#include "care-billing.h"
#include "care-form-filler.h"
#include "care-kiosk-window-private.h"
#include "care-list-util.h"

#define ID_KEY CARE_APPOINTMENT_ID_KEY

/* --- building blocks ----------------------------------------------------- */

GtkWidget *
care_kiosk_section_list (CareKioskWindow *self,
                         GtkWidget       *box,
                         const char      *heading,
                         const char      *empty,
                         const char      *name)
{
  GtkWidget *label = gtk_label_new (heading);
  GtkWidget *list = gtk_list_box_new ();

  gtk_widget_add_css_class (label, "title-3");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_name (list, name);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_placeholder (GTK_LIST_BOX (list), care_list_placeholder_new (empty));
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, heading, -1);
  gtk_box_append (GTK_BOX (box), list);
  return list;
}

GtkWidget *
care_kiosk_section (CareKioskWindow *self,
                    const char      *name,
                    const char      *title)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 860);
  gtk_widget_set_margin_start (box, 24);
  gtk_widget_set_margin_end (box, 24);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 24);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_stack_add_titled (self->sections, scrolled, name, title);
  return box;
}

GtkWidget *
care_kiosk_row_new (const char *title,
                    const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle && *subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

/* A button at the end of row, for the record id (the appointments'
 * helper: callback (GtkButton *, CareKioskWindow *)). */
GtkWidget *
care_kiosk_row_button (CareKioskWindow *self,
                       GtkWidget       *row,
                       const char      *label,
                       const char      *name,
                       const char      *id,
                       GCallback        callback)
{
  GtkWidget *button = care_appointment_action_button (self, label, name, id, callback);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return button;
}

GPtrArray *
care_kiosk_records (CareKioskWindow *self,
                    const char      *entity,
                    const char      *field,
                    const char      *value,
                    const char      *order)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = care_store_list (self->store, care_schema_lookup (entity), field, value, order, 0, &error);

  if (rows == NULL)
    {
      g_warning ("Could not read %s: %s", entity, error->message);
      rows = g_ptr_array_new ();
    }
  return rows;
}

char *
care_kiosk_local_time (const char *iso,
                       const char *format)
{
  g_autoptr(GDateTime) utc = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, format) : g_strdup (iso ? iso : "");
}

static const char *
choice (CareRecord *record,
        const char *field)
{
  return care_field_choice_label (care_entity_field (care_record_get_entity (record), field),
                                  care_record_get (record, field));
}

/* --- appointments and visits --------------------------------------------- */

static void
on_cancel_pushed (CareKioskWindow *self,
                  gboolean         sent,
                  const GError    *error)
{
  care_kiosk_window_toast (self, sent ? _("Your appointment is cancelled.")
                                      : _("Cancelled here; the clinic will be told as soon as its server can be reached."));
  care_kiosk_sections_build (self);
}

static void
on_cancel_clicked_cb (GtkButton       *button,
                      CareKioskWindow *self)
{
  g_autoptr(CareRecord) a = care_store_get (self->store, care_schema_lookup ("appointment"),
                                            g_object_get_data (G_OBJECT (button), ID_KEY), NULL);
  g_autoptr(GError) error = NULL;

  if (a == NULL)
    return;
  if (!care_kiosk_check_cancel (a, &error) ||
      !care_appointments_step (a, "cancelled", _("Cancelled by the patient at the kiosk"), &error) ||
      !care_store_update (self->store, a, &error))
    {
      care_kiosk_window_toast (self, care_rule_error_get_detail (error) ? care_rule_error_get_detail (error) : error->message);
      return;
    }
  care_kiosk_window_push (self, on_cancel_pushed);
}

static void
on_request_clicked_cb (CareKioskWindow *self)
{
  care_kiosk_task_open (self, KIOSK_TASK_REQUEST, NULL);
}

static void
build_appointments (CareKioskWindow *self)
{
  GtkWidget *box = care_kiosk_section (self, "appointments", _("Appointments"));
  GtkWidget *request = gtk_button_new_with_mnemonic (_("_Ask for an Appointment"));
  g_autoptr(GPtrArray) all = care_kiosk_records (self, "appointment", "patient_id", self->patient_id, "starts_at");
  g_autofree char *now = care_now_iso8601 ();
  GtkWidget *coming, *visits;

  gtk_widget_set_name (request, "kiosk-request");
  gtk_widget_add_css_class (request, "suggested-action");
  gtk_widget_set_halign (request, GTK_ALIGN_START);
  g_signal_connect_swapped (request, "clicked", G_CALLBACK (on_request_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), request);
  coming = care_kiosk_section_list (self, box, _("Coming Up"), _("No appointments booked."), "kiosk-appointments");
  visits = care_kiosk_section_list (self, box, _("Past Visits"), _("No visits yet."), "kiosk-visits");
  for (guint i = 0; i < all->len; i++)
    {
      CareRecord *a = all->pdata[i];
      const char *starts = care_record_get (a, "starts_at");
      /* Translators: an appointment's day and time (strftime) */
      g_autofree char *when = care_kiosk_local_time (starts, _("%A %-d %B %Y, %H:%M"));
      const char *reason = care_record_get (a, "reason");
      g_autofree char *subtitle = reason ? g_strdup_printf ("%s · %s", choice (a, "status"), reason)
                                         : g_strdup (choice (a, "status"));
      GtkWidget *row;

      if (g_strcmp0 (starts, now) > 0)
        {
          row = care_kiosk_row_new (when, subtitle);
          if (care_kiosk_check_cancel (a, NULL))
            care_kiosk_row_button (self, row, _("_Cancel Appointment"), "kiosk-cancel", care_record_get_id (a),
                        G_CALLBACK (on_cancel_clicked_cb));
          gtk_list_box_append (GTK_LIST_BOX (coming), row);
        }
      else if (g_strcmp0 (care_record_get (a, "status"), "completed") == 0)
        gtk_list_box_prepend (GTK_LIST_BOX (visits), care_kiosk_row_new (when, subtitle));
    }
}

/* --- prescriptions ------------------------------------------------------- */

static void
on_refill_clicked_cb (GtkButton       *button,
                      CareKioskWindow *self)
{
  care_kiosk_task_open (self, KIOSK_TASK_REFILL, g_object_get_data (G_OBJECT (button), ID_KEY));
}

static char *
medicines_of (CareKioskWindow *self,
              CareRecord      *rx)
{
  g_autoptr(GPtrArray) items = care_kiosk_records (self, "prescription_item", "prescription_id", care_record_get_id (rx), NULL);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      CareRecord *item = items->pdata[i];

      if (text->len)
        g_string_append (text, ", ");
      g_string_append (text, care_record_get (item, "medicine_name") ? care_record_get (item, "medicine_name") : "");
      if (care_record_get (item, "dose"))
        g_string_append_printf (text, " %s", care_record_get (item, "dose"));
    }
  return g_string_free (text, FALSE);
}

static gboolean
refill_pending (CareKioskWindow *self,
                CareRecord      *rx)
{
  g_autoptr(GPtrArray) asked = care_kiosk_records (self, "refill_request", "prescription_id", care_record_get_id (rx), NULL);

  for (guint i = 0; i < asked->len; i++)
    if (g_strcmp0 (care_record_get (asked->pdata[i], "status"), "pending") == 0)
      return TRUE;
  return FALSE;
}

static void
build_prescriptions (CareKioskWindow *self)
{
  GtkWidget *box = care_kiosk_section (self, "prescriptions", _("Prescriptions"));
  GtkWidget *list = care_kiosk_section_list (self, box, _("Your Prescriptions"), _("No prescriptions."), "kiosk-prescriptions");
  g_autoptr(GPtrArray) all = care_kiosk_records (self, "prescription", "patient_id", self->patient_id, "issued_on DESC");

  for (guint i = 0; i < all->len; i++)
    {
      CareRecord *rx = all->pdata[i];
      g_autofree char *medicines = medicines_of (self, rx);
      gboolean pending = refill_pending (self, rx);
      /* Translators: a prescription's date, its status and, when asked, that a refill waits */
      g_autofree char *subtitle = g_strdup_printf (_("Prescribed %s · %s%s"), care_record_get (rx, "issued_on"),
                                                   choice (rx, "status"), pending ? _(" · refill asked for") : "");
      GtkWidget *row = care_kiosk_row_new (*medicines ? medicines : _("Prescription"), subtitle);

      if (g_strcmp0 (care_record_get (rx, "status"), "active") == 0 && !pending)
        care_kiosk_row_button (self, row, _("Ask for a _Refill"), "kiosk-refill", care_record_get_id (rx),
                    G_CALLBACK (on_refill_clicked_cb));
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
}

/* --- results and bills --------------------------------------------------- */

static void
build_results (CareKioskWindow *self)
{
  GtkWidget *box = care_kiosk_section (self, "results", _("Results"));
  GtkWidget *list = care_kiosk_section_list (self, box, _("Lab Results Your Doctor Has Seen"), _("No results yet."), "kiosk-results");
  g_autoptr(GPtrArray) tests = care_kiosk_records (self, "lab_test", "patient_id", self->patient_id, "reviewed_at DESC");

  for (guint i = 0; i < tests->len; i++)
    {
      CareRecord *test = tests->pdata[i];
      g_autoptr(GPtrArray) results = NULL;
      GString *text = g_string_new (NULL);
      GtkWidget *row;

      if (!care_kiosk_shows (test))
        {
          g_string_free (text, TRUE);
          continue;
        }
      results = care_kiosk_records (self, "lab_result", "lab_test_id", care_record_get_id (test), NULL);
      for (guint j = 0; j < results->len; j++)
        {
          CareRecord *r = results->pdata[j];

          if (text->len)
            g_string_append_c (text, '\n');
          g_string_append_printf (text, "%s: %s %s", care_record_get (r, "analyte"), care_record_get (r, "value"),
                                  care_record_get (r, "unit") ? care_record_get (r, "unit") : "");
          if (care_record_get (r, "flag") && !g_str_equal (care_record_get (r, "flag"), "normal"))
            g_string_append_printf (text, " (%s)", choice (r, "flag"));
        }
      row = care_kiosk_row_new (care_record_get (test, "test_name"), text->str);
      g_string_free (text, TRUE);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
}

static void
build_bills (CareKioskWindow *self)
{
  GtkWidget *box = care_kiosk_section (self, "bills", _("Bills"));
  GtkWidget *list = care_kiosk_section_list (self, box, _("Invoices and Payments"), _("No invoices."), "kiosk-invoices");
  g_autoptr(GPtrArray) invoices = care_kiosk_records (self, "invoice", "patient_id", self->patient_id, "issued_on DESC");

  for (guint i = 0; i < invoices->len; i++)
    {
      CareRecord *inv = invoices->pdata[i];
      const char *currency = care_record_get (inv, "currency");
      g_autofree char *total = care_billing_format_money (care_record_get_int (inv, "total", 0), currency);
      g_autofree char *paid = care_billing_format_money (care_record_get_int (inv, "paid_total", 0), currency);
      /* Translators: an invoice's number, then its date */
      g_autofree char *title = g_strdup_printf (_("Invoice %s of %s"), care_record_get (inv, "number") ? care_record_get (inv, "number") : "",
                                                care_record_get (inv, "issued_on") ? care_record_get (inv, "issued_on") : "");
      /* Translators: an invoice's total, what was paid, and its status */
      g_autofree char *subtitle = g_strdup_printf (_("Total %s · paid %s · %s"), total, paid, choice (inv, "status"));

      if (care_kiosk_shows (inv))
        gtk_list_box_append (GTK_LIST_BOX (list), care_kiosk_row_new (title, subtitle));
    }
}

/* --- forms --------------------------------------------------------------- */

static void
on_fill_clicked_cb (GtkButton       *button,
                    CareKioskWindow *self)
{
  care_kiosk_task_open (self, KIOSK_TASK_FORM, g_object_get_data (G_OBJECT (button), ID_KEY));
}

static void
build_forms (CareKioskWindow *self)
{
  GtkWidget *box = care_kiosk_section (self, "forms", _("Forms"));
  GtkWidget *offered = care_kiosk_section_list (self, box, _("Forms to Fill In"), _("The clinic has no forms for you."), "kiosk-forms");
  GtkWidget *sent = care_kiosk_section_list (self, box, _("Forms You Sent"), _("You have not sent any forms."), "kiosk-sent-forms");
  g_autoptr(GPtrArray) templates = care_forms_list_templates (self->store, TRUE, NULL);
  g_autoptr(GPtrArray) mine = care_kiosk_records (self, "form_submission", "patient_id", self->patient_id, CARE_COLUMN_CREATED_AT " DESC");

  for (guint i = 0; templates && i < templates->len; i++)
    {
      CareRecord *tmpl = templates->pdata[i];
      GtkWidget *row = care_kiosk_row_new (care_record_get (tmpl, "name"), care_record_get (tmpl, "description"));

      care_kiosk_row_button (self, row, _("_Fill In"), "kiosk-fill", care_record_get_id (tmpl), G_CALLBACK (on_fill_clicked_cb));
      gtk_list_box_append (GTK_LIST_BOX (offered), row);
    }
  for (guint i = 0; i < mine->len; i++)
    {
      CareRecord *form = mine->pdata[i];
      const char *notes = care_record_get (form, "review_notes");
      g_autofree char *subtitle = notes ? g_strdup_printf ("%s · %s", choice (form, "status"), notes)
                                        : g_strdup (choice (form, "status"));

      gtk_list_box_append (GTK_LIST_BOX (sent), care_kiosk_row_new (choice (form, "form_type"), subtitle));
    }
}

void
care_kiosk_sections_clear (CareKioskWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sections))))
    gtk_stack_remove (self->sections, child);
}

void
care_kiosk_sections_build (CareKioskWindow *self)
{
  g_autofree char *visible = g_strdup (gtk_stack_get_visible_child_name (self->sections));

  care_kiosk_sections_clear (self);
  if (self->store == NULL)
    return;
  build_appointments (self);
  build_prescriptions (self);
  build_results (self);
  build_bills (self);
  build_forms (self);
  care_kiosk_inbox_build (self);
  if (visible)
    gtk_stack_set_visible_child_name (self->sections, visible);
}

/* care-booking-dialog.c: book an appointment, or move one to another time
 *
 * The patient is found as it is typed (the store's patient search); the
 * time is a free slot of the doctor's picked from the list, or typed.  The
 * rules are core's (care_schedule_book / _reschedule): a clash comes back
 * as CARE_SCHEDULE_ERROR and is shown under the time, where the receptionist
 * is looking, and nothing is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-booking-dialog"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "care-appointment-util.h"
#include "care-booking-dialog.h"
#include "care-clock.h"
#include "care-patient-search.h"
#include "care-schedule.h"

#define N_RESULTS 6

struct _CareBookingDialog
{
  AdwWindow     parent_instance;

  CareStore    *store;
  char         *appointment_id;   /* rescheduling */
  char         *patient_id;
  GPtrArray    *doctor_ids;

  GtkWidget    *book_button;
  GtkWidget    *patient_box;
  GtkSearchEntry *patient_search;
  GtkListBox   *patient_results;
  GtkLabel     *patient_label;
  AdwComboRow  *doctor_row;
  AdwEntryRow  *date_row;
  AdwEntryRow  *time_row;
  GtkLabel     *time_error;
  GtkLabel     *slots_label;
  GtkFlowBox   *slots;
  AdwComboRow  *type_row;
  AdwEntryRow  *duration_row;
  AdwEntryRow  *reason_row;
  AdwEntryRow  *location_row;
  GtkSwitch    *referral_switch;
  GtkLabel     *error_label;
};

G_DEFINE_FINAL_TYPE (CareBookingDialog, care_booking_dialog, ADW_TYPE_WINDOW)

enum { DONE, N_SIGNALS };
static guint signals[N_SIGNALS];

static const CareField *
type_field (void)
{
  return care_entity_field (care_schema_lookup ("appointment"), "type");
}

static void
show_error (GtkLabel   *label,
            const char *text)
{
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

static void
choose_patient (CareBookingDialog *self,
                const char        *id,
                const char        *name)
{
  g_free (self->patient_id);
  self->patient_id = g_strdup (id);
  gtk_label_set_text (self->patient_label, name);
  gtk_widget_remove_css_class (GTK_WIDGET (self->patient_label), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->patient_results), FALSE);
}

static void
patient_activated_cb (CareBookingDialog *self,
                      GtkListBoxRow     *row)
{
  choose_patient (self, care_patient_search_row_id (row),
                  adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
}

static void
patient_search_changed_cb (CareBookingDialog *self)
{
  care_patient_search_fill (self->patient_results, self->store,
                            gtk_editable_get_text (GTK_EDITABLE (self->patient_search)),
                            N_RESULTS, "booking-patient-result");
}

static const char *
selected_doctor (CareBookingDialog *self)
{
  guint i = adw_combo_row_get_selected (self->doctor_row);

  return i < self->doctor_ids->len ? self->doctor_ids->pdata[i] : NULL;
}

static int
duration (CareBookingDialog *self)
{
  return atoi (gtk_editable_get_text (GTK_EDITABLE (self->duration_row)));
}

/* The typed date and time as an instant in the local zone; 0 if either is
 * not one. */
static gint64
typed_start (CareBookingDialog *self,
             gboolean           with_time)
{
  int y, mo, d, h = 0, mi = 0;
  g_autoptr(GDateTime) t = NULL;

  if (sscanf (gtk_editable_get_text (GTK_EDITABLE (self->date_row)), "%d-%d-%d", &y, &mo, &d) != 3 ||
      (with_time && sscanf (gtk_editable_get_text (GTK_EDITABLE (self->time_row)), "%d:%d", &h, &mi) != 2) ||
      h < 0 || h > 23 || mi < 0 || mi > 59)
    return 0;
  t = g_date_time_new_local (y, mo, d, h, mi, 0);
  return t ? g_date_time_to_unix (t) * G_USEC_PER_SEC : 0;
}

static void
slot_clicked_cb (GtkButton         *button,
                 CareBookingDialog *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), gtk_button_get_label (button));
}

static void
refresh_slots (CareBookingDialog *self)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GArray) free_slots = NULL;
  const char *doctor = selected_doctor (self);
  gint64 day = typed_start (self, FALSE);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->slots))))
    gtk_flow_box_remove (self->slots, child);
  if (doctor && day && duration (self) > 0)
    free_slots = care_schedule_free_slots (self->store, doctor, day, day + G_TIME_SPAN_DAY, duration (self), tz, NULL);
  for (guint i = 0; free_slots && i < free_slots->len; i++)
    {
      g_autofree char *label = care_appointment_format_time (g_array_index (free_slots, gint64, i));
      GtkWidget *button = gtk_button_new_with_label (label);

      gtk_widget_set_name (button, "booking-slot");
      g_signal_connect (button, "clicked", G_CALLBACK (slot_clicked_cb), self);
      gtk_flow_box_append (self->slots, button);
    }
  gtk_label_set_text (self->slots_label,
                      free_slots == NULL ? _("Choose a doctor and a date to see the free times.")
                      : free_slots->len ? _("Free times that day:")
                      : _("No free time that day: try another date or doctor."));
}

static void
time_changed_cb (CareBookingDialog *self)
{
  show_error (self->time_error, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->time_row), "error");
}

static void
book_clicked_cb (CareBookingDialog *self)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) previous = NULL;
  g_autoptr(CareRecord) appointment = NULL;
  g_autofree char *starts_at = NULL;
  gint64 start = typed_start (self, TRUE);
  gboolean ok;

  show_error (self->error_label, NULL);
  time_changed_cb (self);
  if (self->patient_id == NULL)
    {
      show_error (self->error_label, _("Find and choose the patient first."));
      return;
    }
  if (start == 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->time_row), "error");
      show_error (self->time_error, _("Type a date as YYYY-MM-DD and a time as HH:MM, or pick a free time."));
      return;
    }
  starts_at = care_appointment_format_instant (start);

  if (self->appointment_id)
    {
      previous = care_store_get (self->store, care_schema_lookup ("appointment"), self->appointment_id, NULL);
      ok = care_schedule_reschedule (self->store, self->appointment_id, starts_at, tz, &error);
    }
  else
    {
      guint type = adw_combo_row_get_selected (self->type_row);

      appointment = care_record_new (care_schema_lookup ("appointment"));
      care_record_set (appointment, "patient_id", self->patient_id);
      care_record_set (appointment, "provider_id", selected_doctor (self));
      care_record_set (appointment, "starts_at", starts_at);
      care_record_set_int (appointment, "duration_minutes", duration (self));
      care_record_set (appointment, "type", type_field ()->choices[type == GTK_INVALID_LIST_POSITION ? 0 : type]);
      care_record_set (appointment, "reason", gtk_editable_get_text (GTK_EDITABLE (self->reason_row)));
      care_record_set (appointment, "location", gtk_editable_get_text (GTK_EDITABLE (self->location_row)));
      care_record_set (appointment, "referral_required", gtk_switch_get_active (self->referral_switch) ? "1" : "0");
      ok = care_schedule_book (self->store, appointment, tz, &error);
    }

  if (!ok)
    {
      if (error->domain == CARE_SCHEDULE_ERROR)
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->time_row), "error");
          /* Under the time the label would repeat the field's name. */
          show_error (self->time_error, care_rule_error_get_detail (error));
        }
      else
        show_error (self->error_label, error->message);
      return;
    }
  g_signal_emit (self, signals[DONE], 0,
                 self->appointment_id ? self->appointment_id : care_record_get_id (appointment), previous);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
care_booking_dialog_finalize (GObject *object)
{
  CareBookingDialog *self = CARE_BOOKING_DIALOG (object);

  g_clear_object (&self->store);
  g_free (self->appointment_id);
  g_free (self->patient_id);
  g_ptr_array_unref (self->doctor_ids);
  G_OBJECT_CLASS (care_booking_dialog_parent_class)->finalize (object);
}

static void
care_booking_dialog_class_init (CareBookingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = care_booking_dialog_finalize;

  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 2, G_TYPE_STRING, CARE_TYPE_RECORD);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/caredesk/Caredesk/appointments/care-booking-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CareBookingDialog, book_button);
  gtk_widget_class_bind_template_child (widget_class, CareBookingDialog, patient_box);
  gtk_widget_class_bind_template_child (widget_class, CareBookingDialog, patient_search);
  gtk_widget_class_bind_template_child (widget_class, CareBookingDialog, patient_results);
  gtk_widget_class_bind_template_child (widget_class, CareBookingDialog, patient_label);
  gtk_widget_class_bind_template_child (widget_class, CareBookingDialog, doctor_row);
  gtk_widget_class_bind_template_child (widget_class, CareBookingDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, CareBookingDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, CareBookingDialog, time_error);
  gtk_widget_class_bind_template_child (widget_class, CareBookingDialog, slots_label);
  gtk_widget_class_bind_template_child (widget_class, CareBookingDialog, slots);
  gtk_widget_class_bind_template_child (widget_class, CareBookingDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, CareBookingDialog, duration_row);
  gtk_widget_class_bind_template_child (widget_class, CareBookingDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, CareBookingDialog, location_row);
  gtk_widget_class_bind_template_child (widget_class, CareBookingDialog, referral_switch);
  gtk_widget_class_bind_template_child (widget_class, CareBookingDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, book_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, patient_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, patient_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, refresh_slots);
  gtk_widget_class_bind_template_callback (widget_class, time_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, gtk_window_destroy);
}

static void
care_booking_dialog_init (CareBookingDialog *self)
{
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);

  self->doctor_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; type_field ()->choices[i]; i++)
    gtk_string_list_append (types, care_field_choice_label (type_field (), type_field ()->choices[i]));
  adw_combo_row_set_model (self->type_row, G_LIST_MODEL (types));
}

static CareBookingDialog *
dialog_new (CareStore  *store,
            const char *doctor_id,
            gint64      start)
{
  CareBookingDialog *self = g_object_new (CARE_TYPE_BOOKING_DIALOG, NULL);
  g_autoptr(GPtrArray) doctors = care_store_list (store, care_schema_lookup ("user"), "role", CARE_ROLE_DOCTOR,
                                                  "full_name", 0, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  self->store = g_object_ref (store);
  for (guint i = 0; doctors && i < doctors->len; i++)
    {
      if (g_strcmp0 (care_record_get_id (doctors->pdata[i]), doctor_id) == 0)
        selected = i;
      g_ptr_array_add (self->doctor_ids, g_strdup (care_record_get_id (doctors->pdata[i])));
      gtk_string_list_append (names, care_record_get (doctors->pdata[i], "full_name"));
    }
  adw_combo_row_set_model (self->doctor_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->doctor_row, selected);
  if (start == 0)
    start = care_clock_get_real_time ();
  {
    g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (start / G_USEC_PER_SEC);
    g_autoptr(GDateTime) local = g_date_time_to_local (utc);
    g_autofree char *date = g_date_time_format (local, "%Y-%m-%d");
    g_autofree char *time = g_date_time_format (local, "%H:%M");

    gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
    gtk_editable_set_text (GTK_EDITABLE (self->time_row), time);
  }
  refresh_slots (self);
  return self;
}

CareBookingDialog *
care_booking_dialog_new (CareStore  *store,
                         const char *doctor_id,
                         gint64      start)
{
  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  return dialog_new (store, doctor_id, start);
}

void
care_booking_dialog_set_patient (CareBookingDialog *self,
                                 const char        *patient_id)
{
  g_autofree char *name = NULL;

  g_return_if_fail (CARE_IS_BOOKING_DIALOG (self));

  name = care_appointment_patient_name (self->store, patient_id);
  if (name)
    choose_patient (self, patient_id, name);
}

CareBookingDialog *
care_booking_dialog_new_reschedule (CareStore  *store,
                                    const char *appointment_id)
{
  g_autoptr(CareRecord) a = care_store_get (store, care_schema_lookup ("appointment"), appointment_id, NULL);
  CareBookingDialog *self;

  g_return_val_if_fail (a != NULL, NULL);

  self = dialog_new (store, care_record_get (a, "provider_id"), care_appointment_starts_at (a));
  self->appointment_id = g_strdup (appointment_id);
  care_booking_dialog_set_patient (self, care_record_get (a, "patient_id"));
  gtk_widget_set_visible (GTK_WIDGET (self->patient_search), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->doctor_row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->duration_row), care_record_get (a, "duration_minutes"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->duration_row), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->type_row), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reason_row), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->location_row), FALSE);
  gtk_window_set_title (GTK_WINDOW (self), _("Move Appointment"));
  gtk_button_set_label (GTK_BUTTON (self->book_button), _("_Move"));
  refresh_slots (self);
  return self;
}

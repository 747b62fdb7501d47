/* care-appointments-page.c: the front desk: calendar, today's list, the waiting room
 *
 * The calendar shows a day (a column per doctor) or one doctor's week.
 * Beside it, the waiting room (checked-in patients, how long each has been
 * waiting, ticking with the clock's minutes) above today's appointments
 * with Check in, Cancel and No-show.  Every change is a toast with Undo
 * that puts the previous record back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-appointments-page"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "care-appointment-util.h"
#include "care-appointments.h"
#include "care-appointments-page.h"
#include "care-booking-dialog.h"
#include "care-clock.h"
#include "care-follow-ups.h"
#include "care-list-util.h"
#include "care-schedule.h"
#include "care-waiting-room.h"
#include "care-week-view.h"
#include "care-alert.h"

#define ID_KEY CARE_APPOINTMENT_ID_KEY

struct _CareAppointmentsPage
{
  GtkWidget        parent_instance;

  CareStore       *store;
  char            *user_id;
  gulong           changed_id;
  guint            refresh_idle;
  GDate            date;
  GPtrArray       *doctor_ids;
  GPtrArray       *doctor_names;

  AdwToastOverlay *toasts;
  GtkLabel        *date_label;
  GtkToggleButton *day_toggle;
  GtkToggleButton *week_toggle;
  GtkDropDown     *doctor_dropdown;
  GtkRevealer     *double_revealer;
  GtkLabel        *double_label;
  CareWeekView    *view;
  CareWaitingRoom *queue;
  GtkListBox      *today;
  GtkListBox      *follow_ups;
};

G_DEFINE_FINAL_TYPE (CareAppointmentsPage, care_appointments_page, CARE_TYPE_PAGE)

enum { PROP_0, PROP_STORE, PROP_USER_ID, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* --- toasts with Undo --------------------------------------------------- */

static void
undo_cb (AdwToast             *toast,
         CareAppointmentsPage *self)
{
  CareRecord *previous = g_object_get_data (G_OBJECT (toast), "previous");
  const char *booked = g_object_get_data (G_OBJECT (toast), "booked");
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* A new booking is taken back; a change puts the record as it was. */
  if (booked)
    ok = care_store_delete (self->store, care_schema_lookup ("appointment"), booked, &error);
  else
    ok = care_store_update (self->store, previous, &error);
  if (!ok)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
}

static void
toast_with_undo (CareAppointmentsPage *self,
                 const char           *title,
                 CareRecord           *previous,
                 const char           *booked_id)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  if (previous)
    g_object_set_data_full (G_OBJECT (toast), "previous", care_record_ref (previous),
                            (GDestroyNotify) care_record_unref);
  g_object_set_data_full (G_OBJECT (toast), "booked", g_strdup (booked_id), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_cb), self, 0);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

static void
booking_done_cb (CareAppointmentsPage *self,
                 const char           *id,
                 CareRecord           *previous)
{
  if (previous)
    toast_with_undo (self, _("Appointment moved"), previous, NULL);
  else
    toast_with_undo (self, _("Appointment booked"), NULL, id);
}

static void
present (CareAppointmentsPage *self,
         CareBookingDialog    *dialog)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "done", G_CALLBACK (booking_done_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- status changes ----------------------------------------------------- */

static void
change_status (CareAppointmentsPage *self,
               const char           *id,
               const char           *status,
               const char           *reason)
{
  g_autoptr(CareRecord) previous = NULL;
  g_autoptr(GError) error = NULL;
  const char *title;

  if (!care_appointment_set_status (self->store, id, status, reason, &previous, &error))
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  title = g_str_equal (status, "checked_in") ? _("Checked in")
          : g_str_equal (status, "cancelled") ? _("Appointment cancelled")
          : _("Marked as no-show");
  toast_with_undo (self, title, previous, NULL);
}

static void
check_in_clicked_cb (GtkButton            *button,
                     CareAppointmentsPage *self)
{
  change_status (self, g_object_get_data (G_OBJECT (button), ID_KEY), "checked_in", NULL);
}

static void
no_show_clicked_cb (GtkButton            *button,
                    CareAppointmentsPage *self)
{
  change_status (self, g_object_get_data (G_OBJECT (button), ID_KEY), "no_show", NULL);
}

static void
cancel_response_cb (GtkWidget            *dialog,
                    const char           *response,
                    CareAppointmentsPage *self)
{
  if (g_str_equal (response, "cancel-appointment"))
    change_status (self, g_object_get_data (G_OBJECT (dialog), ID_KEY), "cancelled",
                   care_appointment_reason_dialog_get_reason (dialog));
}

static void
cancel_clicked_cb (GtkButton            *button,
                   CareAppointmentsPage *self)
{
  GtkWidget *dialog =
    care_appointment_reason_dialog_new (_("Cancel this appointment?"),
                                        _("The time becomes free for another patient."), "cancel-reason",
                                        _("Reason, e.g. the patient called to cancel"), "cancel-appointment",
                                        _("_Cancel Appointment"), FALSE);

  gtk_widget_set_name (GTK_WIDGET (dialog), "cancel-dialog");
  g_object_set_data_full (G_OBJECT (dialog), ID_KEY, g_strdup (g_object_get_data (G_OBJECT (button), ID_KEY)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (cancel_response_cb), self, 0);
  care_alert_present (dialog, GTK_WIDGET (self));
}

/* --- the lists ---------------------------------------------------------- */

static const char *
doctor_name (CareAppointmentsPage *self,
             const char           *id)
{
  for (guint i = 0; i < self->doctor_ids->len; i++)
    if (g_str_equal (self->doctor_ids->pdata[i], id))
      return self->doctor_names->pdata[i];
  return "";
}

/* --- follow-ups --------------------------------------------------------- */

/* A doctor asks for the next visit after seeing the patient. */
static const char *const seen_statuses[] = { "checked_in", "in_consultation", "completed", NULL };

static const struct {
  const char *label;
  int         days;
} follow_up_intervals[] = {
  { N_("In 1 week"), 7 }, { N_("In 2 weeks"), 14 }, { N_("In 4 weeks"), 28 },
  { N_("In 3 months"), 91 }, { N_("In 6 months"), 182 },
};

static void
follow_up_response_cb (GtkWidget            *dialog,
                       const char           *response,
                       CareAppointmentsPage *self)
{
  GtkDropDown *when = GTK_DROP_DOWN (care_alert_get_extra_child (dialog));
  g_autoptr(GDateTime) now = care_clock_now_local ();
  g_autoptr(GDateTime) due = NULL;
  g_autofree char *date = NULL;
  g_autoptr(GError) error = NULL;
  guint i = gtk_drop_down_get_selected (when);

  if (!g_str_equal (response, "set") || i >= G_N_ELEMENTS (follow_up_intervals))
    return;
  due = g_date_time_add_days (now, follow_up_intervals[i].days);
  date = g_date_time_format (due, "%Y-%m-%d");
  if (!care_follow_ups_set_next (self->store, g_object_get_data (G_OBJECT (dialog), ID_KEY), date, &error))
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
  else
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Follow-up asked for: reception will book it")));
}

static void
follow_up_clicked_cb (GtkButton            *button,
                      CareAppointmentsPage *self)
{
  GtkWidget *dialog = care_alert_new (_("When should the patient come back?"),
                                      _("Reception sees the follow-up on its list until it is booked."));
  GtkStringList *labels = gtk_string_list_new (NULL);
  GtkWidget *when;

  for (guint i = 0; i < G_N_ELEMENTS (follow_up_intervals); i++)
    gtk_string_list_append (labels, _(follow_up_intervals[i].label));
  when = gtk_drop_down_new (G_LIST_MODEL (labels), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (when), 1);
  gtk_widget_set_name (when, "follow-up-when");
  gtk_accessible_update_property (GTK_ACCESSIBLE (when), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Next follow-up"), -1);
  gtk_widget_set_name (dialog, "follow-up-dialog");
  care_alert_set_extra_child (dialog, when);
  care_alert_add_response (dialog, "cancel", _("_Cancel"), CARE_ALERT_DEFAULT);
  care_alert_add_response (dialog, "set", _("_Ask for Follow-up"), CARE_ALERT_SUGGESTED);
  g_object_set_data_full (G_OBJECT (dialog), ID_KEY, g_strdup (g_object_get_data (G_OBJECT (button), ID_KEY)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (follow_up_response_cb), self, 0);
  care_alert_present (dialog, GTK_WIDGET (self));
}

static void
book_follow_up_clicked_cb (GtkButton            *button,
                           CareAppointmentsPage *self)
{
  CareBookingDialog *dialog = care_booking_dialog_new (self->store, NULL, 0);

  care_booking_dialog_set_patient (dialog, g_object_get_data (G_OBJECT (button), ID_KEY));
  present (self, dialog);
}


static void
fill_follow_ups (CareAppointmentsPage *self)
{
  g_autoptr(GPtrArray) open = care_follow_ups_list_open (self->store, NULL);
  g_autofree char *today = care_clock_today ();

  care_list_box_remove_rows (self->follow_ups);
  for (guint i = 0; open && i < open->len; i++)
    {
      CareRecord *f = open->pdata[i];
      const char *patient_id = care_record_get (f, "patient_id");
      const char *due = care_record_get (f, "due_on");
      g_autofree char *patient = care_appointment_patient_name (self->store, patient_id);
      g_autofree char *name = g_strdup_printf ("follow-up-%s", care_record_get_id (f));
      g_autofree char *subtitle = NULL;
      g_autoptr(GDateTime) day = NULL;
      g_autofree char *when = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *book = care_appointment_action_button (self, _("_Book…"), "follow-up-book", patient_id,
                                       G_CALLBACK (book_follow_up_clicked_cb));

      if (due && strlen (due) == 10)
        day = g_date_time_new_local (atoi (due), atoi (due + 5), atoi (due + 8), 0, 0, 0);
      /* Translators: the day a follow-up visit is due by, e.g. "Monday 21 December" (strftime) */
      when = day ? g_date_time_format (day, _("%A %-d %B")) : g_strdup ("");
      if (g_strcmp0 (due, today) < 0)
        /* Translators: %s is a day, e.g. "Monday 21 December" */
        subtitle = g_strdup_printf (_("Overdue: the visit was due by %s"), when);
      else
        /* Translators: %s is a day, e.g. "Monday 21 December" */
        subtitle = g_strdup_printf (_("Book a follow-up visit by %s"), when);
      gtk_widget_set_name (row, name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), patient ? patient : _("Unknown patient"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (g_strcmp0 (due, today) < 0)
        gtk_widget_add_css_class (row, "error");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), book);
      gtk_list_box_append (self->follow_ups, row);
    }
}

static void
fill_lists (CareAppointmentsPage *self,
            GPtrArray            *appointments,
            GHashTable           *names)
{
  const char *only = NULL;
  guint selected = gtk_drop_down_get_selected (self->doctor_dropdown);

  if (selected > 0 && selected <= self->doctor_ids->len)
    only = self->doctor_ids->pdata[selected - 1];
  care_list_box_remove_rows (self->today);
  for (guint i = 0; i < appointments->len; i++)
    {
      CareRecord *a = appointments->pdata[i];
      const char *id = care_record_get_id (a);
      const char *status = care_record_get (a, "status");
      const char *patient = g_hash_table_lookup (names, care_record_get (a, "patient_id"));
      g_autofree char *time = care_appointment_format_time (care_appointment_starts_at (a));
      g_autofree char *title = g_strdup_printf ("%s  %s", time, patient ? patient : "");
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", doctor_name (self, care_record_get (a, "provider_id")),
                                                   care_appointment_status_label (status));
      g_autofree char *row_name = g_strdup_printf ("today-%s", id);
      GtkWidget *row, *box, *heading, *detail;

      if (only && g_strcmp0 (care_record_get (a, "provider_id"), only) != 0)
        continue;
      row = gtk_list_box_row_new ();
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      heading = gtk_label_new (title);
      detail = gtk_label_new (subtitle);
      /* Who and when on top, what can be done under it: the buttons never
       * squeeze the patient's name. */
      gtk_widget_set_name (row, row_name);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_set_margin_top (box, 8);
      gtk_widget_set_margin_bottom (box, 8);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_label_set_ellipsize (GTK_LABEL (heading), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (heading, "heading");
      gtk_label_set_xalign (GTK_LABEL (detail), 0);
      gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (detail, "dim-label");
      gtk_box_append (GTK_BOX (box), heading);
      gtk_box_append (GTK_BOX (box), detail);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      if (care_appointment_status_muted (status))
        gtk_widget_add_css_class (heading, "dim-label");
      /* Only the changes core's status machine allows from here: a request
       * waits for the doctor's yes before anyone can check in. */
      {
        const char *const *next = care_appointments_next_statuses (status);
        gboolean can_check_in = next && g_strv_contains (next, "checked_in");
        gboolean can_no_show = next && g_strv_contains (next, "no_show");
        gboolean can_cancel = next && g_strv_contains (next, "cancelled");
        gboolean seen = g_strv_contains (seen_statuses, status ? status : "");

        if (can_check_in || can_no_show || can_cancel || seen)
          {
            GtkWidget *actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

            gtk_widget_set_halign (actions, GTK_ALIGN_END);
            if (seen)
              gtk_box_append (GTK_BOX (actions),
                              care_appointment_action_button (self, _("_Follow-up…"), "appointment-follow-up", id,
                                                              G_CALLBACK (follow_up_clicked_cb)));
            if (can_no_show)
              gtk_box_append (GTK_BOX (actions),
                              care_appointment_action_button (self, _("No-_show"), "appointment-no-show", id,
                                                              G_CALLBACK (no_show_clicked_cb)));
            if (can_cancel)
              gtk_box_append (GTK_BOX (actions),
                              care_appointment_action_button (self, _("_Cancel…"), "appointment-cancel", id,
                                                              G_CALLBACK (cancel_clicked_cb)));
            if (can_check_in)
              {
                GtkWidget *check_in = care_appointment_action_button (self, _("Check _In"), "appointment-check-in",
                                                                      id, G_CALLBACK (check_in_clicked_cb));

                gtk_widget_add_css_class (check_in, "suggested-action");
                gtk_box_append (GTK_BOX (actions), check_in);
              }
            gtk_box_append (GTK_BOX (box), actions);
          }
      }
      gtk_list_box_append (self->today, row);
    }
}

static void
show_double_bookings (CareAppointmentsPage *self)
{
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 from, until;

  care_week_view_get_range (self->view, &from, &until);
  pairs = care_schedule_double_bookings (self->store, from, until, NULL);
  for (guint i = 0; pairs && i + 1 < pairs->len; i += 2)
    {
      g_autofree char *a = care_week_view_describe_block (self->view, pairs->pdata[i]);
      g_autofree char *b = care_week_view_describe_block (self->view, pairs->pdata[i + 1]);

      /* Translators: two appointments, each "time, patient, status" */
      g_string_append_printf (text, _("\n• %s overlaps %s"), a ? a : "", b ? b : "");
    }
  if (text->len)
    {
      g_autofree char *all = g_strdup_printf ("%s%s", _("Double booking: the same doctor has two patients at the same "
                                                        "time, probably booked on two workstations while offline. "
                                                        "Move one of each pair."), text->str);
      gtk_label_set_text (self->double_label, all);
    }
  gtk_revealer_set_reveal_child (self->double_revealer, text->len > 0);
}

static void
first_day_of_week (GDate *date,
                   GDate *monday)
{
  *monday = *date;
  g_date_subtract_days (monday, g_date_get_weekday (date) - G_DATE_MONDAY);
}

void
care_appointments_page_refresh (CareAppointmentsPage *self)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GPtrArray) today = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GDateTime) now = care_clock_now_local ();
  g_autoptr(GDateTime) midnight = NULL;
  guint selected = gtk_drop_down_get_selected (self->doctor_dropdown);
  gboolean week = gtk_toggle_button_get_active (self->week_toggle);
  char text[128];
  gint64 from;

  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  if (self->store == NULL || self->doctor_ids->len == 0 || !g_date_valid (&self->date))
    return;
  if (week)
    {
      GDate monday, sunday;
      char last[64];
      guint doctor = selected > 0 && selected <= self->doctor_ids->len ? selected - 1 : 0;

      first_day_of_week (&self->date, &monday);
      sunday = monday;
      g_date_add_days (&sunday, 6);
      g_date_strftime (text, sizeof text, "%e %B", &monday);
      g_date_strftime (last, sizeof last, "%e %B %Y", &sunday);
      {
        /* Translators: a doctor, then the first and last day of a week */
        g_autofree char *title = g_strdup_printf (_("%s: %s – %s"), (char *) self->doctor_names->pdata[doctor],
                                                  g_strstrip (text), g_strstrip (last));
        gtk_label_set_text (self->date_label, title);
      }
      care_week_view_show_week (self->view, &monday, self->doctor_ids->pdata[doctor]);
    }
  else
    {
      g_autoptr(GPtrArray) ids = g_ptr_array_new ();
      g_autoptr(GPtrArray) shown = g_ptr_array_new ();

      for (guint i = 0; i < self->doctor_ids->len; i++)
        if (selected == 0 || selected == i + 1)
          {
            g_ptr_array_add (ids, self->doctor_ids->pdata[i]);
            g_ptr_array_add (shown, self->doctor_names->pdata[i]);
          }
      g_ptr_array_add (ids, NULL);
      g_ptr_array_add (shown, NULL);
      g_autoptr(GDateTime) day = g_date_time_new_local (g_date_get_year (&self->date), g_date_get_month (&self->date),
                                                        g_date_get_day (&self->date), 0, 0, 0);
      g_autofree char *title = g_date_time_format (day, "%A %-d %B %Y");

      gtk_label_set_text (self->date_label, title);
      care_week_view_show_day (self->view, &self->date, (const char *const *) ids->pdata,
                               (const char *const *) shown->pdata);
    }
  show_double_bookings (self);

  /* Today's list and the queue are always today's, whatever the calendar shows. */
  midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                    g_date_time_get_day_of_month (now), 0, 0, 0);
  from = g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
  today = care_schedule_list_range (self->store, NULL, from, from + G_TIME_SPAN_DAY, NULL);
  names = care_schedule_patient_names (self->store, NULL, from, from + G_TIME_SPAN_DAY, NULL);
  if (today && names)
    fill_lists (self, today, names);
  fill_follow_ups (self);
  care_waiting_room_refresh (self->queue);
}

static gboolean
refresh_idle_cb (gpointer data)
{
  CareAppointmentsPage *self = data;

  self->refresh_idle = 0;
  care_appointments_page_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (CareAppointmentsPage *self)
{
  if (self->refresh_idle == 0)
    self->refresh_idle = g_idle_add (refresh_idle_cb, self);
}

static void
refresh (CareAppointmentsPage *self)
{
  care_appointments_page_refresh (self);
}

/* --- header ------------------------------------------------------------- */

void
care_appointments_page_set_date (CareAppointmentsPage *self,
                                 GDate                *date)
{
  self->date = *date;
  care_appointments_page_refresh (self);
}

static void
move_days (CareAppointmentsPage *self,
           int                   sign)
{
  GDate date = self->date;
  int days = gtk_toggle_button_get_active (self->week_toggle) ? 7 : 1;

  if (sign > 0)
    g_date_add_days (&date, days);
  else
    g_date_subtract_days (&date, days);
  care_appointments_page_set_date (self, &date);
}

static void
previous_clicked_cb (CareAppointmentsPage *self)
{
  move_days (self, -1);
}

static void
next_clicked_cb (CareAppointmentsPage *self)
{
  move_days (self, 1);
}

static void
today_clicked_cb (CareAppointmentsPage *self)
{
  g_autoptr(GDateTime) now = care_clock_now_local ();
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
  care_appointments_page_set_date (self, &date);
}

static void
mode_toggled_cb (CareAppointmentsPage *self)
{
  care_appointments_page_refresh (self);
}

static void
new_clicked_cb (CareAppointmentsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->doctor_dropdown);

  present (self, care_booking_dialog_new (self->store, selected > 0 && selected <= self->doctor_ids->len
                                                        ? self->doctor_ids->pdata[selected - 1] : NULL, 0));
}

static void
slot_activated_cb (CareAppointmentsPage *self,
                   const char           *doctor_id,
                   gint64                start)
{
  present (self, care_booking_dialog_new (self->store, doctor_id, start));
}

static void
appointment_activated_cb (CareAppointmentsPage *self,
                          const char           *id)
{
  present (self, care_booking_dialog_new_reschedule (self->store, id));
}

/* --- object ------------------------------------------------------------- */

static void
load_doctors (CareAppointmentsPage *self)
{
  g_autoptr(GPtrArray) doctors = care_store_list (self->store, care_schema_lookup ("user"), "role", CARE_ROLE_DOCTOR,
                                                  "full_name", 0, NULL);
  g_autoptr(GtkStringList) items = gtk_string_list_new (NULL);

  g_ptr_array_set_size (self->doctor_ids, 0);
  g_ptr_array_set_size (self->doctor_names, 0);
  gtk_string_list_append (items, _("All doctors"));
  for (guint i = 0; doctors && i < doctors->len; i++)
    {
      g_ptr_array_add (self->doctor_ids, g_strdup (care_record_get_id (doctors->pdata[i])));
      g_ptr_array_add (self->doctor_names, g_strdup (care_record_get (doctors->pdata[i], "full_name")));
      gtk_string_list_append (items, care_record_get (doctors->pdata[i], "full_name"));
    }
  gtk_drop_down_set_model (self->doctor_dropdown, G_LIST_MODEL (items));
  /* A doctor opens on their own day and week; the others stay a click away. */
  for (guint i = 0; i < self->doctor_ids->len; i++)
    if (g_strcmp0 (self->doctor_ids->pdata[i], self->user_id) == 0)
      gtk_drop_down_set_selected (self->doctor_dropdown, i + 1);
}

static void
set_store (CareAppointmentsPage *self,
           CareStore            *store)
{
  if (self->store)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_set_object (&self->store, store);
  if (store == NULL)
    return;
  self->changed_id = g_signal_connect_swapped (store, "changed", G_CALLBACK (store_changed_cb), self);
  care_week_view_set_store (self->view, store);
  care_waiting_room_set_store (self->queue, store);
  load_doctors (self);
  today_clicked_cb (self);
}

static void
care_appointments_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  CareAppointmentsPage *self = CARE_APPOINTMENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_USER_ID:
      g_value_set_string (value, self->user_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_appointments_page_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  CareAppointmentsPage *self = CARE_APPOINTMENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      set_store (self, g_value_get_object (value));
      break;
    case PROP_USER_ID:
      g_free (self->user_id);
      self->user_id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_appointments_page_dispose (GObject *object)
{
  CareAppointmentsPage *self = CARE_APPOINTMENTS_PAGE (object);

  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  if (self->store)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_APPOINTMENTS_PAGE);
  G_OBJECT_CLASS (care_appointments_page_parent_class)->dispose (object);
}

/* The store and the acting user come from the session. */
static void
care_appointments_page_constructed (GObject *object)
{
  CareAppointmentsPage *self = CARE_APPOINTMENTS_PAGE (object);
  CareSession *session = care_page_get_session (CARE_PAGE (self));

  G_OBJECT_CLASS (care_appointments_page_parent_class)->constructed (object);

  if (session && self->user_id == NULL)
    self->user_id = g_strdup (care_session_get_user_id (session));
  if (session && self->store == NULL)
    g_object_set (self, "store", care_page_get_store (CARE_PAGE (self)), NULL);
}

static void
care_appointments_page_finalize (GObject *object)
{
  CareAppointmentsPage *self = CARE_APPOINTMENTS_PAGE (object);

  g_free (self->user_id);
  g_ptr_array_unref (self->doctor_ids);
  g_ptr_array_unref (self->doctor_names);
  G_OBJECT_CLASS (care_appointments_page_parent_class)->finalize (object);
}

static void
care_appointments_page_class_init (CareAppointmentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = care_appointments_page_get_property;
  object_class->set_property = care_appointments_page_set_property;
  object_class->constructed = care_appointments_page_constructed;
  object_class->dispose = care_appointments_page_dispose;
  object_class->finalize = care_appointments_page_finalize;

  care_page_class_set_info (CARE_PAGE_CLASS (klass), "appointments", N_("Appointments"),
                            "x-office-calendar-symbolic", CARE_PERM_APPOINTMENT_MANAGEMENT);

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, CARE_TYPE_STORE,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER_ID] = g_param_spec_string ("user-id", NULL, NULL, NULL,
                                                  G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CARE_TYPE_WEEK_VIEW);
  g_type_ensure (CARE_TYPE_WAITING_ROOM);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/caredesk/Caredesk/appointments/care-appointments-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareAppointmentsPage, toasts);
  gtk_widget_class_bind_template_child (widget_class, CareAppointmentsPage, date_label);
  gtk_widget_class_bind_template_child (widget_class, CareAppointmentsPage, day_toggle);
  gtk_widget_class_bind_template_child (widget_class, CareAppointmentsPage, week_toggle);
  gtk_widget_class_bind_template_child (widget_class, CareAppointmentsPage, doctor_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CareAppointmentsPage, double_revealer);
  gtk_widget_class_bind_template_child (widget_class, CareAppointmentsPage, double_label);
  gtk_widget_class_bind_template_child (widget_class, CareAppointmentsPage, view);
  gtk_widget_class_bind_template_child (widget_class, CareAppointmentsPage, queue);
  gtk_widget_class_bind_template_child (widget_class, CareAppointmentsPage, today);
  gtk_widget_class_bind_template_child (widget_class, CareAppointmentsPage, follow_ups);
  gtk_widget_class_bind_template_callback (widget_class, previous_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, today_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, mode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, refresh);
  gtk_widget_class_bind_template_callback (widget_class, slot_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, appointment_activated_cb);
}

static void
care_appointments_page_init (CareAppointmentsPage *self)
{
  self->doctor_ids = g_ptr_array_new_with_free_func (g_free);
  self->doctor_names = g_ptr_array_new_with_free_func (g_free);
  g_date_clear (&self->date, 1);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_placeholder (self->today, care_list_placeholder_new (_("No appointments today.")));
  gtk_list_box_set_placeholder (self->follow_ups, care_list_placeholder_new (_("No follow-ups waiting to be booked.")));
  g_signal_connect_object (care_clock_get_default (), "day-changed", G_CALLBACK (today_clicked_cb), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
care_appointments_page_new (CareSession *session)
{
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  return GTK_WIDGET (care_page_new (CARE_TYPE_APPOINTMENTS_PAGE, session));
}

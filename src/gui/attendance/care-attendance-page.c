/* care-attendance-page.c: checking in and out, and today's attendance
 *
 * An "attendance" record per stretch of work: the local day it began on,
 * check-in and check-out in UTC. Everyone sees their own last days;
 * administrators also see who came in today, and everyone's hours over a
 * period (care-attendance-report.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-attendance-page"

#include "config.h"

#include "care-clock.h"

#include <string.h>
#include <glib/gi18n.h>

#include "care-attendance-page.h"
#include "care-attendance-report.h"
#include "care-list-util.h"
#include "care-role-request-dialog.h"

#define HISTORY_LENGTH  14
#define REFRESH_SECONDS 30

struct _CareAttendancePage
{
  CarePage     parent_instance;

  CareRecord  *open_record;   /* today's check-in without a check-out */
  guint        refresh_source;

  /* Template widgets */
  GtkLabel    *greeting_label;
  GtkLabel    *status_label;
  GtkLabel    *worked_label;
  GtkButton   *check_button;
  GtkListBox  *history_list;
  GtkWidget   *clinic_box;
  GtkListBox  *clinic_list;
};

G_DEFINE_FINAL_TYPE (CareAttendancePage, care_attendance_page, CARE_TYPE_PAGE)

GtkWidget *
care_attendance_page_new (CareSession *session)
{
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  return g_object_new (CARE_TYPE_ATTENDANCE_PAGE, "session", session, NULL);
}

/* --- time helpers -------------------------------------------------------- */

static char *
today_string (void)
{
  g_autoptr(GDateTime) now = care_clock_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* Canonical CARE_FIELD_DATETIME: whole seconds in UTC. */
static char *
now_utc_string (void)
{
  g_autoptr(GDateTime) now = care_clock_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static GDateTime *
parse_local (const char *iso8601)
{
  g_autoptr(GDateTime) utc = NULL;

  if (iso8601 == NULL || *iso8601 == '\0')
    return NULL;

  utc = g_date_time_new_from_iso8601 (iso8601, NULL);
  return utc ? g_date_time_to_local (utc) : NULL;
}

static char *
format_time (const char *iso8601)
{
  g_autoptr(GDateTime) local = parse_local (iso8601);

  return local ? g_date_time_format (local, "%H:%M") : g_strdup ("—");
}

static char *
format_day (const char *day)
{
  g_autofree char *noon = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *today = today_string ();

  if (g_strcmp0 (day, today) == 0)
    return g_strdup (_("Today"));

  noon = g_strdup_printf ("%sT12:00:00", day ? day : "");
  date = g_date_time_new_from_iso8601 (noon, zone);
  if (date == NULL)
    return g_strdup (day ? day : "");

  /* Translators: a day as in “Monday, 3 March”; see g_date_time_format() */
  return g_date_time_format (date, _("%A, %-e %B"));
}

/* Seconds worked in record; an open record counts until now. */
static gint64
record_seconds (CareRecord *record)
{
  g_autoptr(GDateTime) start = parse_local (care_record_get (record, "check_in"));
  g_autoptr(GDateTime) end = parse_local (care_record_get (record, "check_out"));

  if (start == NULL)
    return 0;

  if (end == NULL)
    end = care_clock_now_local ();

  return MAX (0, g_date_time_difference (end, start) / G_USEC_PER_SEC);
}

static char *
format_duration (gint64 seconds)
{
  gint64 hours = seconds / 3600;
  gint64 minutes = (seconds % 3600) / 60;

  if (hours == 0)
    /* Translators: a duration in minutes */
    return g_strdup_printf (_("%d min"), (int) minutes);

  /* Translators: a duration in hours and minutes, “8 h 05 min” */
  return g_strdup_printf (_("%d h %02d min"), (int) hours, (int) minutes);
}

/* --- rows ---------------------------------------------------------------- */

static GtkWidget *
create_suffix_label (const char *text,
                     gboolean    open)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "numeric");
  if (open)
    gtk_widget_add_css_class (label, "accent");
  else
    gtk_widget_add_css_class (label, "dim-label");

  return label;
}

static char *
format_span (CareRecord *record)
{
  g_autofree char *in = format_time (care_record_get (record, "check_in"));
  g_autofree char *out = NULL;

  if (care_record_get (record, "check_out") == NULL)
    /* Translators: %s is a time of day */
    return g_strdup_printf (_("In since %s"), in);

  out = format_time (care_record_get (record, "check_out"));
  /* Translators: check-in and check-out times, “08:12 – 17:05” */
  return g_strdup_printf (_("%s – %s"), in, out);
}

static GtkWidget *
create_history_row (CareRecord *record,
                    const char *today)
{
  gboolean open = care_record_get (record, "check_out") == NULL;
  g_autofree char *day = format_day (care_record_get (record, "day"));
  g_autofree char *span = format_span (record);
  g_autofree char *duration = NULL;
  GtkWidget *row;

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), day);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), span);

  if (open && g_strcmp0 (care_record_get (record, "day"), today) != 0)
    duration = g_strdup (_("No check-out"));
  else
    duration = format_duration (record_seconds (record));

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), create_suffix_label (duration, open));

  return row;
}

static GtkWidget *
create_clinic_row (CareStore  *store,
                   CareRecord *record)
{
  g_autoptr(CareRecord) user = NULL;
  g_autofree char *span = format_span (record);
  g_autofree char *duration = format_duration (record_seconds (record));
  const char *name = NULL;
  const char *role = NULL;
  g_autofree char *subtitle = NULL;
  gboolean open = care_record_get (record, "check_out") == NULL;
  GtkWidget *row;

  user = care_store_get (store, care_schema_lookup ("user"),
                         care_record_get (record, "user_id"), NULL);
  if (user != NULL)
    {
      name = care_record_get (user, "full_name");
      role = care_record_get (user, "role");
    }

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name ? name : _("Unknown staff member"));

  if (role != NULL)
    /* Translators: a role and a time span, “Nurse · In since 08:12” */
    subtitle = g_strdup_printf (_("%s · %s"), care_role_label (role), span);
  else
    subtitle = g_strdup (span);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  adw_action_row_add_prefix (ADW_ACTION_ROW (row), adw_avatar_new (32, name, TRUE));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), create_suffix_label (duration, open));

  return row;
}

static GtkWidget *
create_placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 18);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");

  return label;
}

/* --- state --------------------------------------------------------------- */

static void
care_attendance_page_reload (CareAttendancePage *self)
{
  CareStore *store = care_page_get_store (CARE_PAGE (self));
  const CareEntity *attendance = care_schema_lookup ("attendance");
  CareRecord *user = care_session_get_user (care_page_get_session (CARE_PAGE (self)));
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = today_string ();
  g_autofree char *greeting = NULL;
  g_autofree char *worked = NULL;
  g_autofree char *first_name = NULL;
  const char *full_name;
  gint64 worked_today = 0;
  gboolean checked_out_today = FALSE;
  CareRecord *last_today = NULL;

  g_clear_pointer (&self->open_record, care_record_unref);

  history = care_store_list (store, attendance, "user_id",
                             care_session_get_user_id (care_page_get_session (CARE_PAGE (self))),
                             "check_in DESC", HISTORY_LENGTH, &error);
  if (history == NULL)
    {
      g_warning ("Could not read attendance: %s", error->message);
      g_clear_error (&error);
      history = g_ptr_array_new ();
    }

  care_list_box_remove_rows (self->history_list);
  for (guint i = 0; i < history->len; i++)
    {
      CareRecord *record = g_ptr_array_index (history, i);

      gtk_list_box_append (self->history_list, create_history_row (record, today));

      if (g_strcmp0 (care_record_get (record, "day"), today) != 0)
        continue;

      worked_today += record_seconds (record);
      if (last_today == NULL)
        last_today = record;

      if (care_record_get (record, "check_out") == NULL)
        {
          if (self->open_record == NULL)
            self->open_record = care_record_ref (record);
        }
      else
        {
          checked_out_today = TRUE;
        }
    }

  /* Greeting and today's status */
  full_name = care_record_get (user, "full_name");
  if (full_name != NULL)
    {
      const char *space = strchr (full_name, ' ');

      first_name = space ? g_strndup (full_name, space - full_name) : g_strdup (full_name);
    }
  /* Translators: %s is the first name of the signed-in person */
  greeting = g_strdup_printf (_("Hello, %s"), first_name ? first_name : "");
  gtk_label_set_label (self->greeting_label, greeting);

  if (self->open_record != NULL)
    {
      g_autofree char *since = format_time (care_record_get (self->open_record, "check_in"));
      /* Translators: %s is a time of day */
      g_autofree char *status = g_strdup_printf (_("Checked in at %s."), since);

      gtk_label_set_label (self->status_label, status);
      gtk_button_set_label (self->check_button, _("Check _Out"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->check_button), "suggested-action");
    }
  else
    {
      if (checked_out_today && last_today != NULL)
        {
          g_autofree char *at = format_time (care_record_get (last_today, "check_out"));
          /* Translators: %s is a time of day */
          g_autofree char *status = g_strdup_printf (_("Checked out at %s."), at);

          gtk_label_set_label (self->status_label, status);
        }
      else
        {
          gtk_label_set_label (self->status_label, _("You have not checked in today."));
        }

      gtk_button_set_label (self->check_button, _("Check _In"));
      gtk_widget_add_css_class (GTK_WIDGET (self->check_button), "suggested-action");
    }

  if (worked_today > 0 || self->open_record != NULL)
    {
      g_autofree char *duration = format_duration (worked_today);

      /* Translators: %s is a duration, “3 h 12 min” */
      worked = g_strdup_printf (_("Worked today: %s"), duration);
    }
  gtk_label_set_label (self->worked_label, worked ? worked : "");
  gtk_widget_set_visible (GTK_WIDGET (self->worked_label), worked != NULL);

  /* Who is in today (administrators) */
  gtk_widget_set_visible (self->clinic_box,
                          care_session_can (care_page_get_session (CARE_PAGE (self)), CARE_PERM_STAFF_MANAGEMENT));
  if (gtk_widget_get_visible (self->clinic_box))
    {
      g_autoptr(GPtrArray) records = NULL;

      records = care_store_list (store, attendance, "day", today, "check_in", 0, &error);
      care_list_box_remove_rows (self->clinic_list);
      if (records == NULL)
        {
          g_warning ("Could not read today's attendance: %s", error->message);
          return;
        }

      for (guint i = 0; i < records->len; i++)
        gtk_list_box_append (self->clinic_list,
                             create_clinic_row (store, g_ptr_array_index (records, i)));
    }
}

static void
care_attendance_page_show_error (CareAttendancePage *self,
                                 const GError       *error)
{
  g_warning ("Could not record attendance: %s", error->message);

  care_page_add_toast (CARE_PAGE (self), adw_toast_new (error->message));
}

static void
on_ask_role_clicked_cb (GtkButton          *button,
                        CareAttendancePage *self)
{
  care_role_request_dialog_present (GTK_WIDGET (self), care_page_get_store (CARE_PAGE (self)),
                                    care_session_get_role (care_page_get_session (CARE_PAGE (self))));
}

static void
on_check_clicked_cb (GtkButton          *button,
                     CareAttendancePage *self)
{
  CareStore *store = care_page_get_store (CARE_PAGE (self));
  g_autofree char *now = now_utc_string ();
  g_autoptr(CareRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->open_record != NULL)
    {
      record = care_record_copy (self->open_record);
      care_record_set (record, "check_out", now);
      ok = care_store_update (store, record, &error);
    }
  else
    {
      g_autofree char *today = today_string ();

      record = care_record_new (care_schema_lookup ("attendance"));
      care_record_set (record, "user_id", care_session_get_user_id (care_page_get_session (CARE_PAGE (self))));
      care_record_set (record, "day", today);
      care_record_set (record, "check_in", now);
      ok = care_store_insert (store, record, &error);
    }

  if (!ok)
    care_attendance_page_show_error (self, error);

  care_attendance_page_reload (self);
}

static void
on_store_changed_cb (CareStore          *store,
                     const char         *entity,
                     const char         *id,
                     CareAttendancePage *self)
{
  if (g_strcmp0 (entity, "attendance") == 0 || g_strcmp0 (entity, "user") == 0)
    care_attendance_page_reload (self);
}

static gboolean
on_refresh_cb (gpointer user_data)
{
  CareAttendancePage *self = user_data;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    care_attendance_page_reload (self);

  return G_SOURCE_CONTINUE;
}

static void
care_attendance_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (care_attendance_page_parent_class)->map (widget);

  /* The day may have changed while the page was hidden. */
  care_attendance_page_reload (CARE_ATTENDANCE_PAGE (widget));
}

/* --- GObject ------------------------------------------------------------- */

static void
care_attendance_page_constructed (GObject *object)
{
  CareAttendancePage *self = CARE_ATTENDANCE_PAGE (object);

  G_OBJECT_CLASS (care_attendance_page_parent_class)->constructed (object);

  g_signal_connect_object (care_page_get_store (CARE_PAGE (self)), "changed",
                           G_CALLBACK (on_store_changed_cb), self, 0);

  /* Everyone's hours over a period, for whoever manages staff. */
  if (care_session_can (care_page_get_session (CARE_PAGE (self)), CARE_PERM_STAFF_MANAGEMENT))
    {
      GtkWidget *report = care_attendance_report_new (care_page_get_store (CARE_PAGE (self)));

      gtk_widget_set_margin_top (report, 12);
      gtk_box_append (GTK_BOX (self->clinic_box), report);
    }

  self->refresh_source = g_timeout_add_seconds (REFRESH_SECONDS, on_refresh_cb, self);
  g_source_set_name_by_id (self->refresh_source, "[caredesk] attendance refresh");

  care_attendance_page_reload (self);
}

static void
care_attendance_page_dispose (GObject *object)
{
  CareAttendancePage *self = CARE_ATTENDANCE_PAGE (object);
  g_clear_handle_id (&self->refresh_source, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_ATTENDANCE_PAGE);

  g_clear_pointer (&self->open_record, care_record_unref);

  G_OBJECT_CLASS (care_attendance_page_parent_class)->dispose (object);
}

static void
care_attendance_page_class_init (CareAttendancePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  care_page_class_set_info (CARE_PAGE_CLASS (klass), "attendance", N_("Attendance"),
                            "alarm-symbolic", CARE_PERM_ATTENDANCE);

  object_class->constructed = care_attendance_page_constructed;
  object_class->dispose = care_attendance_page_dispose;

  widget_class->map = care_attendance_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/attendance/care-attendance-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareAttendancePage, greeting_label);
  gtk_widget_class_bind_template_child (widget_class, CareAttendancePage, status_label);
  gtk_widget_class_bind_template_child (widget_class, CareAttendancePage, worked_label);
  gtk_widget_class_bind_template_child (widget_class, CareAttendancePage, check_button);
  gtk_widget_class_bind_template_child (widget_class, CareAttendancePage, history_list);
  gtk_widget_class_bind_template_child (widget_class, CareAttendancePage, clinic_box);
  gtk_widget_class_bind_template_child (widget_class, CareAttendancePage, clinic_list);
  gtk_widget_class_bind_template_callback (widget_class, on_check_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_ask_role_clicked_cb);
}

static void
care_attendance_page_init (CareAttendancePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_placeholder (self->history_list,
                                create_placeholder (_("No check-ins yet.")));
  gtk_list_box_set_placeholder (self->clinic_list,
                                create_placeholder (_("Nobody has checked in today.")));
}

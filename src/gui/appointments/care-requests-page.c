/* care-requests-page.c: the doctors' inbox of appointment requests
 *
 * A doctor sees the requests made for them (by reception, or by patients
 * at the kiosk); reception and the administrator see every doctor's. Each
 * is accepted (booked, if the time is still free) or rejected with a
 * reason; both are core's (care_appointments_answer_request()) and undone
 * from their toast.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-requests-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-appointment-util.h"
#include "care-appointments.h"
#include "care-list-util.h"
#include "care-requests-page.h"
#include "care-alert.h"

#define ID_KEY CARE_APPOINTMENT_ID_KEY

struct _CareRequestsPage
{
  CarePage    parent_instance;

  CareStore  *store;
  char       *doctor_id;   /* whose requests; NULL: every doctor's */
  gulong      changed_id;
  guint       refresh_idle;

  GtkLabel   *heading;
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (CareRequestsPage, care_requests_page, CARE_TYPE_PAGE)

/* --- answers ------------------------------------------------------------ */

static void
undo_cb (AdwToast         *toast,
         CareRequestsPage *self)
{
  CareRecord *previous = g_object_get_data (G_OBJECT (toast), "previous");
  g_autoptr(GError) error = NULL;

  if (!care_store_update (self->store, previous, &error))
    care_page_add_toast (CARE_PAGE (self), adw_toast_new (error->message));
}

static void
answer (CareRequestsPage *self,
        const char       *id,
        gboolean          accept,
        const char       *reason)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(CareRecord) previous = NULL;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (!care_appointments_answer_request (self->store, id, accept, reason, tz, &previous, &error))
    {
      care_page_add_toast (CARE_PAGE (self), adw_toast_new (error->message));
      return;
    }
  toast = adw_toast_new (accept ? _("Request accepted: the appointment is booked") : _("Request rejected"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "previous", g_steal_pointer (&previous), (GDestroyNotify) care_record_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_cb), self, 0);
  care_page_add_toast (CARE_PAGE (self), toast);
}

static void
accept_clicked_cb (GtkButton        *button,
                   CareRequestsPage *self)
{
  answer (self, g_object_get_data (G_OBJECT (button), ID_KEY), TRUE, NULL);
}

static void
reject_response_cb (GtkWidget        *dialog,
                    const char       *response,
                    CareRequestsPage *self)
{
  if (g_str_equal (response, "reject"))
    answer (self, g_object_get_data (G_OBJECT (dialog), ID_KEY), FALSE,
            care_appointment_reason_dialog_get_reason (dialog));
}

static void
reject_clicked_cb (GtkButton        *button,
                   CareRequestsPage *self)
{
  GtkWidget *dialog =
    care_appointment_reason_dialog_new (_("Reject this request?"),
                                        _("The time stays free. Say why, so that reception can tell the patient."),
                                        "reject-reason", _("Reason, e.g. needs a referral first"), "reject",
                                        _("_Reject Request"), TRUE);

  gtk_widget_set_name (GTK_WIDGET (dialog), "reject-dialog");
  g_object_set_data_full (G_OBJECT (dialog), ID_KEY, g_strdup (g_object_get_data (G_OBJECT (button), ID_KEY)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reject_response_cb), self, 0);
  care_alert_present (dialog, GTK_WIDGET (self));
}

/* --- the list ----------------------------------------------------------- */

/* "Tuesday 8 December, 09:00 · Dr Ana Ruiz · Consultation": when, with
 * whom, what; the reason the patient gave under it. */
static char *
describe (CareRequestsPage *self,
          CareRecord       *a)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (care_appointment_starts_at (a) / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  /* Translators: when a requested appointment is, e.g. "Tuesday 8 December, 09:00" (strftime) */
  g_autofree char *day = g_date_time_format (local, _("%A %-d %B, %H:%M"));
  g_autoptr(CareRecord) doctor = care_store_get (self->store, care_schema_lookup ("user"),
                                                 care_record_get (a, "provider_id"), NULL);
  const CareField *type = care_entity_field (care_record_get_entity (a), "type");
  const char *reason = care_record_get (a, "reason");
  GString *text = g_string_new (day);

  if (self->doctor_id == NULL && doctor)
    g_string_append_printf (text, " · %s", care_record_get (doctor, "full_name"));
  g_string_append_printf (text, " · %s", care_field_choice_label (type, care_record_get (a, "type")));
  if (reason && reason[0])
    g_string_append_printf (text, "\n%s", reason);
  return g_string_free (text, FALSE);
}

void
care_requests_page_refresh (CareRequestsPage *self)
{
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CARE_IS_REQUESTS_PAGE (self));

  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  care_list_box_remove_rows (self->list);
  requests = care_appointments_list_requests (self->store, self->doctor_id, &error);
  if (requests == NULL)
    {
      g_warning ("Could not read the requests: %s", error->message);
      return;
    }
  for (guint i = 0; i < requests->len; i++)
    {
      CareRecord *a = requests->pdata[i];
      const char *id = care_record_get_id (a);
      g_autofree char *patient = care_appointment_patient_name (self->store, care_record_get (a, "patient_id"));
      g_autofree char *subtitle = describe (self, a);
      g_autofree char *name = g_strdup_printf ("request-%s", id);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *accept = care_appointment_action_button (self, _("_Accept"), "request-accept", id,
                                                          G_CALLBACK (accept_clicked_cb));

      gtk_widget_set_name (row, name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), patient ? patient : _("Unknown patient"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 care_appointment_action_button (self, _("_Reject…"), "request-reject", id,
                                                                 G_CALLBACK (reject_clicked_cb)));
      gtk_widget_add_css_class (accept, "suggested-action");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), accept);
      gtk_list_box_append (self->list, row);
    }
}

static gboolean
refresh_idle_cb (gpointer data)
{
  CareRequestsPage *self = data;

  self->refresh_idle = 0;
  care_requests_page_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (CareStore        *store,
                  const char       *entity,
                  const char       *id,
                  CareRequestsPage *self)
{
  if ((entity == NULL || g_str_equal (entity, "appointment") || g_str_equal (entity, "patient")) &&
      self->refresh_idle == 0)
    self->refresh_idle = g_idle_add (refresh_idle_cb, self);
}

/* --- object ------------------------------------------------------------- */

static void
care_requests_page_constructed (GObject *object)
{
  CareRequestsPage *self = CARE_REQUESTS_PAGE (object);
  CareSession *session = care_page_get_session (CARE_PAGE (self));

  G_OBJECT_CLASS (care_requests_page_parent_class)->constructed (object);

  self->store = g_object_ref (care_page_get_store (CARE_PAGE (self)));
  self->doctor_id = g_strdup (care_appointments_inbox_doctor (care_session_get_role (session),
                                                              care_session_get_user_id (session)));
  gtk_label_set_text (self->heading, self->doctor_id ? _("Requests for You") : _("Requests for the Doctors"));
  self->changed_id = g_signal_connect (self->store, "changed", G_CALLBACK (store_changed_cb), self);
  care_requests_page_refresh (self);
}

static void
care_requests_page_dispose (GObject *object)
{
  CareRequestsPage *self = CARE_REQUESTS_PAGE (object);

  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  if (self->store)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_pointer (&self->doctor_id, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_REQUESTS_PAGE);
  G_OBJECT_CLASS (care_requests_page_parent_class)->dispose (object);
}

static void
care_requests_page_class_init (CareRequestsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = care_requests_page_constructed;
  object_class->dispose = care_requests_page_dispose;

  care_page_class_set_info (CARE_PAGE_CLASS (klass), "requests", N_("Requests"),
                            "appointment-new-symbolic", CARE_PERM_APPOINTMENT_MANAGEMENT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/caredesk/Caredesk/appointments/care-requests-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareRequestsPage, heading);
  gtk_widget_class_bind_template_child (widget_class, CareRequestsPage, list);
}

static void
care_requests_page_init (CareRequestsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_placeholder (self->list, care_list_placeholder_new (_("No requests are waiting for an answer.")));
}

GtkWidget *
care_requests_page_new (CareSession *session)
{
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  return GTK_WIDGET (care_page_new (CARE_TYPE_REQUESTS_PAGE, session));
}

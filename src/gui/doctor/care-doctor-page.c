/* care-doctor-page.c: the doctor's home: today's patients and what waits for the doctor
 *
 * The first page a doctor sees: who is checked in and waiting, today's
 * appointments, the patients of their care teams, and what waits for
 * them (care_doctor_home_load()): verified results of their tests to
 * review (critical first, marked reviewed here), refill requests of
 * their prescriptions (approved or refused with a reason here), and a
 * count of appointment requests that opens Appointments. Every patient
 * row opens the chart. The page reads the store again when it changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-doctor-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-doctor-page.h"
#include "care-doctor-rows.h"

struct _CareDoctorPage
{
  CarePage    parent_instance;

  guint       refresh_id;

  GtkLabel   *day_label;
  GtkButton  *results_count;
  GtkButton  *refills_count;
  GtkButton  *requests_count;
  GtkListBox *queue_list;
  GtkListBox *appointments_list;
  GtkListBox *results_list;
  GtkListBox *refills_list;
  GtkListBox *patients_list;
};

G_DEFINE_FINAL_TYPE (CareDoctorPage, care_doctor_page, CARE_TYPE_PAGE)

GtkWidget *
care_doctor_page_new (CareSession *session)
{
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  return g_object_new (CARE_TYPE_DOCTOR_PAGE, "session", session, NULL);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  /* The placeholder is not a child: it stays. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) && GTK_IS_LIST_BOX_ROW (child))
    gtk_list_box_remove (list, child);
}

static void
fill_patients (GtkListBox *list,
               GPtrArray  *rows,
               const char *name)
{
  clear_list (list);
  for (guint i = 0; i < rows->len; i++)
    gtk_list_box_append (list, care_doctor_row_patient (g_ptr_array_index (rows, i), name));
}

/* A count as a big number over its words, on a button. */
static void
set_count (GtkButton  *button,
           guint       n,
           const char *words)
{
  g_autofree char *markup = g_strdup_printf ("<span size=\"xx-large\" weight=\"bold\">%u</span>\n%s", n, words);
  g_autofree char *accessible = NULL;
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_button_set_child (button, label);
  accessible = g_strdup_printf ("%u %s", n, words);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void mark_reviewed_cb (GtkButton *button, CareDoctorPage *self);
static void refill_decided_cb (GtkButton *button, CareDoctorPage *self);

static void
show_day (CareDoctorPage *self)
{
  g_autoptr(GDateTime) now = care_clock_now_local ();
  /* Translators: the doctor's home's title, see g_date_time_format(): "Today, Monday 7 December" */
  g_autofree char *day = g_date_time_format (now, _("Today, %A %-e %B"));

  gtk_label_set_text (self->day_label, day);
}

void
care_doctor_page_refresh (CareDoctorPage *self)
{
  CareStore *store;
  const char *doctor;
  g_autoptr(CareDoctorHome) home = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) refills = NULL;

  g_return_if_fail (CARE_IS_DOCTOR_PAGE (self));

  store = care_page_get_store (CARE_PAGE (self));
  doctor = care_session_get_user_id (care_page_get_session (CARE_PAGE (self)));
  show_day (self);
  home = doctor ? care_doctor_home_load (store, doctor, NULL) : NULL;
  if (home == NULL)
    return;
  fill_patients (self->queue_list, home->queue, "home-queue-row");
  fill_patients (self->appointments_list, home->appointments, "home-appointment");
  fill_patients (self->patients_list, home->patients, "home-patient");

  results = care_orders_to_review (store, doctor, NULL);
  clear_list (self->results_list);
  for (guint i = 0; results && i < results->len; i++)
    gtk_list_box_append (self->results_list, care_doctor_row_result (g_ptr_array_index (results, i),
                                                                     G_CALLBACK (mark_reviewed_cb), self));
  refills = care_prescribing_pending_refills (store, doctor, NULL);
  clear_list (self->refills_list);
  for (guint i = 0; refills && i < refills->len; i++)
    gtk_list_box_append (self->refills_list, care_doctor_row_refill (store, g_ptr_array_index (refills, i),
                                                                     G_CALLBACK (refill_decided_cb), self));

  /* Translators: under a count on the doctor's home: "3" / "results to review" */
  set_count (self->results_count, home->results, ngettext ("result to review", "results to review", home->results));
  set_count (self->refills_count, home->refills, ngettext ("refill request", "refill requests", home->refills));
  set_count (self->requests_count, home->requests,
             ngettext ("appointment request", "appointment requests", home->requests));
}

/* --- callbacks ------------------------------------------------------------------- */

static void
mark_reviewed_cb (GtkButton      *button,
                  CareDoctorPage *self)
{
  g_autoptr(GError) error = NULL;
  const char *id = g_object_get_data (G_OBJECT (button), "test-id");

  if (!care_orders_mark_reviewed (care_page_get_store (CARE_PAGE (self)), id, &error))
    care_page_add_toast (CARE_PAGE (self), adw_toast_new (error->message));
  else
    care_page_add_toast (CARE_PAGE (self), adw_toast_new (_("Marked reviewed.")));
}

static void
refill_decided_cb (GtkButton      *button,
                   CareDoctorPage *self)
{
  g_autoptr(GError) error = NULL;
  gboolean approve = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "approve"));
  GtkWidget *reason = g_object_get_data (G_OBJECT (button), "reason");
  GtkWidget *label = g_object_get_data (G_OBJECT (button), "error");

  if (care_prescribing_decide_refill (care_page_get_store (CARE_PAGE (self)),
                                      g_object_get_data (G_OBJECT (button), "refill-id"), approve,
                                      gtk_editable_get_text (GTK_EDITABLE (reason)), &error))
    {
      care_page_add_toast (CARE_PAGE (self), adw_toast_new (approve ? _("Refill approved: the pharmacy sees it in its queue.")
                                                                    : _("Refill refused: the patient sees why.")));
      return;
    }
  /* The refusal stays with its row, under the reason it names. */
  gtk_label_set_text (GTK_LABEL (label), care_rule_error_get_field (error) && care_rule_error_get_detail (error)
                                         ? care_rule_error_get_detail (error) : error->message);
  gtk_widget_set_visible (label, TRUE);
  gtk_widget_grab_focus (reason);
}

static void
row_activated_cb (CareDoctorPage *self,
                  GtkListBoxRow  *row)
{
  const char *patient = care_doctor_row_patient_id (row);

  if (patient)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-chart", "s", patient);
}

/* The results and refills are on this page; the requests on Appointments. */
static void
count_clicked_cb (CareDoctorPage *self,
                  GtkButton      *button)
{
  GtkWidget *target = button == self->results_count ? GTK_WIDGET (self->results_list)
                      : button == self->refills_count ? GTK_WIDGET (self->refills_list) : NULL;
  GtkWidget *stack;

  if (target)
    {
      GtkWidget *first = gtk_widget_get_first_child (target);

      gtk_widget_grab_focus (first && GTK_IS_LIST_BOX_ROW (first) ? first : target);
      return;
    }
  stack = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_STACK);
  if (stack && gtk_stack_get_child_by_name (GTK_STACK (stack), "appointments"))
    gtk_stack_set_visible_child_name (GTK_STACK (stack), "appointments");
  else
    care_page_add_toast (CARE_PAGE (self), adw_toast_new (_("Appointments are not open to your role.")));
}

static gboolean
refresh_idle_cb (gpointer data)
{
  CareDoctorPage *self = data;

  self->refresh_id = 0;
  care_doctor_page_refresh (self);
  return G_SOURCE_REMOVE;
}

/* Many changes arrive together (a sync page): read once after them. */
static void
store_changed_cb (CareDoctorPage *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

/* --- the object ---------------------------------------------------------------- */

static void
care_doctor_page_constructed (GObject *object)
{
  CareDoctorPage *self = CARE_DOCTOR_PAGE (object);

  G_OBJECT_CLASS (care_doctor_page_parent_class)->constructed (object);
  g_signal_connect_object (care_page_get_store (CARE_PAGE (self)), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (care_clock_get_default (), "day-changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  care_doctor_page_refresh (self);
}

static void
care_doctor_page_dispose (GObject *object)
{
  CareDoctorPage *self = CARE_DOCTOR_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_DOCTOR_PAGE);
  G_OBJECT_CLASS (care_doctor_page_parent_class)->dispose (object);
}

static void
care_doctor_page_class_init (CareDoctorPageClass *klass)
{
  static const char *const roles[] = { CARE_ROLE_DOCTOR, NULL };
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = care_doctor_page_constructed;
  object_class->dispose = care_doctor_page_dispose;

  care_page_class_set_info (CARE_PAGE_CLASS (klass), "home", N_("My Day"), "go-home-symbolic",
                            CARE_PERM_CLINICAL_RECORDS);
  care_page_class_set_roles (CARE_PAGE_CLASS (klass), roles);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/doctor/care-doctor-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareDoctorPage, day_label);
  gtk_widget_class_bind_template_child (widget_class, CareDoctorPage, results_count);
  gtk_widget_class_bind_template_child (widget_class, CareDoctorPage, refills_count);
  gtk_widget_class_bind_template_child (widget_class, CareDoctorPage, requests_count);
  gtk_widget_class_bind_template_child (widget_class, CareDoctorPage, queue_list);
  gtk_widget_class_bind_template_child (widget_class, CareDoctorPage, appointments_list);
  gtk_widget_class_bind_template_child (widget_class, CareDoctorPage, results_list);
  gtk_widget_class_bind_template_child (widget_class, CareDoctorPage, refills_list);
  gtk_widget_class_bind_template_child (widget_class, CareDoctorPage, patients_list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, count_clicked_cb);
}

static void
care_doctor_page_init (CareDoctorPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

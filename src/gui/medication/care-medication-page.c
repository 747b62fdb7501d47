/* care-medication-page.c: the ward's medication round
 *
 * The doses of a window around now (core's care_medication_rounds_schedule()),
 * grouped by their time: patient, bed, medicine, dose, route and what
 * became of each, overdue ones said so in words. Give records the dose
 * under the signed-in account, after a confirmation when core finds it
 * given within its interval; Refuse, Hold and Missed ask why. Doses of the
 * last day nobody recorded stay at the top until someone does, so none
 * drops out of sight; medicines given as needed (PRN) follow the round,
 * each with when it was last given, and Give asks why it is needed. The
 * round follows
 * the store, so doses recorded on another workstation show when a sync
 * brings them, and the clock, so doses become overdue as time passes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-medication-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-list-util.h"
#include "care-dose-row.h"
#include "care-medication-history.h"
#include "care-medication-page.h"
#include "care-alert.h"

#define HOUR ((gint64) 3600 * G_USEC_PER_SEC)

static const guint range_hours[] = { 2, 4, 8, 12 };

struct _CareMedicationPage
{
  CarePage     parent_instance;

  GPtrArray   *doses;       /* CareDose, in the list's order */

  /* Template widgets */
  GtkLabel    *summary_label;
  GtkDropDown *range_dropdown;
  GtkListBox  *dose_list;
};

G_DEFINE_FINAL_TYPE (CareMedicationPage, care_medication_page, CARE_TYPE_PAGE)

GtkWidget *
care_medication_page_new (CareSession *session)
{
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  return g_object_new (CARE_TYPE_MEDICATION_PAGE, "session", session, NULL);
}

/* --- the round ------------------------------------------------------------ */

static char *
recorder_name (CareStore  *store,
               GHashTable *names,
               CareDose   *dose)
{
  CareRecord *record = care_dose_get_administration (dose);
  const char *id = record ? care_record_get (record, "administered_by") : NULL;
  const char *name;

  if (id == NULL)
    return NULL;
  if ((name = g_hash_table_lookup (names, id)) == NULL)
    {
      g_autoptr(CareRecord) user = care_store_get (store, care_schema_lookup ("user"), id, NULL);

      name = user ? care_record_dup_title (user) : g_strdup (_("someone"));
      g_hash_table_insert (names, g_strdup (id), (char *) name);
    }
  return g_strdup (name);
}

static void
update_summary (CareMedicationPage *self,
                gint64              from,
                gint64              to,
                gint64              now)
{
  g_autofree char *start = care_dose_format_time (from);
  g_autofree char *end = care_dose_format_time (to);
  g_autofree char *doses = NULL;
  g_autofree char *summary = NULL;
  guint overdue = 0, scheduled = 0;

  for (guint i = 0; i < self->doses->len; i++)
    {
      CareDose *dose = g_ptr_array_index (self->doses, i);

      overdue += care_dose_get_state (dose, now) == CARE_DOSE_OVERDUE;
      scheduled += !care_dose_is_as_needed (dose) && care_dose_get_scheduled_at (dose) >= from;
    }

  /* Translators: how many doses between two times of day */
  doses = g_strdup_printf (ngettext ("%u dose between %s and %s", "%u doses between %s and %s", scheduled),
                           scheduled, start, end);
  if (overdue > 0)
    /* Translators: the doses of the round, then how many are overdue */
    summary = g_strdup_printf (ngettext ("%s · %u overdue", "%s · %u overdue", overdue), doses, overdue);
  gtk_label_set_label (self->summary_label, summary ? summary : doses);
}

static void
care_medication_page_reload (CareMedicationPage *self)
{
  CareStore *store = care_page_get_store (CARE_PAGE (self));
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) doses = NULL;
  guint selected = gtk_drop_down_get_selected (self->range_dropdown);
  gint64 span = range_hours[MIN (selected, G_N_ELEMENTS (range_hours) - 1)] * HOUR;
  gint64 now = care_clock_get_real_time ();

  if (care_page_get_session (CARE_PAGE (self)) == NULL)
    return;
  /* Earlier doses nobody recorded, the round, then what is given as needed. */
  doses = care_medication_rounds_unrecorded (store, now - 24 * HOUR, now - span, &error);
  if (doses)
    {
      g_autoptr(GPtrArray) round = care_medication_rounds_schedule (store, now - span, now + span, &error);
      g_autoptr(GPtrArray) as_needed = round ? care_medication_rounds_as_needed (store, now, &error) : NULL;

      if (as_needed)
        {
          g_ptr_array_extend_and_steal (doses, g_steal_pointer (&round));
          g_ptr_array_extend_and_steal (doses, g_steal_pointer (&as_needed));
        }
      else
        g_clear_pointer (&doses, g_ptr_array_unref);
    }
  if (doses == NULL)
    {
      g_warning ("Could not read the medication round: %s", error->message);
      doses = g_ptr_array_new_with_free_func (g_object_unref);
    }
  g_clear_pointer (&self->doses, g_ptr_array_unref);
  self->doses = g_steal_pointer (&doses);

  /* Rows only: removing every child took the placeholder with them. */
  care_list_box_remove_rows (self->dose_list);
  for (guint i = 0; i < self->doses->len; i++)
    {
      CareDose *dose = g_ptr_array_index (self->doses, i);
      g_autofree char *who = recorder_name (store, names, dose);
      GtkWidget *row = care_dose_row_new (dose, i, now, who);

      g_object_set_data_full (G_OBJECT (row), "dose", g_object_ref (dose), g_object_unref);
      gtk_list_box_append (self->dose_list, row);
    }
  update_summary (self, now - span, now + span, now);
}

/* A header above each time of the round: "14:00", "Tomorrow, 02:00". */
static void
dose_header_func (GtkListBoxRow *row,
                  GtkListBoxRow *before,
                  gpointer       user_data)
{
  CareDose *dose = g_object_get_data (G_OBJECT (row), "dose");
  CareDose *previous = before ? g_object_get_data (G_OBJECT (before), "dose") : NULL;
  gint64 at = care_dose_get_scheduled_at (dose);
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = NULL;
  GtkWidget *label;
  int days;

  if (previous && care_dose_get_scheduled_at (previous) == at &&
      care_dose_is_as_needed (previous) == care_dose_is_as_needed (dose))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  if (care_dose_is_as_needed (dose))
    {
      label = gtk_label_new (_("Given as needed (PRN)"));
      goto set;
    }
  time = care_dose_format_time (at);
  utc = g_date_time_new_from_unix_utc (at / G_USEC_PER_SEC);
  local = g_date_time_to_local (utc);
  now = care_clock_now_local ();
  days = (g_date_time_get_year (local) - g_date_time_get_year (now)) * 400 +
         g_date_time_get_day_of_year (local) - g_date_time_get_day_of_year (now);
  /* Translators: a time of the round on the day before or after today */
  text = days < 0 ? g_strdup_printf (_("Yesterday, %s"), time)
         : days > 0 ? g_strdup_printf (_("Tomorrow, %s"), time)
         : g_strdup (time);
  label = gtk_label_new (text);
set:
  gtk_widget_set_name (label, "dose-group");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_set_margin_start (label, 12);
  gtk_list_box_row_set_header (row, label);
}

/* --- recording -------------------------------------------------------------- */

static CareDose *
dose_for (CareMedicationPage *self,
          GVariant           *parameter)
{
  guint index = g_variant_get_uint32 (parameter);

  return self->doses && index < self->doses->len ? g_ptr_array_index (self->doses, index) : NULL;
}

static void
record_dose (CareMedicationPage *self,
             CareDose           *round_dose,
             const char         *status,
             const char         *note)
{
  /* Recording reloads the round, which lets go of its doses. */
  g_autoptr(CareDose) dose = g_object_ref (round_dose);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) record = NULL;
  g_autofree char *title = care_dose_dup_title (dose);
  g_autofree char *message = NULL;

  record = care_medication_rounds_record (care_page_get_store (CARE_PAGE (self)), dose, status, note, &error);
  if (record == NULL)
    {
      care_page_add_toast (CARE_PAGE (self), adw_toast_new (error->message));
      return;
    }
  if (g_str_equal (status, "given"))
    /* Translators: a medicine and dose, and a patient */
    message = g_strdup_printf (_("%s given to %s."), title, care_dose_get_patient_name (dose));
  else
    /* Translators: a medicine and dose, a patient, and what became of the dose (“Refused”) */
    message = g_strdup_printf (_("%s for %s recorded as %s."), title, care_dose_get_patient_name (dose),
                               care_field_choice_label (care_entity_field (care_record_get_entity (record), "status"), status));
  care_page_add_toast (CARE_PAGE (self), adw_toast_new (message));
  care_medication_page_reload (self);
}

static GtkWindow *
parent_window (CareMedicationPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
on_double_dose_response_cb (GtkWidget          *dialog,
                            const char         *response,
                            CareMedicationPage *self)
{
  if (g_str_equal (response, "give"))
    record_dose (self, g_object_get_data (G_OBJECT (dialog), "dose"), "given", NULL);
}

static void ask_note (CareMedicationPage *self,
                      CareDose           *dose,
                      const char         *status,
                      const char         *warning);

static void
give_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CareMedicationPage *self = CARE_MEDICATION_PAGE (widget);
  CareDose *dose = dose_for (self, parameter);
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;
  GtkWidget *dialog;

  if (dose == NULL)
    return;
  if (!care_medication_rounds_check_double_dose (care_page_get_store (CARE_PAGE (self)), dose,
                                                 care_clock_get_real_time (), &warning, &error))
    {
      care_page_add_toast (CARE_PAGE (self), adw_toast_new (error->message));
      return;
    }
  /* As needed: why it is needed now, with any earlier dose beside it. */
  if (care_dose_is_as_needed (dose))
    {
      ask_note (self, dose, "given", warning);
      return;
    }
  if (warning == NULL)
    {
      record_dose (self, dose, "given", NULL);
      return;
    }

  dialog = care_alert_new (_("Give Another Dose?"), warning);
  gtk_widget_set_name (dialog, "medication-double-dose");
  care_alert_add_response (dialog, "cancel", _("_Cancel"), CARE_ALERT_DEFAULT);
  care_alert_add_response (dialog, "give", _("_Give Anyway"), CARE_ALERT_DESTRUCTIVE);
  care_alert_set_default_response (dialog, "cancel");
  care_alert_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "dose", g_object_ref (dose), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_double_dose_response_cb), self, 0);
  care_alert_present (dialog, GTK_WIDGET (self));
}

static void
on_note_changed_cb (GtkEditable      *entry,
                    GtkWidget        *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  care_alert_set_response_enabled (dialog, "record", *text != '\0');
}

static void
on_note_response_cb (GtkWidget          *dialog,
                     const char         *response,
                     CareMedicationPage *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");

  if (g_str_equal (response, "record"))
    record_dose (self, g_object_get_data (G_OBJECT (dialog), "dose"),
                 g_object_get_data (G_OBJECT (dialog), "status"), gtk_editable_get_text (entry));
}

/* Refuse, hold, missed, or a medicine given as needed: the dialog asks
 * why; warning (may be NULL) says when it was last given. */
static void
ask_note (CareMedicationPage *self,
          CareDose           *dose,
          const char         *status,
          const char         *warning)
{
  static const struct {
    const char *status, *title, *placeholder, *record;
  } kinds[] = {
    { "refused", N_("Dose Refused"), N_("e.g. Feels sick, will try later"), N_("_Record Refusal") },
    { "held", N_("Hold Dose"), N_("e.g. Nil by mouth before theatre"), N_("_Hold") },
    { "missed", N_("Dose Missed"), N_("e.g. Patient was in theatre"), N_("_Record as Missed") },
    { "given", N_("Give as Needed"), N_("e.g. Pain 7 out of 10"), N_("_Give") },
  };
  guint k = 0;
  g_autofree char *title = care_dose_dup_title (dose);
  g_autofree char *time = care_dose_format_time (care_dose_get_scheduled_at (dose));
  g_autofree char *body = NULL;
  GtkWidget *dialog, *entry;

  while (k < G_N_ELEMENTS (kinds) - 1 && !g_str_equal (kinds[k].status, status))
    k++;
  if (care_dose_is_as_needed (dose))
    /* Translators: a medicine and dose, and a patient */
    body = g_strdup_printf (_("%s for %s. Say why it is needed now."), title, care_dose_get_patient_name (dose));
  else
    /* Translators: a medicine and dose, a patient and the time the dose is due */
    body = g_strdup_printf (_("%s for %s, due at %s. Say why."), title, care_dose_get_patient_name (dose), time);
  if (warning)
    {
      char *with_warning = g_strdup_printf ("%s\n\n%s", body, warning);

      g_free (body);
      body = with_warning;
    }
  dialog = care_alert_new (_(kinds[k].title), body);
  entry = gtk_entry_new ();
  gtk_widget_set_name (dialog, "medication-note-dialog");
  gtk_widget_set_name (entry, "medication-note");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _(kinds[k].placeholder));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Why"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  care_alert_set_extra_child (dialog, entry);
  care_alert_add_response (dialog, "cancel", _("_Cancel"), CARE_ALERT_DEFAULT);
  care_alert_add_response (dialog,
                           "record",
                           _(kinds[k].record),
                           warning ? CARE_ALERT_DESTRUCTIVE : CARE_ALERT_SUGGESTED);
  care_alert_set_response_enabled (dialog, "record", FALSE);
  care_alert_set_default_response (dialog, "record");
  care_alert_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "dose", g_object_ref (dose), g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "status", (gpointer) kinds[k].status);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect (entry, "changed", G_CALLBACK (on_note_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_note_response_cb), self, 0);
  care_alert_present (dialog, GTK_WIDGET (self));
  gtk_widget_grab_focus (entry);
}

/* Refuse, Hold, Missed…: the dialog asks why. */
static void
note_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CareDose *dose = dose_for (CARE_MEDICATION_PAGE (widget), parameter);
  const char *status = g_str_equal (action_name, "medication.refuse") ? "refused"
                       : g_str_equal (action_name, "medication.hold") ? "held" : "missed";

  if (dose)
    ask_note (CARE_MEDICATION_PAGE (widget), dose, status, NULL);
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CareMedicationPage *self = CARE_MEDICATION_PAGE (widget);
  CareDose *dose = dose_for (self, parameter);

  if (dose)
    gtk_window_present (GTK_WINDOW (care_medication_history_new (parent_window (self), care_page_get_store (CARE_PAGE (self)),
                                                                 care_dose_get_patient_id (dose),
                                                                 care_dose_get_patient_name (dose))));
}

/* --- following the store and the clock -------------------------------------- */

static void
on_range_selected_cb (CareMedicationPage *self)
{
  care_medication_page_reload (self);
}

static void
on_store_changed_cb (CareStore          *store,
                     const char         *entity,
                     const char         *id,
                     CareMedicationPage *self)
{
  static const char *const followed[] = { "medication_administration", "prescription", "prescription_item",
                                          "bed_allocation", "bed", "patient", NULL };

  if (entity == NULL || g_strv_contains (followed, entity))
    care_medication_page_reload (self);
}

static void
on_minute_changed_cb (CareClock          *clock,
                      CareMedicationPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    care_medication_page_reload (self);
}

static void
care_medication_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (care_medication_page_parent_class)->map (widget);

  care_medication_page_reload (CARE_MEDICATION_PAGE (widget));
}

/* --- GObject ---------------------------------------------------------------- */

static void
care_medication_page_constructed (GObject *object)
{
  CareMedicationPage *self = CARE_MEDICATION_PAGE (object);

  G_OBJECT_CLASS (care_medication_page_parent_class)->constructed (object);

  g_signal_connect_object (care_page_get_store (CARE_PAGE (self)), "changed",
                           G_CALLBACK (on_store_changed_cb), self, 0);
  g_signal_connect_object (care_clock_get_default (), "minute-changed",
                           G_CALLBACK (on_minute_changed_cb), self, 0);
  care_medication_page_reload (self);
}

static void
care_medication_page_dispose (GObject *object)
{
  CareMedicationPage *self = CARE_MEDICATION_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_MEDICATION_PAGE);
  g_clear_pointer (&self->doses, g_ptr_array_unref);

  G_OBJECT_CLASS (care_medication_page_parent_class)->dispose (object);
}

static void
care_medication_page_class_init (CareMedicationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* Recording a dose needs what its records need: vitals entry (nurses,
   * doctors and administrators under seed 001's matrix). */
  care_page_class_set_info (CARE_PAGE_CLASS (klass), "medication", N_("Medication Round"),
                            "appointment-soon-symbolic", CARE_PERM_VITALS_ENTRY);

  object_class->constructed = care_medication_page_constructed;
  object_class->dispose = care_medication_page_dispose;
  widget_class->map = care_medication_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/medication/care-medication-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareMedicationPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CareMedicationPage, range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CareMedicationPage, dose_list);
  gtk_widget_class_bind_template_callback (widget_class, on_range_selected_cb);

  gtk_widget_class_install_action (widget_class, "medication.give", "u", give_action);
  gtk_widget_class_install_action (widget_class, "medication.refuse", "u", note_action);
  gtk_widget_class_install_action (widget_class, "medication.hold", "u", note_action);
  gtk_widget_class_install_action (widget_class, "medication.missed", "u", note_action);
  gtk_widget_class_install_action (widget_class, "medication.history", "u", history_action);
}

static void
care_medication_page_init (CareMedicationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_header_func (self->dose_list, dose_header_func, NULL, NULL);
  gtk_list_box_set_placeholder (self->dose_list,
                                gtk_label_new (_("No doses in this time. Doses come from the active prescriptions of admitted patients.")));
}

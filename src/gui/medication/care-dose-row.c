/* care-dose-row.c: a dose of the medication round as a list row, with its actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-dose-row"

#include "config.h"

#include <glib/gi18n.h>

#include "care-dose-row.h"

char *
care_dose_format_time (gint64 usec)
{
  return care_clock_format_time (usec);
}

char *
care_dose_dup_title (CareDose *dose)
{
  /* Translators: a medicine and its dose, “Amoxicillin 500 mg” */
  return g_strdup_printf (_("%s %s"), care_dose_get_medicine_name (dose), care_dose_get_dose (dose));
}

char *
care_dose_describe_state (CareDose   *dose,
                          gint64      now,
                          const char *recorder)
{
  CareRecord *record = care_dose_get_administration (dose);
  g_autofree char *due = care_dose_format_time (care_dose_get_scheduled_at (dose));
  g_autofree char *at = NULL;
  gint64 when = 0;

  if (record && care_clock_parse_instant (care_record_get (record, "administered_at"), &when))
    at = care_dose_format_time (when);
  if (recorder == NULL)
    recorder = _("someone");

  switch (care_dose_get_state (dose, now))
    {
    case CARE_DOSE_OVERDUE:
      /* Translators: %s is the time the dose was due */
      return g_strdup_printf (_("Overdue since %s"), due);
    case CARE_DOSE_GIVEN:
      /* Translators: a time and a person, “Given at 14:05 by Nora Nurse” */
      return g_strdup_printf (_("Given at %s by %s"), at ? at : due, recorder);
    case CARE_DOSE_REFUSED:
      /* Translators: a time and a person */
      return g_strdup_printf (_("Refused at %s, recorded by %s"), at ? at : due, recorder);
    case CARE_DOSE_HELD:
      /* Translators: a time and a person */
      return g_strdup_printf (_("Held at %s by %s"), at ? at : due, recorder);
    case CARE_DOSE_MISSED:
      /* Translators: a time and a person */
      return g_strdup_printf (_("Missed, recorded at %s by %s"), at ? at : due, recorder);
    case CARE_DOSE_AS_NEEDED:
      if (at == NULL)
        return g_strdup (_("As needed · not given yet"));
      /* Translators: a time and a person */
      return g_strdup_printf (_("As needed · last given at %s by %s"), at, recorder);
    case CARE_DOSE_DUE:
    default:
      /* Translators: %s is a time of day */
      return g_strdup_printf (_("Due at %s"), due);
    }
}

static GtkWidget *
action_button (const char *label,
               const char *name,
               const char *action,
               guint       index)
{
  GtkWidget *button = label ? gtk_button_new_with_mnemonic (label) : gtk_button_new ();

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_uint32 (index));
  return button;
}

GtkWidget *
care_dose_row_new (CareDose   *dose,
                   guint       index,
                   gint64      now,
                   const char *recorder)
{
  static const char *const state_classes[] = { NULL, "error", "success", "warning", "warning", "error", NULL };
  CareDoseState state = care_dose_get_state (dose, now);
  CareRecord *record = care_dose_get_administration (dose);
  const CareField *route = care_entity_field (care_schema_lookup ("prescription_item"), "route");
  g_autofree char *title = care_dose_dup_title (dose);
  g_autofree char *described = care_dose_describe_state (dose, now, recorder);
  g_autofree char *row_name = g_strdup_printf ("dose-row-%u", index);
  g_autoptr(GString) subtitle = g_string_new (care_dose_get_patient_name (dose));
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (described);
  GtkWidget *give, *history;

  if (care_dose_get_bed_label (dose))
    {
      /* Translators: a bed, “Bed A1-1” */
      g_autofree char *bed = g_strdup_printf (_("Bed %s"), care_dose_get_bed_label (dose));
      g_string_append_printf (subtitle, " · %s", bed);
    }
  if (care_dose_get_route (dose))
    g_string_append_printf (subtitle, " · %s", care_field_choice_label (route, care_dose_get_route (dose)));
  if (record && care_record_get (record, "notes"))
    g_string_append_printf (subtitle, " · %s", care_record_get (record, "notes"));

  gtk_widget_set_name (row, row_name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);

  /* The state in words; colour only repeats it. */
  gtk_widget_set_name (label, "dose-state");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  if (state_classes[state])
    gtk_widget_add_css_class (label, state_classes[state]);
  if (state == CARE_DOSE_OVERDUE)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "error");
      gtk_widget_add_css_class (label, "heading");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);

  give = action_button (state == CARE_DOSE_AS_NEEDED ? _("_Give…") : _("_Give"), "dose-give", "medication.give", index);
  if (state == CARE_DOSE_DUE || state == CARE_DOSE_OVERDUE)
    gtk_widget_add_css_class (give, "suggested-action");
  gtk_box_append (GTK_BOX (box), give);
  if (state != CARE_DOSE_AS_NEEDED)
    {
      gtk_box_append (GTK_BOX (box), action_button (_("_Refuse"), "dose-refuse", "medication.refuse", index));
      gtk_box_append (GTK_BOX (box), action_button (_("_Hold"), "dose-hold", "medication.hold", index));
    }
  /* An overdue dose not given: say so, and why. */
  if (state == CARE_DOSE_OVERDUE)
    gtk_box_append (GTK_BOX (box), action_button (_("_Missed…"), "dose-missed", "medication.missed", index));
  history = action_button (NULL, "dose-history", "medication.history", index);
  gtk_button_set_icon_name (GTK_BUTTON (history), "document-open-recent-symbolic");
  gtk_widget_set_tooltip_text (history, _("Medication history of this patient"));
  /* GTK 4.8 reads a tooltip as the description only: the icon needs a name. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (history), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_widget_get_tooltip_text (history), -1);
  gtk_widget_add_css_class (history, "flat");
  gtk_box_append (GTK_BOX (box), history);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  return row;
}

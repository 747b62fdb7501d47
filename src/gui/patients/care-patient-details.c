/* care-patient-details.c: everything the clinic knows about one patient
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-patient-details"

#include "config.h"

#include <glib/gi18n.h>

#include "care-form-fill-window.h"
#include "care-kiosk-invite.h"
#include "care-messages-page.h"
#include "care-patient-details.h"
#include "care-patient-row.h"
#include "care-window.h"

struct _CarePatientDetails
{
  GtkWidget   parent_instance;

  CareRecord *record;
  gboolean    can_edit;

  /* Template widgets */
  GtkWidget  *scroller;
  GtkWidget  *avatar;
  GtkWidget  *name_label;
  GtkWidget  *summary_label;
  GtkWidget  *buttons_box;
  GtkWidget  *chart_button;
  GtkWidget  *edit_button;
  GtkWidget  *more_button;
  GtkPopover *more_popover;
  GtkWidget  *delete_button;
  GtkWidget  *allergy_banner;
  GtkWidget  *allergy_label;
  GtkWidget  *groups_box;
  GtkWidget  *footer_label;
};

G_DEFINE_FINAL_TYPE (CarePatientDetails, care_patient_details, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CAN_EDIT,
  N_PROPS
};

enum {
  EDIT_REQUESTED,
  DELETE_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Fields the header or the allergy banner already shows. */
static const char *const shown_elsewhere[] = { "given_name", "family_name", "allergies", NULL };

static char *
format_value (const CareRecord *record,
              const CareField  *field)
{
  const char *value = care_record_get (record, field->name);

  if (value == NULL || value[0] == '\0')
    return NULL;

  switch (field->type)
    {
    case CARE_FIELD_ENUM:
      return g_strdup (care_field_choice_label (field, value));

    case CARE_FIELD_BOOL:
      return g_strdup (care_record_get_bool (record, field->name) ? _("Yes") : _("No"));

    case CARE_FIELD_LIST:
      {
        g_auto(GStrv) items = care_record_get_list (record, field->name);

        return items[0] ? g_strjoinv (", ", items) : NULL;
      }

    case CARE_FIELD_DATE:
      if (g_str_equal (field->name, "date_of_birth"))
        return care_patient_format_birth (value);
      return g_strdup (value);

    case CARE_FIELD_DATETIME:
      {
        g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (value, NULL);
        g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

        return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (value);
      }

    case CARE_FIELD_MONEY:
      {
        gint64 units = care_record_get_int (record, field->name, 0);

        return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02d", units < 0 ? "-" : "",
                                ABS (units) / 100, (int) (ABS (units) % 100));
      }

    case CARE_FIELD_BLOB:
    case CARE_FIELD_REF:
      return NULL;

    default:
      return g_strdup (value);
    }
}

static void
clear_groups (CarePatientDetails *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->groups_box)))
    gtk_box_remove (GTK_BOX (self->groups_box), child);
}

static void
build_groups (CarePatientDetails *self)
{
  const CareEntity *entity = care_record_get_entity (self->record);
  AdwPreferencesGroup *group = NULL;
  const char *group_name = NULL;

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const CareField *field = &entity->fields[i];
      g_autofree char *value = NULL;
      g_autofree char *row_name = NULL;
      GtkWidget *row;

      if (field->group == NULL || (field->flags & CARE_FIELD_SECRET) ||
          g_strv_contains (shown_elsewhere, field->name))
        continue;
      if (!(value = format_value (self->record, field)))
        continue;

      /* Fields of one section are consecutive in the schema. */
      if (group == NULL || g_strcmp0 (group_name, field->group) != 0)
        {
          group_name = field->group;
          group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          adw_preferences_group_set_title (group, g_dgettext (GETTEXT_PACKAGE, group_name));
          gtk_box_append (GTK_BOX (self->groups_box), GTK_WIDGET (group));
        }

      row_name = g_strdup_printf ("detail-%s", field->name);
      row = g_object_new (ADW_TYPE_ACTION_ROW,
                          "name", row_name,
                          "title", g_dgettext (GETTEXT_PACKAGE, field->label),
                          "subtitle", value,
                          "use-markup", FALSE,
                          NULL);
      gtk_widget_add_css_class (row, "property-row");
      adw_preferences_group_add (group, row);
    }
}

static void
update_buttons (CarePatientDetails *self)
{
  gtk_widget_set_visible (self->buttons_box, self->can_edit && self->record != NULL);
  gtk_widget_set_visible (self->more_button, self->can_edit && self->record != NULL);
}

static void
on_edit_button_clicked_cb (CarePatientDetails *self)
{
  if (self->record)
    g_signal_emit (self, signals[EDIT_REQUESTED], 0);
}

/* A message to the patient: the Messages page, a new conversation. */
static void
on_message_button_clicked_cb (CarePatientDetails *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *page = CARE_IS_WINDOW (root) ? care_window_get_page (CARE_WINDOW (root), "messages") : NULL;

  gtk_popover_popdown (self->more_popover);
  if (self->record && CARE_IS_MESSAGES_PAGE (page) && care_window_show_page (CARE_WINDOW (root), "messages"))
    care_messages_page_write_to_patient (CARE_MESSAGES_PAGE (page), care_record_get_id (self->record));
}

/* One of the clinic's forms, filled in with the patient. */
static void
on_form_button_clicked_cb (CarePatientDetails *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *window;

  gtk_popover_popdown (self->more_popover);
  if (self->record == NULL || !CARE_IS_WINDOW (root))
    return;
  window = care_form_fill_window_new (GTK_WIDGET (self), care_window_get_store (CARE_WINDOW (root)),
                                      care_record_get_id (self->record));
  if (window)
    gtk_window_present (GTK_WINDOW (window));
}

/* A code for the patient's first sign-in at the kiosk. */
static void
on_invite_button_clicked_cb (GtkButton          *button,
                             CarePatientDetails *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_popover_popdown (self->more_popover);
  if (self->record && CARE_IS_WINDOW (root))
    care_kiosk_invite_show (GTK_WIDGET (button), care_window_get_session (CARE_WINDOW (root)), self->record,
                            care_window_get_cancellable (CARE_WINDOW (root)));
}

static void
on_delete_button_clicked_cb (CarePatientDetails *self)
{
  if (self->record)
    g_signal_emit (self, signals[DELETE_REQUESTED], 0);
}

static void
care_patient_details_dispose (GObject *object)
{
  CarePatientDetails *self = (CarePatientDetails *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_PATIENT_DETAILS);
  g_clear_pointer (&self->record, care_record_unref);

  G_OBJECT_CLASS (care_patient_details_parent_class)->dispose (object);
}

static void
care_patient_details_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CarePatientDetails *self = CARE_PATIENT_DETAILS (object);

  switch (prop_id)
    {
    case PROP_CAN_EDIT:
      g_value_set_boolean (value, self->can_edit);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_patient_details_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  CarePatientDetails *self = CARE_PATIENT_DETAILS (object);

  switch (prop_id)
    {
    case PROP_CAN_EDIT:
      care_patient_details_set_can_edit (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_patient_details_class_init (CarePatientDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_patient_details_dispose;
  object_class->get_property = care_patient_details_get_property;
  object_class->set_property = care_patient_details_set_property;

  properties[PROP_CAN_EDIT] =
    g_param_spec_boolean ("can-edit", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CarePatientDetails::edit-requested:
   *
   * The person asked to change the shown patient.
   */
  signals[EDIT_REQUESTED] =
    g_signal_new ("edit-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * CarePatientDetails::delete-requested:
   *
   * The person asked to delete the shown patient (not confirmed yet).
   */
  signals[DELETE_REQUESTED] =
    g_signal_new ("delete-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/patients/care-patient-details.ui");
  gtk_widget_class_bind_template_child (widget_class, CarePatientDetails, scroller);
  gtk_widget_class_bind_template_child (widget_class, CarePatientDetails, avatar);
  gtk_widget_class_bind_template_child (widget_class, CarePatientDetails, name_label);
  gtk_widget_class_bind_template_child (widget_class, CarePatientDetails, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CarePatientDetails, buttons_box);
  gtk_widget_class_bind_template_child (widget_class, CarePatientDetails, chart_button);
  gtk_widget_class_bind_template_child (widget_class, CarePatientDetails, edit_button);
  gtk_widget_class_bind_template_child (widget_class, CarePatientDetails, more_button);
  gtk_widget_class_bind_template_child (widget_class, CarePatientDetails, more_popover);
  gtk_widget_class_bind_template_child (widget_class, CarePatientDetails, delete_button);
  gtk_widget_class_bind_template_child (widget_class, CarePatientDetails, allergy_banner);
  gtk_widget_class_bind_template_child (widget_class, CarePatientDetails, allergy_label);
  gtk_widget_class_bind_template_child (widget_class, CarePatientDetails, groups_box);
  gtk_widget_class_bind_template_child (widget_class, CarePatientDetails, footer_label);
  gtk_widget_class_bind_template_callback (widget_class, on_edit_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_delete_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_message_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_form_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_invite_button_clicked_cb);

  gtk_widget_class_set_css_name (widget_class, "patientdetails");
}

static void
care_patient_details_init (CarePatientDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Shown to the roles whose window enables win.open-chart only. */
  g_object_bind_property (self->chart_button, "sensitive", self->chart_button, "visible", G_BINDING_SYNC_CREATE);
  update_buttons (self);
}

GtkWidget *
care_patient_details_new (void)
{
  return g_object_new (CARE_TYPE_PATIENT_DETAILS, NULL);
}

CareRecord *
care_patient_details_get_record (CarePatientDetails *self)
{
  g_return_val_if_fail (CARE_IS_PATIENT_DETAILS (self), NULL);

  return self->record;
}

static char *
format_summary (CareRecord *record)
{
  const CareEntity *entity = care_record_get_entity (record);
  g_autoptr(GString) summary = g_string_new (NULL);
  const char *mrn = care_record_get (record, "mrn");
  const char *sex = care_record_get (record, "sex");
  const char *preferred = care_record_get (record, "preferred_name");
  g_autofree char *age = care_patient_format_age (care_record_get (record, "date_of_birth"));

  if (mrn)
    g_string_append (summary, mrn);
  if (age)
    {
      if (summary->len)
        g_string_append (summary, " · ");
      g_string_append (summary, age);
    }
  if (sex)
    {
      if (summary->len)
        g_string_append (summary, " · ");
      g_string_append (summary, care_field_choice_label (care_entity_field (entity, "sex"), sex));
    }
  if (preferred)
    {
      if (summary->len)
        g_string_append (summary, " · ");
      /* Translators: the name a patient likes to be called */
      g_string_append_printf (summary, _("Goes by “%s”"), preferred);
    }
  return g_string_free (g_steal_pointer (&summary), FALSE);
}

static char *
format_footer (CareRecord *record)
{
  const char *created = care_record_get (record, CARE_COLUMN_CREATED_AT);
  const char *updated = care_record_get (record, CARE_COLUMN_UPDATED_AT);
  g_autoptr(GDateTime) created_utc = created ? g_date_time_new_from_iso8601 (created, NULL) : NULL;
  g_autoptr(GDateTime) updated_utc = updated ? g_date_time_new_from_iso8601 (updated, NULL) : NULL;
  g_autoptr(GDateTime) created_local = created_utc ? g_date_time_to_local (created_utc) : NULL;
  g_autoptr(GDateTime) updated_local = updated_utc ? g_date_time_to_local (updated_utc) : NULL;
  g_autofree char *created_text = created_local ? g_date_time_format (created_local, "%Y-%m-%d %H:%M") : NULL;
  g_autofree char *updated_text = updated_local ? g_date_time_format (updated_local, "%Y-%m-%d %H:%M") : NULL;

  if (created_text == NULL)
    return g_strdup ("");
  if (updated_text && g_strcmp0 (created, updated) != 0)
    /* Translators: when a patient's record was created and last changed */
    return g_strdup_printf (_("Registered %s · Last changed %s"), created_text, updated_text);
  /* Translators: when a patient's record was created */
  return g_strdup_printf (_("Registered %s"), created_text);
}

void
care_patient_details_set_record (CarePatientDetails *self,
                                 CareRecord         *record)
{
  g_autofree char *title = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *footer = NULL;
  g_auto(GStrv) allergies = NULL;
  gboolean same_patient;

  g_return_if_fail (CARE_IS_PATIENT_DETAILS (self));

  same_patient = self->record && record &&
                 g_strcmp0 (care_record_get_id (self->record), care_record_get_id (record)) == 0;
  if (record)
    care_record_ref (record);
  g_clear_pointer (&self->record, care_record_unref);
  self->record = record;

  clear_groups (self);
  update_buttons (self);
  /* The window opens the chart, for the roles that may read it. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->chart_button), "s",
                                    record ? care_record_get_id (record) : "");

  if (record == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->name_label), "");
      gtk_label_set_text (GTK_LABEL (self->summary_label), "");
      gtk_label_set_text (GTK_LABEL (self->footer_label), "");
      gtk_widget_set_visible (self->allergy_banner, FALSE);
      return;
    }

  title = care_record_dup_title (record);
  summary = format_summary (record);
  footer = format_footer (record);
  gtk_label_set_text (GTK_LABEL (self->name_label), title);
  adw_avatar_set_text (ADW_AVATAR (self->avatar), title);
  gtk_label_set_text (GTK_LABEL (self->summary_label), summary);
  gtk_label_set_text (GTK_LABEL (self->footer_label), footer);

  allergies = care_record_get_list (record, "allergies");
  if (allergies[0])
    {
      g_autofree char *text = g_strjoinv (", ", allergies);

      gtk_label_set_text (GTK_LABEL (self->allergy_label), text);
      gtk_widget_set_visible (self->allergy_banner, TRUE);
    }
  else
    gtk_widget_set_visible (self->allergy_banner, FALSE);

  build_groups (self);

  /* Another patient is read from the top. */
  if (!same_patient)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
}

gboolean
care_patient_details_get_can_edit (CarePatientDetails *self)
{
  g_return_val_if_fail (CARE_IS_PATIENT_DETAILS (self), FALSE);

  return self->can_edit;
}

void
care_patient_details_set_can_edit (CarePatientDetails *self,
                                   gboolean            can_edit)
{
  g_return_if_fail (CARE_IS_PATIENT_DETAILS (self));

  can_edit = !!can_edit;
  if (self->can_edit == can_edit)
    return;
  self->can_edit = can_edit;
  update_buttons (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_EDIT]);
}

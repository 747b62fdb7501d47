/* care-patient-editor.c: registering a patient or changing their details
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-patient-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "care-patient-editor.h"
#include "care-patients.h"
#include "care-alert.h"

struct _CarePatientEditor
{
  AdwWindow       parent_instance;

  CareStore      *store;
  CareRecord     *previous;   /* as stored when editing began; NULL: new patient */
  CareRecord     *record;     /* what the form is applied to */
  CareRecordForm *form;
  gboolean        done;       /* saved or discarded: close without asking */

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkWidget       *save_button;
  GtkWidget       *scroller;
  GtkWidget       *form_box;
};

G_DEFINE_FINAL_TYPE (CarePatientEditor, care_patient_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_PATIENT,
  N_PROPS
};

enum {
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

CareRecordForm *
care_patient_editor_get_form (CarePatientEditor *self)
{
  g_return_val_if_fail (CARE_IS_PATIENT_EDITOR (self), NULL);

  return self->form;
}

gboolean
care_patient_editor_is_new (CarePatientEditor *self)
{
  g_return_val_if_fail (CARE_IS_PATIENT_EDITOR (self), FALSE);

  return self->previous == NULL;
}

static void
show_problem (CarePatientEditor *self,
              const char        *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static gboolean
write_record (CarePatientEditor  *self,
              CareRecord         *record,
              GError            **error)
{
  if (self->previous != NULL)
    return care_store_update (self->store, record, error);
  return care_patients_register (self->store, record, TRUE, error);
}

gboolean
care_patient_editor_save (CarePatientEditor *self)
{
  g_autoptr(CareRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CARE_IS_PATIENT_EDITOR (self), FALSE);

  record = care_record_copy (self->record);
  if (!care_record_form_apply (self->form, self->store, record))
    return FALSE;

  if (!write_record (self, record, &error))
    {
      g_autoptr(CareValidation) validation = NULL;

      /* Someone else may have taken a unique value meanwhile: show it at
       * its field if the store can say which. */
      if (g_error_matches (error, CARE_VALIDATION_ERROR, CARE_VALIDATION_ERROR_INVALID) &&
          (validation = care_store_validate (self->store, record)) &&
          !care_validation_is_valid (validation))
        care_record_form_show_errors (self->form, validation);
      else
        show_problem (self, error->message);
      return FALSE;
    }

  self->done = TRUE;
  g_signal_emit (self, signals[SAVED], 0, record, self->previous);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  care_patient_editor_save (CARE_PATIENT_EDITOR (widget));
}

static gboolean
close_editor_cb (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
on_discard_response_cb (GtkWidget         *dialog,
                        const char        *response,
                        CarePatientEditor *self)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;

  /* Once the dialog, which belongs to this window, has closed itself. */
  self->done = TRUE;
  g_idle_add_full (G_PRIORITY_DEFAULT, close_editor_cb, g_object_ref (self), g_object_unref);
}

static gboolean
care_patient_editor_close_request (GtkWindow *window)
{
  CarePatientEditor *self = CARE_PATIENT_EDITOR (window);
  GtkWidget *dialog;

  if (self->done || self->form == NULL || !care_record_form_get_modified (self->form))
    return GTK_WINDOW_CLASS (care_patient_editor_parent_class)->close_request (window);

  dialog = care_alert_new (self->previous ? _("Discard Changes?")
                                          : _("Discard This Registration?"),
                           self->previous ? _("The changes you made to this patient’s details will be lost.")
                                          : _("The details you entered will be lost."));
  gtk_widget_set_name (dialog, "patient-discard-dialog");
  care_alert_add_response (dialog, "cancel", _("_Keep Editing"), CARE_ALERT_DEFAULT);
  care_alert_add_response (dialog, "discard", _("_Discard"), CARE_ALERT_DESTRUCTIVE);
  care_alert_set_default_response (dialog, "cancel");
  care_alert_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response_cb), self, 0);
  care_alert_present (dialog, GTK_WIDGET (self));

  return TRUE;
}

static void
care_patient_editor_constructed (GObject *object)
{
  CarePatientEditor *self = (CarePatientEditor *)object;
  const CareEntity *entity = care_schema_lookup ("patient");
  GtkWidget *viewport;

  G_OBJECT_CLASS (care_patient_editor_parent_class)->constructed (object);

  g_assert (CARE_IS_STORE (self->store));

  if (self->previous)
    {
      g_autofree char *name = care_record_dup_title (self->previous);

      self->record = care_record_copy (self->previous);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Patient"));
      adw_window_title_set_title (self->window_title, _("Edit Patient"));
      adw_window_title_set_subtitle (self->window_title, name);
      gtk_button_set_label (GTK_BUTTON (self->save_button), _("_Save"));
    }
  else
    {
      self->record = care_record_new (entity);
      care_record_set (self->record, "status", "new");
      gtk_window_set_title (GTK_WINDOW (self), _("Register Patient"));
      adw_window_title_set_title (self->window_title, _("Register Patient"));
      gtk_button_set_label (GTK_BUTTON (self->save_button), _("_Register"));
    }

  self->form = care_record_form_new (entity, NULL);
  gtk_widget_set_name (GTK_WIDGET (self->form), "patient-form");
  care_record_form_set_record (self->form, self->record);
  gtk_box_append (GTK_BOX (self->form_box), GTK_WIDGET (self->form));

  /* Keep a field that gets the focus (the first problem) in view. */
  viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (self->scroller));
  if (GTK_IS_VIEWPORT (viewport))
    gtk_viewport_set_scroll_to_focus (GTK_VIEWPORT (viewport), TRUE);

  gtk_widget_grab_focus (care_record_form_get_row (self->form, "given_name"));
}

static void
care_patient_editor_dispose (GObject *object)
{
  CarePatientEditor *self = (CarePatientEditor *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_PATIENT_EDITOR);
  self->form = NULL;

  G_OBJECT_CLASS (care_patient_editor_parent_class)->dispose (object);
}

static void
care_patient_editor_finalize (GObject *object)
{
  CarePatientEditor *self = (CarePatientEditor *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->previous, care_record_unref);
  g_clear_pointer (&self->record, care_record_unref);

  G_OBJECT_CLASS (care_patient_editor_parent_class)->finalize (object);
}

static void
care_patient_editor_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CarePatientEditor *self = CARE_PATIENT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_PATIENT:
      g_value_set_boxed (value, self->previous);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_patient_editor_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CarePatientEditor *self = CARE_PATIENT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_PATIENT:
      {
        CareRecord *patient = g_value_get_boxed (value);

        self->previous = patient ? care_record_copy (patient) : NULL;
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_patient_editor_class_init (CarePatientEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = care_patient_editor_constructed;
  object_class->dispose = care_patient_editor_dispose;
  object_class->finalize = care_patient_editor_finalize;
  object_class->get_property = care_patient_editor_get_property;
  object_class->set_property = care_patient_editor_set_property;
  window_class->close_request = care_patient_editor_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CARE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATIENT] =
    g_param_spec_boxed ("patient", NULL, NULL, CARE_TYPE_RECORD,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CarePatientEditor::saved:
   * @record: the patient as written
   * @previous: (nullable): the patient before the change; %NULL if registered
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  CARE_TYPE_RECORD | G_SIGNAL_TYPE_STATIC_SCOPE,
                  CARE_TYPE_RECORD | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/patients/care-patient-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CarePatientEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CarePatientEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, CarePatientEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, CarePatientEditor, scroller);
  gtk_widget_class_bind_template_child (widget_class, CarePatientEditor, form_box);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "editor.save", NULL);
}

static void
care_patient_editor_init (CarePatientEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CarePatientEditor *
care_patient_editor_new (CareStore  *store,
                         CareRecord *patient)
{
  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  return g_object_new (CARE_TYPE_PATIENT_EDITOR,
                       "store", store,
                       "patient", patient,
                       NULL);
}

/* care-vitals-dialog.c: record a set of vital signs, or amend one
 *
 * The form is the schema's (CareRecordForm): an impossible reading (a
 * pulse of 900) is refused under its field by the same check the store and
 * the server make, and nothing is written. As the nurse types, the NEWS2
 * score and the BMI follow, and unusual readings get a warning under their
 * field; they are saved all the same. An amendment is a new set that names
 * the one it corrects (vitals are append-only).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-vitals-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "care-news2-label.h"
#include "care-vitals-dialog.h"

struct _CareVitalsDialog
{
  AdwWindow       parent_instance;

  CareSession    *session;
  char           *patient_id;
  CareRecord     *original;      /* the set being amended, or NULL */
  CareRecordForm *form;

  GtkBox         *content_box;
  GtkLabel       *patient_label;
  GtkLabel       *news2_badge;
  GtkLabel       *news2_words;
  GtkLabel       *bmi_label;
  GtkLabel       *error_label;
};

G_DEFINE_FINAL_TYPE (CareVitalsDialog, care_vitals_dialog, ADW_TYPE_WINDOW)

enum { SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *const form_fields[] = {
  "systolic", "diastolic", "pulse", "respiratory_rate", "spo2", "on_oxygen", "spo2_scale",
  "temperature_c", "consciousness", "weight_kg", "height_cm", "pain_score", "notes", NULL
};

static const CareEntity *
vitals_entity (void)
{
  return care_schema_lookup ("vitals");
}

/* What the form shows so far, the rows that do not read yet left out. */
static CareRecord *
typed_record (CareVitalsDialog *self)
{
  CareRecord *set = care_record_new (vitals_entity ());

  for (guint i = 0; form_fields[i]; i++)
    {
      const CareField *field = care_entity_field (vitals_entity (), form_fields[i]);
      g_autofree char *text = care_record_form_dup_text (self->form, form_fields[i]);
      g_autofree char *canonical = NULL;
      g_autofree char *message = NULL;

      if (care_field_normalize (field, text, &canonical, &message))
        care_record_set (set, form_fields[i], canonical);
    }
  return set;
}

static void
form_changed_cb (CareVitalsDialog *self)
{
  g_autoptr(CareRecord) set = typed_record (self);
  g_autoptr(CareValidation) unusual = care_vitals_unusual (set);
  g_autofree char *bmi = care_vitals_bmi (care_record_get (set, "weight_kg"), care_record_get (set, "height_cm"));

  care_news2_label_update (self->news2_badge, self->news2_words, set);
  if (bmi)
    {
      /* Translators: the body-mass index worked out from weight and height */
      g_autofree char *text = g_strdup_printf (_("BMI %s"), bmi);
      gtk_label_set_text (self->bmi_label, text);
    }
  else
    gtk_label_set_text (self->bmi_label, _("BMI: enter weight and height"));
  for (guint i = 0; form_fields[i]; i++)
    care_record_form_set_warning (self->form, form_fields[i], care_validation_get_message (unusual, form_fields[i]));
}

static void
show_error (CareVitalsDialog *self,
            const char       *text)
{
  gtk_label_set_text (self->error_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

static void
save_clicked_cb (CareVitalsDialog *self)
{
  CareStore *store = care_session_get_store (self->session);
  g_autoptr(CareRecord) set = NULL;
  g_autoptr(GError) error = NULL;

  show_error (self, NULL);
  if (self->original)
    set = care_vitals_new_amendment (self->original);
  else
    {
      g_autofree char *now = care_now_iso8601 ();

      set = care_record_new (vitals_entity ());
      care_record_set (set, "patient_id", self->patient_id);
      care_record_set (set, "recorded_at", now);
    }
  care_record_set (set, "recorded_by", care_session_get_user_id (self->session));
  if (!care_record_form_apply (self->form, store, set))
    return;
  /* An untouched switch reads "on air", and NEWS2 scores what it reads. */
  if (care_record_get (set, "on_oxygen") == NULL)
    care_record_set (set, "on_oxygen", "0");
  care_vitals_apply_bmi (set);
  if (!care_store_insert (store, set, &error))
    {
      show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, care_record_get_id (set));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
care_vitals_dialog_finalize (GObject *object)
{
  CareVitalsDialog *self = CARE_VITALS_DIALOG (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->original, care_record_unref);
  g_free (self->patient_id);
  G_OBJECT_CLASS (care_vitals_dialog_parent_class)->finalize (object);
}

static void
care_vitals_dialog_class_init (CareVitalsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = care_vitals_dialog_finalize;

  /* The set written: its id. */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/vitals/care-vitals-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CareVitalsDialog, content_box);
  gtk_widget_class_bind_template_child (widget_class, CareVitalsDialog, patient_label);
  gtk_widget_class_bind_template_child (widget_class, CareVitalsDialog, news2_badge);
  gtk_widget_class_bind_template_child (widget_class, CareVitalsDialog, news2_words);
  gtk_widget_class_bind_template_child (widget_class, CareVitalsDialog, bmi_label);
  gtk_widget_class_bind_template_child (widget_class, CareVitalsDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, gtk_window_destroy);
}

static void
care_vitals_dialog_init (CareVitalsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->form = care_record_form_new (vitals_entity (), form_fields);
  gtk_box_append (self->content_box, GTK_WIDGET (self->form));
  g_signal_connect_swapped (self->form, "changed", G_CALLBACK (form_changed_cb), self);
}

static CareVitalsDialog *
dialog_new (CareSession *session,
            const char  *patient_id)
{
  CareVitalsDialog *self = g_object_new (CARE_TYPE_VITALS_DIALOG, NULL);
  g_autoptr(CareRecord) patient = care_store_get (care_session_get_store (session), care_schema_lookup ("patient"),
                                                  patient_id, NULL);

  self->session = g_object_ref (session);
  self->patient_id = g_strdup (patient_id);
  if (patient)
    {
      g_autofree char *name = g_strdup_printf ("%s %s", care_record_get (patient, "given_name"),
                                               care_record_get (patient, "family_name"));
      gtk_label_set_text (self->patient_label, name);
    }
  return self;
}

CareVitalsDialog *
care_vitals_dialog_new (CareSession *session,
                        const char  *patient_id)
{
  CareVitalsDialog *self;

  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  self = dialog_new (session, patient_id);
  form_changed_cb (self);
  return self;
}

CareVitalsDialog *
care_vitals_dialog_new_amendment (CareSession *session,
                                  const char  *vitals_id)
{
  g_autoptr(CareRecord) original = NULL;
  CareVitalsDialog *self;

  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);
  g_return_val_if_fail (vitals_id != NULL, NULL);

  original = care_store_get (care_session_get_store (session), vitals_entity (), vitals_id, NULL);
  g_return_val_if_fail (original != NULL, NULL);

  self = dialog_new (session, care_record_get (original, "patient_id"));
  self->original = g_steal_pointer (&original);
  care_record_form_set_record (self->form, self->original);
  gtk_window_set_title (GTK_WINDOW (self), _("Amend Vitals"));
  form_changed_cb (self);
  return self;
}

CareRecordForm *
care_vitals_dialog_get_form (CareVitalsDialog *self)
{
  g_return_val_if_fail (CARE_IS_VITALS_DIALOG (self), NULL);

  return self->form;
}

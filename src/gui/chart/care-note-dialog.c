/* care-note-dialog.c: write and sign a clinical note (SOAP, diagnosis, code, treatments), or amend one
 *
 * Signing goes through core's note rules (care_treatments_sign_note(),
 * which signs with care_notes_sign() and writes the treatments given at
 * the visit with their cost, for Billing, in one transaction): a refusal
 * is shown under the field it names and nothing is written. An amendment
 * starts from the note it corrects; the original is kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-note-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "care-billing.h"
#include "care-code-completion.h"
#include "care-note-dialog.h"
#include "care-treatment-list.h"

struct _CareNoteDialog
{
  AdwWindow       parent_instance;

  CareSession    *session;
  char           *patient_id;
  CareRecord     *original;      /* the note being amended, or NULL */

  AdwWindowTitle *window_title;
  GtkLabel       *patient_label;
  GtkLabel       *error_label;
  GtkButton      *sign_button;
  GtkEntry       *title_entry;
  GtkLabel       *title_error;
  GtkTextView    *subjective_view;
  GtkTextView    *objective_view;
  GtkTextView    *assessment_view;
  GtkLabel       *content_error;
  GtkTextView    *plan_view;
  GtkEntry       *diagnosis_entry;
  GtkLabel       *diagnosis_error;
  GtkEntry       *code_entry;
  GtkLabel       *code_error;
  GtkLabel       *treatments_given;
  GtkLabel       *treatments_error;
  GtkBox         *treatments_slot;
  GtkWidget      *treatments;
};

G_DEFINE_FINAL_TYPE (CareNoteDialog, care_note_dialog, ADW_TYPE_WINDOW)

enum { SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static char *
view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static const char *
nonempty (const char *text)
{
  return text && *text ? text : NULL;
}

/* The label under the field a refusal names; the general one otherwise. */
static GtkLabel *
error_label_for (CareNoteDialog *self,
                 const char     *field)
{
  if (g_strcmp0 (field, "title") == 0)
    return self->title_error;
  if (g_strcmp0 (field, "content") == 0)
    return self->content_error;
  if (g_strcmp0 (field, "diagnosis") == 0)
    return self->diagnosis_error;
  if (g_strcmp0 (field, "diagnosis_code") == 0)
    return self->code_error;
  if (g_strcmp0 (field, "treatment_type") == 0 || g_strcmp0 (field, "cost") == 0)
    return self->treatments_error;
  return self->error_label;
}

static void
clear_errors (CareNoteDialog *self)
{
  GtkLabel *labels[] = { self->error_label, self->title_error, self->content_error,
                         self->diagnosis_error, self->code_error, self->treatments_error };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    gtk_widget_set_visible (GTK_WIDGET (labels[i]), FALSE);
}

static void
show_error (CareNoteDialog *self,
            const GError   *error)
{
  const char *field = care_rule_error_get_field (error);
  const char *detail = care_rule_error_get_detail (error);
  GtkLabel *label = error_label_for (self, field);

  gtk_label_set_text (label, label != self->error_label && detail ? detail : error->message);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
  /* Scrolls the field into view: the form is longer than the window. */
  if (g_strcmp0 (field, "title") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->title_entry));
  else if (g_strcmp0 (field, "content") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->assessment_view));
  else if (g_strcmp0 (field, "diagnosis") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->diagnosis_entry));
  else if (g_strcmp0 (field, "diagnosis_code") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->code_entry));
}

static void
sign_clicked_cb (CareNoteDialog *self)
{
  CareStore *store = care_session_get_store (self->session);
  g_autoptr(CareRecord) note = NULL;
  g_autoptr(GPtrArray) treatments = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subjective = view_text (self->subjective_view);
  g_autofree char *objective = view_text (self->objective_view);
  g_autofree char *assessment = view_text (self->assessment_view);
  g_autofree char *plan = view_text (self->plan_view);
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_entry))));
  g_autofree char *diagnosis = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->diagnosis_entry))));
  g_autofree char *code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->code_entry))));
  CareNoteSoap soap = { subjective, objective, assessment, plan };

  clear_errors (self);
  if (self->original)
    note = care_notes_new_amendment (self->original);
  else
    {
      note = care_record_new (care_schema_lookup ("clinical_note"));
      care_record_set (note, "patient_id", self->patient_id);
      care_record_set (note, "note_type", "consultation");
    }
  if (*title == '\0')
    {
      care_rule_set_field_error (&error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID,
                                 care_schema_lookup ("clinical_note"), "title", _("Give the note a title."));
      show_error (self, error);
      return;
    }
  care_record_set (note, "title", title);
  care_record_set (note, "diagnosis", nonempty (diagnosis));
  care_record_set (note, "diagnosis_code", nonempty (code));
  care_notes_set_soap (note, &soap);
  /* The treatment's own entry has the focus already. */
  if (!(treatments = care_treatment_list_collect (self->treatments, store, &error)))
    {
      gtk_label_set_text (self->treatments_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->treatments_error), TRUE);
      return;
    }
  if (!care_treatments_sign_note (store, note, treatments, &error))
    {
      show_error (self, error);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, care_record_get_id (note));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
set_view_text (GtkTextView *view,
               const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text ? text : "", -1);
}

/* The diagnosis searches the clinic's code list as the doctor types. */
static void
attach_code_list (CareNoteDialog *self)
{
  care_code_completion_attach (self->diagnosis_entry, self->code_entry, care_session_get_store (self->session));
}

static void
show_patient (CareNoteDialog *self)
{
  g_autoptr(CareRecord) patient = care_store_get (care_session_get_store (self->session),
                                                  care_schema_lookup ("patient"), self->patient_id, NULL);
  g_autofree char *name = patient ? care_record_dup_title (patient) : NULL;

  gtk_label_set_text (self->patient_label, name ? name : "");
}

static void
care_note_dialog_finalize (GObject *object)
{
  CareNoteDialog *self = CARE_NOTE_DIALOG (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->original, care_record_unref);
  g_free (self->patient_id);
  G_OBJECT_CLASS (care_note_dialog_parent_class)->finalize (object);
}

static void
care_note_dialog_class_init (CareNoteDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = care_note_dialog_finalize;
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/chart/care-note-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CareNoteDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CareNoteDialog, patient_label);
  gtk_widget_class_bind_template_child (widget_class, CareNoteDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CareNoteDialog, sign_button);
  gtk_widget_class_bind_template_child (widget_class, CareNoteDialog, title_entry);
  gtk_widget_class_bind_template_child (widget_class, CareNoteDialog, title_error);
  gtk_widget_class_bind_template_child (widget_class, CareNoteDialog, subjective_view);
  gtk_widget_class_bind_template_child (widget_class, CareNoteDialog, objective_view);
  gtk_widget_class_bind_template_child (widget_class, CareNoteDialog, assessment_view);
  gtk_widget_class_bind_template_child (widget_class, CareNoteDialog, content_error);
  gtk_widget_class_bind_template_child (widget_class, CareNoteDialog, plan_view);
  gtk_widget_class_bind_template_child (widget_class, CareNoteDialog, diagnosis_entry);
  gtk_widget_class_bind_template_child (widget_class, CareNoteDialog, diagnosis_error);
  gtk_widget_class_bind_template_child (widget_class, CareNoteDialog, code_entry);
  gtk_widget_class_bind_template_child (widget_class, CareNoteDialog, code_error);
  gtk_widget_class_bind_template_child (widget_class, CareNoteDialog, treatments_given);
  gtk_widget_class_bind_template_child (widget_class, CareNoteDialog, treatments_error);
  gtk_widget_class_bind_template_child (widget_class, CareNoteDialog, treatments_slot);
  gtk_widget_class_bind_template_callback (widget_class, sign_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, gtk_window_destroy);
}

static void
care_note_dialog_init (CareNoteDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->treatments = care_treatment_list_new ();
  gtk_box_append (self->treatments_slot, self->treatments);
}

CareNoteDialog *
care_note_dialog_new (CareSession *session,
                      const char  *patient_id)
{
  CareNoteDialog *self;

  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  self = g_object_new (CARE_TYPE_NOTE_DIALOG, NULL);
  self->session = g_object_ref (session);
  self->patient_id = g_strdup (patient_id);
  gtk_editable_set_text (GTK_EDITABLE (self->title_entry), _("Consultation"));
  attach_code_list (self);
  show_patient (self);
  return self;
}

/* An amendment lists what was given with the earlier versions of its note,
 * already written and billed; rows added below are given in addition. */
static void
show_treatments_given (CareNoteDialog *self)
{
  CareStore *store = care_session_get_store (self->session);
  g_autoptr(GPtrArray) given = care_treatments_of_note_versions (store, self->original, NULL);
  g_autoptr(CareRecord) clinic = care_store_get_clinic (store);
  const char *currency = clinic ? care_record_get (clinic, "currency") : NULL;
  g_autoptr(GString) text = NULL;

  if (given == NULL || given->len == 0)
    return;
  text = g_string_new (_("Given with the original note, kept as they are:"));
  for (guint i = 0; i < given->len; i++)
    {
      g_autofree char *cost = care_billing_format_money (care_record_get_int (given->pdata[i], "cost", 0), currency);

      g_string_append_c (text, '\n');
      /* TRANSLATORS: a treatment given at the visit and its cost, on a line of its own */
      g_string_append_printf (text, _("• %s, %s"), care_record_get (given->pdata[i], "treatment_type"), cost);
    }
  g_string_append (text, "\n");
  g_string_append (text, _("Add below only what was given in addition."));
  gtk_label_set_text (self->treatments_given, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->treatments_given), TRUE);
}

CareNoteDialog *
care_note_dialog_new_amendment (CareSession *session,
                                const char  *note_id)
{
  CareNoteDialog *self;
  g_auto(CareNoteSoap) soap = { 0 };

  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  self = g_object_new (CARE_TYPE_NOTE_DIALOG, NULL);
  self->session = g_object_ref (session);
  self->original = care_store_get (care_session_get_store (session), care_schema_lookup ("clinical_note"), note_id, NULL);
  g_return_val_if_fail (self->original != NULL, self);
  self->patient_id = g_strdup (care_record_get (self->original, "patient_id"));
  adw_window_title_set_title (self->window_title, _("Amend Note"));
  adw_window_title_set_subtitle (self->window_title, _("The original is kept in the chart"));
  gtk_button_set_label (self->sign_button, _("_Sign Amendment"));
  care_notes_get_soap (self->original, &soap);
  gtk_editable_set_text (GTK_EDITABLE (self->title_entry), care_record_get (self->original, "title"));
  set_view_text (self->subjective_view, soap.subjective);
  set_view_text (self->objective_view, soap.objective);
  set_view_text (self->assessment_view, soap.assessment);
  set_view_text (self->plan_view, soap.plan);
  gtk_editable_set_text (GTK_EDITABLE (self->diagnosis_entry), care_record_get (self->original, "diagnosis") ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->code_entry), care_record_get (self->original, "diagnosis_code") ?: "");
  attach_code_list (self);
  show_patient (self);
  show_treatments_given (self);
  return self;
}

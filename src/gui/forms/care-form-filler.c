/* care-form-filler.c: a clinic's form, asked question by question, for a patient to answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-form-filler"

#include "config.h"

#include <glib/gi18n.h>

#include "care-form-filler.h"
#include "care-signature-pad.h"

typedef struct {
  const CareFormField *field;
  GtkWidget           *input;   /* entry, drop-down, the "yes" toggle, or the pad */
  GtkWidget           *no;      /* yes/no: the "no" toggle */
  GtkWidget           *error;
} Question;

struct _CareFormFiller
{
  GtkWidget         parent_instance;

  CareRecord       *tmpl;
  CareFormTemplate *questions;
  GArray           *rows;       /* of Question */
  GtkWidget        *box;
  GtkWidget        *general_error;
};

G_DEFINE_FINAL_TYPE (CareFormFiller, care_form_filler, GTK_TYPE_WIDGET)

static Question *
find_question (CareFormFiller *self,
               const char     *name)
{
  for (guint i = 0; name && i < self->rows->len; i++)
    {
      Question *q = &g_array_index (self->rows, Question, i);

      if (g_str_equal (q->field->name, name))
        return q;
    }
  return NULL;
}

static void
on_clear_clicked_cb (GtkButton        *button,
                     CareSignaturePad *pad)
{
  care_signature_pad_clear (pad);
}

/* Signing answers "sign in the box": the message goes. */
static void
on_pad_changed_cb (CareSignaturePad *pad,
                   GtkWidget        *error)
{
  gtk_widget_set_visible (error, FALSE);
}

static GtkWidget *
make_input (Question  *q,
            GtkWidget *label,
            GtkWidget *row)
{
  const CareFormField *field = q->field;

  switch (field->kind)
    {
    case CARE_FORM_FIELD_CHOICE:
      {
        g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
        g_auto(GStrv) items = NULL;

        g_strv_builder_add (builder, _("Choose…"));
        g_strv_builder_addv (builder, (const char **) field->choices);
        items = g_strv_builder_end (builder);
        q->input = gtk_drop_down_new_from_strings ((const char *const *) items);
        gtk_widget_set_halign (q->input, GTK_ALIGN_START);
        gtk_box_append (GTK_BOX (row), q->input);
        break;
      }
    case CARE_FORM_FIELD_YES_NO:
      {
        GtkWidget *pair = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

        q->input = gtk_toggle_button_new_with_label (_("Yes"));
        q->no = gtk_toggle_button_new_with_label (_("No"));
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (q->no), GTK_TOGGLE_BUTTON (q->input));
        gtk_box_append (GTK_BOX (pair), q->input);
        gtk_box_append (GTK_BOX (pair), q->no);
        gtk_accessible_update_relation (GTK_ACCESSIBLE (q->no), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, label, NULL, -1);
        gtk_box_append (GTK_BOX (row), pair);
        break;
      }
    case CARE_FORM_FIELD_SIGNATURE:
      {
        GtkWidget *clear = gtk_button_new_with_mnemonic (_("_Clear Signature"));

        q->input = care_signature_pad_new ();
        gtk_widget_set_halign (clear, GTK_ALIGN_START);
        g_signal_connect (clear, "clicked", G_CALLBACK (on_clear_clicked_cb), q->input);
        gtk_box_append (GTK_BOX (row), q->input);
        gtk_box_append (GTK_BOX (row), clear);
        break;
      }
    case CARE_FORM_FIELD_DATE:
      q->input = gtk_entry_new ();
      /* Translators: how to type a date in a form */
      gtk_entry_set_placeholder_text (GTK_ENTRY (q->input), _("Year-month-day, e.g. 1980-04-23"));
      gtk_box_append (GTK_BOX (row), q->input);
      break;
    case CARE_FORM_FIELD_NUMBER:
      q->input = gtk_entry_new ();
      gtk_entry_set_input_purpose (GTK_ENTRY (q->input), GTK_INPUT_PURPOSE_NUMBER);
      gtk_widget_set_halign (q->input, GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (row), q->input);
      break;
    case CARE_FORM_FIELD_TEXT:
    default:
      q->input = gtk_entry_new ();
      gtk_box_append (GTK_BOX (row), q->input);
      break;
    }
  gtk_widget_set_name (q->input, field->name);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (q->input), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  if (field->required)
    gtk_accessible_update_property (GTK_ACCESSIBLE (q->input), GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE, -1);
  return q->input;
}

static void
build (CareFormFiller *self)
{
  const char *description = care_record_get (self->tmpl, "description");
  GtkWidget *title = gtk_label_new (care_record_get (self->tmpl, "name"));

  gtk_widget_add_css_class (title, "title-1");
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (self->box), title);
  if (description)
    {
      GtkWidget *text = gtk_label_new (description);

      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_box_append (GTK_BOX (self->box), text);
    }
  self->general_error = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->general_error, "error");
  gtk_label_set_wrap (GTK_LABEL (self->general_error), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->general_error), 0);
  gtk_widget_set_visible (self->general_error, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->general_error);

  for (guint i = 0; self->questions && i < self->questions->fields->len; i++)
    {
      Question q = { g_ptr_array_index (self->questions->fields, i), NULL, NULL, NULL };
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      g_autofree char *text = q.field->required
                              /* Translators: a required question of a form */
                              ? g_strdup_printf (_("%s (required)"), q.field->label)
                              : g_strdup (q.field->label);
      GtkWidget *label = gtk_label_new (text);

      gtk_widget_add_css_class (label, "heading");
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (row), label);
      make_input (&q, label, row);
      q.error = gtk_label_new (NULL);
      if (q.field->kind == CARE_FORM_FIELD_SIGNATURE)
        g_signal_connect_object (q.input, "changed", G_CALLBACK (on_pad_changed_cb), q.error, 0);
      gtk_widget_add_css_class (q.error, "error");
      gtk_label_set_wrap (GTK_LABEL (q.error), TRUE);
      gtk_label_set_xalign (GTK_LABEL (q.error), 0);
      gtk_widget_set_visible (q.error, FALSE);
      gtk_box_append (GTK_BOX (row), q.error);
      gtk_box_append (GTK_BOX (self->box), row);
      g_array_append_val (self->rows, q);
    }
}

static JsonNode *
answer_of (Question *q)
{
  JsonNode *node = NULL;

  switch (q->field->kind)
    {
    case CARE_FORM_FIELD_CHOICE:
      {
        guint chosen = gtk_drop_down_get_selected (GTK_DROP_DOWN (q->input));

        if (chosen != GTK_INVALID_LIST_POSITION && chosen > 0)
          {
            node = json_node_new (JSON_NODE_VALUE);
            json_node_set_string (node, q->field->choices[chosen - 1]);
          }
        break;
      }
    case CARE_FORM_FIELD_YES_NO:
      if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (q->input)) ||
          gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (q->no)))
        {
          node = json_node_new (JSON_NODE_VALUE);
          json_node_set_boolean (node, gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (q->input)));
        }
      break;
    case CARE_FORM_FIELD_SIGNATURE:
      break;
    case CARE_FORM_FIELD_NUMBER:
      {
        g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (q->input))));
        char *end = NULL;
        double value;

        if (*text == '\0')
          break;
        /* A comma as the decimal sign, as many patients write it. */
        g_strdelimit (text, ",", '.');
        value = g_ascii_strtod (text, &end);
        node = json_node_new (JSON_NODE_VALUE);
        if (end && *end == '\0')
          json_node_set_double (node, value);
        else
          json_node_set_string (node, text);
        break;
      }
    case CARE_FORM_FIELD_TEXT:
    case CARE_FORM_FIELD_DATE:
    default:
      {
        g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (q->input))));

        if (*text)
          {
            node = json_node_new (JSON_NODE_VALUE);
            json_node_set_string (node, text);
          }
        break;
      }
    }
  return node;
}

char *
care_form_filler_dup_answers (CareFormFiller *self)
{
  g_autoptr(JsonObject) answers = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (CARE_IS_FORM_FILLER (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      Question *q = &g_array_index (self->rows, Question, i);
      JsonNode *node = answer_of (q);

      if (node)
        json_object_set_member (answers, q->field->name, node);
    }
  json_node_set_object (root, answers);
  return json_to_string (root, FALSE);
}

static GBytes *
signature_of (CareFormFiller *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      Question *q = &g_array_index (self->rows, Question, i);

      if (q->field->kind == CARE_FORM_FIELD_SIGNATURE)
        return care_signature_pad_to_png (CARE_SIGNATURE_PAD (q->input));
    }
  return NULL;
}

static void
clear_errors (CareFormFiller *self)
{
  gtk_widget_set_visible (self->general_error, FALSE);
  for (guint i = 0; i < self->rows->len; i++)
    {
      Question *q = &g_array_index (self->rows, Question, i);

      gtk_widget_set_visible (q->error, FALSE);
      gtk_widget_remove_css_class (q->input, "error");
    }
}

CareRecord *
care_form_filler_make_submission (CareFormFiller *self,
                                  const char     *patient_id,
                                  GError        **error)
{
  g_autofree char *answers = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GError) local = NULL;
  CareRecord *form;
  Question *q;

  g_return_val_if_fail (CARE_IS_FORM_FILLER (self), NULL);

  clear_errors (self);
  answers = care_form_filler_dup_answers (self);
  signature = signature_of (self);
  form = care_forms_new_submission (self->tmpl, patient_id, answers, signature, &local);
  if (form)
    return form;
  q = find_question (self, care_rule_error_get_field (local));
  if (q)
    {
      gtk_label_set_text (GTK_LABEL (q->error), care_rule_error_get_detail (local));
      gtk_widget_set_visible (q->error, TRUE);
      gtk_widget_add_css_class (q->input, "error");
      gtk_widget_grab_focus (q->input);
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (self->general_error), local->message);
      gtk_widget_set_visible (self->general_error, TRUE);
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return NULL;
}

CareRecord *
care_form_filler_get_template (CareFormFiller *self)
{
  g_return_val_if_fail (CARE_IS_FORM_FILLER (self), NULL);
  return self->tmpl;
}

GtkWidget *
care_form_filler_get_input (CareFormFiller *self,
                            const char     *name)
{
  Question *q;

  g_return_val_if_fail (CARE_IS_FORM_FILLER (self), NULL);
  q = find_question (self, name);
  return q ? q->input : NULL;
}

const char *
care_form_filler_get_error (CareFormFiller *self,
                            const char     *name)
{
  Question *q;

  g_return_val_if_fail (CARE_IS_FORM_FILLER (self), NULL);
  q = find_question (self, name);
  return q && gtk_widget_get_visible (q->error) ? gtk_label_get_text (GTK_LABEL (q->error)) : NULL;
}

static void
care_form_filler_dispose (GObject *object)
{
  CareFormFiller *self = CARE_FORM_FILLER (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (care_form_filler_parent_class)->dispose (object);
}

static void
care_form_filler_finalize (GObject *object)
{
  CareFormFiller *self = CARE_FORM_FILLER (object);

  g_array_unref (self->rows);
  g_clear_pointer (&self->questions, care_form_template_free);
  g_clear_pointer (&self->tmpl, care_record_unref);
  G_OBJECT_CLASS (care_form_filler_parent_class)->finalize (object);
}

static void
care_form_filler_class_init (CareFormFillerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_form_filler_dispose;
  object_class->finalize = care_form_filler_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "formfiller");
}

static void
care_form_filler_init (CareFormFiller *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (Question));
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}

GtkWidget *
care_form_filler_new (CareRecord *tmpl)
{
  CareFormFiller *self;

  g_return_val_if_fail (tmpl != NULL, NULL);

  self = g_object_new (CARE_TYPE_FORM_FILLER, NULL);
  self->tmpl = care_record_ref (tmpl);
  self->questions = care_form_template_parse (care_record_get (tmpl, "fields"), NULL);
  build (self);
  return GTK_WIDGET (self);
}

/* care-form-template-editor.c: the administrator's editor of a form template
 *
 * Name, kind, instructions, whether patients are offered it, and its
 * questions, one row each (CareFormQuestionBuilder: the question, the kind
 * of answer, required, choices); core checks the questions
 * (care_form_template_parse()) and a refusal, which names the question's
 * number, is shown under them, the window staying open.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-form-template-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "care-form-question-builder.h"
#include "care-form-template-editor.h"

typedef struct {
  CareStore  *store;
  CareRecord *tmpl;       /* the template edited; a new one when not stored */
  gboolean    is_new;
  GtkWidget  *window;
  GtkWidget  *name;
  GtkWidget  *kind;
  GtkWidget  *description;
  GtkWidget  *active;
  GtkWidget  *questions;
  GtkWidget  *error;
} Editor;

static void
editor_free (gpointer data)
{
  Editor *e = data;

  g_clear_object (&e->store);
  g_clear_pointer (&e->tmpl, care_record_unref);
  g_free (e);
}

static char *
text_of (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
on_save_clicked_cb (GtkButton *button,
                    Editor    *e)
{
  const CareField *kind = care_entity_field (care_schema_lookup ("form_template"), "form_type");
  g_autofree char *questions = care_form_question_builder_dup_json (e->questions);
  g_autofree char *description = text_of (e->description);
  g_autoptr(CareFormTemplate) parsed = NULL;
  g_autoptr(GError) error = NULL;

  care_record_set (e->tmpl, "name", gtk_editable_get_text (GTK_EDITABLE (e->name)));
  care_record_set (e->tmpl, "form_type", kind->choices[gtk_drop_down_get_selected (GTK_DROP_DOWN (e->kind))]);
  care_record_set (e->tmpl, "description", description[0] ? description : NULL);
  care_record_set (e->tmpl, "fields", questions);
  care_record_set (e->tmpl, "active", gtk_check_button_get_active (GTK_CHECK_BUTTON (e->active)) ? "1" : "0");
  parsed = care_form_template_parse (questions, &error);
  if (parsed == NULL ||
      !(e->is_new ? care_store_insert (e->store, e->tmpl, &error) : care_store_update (e->store, e->tmpl, &error)))
    {
      gtk_label_set_text (GTK_LABEL (e->error), error->message);
      gtk_widget_set_visible (e->error, TRUE);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (e->window));
}

static GtkWidget *
labelled (GtkWidget  *box,
          const char *label,
          GtkWidget  *input)
{
  GtkWidget *title = gtk_label_new_with_mnemonic (label);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_mnemonic_widget (GTK_LABEL (title), input);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), input);
  return input;
}

static GtkWidget *
text_view (const char *text,
           int         height,
           const char *name)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  gtk_widget_set_name (view, name);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text ? text : "", -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), height);
  gtk_widget_add_css_class (scrolled, "card");
  return view;
}

GtkWidget *
care_form_template_editor_new (GtkWidget  *parent,
                               CareStore  *store,
                               CareRecord *tmpl)
{
  Editor *e = g_new0 (Editor, 1);
  const CareField *kind = care_entity_field (care_schema_lookup ("form_template"), "form_type");
  g_autoptr(GStrvBuilder) kinds = g_strv_builder_new ();
  g_auto(GStrv) labels = NULL;
  GtkWidget *toolbar = adw_header_bar_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save"));
  GtkWidget *hint;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  e->store = g_object_ref (store);
  e->is_new = tmpl == NULL;
  e->tmpl = tmpl ? care_record_ref (tmpl) : care_record_new (care_schema_lookup ("form_template"));
  e->window = adw_window_new ();
  gtk_widget_set_name (e->window, "form-template-editor");
  gtk_window_set_title (GTK_WINDOW (e->window), e->is_new ? _("New Form Template") : _("Edit Form Template"));
  gtk_window_set_modal (GTK_WINDOW (e->window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (e->window), 720, 720);
  if (parent && GTK_IS_WINDOW (gtk_widget_get_root (parent)))
    gtk_window_set_transient_for (GTK_WINDOW (e->window), GTK_WINDOW (gtk_widget_get_root (parent)));
  g_object_set_data_full (G_OBJECT (e->window), "editor", e, editor_free);

  gtk_widget_set_name (save, "form-template-save");
  gtk_widget_add_css_class (save, "suggested-action");
  g_signal_connect (save, "clicked", G_CALLBACK (on_save_clicked_cb), e);
  adw_header_bar_pack_end (ADW_HEADER_BAR (toolbar), save);
  gtk_box_append (GTK_BOX (outer), toolbar);

  for (guint i = 0; kind->choices[i]; i++)
    g_strv_builder_add (kinds, care_field_choice_label (kind, kind->choices[i]));
  labels = g_strv_builder_end (kinds);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  e->name = labelled (box, _("_Name"), gtk_entry_new ());
  gtk_widget_set_name (e->name, "form-template-name");
  gtk_editable_set_text (GTK_EDITABLE (e->name), care_record_get (e->tmpl, "name") ? care_record_get (e->tmpl, "name") : "");
  e->kind = labelled (box, _("_Kind of form"), gtk_drop_down_new_from_strings ((const char *const *) labels));
  gtk_widget_set_halign (e->kind, GTK_ALIGN_START);
  for (guint i = 0; kind->choices[i]; i++)
    if (g_strcmp0 (kind->choices[i], care_record_get (e->tmpl, "form_type")) == 0)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (e->kind), i);
  e->description = text_view (care_record_get (e->tmpl, "description"), 60, "form-template-description");
  labelled (box, _("_Instructions for the patient"), gtk_widget_get_parent (e->description));
  e->active = gtk_check_button_new_with_mnemonic (_("_Offer this form to patients"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (e->active), e->is_new || care_record_get_bool (e->tmpl, "active"));
  gtk_box_append (GTK_BOX (box), e->active);
  e->questions = care_form_question_builder_new (care_record_get (e->tmpl, "fields"));
  labelled (box, _("_Questions"), e->questions);
  hint = gtk_label_new (_("A choice lists its choices separated by commas; a consent usually ends with a signature."));
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_box_append (GTK_BOX (box), hint);
  e->error = gtk_label_new (NULL);
  gtk_widget_set_name (e->error, "form-template-error");
  gtk_widget_add_css_class (e->error, "error");
  gtk_label_set_wrap (GTK_LABEL (e->error), TRUE);
  gtk_label_set_xalign (GTK_LABEL (e->error), 0);
  gtk_widget_set_visible (e->error, FALSE);
  gtk_box_append (GTK_BOX (box), e->error);
  {
    /* Many questions scroll under the header bar. */
    GtkWidget *scrolled = gtk_scrolled_window_new ();

    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
    gtk_widget_set_vexpand (scrolled, TRUE);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
    gtk_box_append (GTK_BOX (outer), scrolled);
  }
  adw_window_set_content (ADW_WINDOW (e->window), outer);
  return e->window;
}

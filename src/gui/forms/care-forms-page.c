/* care-forms-page.c: the forms patients sent, waiting for the clinic's review
 *
 * Each form opens to its answers (and a consent's signature); staff mark
 * it reviewed, accept it, or reject it with a note. The steps and what a
 * rejection needs are core's (care_forms_store_review()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-forms-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-appointment-util.h"
#include "care-form-patient-chooser.h"
#include "care-form-template-editor.h"
#include "care-forms-page.h"
#include "care-list-util.h"

#define ID_KEY "care-form-id"

struct _CareFormsPage
{
  CarePage    parent_instance;

  CareStore  *store;
  gulong      changed_id;
  guint       refresh_idle;

  GtkListBox *list;
  GtkWidget  *templates_box;
  GtkListBox *templates;
};

G_DEFINE_FINAL_TYPE (CareFormsPage, care_forms_page, CARE_TYPE_PAGE)

static void
decide (CareFormsPage *self,
        GtkWidget     *button,
        const char    *outcome)
{
  GtkWidget *notes = g_object_get_data (G_OBJECT (button), "notes");
  GtkWidget *error_label = g_object_get_data (G_OBJECT (button), "error");
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (notes)));
  g_autoptr(GError) error = NULL;

  if (!care_forms_store_review (self->store, g_object_get_data (G_OBJECT (button), ID_KEY), outcome, text, &error))
    {
      /* A rejection without a note: said under the note. */
      gtk_label_set_text (GTK_LABEL (error_label), care_rule_error_get_detail (error) ? care_rule_error_get_detail (error)
                                                                                      : error->message);
      gtk_widget_set_visible (error_label, TRUE);
      gtk_widget_add_css_class (notes, "error");
      gtk_widget_grab_focus (notes);
      return;
    }
  care_page_add_toast (CARE_PAGE (self),
                       adw_toast_new (g_str_equal (outcome, "approved") ? _("Form accepted")
                                      : g_str_equal (outcome, "rejected") ? _("Form rejected")
                                      : _("Form marked as reviewed")));
}

static void
on_reviewed_clicked_cb (GtkButton     *button,
                        CareFormsPage *self)
{
  decide (self, GTK_WIDGET (button), "reviewed");
}

static void
on_accept_clicked_cb (GtkButton     *button,
                      CareFormsPage *self)
{
  decide (self, GTK_WIDGET (button), "approved");
}

static void
on_reject_clicked_cb (GtkButton     *button,
                      CareFormsPage *self)
{
  decide (self, GTK_WIDGET (button), "rejected");
}

static GtkWidget *
action_button (CareFormsPage *self,
               const char    *label,
               const char    *name,
               CareRecord    *form,
               GtkWidget     *notes,
               GtkWidget     *error,
               GCallback      callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_name (button, name);
  g_object_set_data_full (G_OBJECT (button), ID_KEY, g_strdup (care_record_get_id (form)), g_free);
  g_object_set_data (G_OBJECT (button), "notes", notes);
  g_object_set_data (G_OBJECT (button), "error", error);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static GtkWidget *
signature_picture (CareRecord *form)
{
  GBytes *png = care_record_get_blob (form, "signature");
  g_autoptr(GdkTexture) texture = png ? gdk_texture_new_from_bytes (png, NULL) : NULL;
  GtkWidget *picture;

  if (texture == NULL)
    return NULL;
  picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  gtk_widget_set_name (picture, "form-signature");
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_widget_set_size_request (picture, -1, 120);
  gtk_widget_set_halign (picture, GTK_ALIGN_START);
  gtk_widget_add_css_class (picture, "card");
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL, _("The patient’s signature"), -1);
  return picture;
}

static GtkWidget *
review_box (CareFormsPage *self,
            CareRecord    *form)
{
  g_autoptr(CareFormTemplate) questions = care_forms_template_of (self->store, form);
  g_autofree char *summary = care_form_answers_summary (questions, care_record_get (form, "answers"));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *answers = gtk_label_new (summary && *summary ? summary : care_record_get (form, "answers"));
  GtkWidget *picture = signature_picture (form);
  GtkWidget *notes = gtk_entry_new ();
  GtkWidget *error = gtk_label_new (NULL);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *accept;

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_label_set_wrap (GTK_LABEL (answers), TRUE);
  gtk_label_set_xalign (GTK_LABEL (answers), 0);
  gtk_label_set_selectable (GTK_LABEL (answers), TRUE);
  gtk_widget_set_name (answers, "form-answers");
  gtk_box_append (GTK_BOX (box), answers);
  if (picture)
    gtk_box_append (GTK_BOX (box), picture);
  gtk_widget_set_name (notes, "review-notes");
  gtk_entry_set_placeholder_text (GTK_ENTRY (notes), _("Note for the patient, e.g. Please add your date of birth"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (notes), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Review notes"), -1);
  gtk_box_append (GTK_BOX (box), notes);
  gtk_widget_add_css_class (error, "error");
  gtk_label_set_xalign (GTK_LABEL (error), 0);
  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_widget_set_visible (error, FALSE);
  gtk_box_append (GTK_BOX (box), error);
  if (g_strcmp0 (care_record_get (form, "status"), "pending") == 0)
    gtk_box_append (GTK_BOX (buttons), action_button (self, _("Mark _Reviewed"), "form-reviewed", form, notes, error,
                                                      G_CALLBACK (on_reviewed_clicked_cb)));
  gtk_box_append (GTK_BOX (buttons), action_button (self, _("Re_ject"), "form-reject", form, notes, error,
                                                    G_CALLBACK (on_reject_clicked_cb)));
  accept = action_button (self, _("_Accept"), "form-accept", form, notes, error, G_CALLBACK (on_accept_clicked_cb));
  gtk_widget_add_css_class (accept, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), accept);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (box), buttons);
  return box;
}

static char *
describe (CareFormsPage *self,
          CareRecord    *form)
{
  const CareEntity *entity = care_record_get_entity (form);
  const char *template_id = care_record_get (form, "template_id");
  g_autoptr(CareRecord) tmpl = template_id ? care_store_get (self->store, care_schema_lookup ("form_template"),
                                                             template_id, NULL) : NULL;
  const char *sent = care_record_get (form, CARE_COLUMN_CREATED_AT);
  g_autoptr(GDateTime) when = sent ? g_date_time_new_from_iso8601 (sent, NULL) : NULL;
  g_autoptr(GDateTime) local = when ? g_date_time_to_local (when) : NULL;
  /* Translators: when a form was sent (strftime) */
  g_autofree char *day = local ? g_date_time_format (local, _("%-d %B %Y, %H:%M")) : g_strdup ("");

  /* Translators: a form's name, its review status and when it was sent */
  return g_strdup_printf (_("%s · %s · %s"),
                          tmpl ? care_record_get (tmpl, "name")
                               : care_field_choice_label (care_entity_field (entity, "form_type"), care_record_get (form, "form_type")),
                          care_field_choice_label (care_entity_field (entity, "status"), care_record_get (form, "status")),
                          day);
}

static void
on_fill_clicked_cb (CareFormsPage *self)
{
  if (self->store == NULL)
    return;
  gtk_window_present (GTK_WINDOW (care_form_patient_chooser_new (GTK_WIDGET (self), self->store)));
}

/* --- templates (administrators) ------------------------------------------ */

static void
on_new_template_clicked_cb (CareFormsPage *self)
{
  gtk_window_present (GTK_WINDOW (care_form_template_editor_new (GTK_WIDGET (self), self->store, NULL)));
}

static void
on_edit_template_clicked_cb (GtkButton     *button,
                             CareFormsPage *self)
{
  g_autoptr(CareRecord) tmpl = care_store_get (self->store, care_schema_lookup ("form_template"),
                                               g_object_get_data (G_OBJECT (button), ID_KEY), NULL);

  if (tmpl)
    gtk_window_present (GTK_WINDOW (care_form_template_editor_new (GTK_WIDGET (self), self->store, tmpl)));
}

static void
refresh_templates (CareFormsPage *self)
{
  const CareField *kind = care_entity_field (care_schema_lookup ("form_template"), "form_type");
  g_autoptr(GPtrArray) templates = NULL;

  care_list_box_remove_rows (self->templates);
  if (!gtk_widget_get_visible (self->templates_box))
    return;
  templates = care_forms_list_templates (self->store, FALSE, NULL);
  for (guint i = 0; templates && i < templates->len; i++)
    {
      CareRecord *tmpl = templates->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *edit = gtk_button_new_with_mnemonic (_("_Edit…"));
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", care_field_choice_label (kind, care_record_get (tmpl, "form_type")),
                                                   care_record_get_bool (tmpl, "active") ? _("offered to patients")
                                                                                          : _("not offered"));

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), care_record_get (tmpl, "name"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_name (edit, "form-template-edit");
      gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (edit), ID_KEY, g_strdup (care_record_get_id (tmpl)), g_free);
      g_signal_connect (edit, "clicked", G_CALLBACK (on_edit_template_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
      gtk_list_box_append (self->templates, row);
    }
}

void
care_forms_page_refresh (CareFormsPage *self)
{
  g_autoptr(GPtrArray) forms = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CARE_IS_FORMS_PAGE (self));

  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  refresh_templates (self);
  care_list_box_remove_rows (self->list);
  forms = care_forms_list_for_review (self->store, FALSE, &error);
  if (forms == NULL)
    {
      g_warning ("Could not read the forms: %s", error->message);
      return;
    }
  for (guint i = 0; i < forms->len; i++)
    {
      CareRecord *form = forms->pdata[i];
      g_autofree char *patient = care_appointment_patient_name (self->store, care_record_get (form, "patient_id"));
      g_autofree char *subtitle = describe (self, form);
      g_autofree char *name = g_strdup_printf ("form-%s", care_record_get_id (form));
      GtkWidget *row = adw_expander_row_new ();
      GtkWidget *content = gtk_list_box_row_new ();

      gtk_widget_set_name (row, name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), patient ? patient : _("Unknown patient"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (content), FALSE);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (content), review_box (self, form));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), content);
      gtk_list_box_append (self->list, row);
    }
}

static gboolean
refresh_idle_cb (gpointer data)
{
  CareFormsPage *self = data;

  self->refresh_idle = 0;
  care_forms_page_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (CareStore     *store,
                  const char    *entity,
                  const char    *id,
                  CareFormsPage *self)
{
  if ((entity == NULL || g_str_equal (entity, "form_submission") || g_str_equal (entity, "form_template")) &&
      self->refresh_idle == 0)
    self->refresh_idle = g_idle_add (refresh_idle_cb, self);
}

static void
care_forms_page_constructed (GObject *object)
{
  CareFormsPage *self = CARE_FORMS_PAGE (object);

  G_OBJECT_CLASS (care_forms_page_parent_class)->constructed (object);

  self->store = g_object_ref (care_page_get_store (CARE_PAGE (self)));
  gtk_widget_set_visible (self->templates_box,
                          care_session_can (care_page_get_session (CARE_PAGE (self)), CARE_PERM_CLINIC_SETTINGS));
  self->changed_id = g_signal_connect (self->store, "changed", G_CALLBACK (store_changed_cb), self);
  care_forms_page_refresh (self);
}

static void
care_forms_page_dispose (GObject *object)
{
  CareFormsPage *self = CARE_FORMS_PAGE (object);

  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  if (self->store)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_FORMS_PAGE);
  G_OBJECT_CLASS (care_forms_page_parent_class)->dispose (object);
}

static void
care_forms_page_class_init (CareFormsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = care_forms_page_constructed;
  object_class->dispose = care_forms_page_dispose;

  care_page_class_set_info (CARE_PAGE_CLASS (klass), "forms", N_("Forms"),
                            "x-office-document-symbolic", CARE_PERM_PATIENT_REGISTRATION);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/forms/care-forms-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareFormsPage, list);
  gtk_widget_class_bind_template_child (widget_class, CareFormsPage, templates_box);
  gtk_widget_class_bind_template_child (widget_class, CareFormsPage, templates);
  gtk_widget_class_bind_template_callback (widget_class, on_new_template_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_fill_clicked_cb);
}

static void
care_forms_page_init (CareFormsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_placeholder (self->list, care_list_placeholder_new (_("No forms are waiting for review.")));
  gtk_list_box_set_placeholder (self->templates, care_list_placeholder_new (_("No form templates yet.")));
}

GtkWidget *
care_forms_page_new (CareSession *session)
{
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  return GTK_WIDGET (care_page_new (CARE_TYPE_FORMS_PAGE, session));
}

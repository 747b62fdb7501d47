/* care-form-fill-window.c: staff fill in one of the clinic's forms together with a patient
 *
 * Opened from the patient's details: the form chosen among the clinic's
 * active templates is asked question by question (CareFormFiller, a
 * consent signed on the pad by the patient), checked by core, and saved
 * as the patient's submission, waiting for review on the Forms page like
 * one sent from the kiosk; who filled it in is signed by the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-form-fill-window"

#include "config.h"

#include <glib/gi18n.h>

#include "care-form-fill-window.h"
#include "care-form-filler.h"
#include "care-window.h"

typedef struct {
  CareStore *store;
  char      *patient_id;
  GPtrArray *templates;
  GtkWidget *window;
  GtkWidget *chooser;
  AdwBin    *form;
  GtkWidget *save;
} Fill;

static void
fill_free (gpointer data)
{
  Fill *f = data;

  g_clear_object (&f->store);
  g_free (f->patient_id);
  g_clear_pointer (&f->templates, g_ptr_array_unref);
  g_free (f);
}

static void
on_template_selected_cb (GtkDropDown *chooser,
                         GParamSpec  *pspec,
                         Fill        *f)
{
  guint chosen = gtk_drop_down_get_selected (chooser);
  GtkWidget *filler;

  if (chosen >= f->templates->len)
    return;
  filler = care_form_filler_new (f->templates->pdata[chosen]);
  gtk_widget_set_name (filler, "form-fill-filler");
  adw_bin_set_child (f->form, filler);
}

static void
on_save_clicked_cb (GtkButton *button,
                    Fill      *f)
{
  GtkWidget *filler = adw_bin_get_child (f->form);
  g_autoptr(CareRecord) submission = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent;

  if (filler == NULL)
    return;
  /* A refusal shows under its question, the window staying open. */
  submission = care_form_filler_make_submission (CARE_FORM_FILLER (filler), f->patient_id, &error);
  if (submission == NULL)
    return;
  if (!care_forms_submit (f->store, submission, &error))
    {
      AdwToast *toast = adw_toast_new (error->message);

      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (adw_window_get_content (ADW_WINDOW (f->window))), toast);
      return;
    }
  parent = gtk_window_get_transient_for (GTK_WINDOW (f->window));
  if (CARE_IS_WINDOW (parent))
    care_window_add_toast (CARE_WINDOW (parent), adw_toast_new (_("Form saved; it waits for review on the Forms page.")));
  gtk_window_destroy (GTK_WINDOW (f->window));
}

GtkWidget *
care_form_fill_window_new (GtkWidget  *parent,
                           CareStore  *store,
                           const char *patient_id)
{
  Fill *f;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(CareRecord) patient = NULL;
  g_autofree char *title = NULL;
  GtkWidget *toolbar, *outer, *box, *label, *scrolled, *toasts, *cancel;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  patient = care_store_get (store, care_schema_lookup ("patient"), patient_id, NULL);
  if (patient == NULL)
    return NULL;
  f = g_new0 (Fill, 1);
  f->store = g_object_ref (store);
  f->patient_id = g_strdup (patient_id);
  f->templates = care_forms_list_templates (store, TRUE, &error);
  if (f->templates == NULL)
    {
      g_warning ("Could not read the form templates: %s", error->message);
      f->templates = g_ptr_array_new ();
    }
  for (guint i = 0; i < f->templates->len; i++)
    gtk_string_list_append (names, care_record_get (f->templates->pdata[i], "name"));

  f->window = adw_window_new ();
  gtk_widget_set_name (f->window, "form-fill-window");
  {
    g_autofree char *name = care_record_dup_title (patient);

    /* Translators: the title of the window where staff fill in a form with a patient, e.g. "Form for Maria López" */
    title = g_strdup_printf (_("Form for %s"), name);
  }
  gtk_window_set_title (GTK_WINDOW (f->window), title);
  gtk_window_set_modal (GTK_WINDOW (f->window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 640, 720);
  if (parent && GTK_IS_WINDOW (gtk_widget_get_root (parent)))
    gtk_window_set_transient_for (GTK_WINDOW (f->window), GTK_WINDOW (gtk_widget_get_root (parent)));
  g_object_set_data_full (G_OBJECT (f->window), "fill", f, fill_free);

  toolbar = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (toolbar), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_widget_set_name (cancel, "form-fill-cancel");
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), f->window);
  adw_header_bar_pack_start (ADW_HEADER_BAR (toolbar), cancel);
  f->save = gtk_button_new_with_mnemonic (_("_Save Form"));
  gtk_widget_set_name (f->save, "form-fill-save");
  gtk_widget_add_css_class (f->save, "suggested-action");
  gtk_widget_set_sensitive (f->save, f->templates->len > 0);
  g_signal_connect (f->save, "clicked", G_CALLBACK (on_save_clicked_cb), f);
  adw_header_bar_pack_end (ADW_HEADER_BAR (toolbar), f->save);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  label = gtk_label_new_with_mnemonic (_("_Form"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  f->chooser = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  gtk_widget_set_name (f->chooser, "form-fill-template");
  gtk_widget_set_halign (f->chooser, GTK_ALIGN_START);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), f->chooser);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), f->chooser);
  if (f->templates->len == 0)
    {
      GtkWidget *none = gtk_label_new (_("The clinic has no forms yet. An administrator adds them on the Forms page."));

      gtk_label_set_wrap (GTK_LABEL (none), TRUE);
      gtk_label_set_xalign (GTK_LABEL (none), 0);
      gtk_box_append (GTK_BOX (box), none);
    }
  f->form = ADW_BIN (adw_bin_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->form));
  g_signal_connect (f->chooser, "notify::selected", G_CALLBACK (on_template_selected_cb), f);
  on_template_selected_cb (GTK_DROP_DOWN (f->chooser), NULL, f);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (outer), toolbar);
  gtk_box_append (GTK_BOX (outer), scrolled);
  toasts = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (toasts), outer);
  adw_window_set_content (ADW_WINDOW (f->window), toasts);
  return f->window;
}

/* care-clinic-page.c: the clinic's details, logo and facilities
 *
 * The details are the "tenant" record, edited with a CareRecordForm and
 * saved through core (care_clinic_settings_save(): the logo's size, the
 * currency); the logo is read from its file in the background. Facilities
 * and departments are "facility" records, edited below
 * (care-facilities-editor.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-clinic-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-clinic-page.h"
#include "care-facilities-editor.h"
#include "care-file-dialog.h"
#include "care-record-form.h"

struct _CareClinicPage
{
  CarePage        parent_instance;

  CareRecordForm *form;
  GBytes         *logo;           /* what the next save keeps; NULL: none */
  GCancellable   *cancellable;
  gboolean choosing;

  /* Template widgets */
  GtkBox         *form_box;
  AdwActionRow   *logo_row;
  GtkPicture     *logo_picture;
  GtkSpinner     *logo_spinner;
  GtkWidget      *logo_remove_button;
  GtkLabel       *logo_error_label;
  GtkWidget      *save_button;
  GtkBox         *facility_box;
};

G_DEFINE_FINAL_TYPE (CareClinicPage, care_clinic_page, CARE_TYPE_PAGE)

static const char *const clinic_fields[] = {
  "name", "address", "phone", "email", "currency", "tax_rate", "tax_number", NULL };

/* --- the logo ------------------------------------------------------------ */

static void
show_logo_error (CareClinicPage *self,
                 const char     *message)
{
  gtk_label_set_label (self->logo_error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->logo_error_label), message != NULL);
}

static void
set_logo (CareClinicPage *self,
          GBytes         *bytes)
{
  g_autoptr(GdkTexture) texture = bytes ? gdk_texture_new_from_bytes (bytes, NULL) : NULL;
  g_autofree char *size = bytes ? g_format_size (g_bytes_get_size (bytes)) : NULL;

  g_clear_pointer (&self->logo, g_bytes_unref);
  self->logo = bytes ? g_bytes_ref (bytes) : NULL;
  gtk_picture_set_paintable (self->logo_picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->logo_picture), texture != NULL);
  gtk_widget_set_visible (self->logo_remove_button, bytes != NULL);
  /* Translators: the logo row's subtitle, %s is its size, e.g. "24.1 kB" */
  g_autofree char *subtitle = size ? g_strdup_printf (_("An image of %s; printed on documents"), size) : NULL;
  adw_action_row_set_subtitle (self->logo_row, subtitle ? subtitle : _("No logo; documents show the clinic's name only"));
}

static void
on_logo_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CareClinicPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  g_autoptr(GdkTexture) texture = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_stop (self->logo_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->logo_spinner), FALSE);
  gtk_widget_set_sensitive (self->save_button, TRUE);
  if (bytes == NULL || !care_clinic_settings_check_logo (bytes, &error))
    {
      show_logo_error (self, care_rule_error_get_detail (error) ? care_rule_error_get_detail (error) : error->message);
      return;
    }
  texture = gdk_texture_new_from_bytes (bytes, NULL);
  if (texture == NULL)
    {
      show_logo_error (self, _("This file is not an image Caredesk can read."));
      return;
    }
  show_logo_error (self, NULL);
  set_logo (self, bytes);
}

void
care_clinic_page_load_logo (CareClinicPage *self,
                            GFile          *file)
{
  g_return_if_fail (CARE_IS_CLINIC_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  gtk_widget_set_visible (GTK_WIDGET (self->logo_spinner), TRUE);
  gtk_spinner_start (self->logo_spinner);
  gtk_widget_set_sensitive (self->save_button, FALSE);
  g_file_load_bytes_async (file, self->cancellable, on_logo_loaded_cb, g_object_ref (self));
}

static void
on_chosen_cb (GFile    *file,
              gpointer  user_data)
{
  CareClinicPage *self = user_data;

  self->choosing = FALSE;
  if (file)
    care_clinic_page_load_logo (self, file);
}

static void
on_logo_choose_clicked_cb (GtkButton      *button,
                           CareClinicPage *self)
{
  const CareFileFilter filters[] = {
    { _("PNG or JPEG images"), "image/png;image/jpeg" },
    { NULL }
  };

  if (self->choosing)
    return;
  self->choosing = TRUE;
  care_file_dialog_open (GTK_WIDGET (self), _("Choose the Clinic Logo"), _("_Choose"), filters, self->cancellable,
                         on_chosen_cb, g_object_ref (self), g_object_unref);
}

static void
on_logo_remove_clicked_cb (GtkButton      *button,
                           CareClinicPage *self)
{
  show_logo_error (self, NULL);
  set_logo (self, NULL);
}

/* --- the details --------------------------------------------------------- */

static void
load_clinic (CareClinicPage *self)
{
  g_autoptr(CareRecord) clinic = care_store_get_clinic (care_page_get_store (CARE_PAGE (self)));

  care_record_form_set_record (self->form, clinic);
  set_logo (self, clinic ? care_record_get_blob (clinic, "logo") : NULL);
}

static void
on_save_clicked_cb (GtkButton      *button,
                    CareClinicPage *self)
{
  CareStore *store = care_page_get_store (CARE_PAGE (self));
  g_autoptr(CareRecord) clinic = care_store_get_clinic (store);
  g_autoptr(GError) error = NULL;

  if (clinic == NULL || !care_record_form_apply (self->form, store, clinic))
    return;
  care_record_set_blob (clinic, "logo", self->logo);
  if (!care_clinic_settings_save (store, clinic, &error))
    {
      if (g_strcmp0 (care_rule_error_get_field (error), "logo") == 0)
        show_logo_error (self, care_rule_error_get_detail (error));
      else if (!care_record_form_show_refusal (self->form, error))
        care_page_add_toast (CARE_PAGE (self), adw_toast_new (error->message));
      return;
    }
  care_page_add_toast (CARE_PAGE (self), adw_toast_new (_("Clinic details saved.")));
}

static void
on_store_changed_cb (CareStore      *store,
                     const char     *entity,
                     const char     *id,
                     CareClinicPage *self)
{
  /* Edited elsewhere (another workstation, through sync): show it unless
   * someone is typing here. */
  if ((entity == NULL || g_str_equal (entity, "tenant")) && !care_record_form_get_modified (self->form))
    load_clinic (self);
}

/* --- the page ------------------------------------------------------------ */

static void
care_clinic_page_constructed (GObject *object)
{
  CareClinicPage *self = CARE_CLINIC_PAGE (object);

  G_OBJECT_CLASS (care_clinic_page_parent_class)->constructed (object);

  self->form = care_record_form_new (care_schema_lookup ("tenant"), clinic_fields);
  gtk_box_append (self->form_box, GTK_WIDGET (self->form));
  gtk_box_append (self->facility_box, care_facilities_editor_new (care_page_get_store (CARE_PAGE (self))));
  load_clinic (self);
  g_signal_connect_object (care_page_get_store (CARE_PAGE (self)), "changed",
                           G_CALLBACK (on_store_changed_cb), self, 0);
}

static void
care_clinic_page_dispose (GObject *object)
{
  CareClinicPage *self = CARE_CLINIC_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->logo, g_bytes_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_CLINIC_PAGE);

  G_OBJECT_CLASS (care_clinic_page_parent_class)->dispose (object);
}

static void
care_clinic_page_class_init (CareClinicPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  care_page_class_set_info (CARE_PAGE_CLASS (klass), "clinic", N_("Clinic Settings"),
                            "preferences-system-symbolic", CARE_PERM_CLINIC_SETTINGS);

  object_class->constructed = care_clinic_page_constructed;
  object_class->dispose = care_clinic_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/admin/care-clinic-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareClinicPage, form_box);
  gtk_widget_class_bind_template_child (widget_class, CareClinicPage, logo_row);
  gtk_widget_class_bind_template_child (widget_class, CareClinicPage, logo_picture);
  gtk_widget_class_bind_template_child (widget_class, CareClinicPage, logo_spinner);
  gtk_widget_class_bind_template_child (widget_class, CareClinicPage, logo_remove_button);
  gtk_widget_class_bind_template_child (widget_class, CareClinicPage, logo_error_label);
  gtk_widget_class_bind_template_child (widget_class, CareClinicPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, CareClinicPage, facility_box);
  gtk_widget_class_bind_template_callback (widget_class, on_logo_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_logo_remove_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
}

static void
care_clinic_page_init (CareClinicPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

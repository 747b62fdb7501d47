/* care-setup-page.c: the first-run assistant
 *
 * First a choice: connect this workstation to the clinic's server (the
 * address is checked, then the window shows the sign-in page for that
 * server), or set up a new standalone clinic (the clinic, then its first
 * administrator).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-setup-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-a11y.h"
#include "care-file-dialog.h"
#include "care-record-form.h"
#include "care-server-check.h"
#include "care-setup-page.h"

#define MAX_LOGO_BYTES (2 * 1024 * 1024)

static const char *const clinic_fields[] = {
  "name", "address", "phone", "email", "currency", "tax_rate", NULL
};

static const char *const admin_fields[] = {
  "full_name", "username", "email", NULL
};

struct _CareSetupPage
{
  GtkWidget             parent_instance;

  CareStore            *store;
  CareRecord           *clinic;
  CareRecord           *admin;
  GBytes               *logo;
  CareRecordForm       *clinic_form;
  CareRecordForm       *admin_form;
  gboolean              choosing;
  GCancellable         *cancellable;
  GCancellable         *check_cancellable;
  /* While the clinic is being created (the password hash runs in a worker) */
  GCancellable         *create_cancellable;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  GtkImage             *app_icon;
  GtkImage             *choice_icon;
  GtkButton            *back_button;
  GtkButton            *next_button;
  GtkButton            *create_button;
  GtkSpinner           *create_spinner;
  GtkButton            *connect_button;
  GtkSpinner           *connect_spinner;
  GtkStack             *step_stack;
  AdwActionRow         *choice_server_row;
  AdwEntryRow          *server_row;
  GtkLabel             *server_error_label;
  GtkLabel             *server_hint_label;
  GtkBox               *clinic_form_box;
  GtkBox               *admin_form_box;
  AdwActionRow         *logo_row;
  GtkPicture           *logo_picture;
  GtkButton            *logo_remove_button;
  GtkLabel             *logo_error_label;
  AdwPasswordEntryRow  *password_row;
  AdwPasswordEntryRow  *confirm_row;
  GtkLabel             *password_error_label;
  GtkLabel             *error_label;
};

G_DEFINE_FINAL_TYPE (CareSetupPage, care_setup_page, GTK_TYPE_WIDGET)

enum {
  FINISHED,
  CONNECT_SERVER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void care_setup_page_cancel_check (CareSetupPage *self);
static void set_row_error (GtkWidget *row,
                           gboolean   error);

/* Steps: "choice", then "server"; or "clinic" (1 of 2) and "admin" (2 of 2). */
static void
care_setup_page_show_step (CareSetupPage *self,
                           const char    *step)
{
  gboolean choice = g_strcmp0 (step, "choice") == 0;
  gboolean server = g_strcmp0 (step, "server") == 0;
  gboolean clinic = g_strcmp0 (step, "clinic") == 0;
  gboolean admin = g_strcmp0 (step, "admin") == 0;

  if (!server)
    care_setup_page_cancel_check (self);

  gtk_stack_set_visible_child_name (self->step_stack, step);

  adw_window_title_set_subtitle (self->window_title,
                                 clinic ? _("Step 1 of 2") :
                                 admin ? _("Step 2 of 2") : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), !choice);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), clinic);
  gtk_widget_set_visible (GTK_WIDGET (self->create_button), admin);
  gtk_widget_set_visible (GTK_WIDGET (self->connect_button), server);

  if (choice)
    gtk_widget_grab_focus (GTK_WIDGET (self->choice_server_row));
  else if (server)
    gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
  else if (clinic)
    gtk_widget_grab_focus (care_record_form_get_row (self->clinic_form, "name"));
  else
    gtk_widget_grab_focus (care_record_form_get_row (self->admin_form, "full_name"));
}

/* --- connecting to a clinic server --------------------------------------- */

static void
care_setup_page_set_checking (CareSetupPage *self,
                              gboolean       checking)
{
  gtk_spinner_set_spinning (self->connect_spinner, checking);
  gtk_widget_set_visible (GTK_WIDGET (self->connect_spinner), checking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), !checking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), !checking);
}

static void
care_setup_page_cancel_check (CareSetupPage *self)
{
  if (self->check_cancellable != NULL)
    {
      g_cancellable_cancel (self->check_cancellable);
      g_clear_object (&self->check_cancellable);
    }

  if (self->connect_spinner != NULL)
    care_setup_page_set_checking (self, FALSE);
}

static void
care_setup_page_show_server_error (CareSetupPage *self,
                                   const char    *message)
{
  gtk_label_set_label (self->server_error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->server_error_label), message != NULL);
  set_row_error (GTK_WIDGET (self->server_row), message != NULL);
}

/* Plain http is allowed on the clinic's own network, and says what that
 * means while the address is typed. */
static void
care_setup_page_update_server_hint (CareSetupPage *self)
{
  care_server_url_update_hint (self->server_hint_label,
                               gtk_editable_get_text (GTK_EDITABLE (self->server_row)));
}

static void
on_server_checked_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(CareSetupPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  url = care_server_check_finish (result, &error);
  if (url == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_clear_object (&self->check_cancellable);
      care_setup_page_set_checking (self, FALSE);
      care_setup_page_show_server_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
      return;
    }

  g_clear_object (&self->check_cancellable);
  care_setup_page_set_checking (self, FALSE);

  g_debug ("A Caredesk server answers at %s", url);

  g_signal_emit (self, signals[CONNECT_SERVER], 0, url);
}

static void
care_setup_page_connect (CareSetupPage *self)
{
  if (self->check_cancellable != NULL)
    return;

  care_setup_page_show_server_error (self, NULL);
  care_setup_page_set_checking (self, TRUE);
  self->check_cancellable = g_cancellable_new ();
  care_server_check_async (gtk_editable_get_text (GTK_EDITABLE (self->server_row)),
                           self->check_cancellable, on_server_checked_cb, g_object_ref (self));
}

static void
on_connect_clicked_cb (GtkButton     *button,
                       CareSetupPage *self)
{
  care_setup_page_connect (self);
}

static void
on_server_activated_cb (AdwEntryRow   *row,
                        CareSetupPage *self)
{
  care_setup_page_connect (self);
}

static void
on_server_changed_cb (GtkEditable   *editable,
                      CareSetupPage *self)
{
  care_setup_page_show_server_error (self, NULL);
  care_setup_page_update_server_hint (self);
}

static void
on_choice_server_activated_cb (AdwActionRow  *row,
                               CareSetupPage *self)
{
  care_setup_page_show_step (self, "server");
}

static void
on_choice_standalone_activated_cb (AdwActionRow  *row,
                                   CareSetupPage *self)
{
  care_setup_page_show_step (self, "clinic");
}

static void
care_setup_page_set_busy (CareSetupPage *self,
                          gboolean       busy)
{
  gtk_spinner_set_spinning (self->create_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->create_spinner), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->step_stack), !busy);
}

static void
set_row_error (GtkWidget *row,
               gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
care_setup_page_clear_password_errors (CareSetupPage *self)
{
  set_row_error (GTK_WIDGET (self->password_row), FALSE);
  set_row_error (GTK_WIDGET (self->confirm_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->password_error_label), FALSE);
}

/* Shows the first problem with the two password rows next to them. */
static gboolean
care_setup_page_check_passwords (CareSetupPage *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm_row));
  const char *problem;
  GtkWidget *row = GTK_WIDGET (self->password_row);

  care_setup_page_clear_password_errors (self);

  problem = care_password_check (password);
  if (problem == NULL && g_strcmp0 (password, confirm) != 0)
    {
      problem = _("The passwords do not match.");
      row = GTK_WIDGET (self->confirm_row);
    }

  if (problem == NULL)
    return TRUE;

  set_row_error (row, TRUE);
  gtk_label_set_label (self->password_error_label, problem);
  gtk_widget_set_visible (GTK_WIDGET (self->password_error_label), TRUE);

  return FALSE;
}

static void
care_setup_page_reset_records (CareSetupPage *self)
{
  g_clear_pointer (&self->clinic, care_record_unref);
  g_clear_pointer (&self->admin, care_record_unref);

  self->clinic = care_record_new (care_schema_lookup ("tenant"));
  self->admin = care_record_new (care_schema_lookup ("user"));
}

static void
care_setup_page_set_logo (CareSetupPage *self,
                          GBytes        *bytes,
                          GdkTexture    *texture,
                          const char    *file_name)
{
  g_clear_pointer (&self->logo, g_bytes_unref);
  if (bytes != NULL)
    self->logo = g_bytes_ref (bytes);

  gtk_picture_set_paintable (self->logo_picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->logo_picture), texture != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->logo_remove_button), bytes != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->logo_error_label), FALSE);
  adw_action_row_set_subtitle (self->logo_row,
                               file_name ? file_name : _("No logo chosen"));
}

static void
care_setup_page_show_logo_error (CareSetupPage *self,
                                 const char    *message)
{
  gtk_label_set_label (self->logo_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->logo_error_label), TRUE);
}

static void
on_logo_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CareSetupPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *name = NULL;

  bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        care_setup_page_show_logo_error (self, error->message);
      return;
    }

  if (g_bytes_get_size (bytes) > MAX_LOGO_BYTES)
    {
      care_setup_page_show_logo_error (self, _("Choose an image smaller than 2 MB."));
      return;
    }

  texture = gdk_texture_new_from_bytes (bytes, &error);
  if (texture == NULL)
    {
      care_setup_page_show_logo_error (self, _("This file is not an image Caredesk can read."));
      return;
    }

  name = g_file_get_basename (G_FILE (source));
  care_setup_page_set_logo (self, bytes, texture, name);
}

static void
on_chosen_cb (GFile    *file,
              gpointer  user_data)
{
  CareSetupPage *self = user_data;

  self->choosing = FALSE;
  if (file != NULL)
    g_file_load_bytes_async (file, self->cancellable, on_logo_loaded_cb, g_object_ref (self));
}

static void
on_logo_choose_clicked_cb (GtkButton     *button,
                           CareSetupPage *self)
{
  const CareFileFilter filters[] = {
    { .name = _("Images"), .pixbuf_formats = TRUE },
    { NULL }
  };

  if (self->choosing)
    return;
  self->choosing = TRUE;
  care_file_dialog_open (GTK_WIDGET (self), _("Choose the Clinic Logo"), _("_Choose"), filters, self->cancellable,
                         on_chosen_cb, g_object_ref (self), g_object_unref);
}

static void
on_logo_remove_clicked_cb (GtkButton     *button,
                           CareSetupPage *self)
{
  care_setup_page_set_logo (self, NULL, NULL, NULL);
}

static void
on_next_clicked_cb (GtkButton     *button,
                    CareSetupPage *self)
{
  if (!care_record_form_apply (self->clinic_form, self->store, self->clinic))
    return;

  care_setup_page_show_step (self, "admin");
}

static void
on_back_clicked_cb (GtkButton     *button,
                    CareSetupPage *self)
{
  const char *step = gtk_stack_get_visible_child_name (self->step_stack);

  care_setup_page_show_step (self, g_strcmp0 (step, "admin") == 0 ? "clinic" : "choice");
}

static void
on_clinic_created_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(CareSetupPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *username = NULL;

  if (!care_accounts_create_clinic_finish (CARE_STORE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->create_cancellable);
      g_warning ("Could not create the clinic: %s", error->message);
      care_setup_page_set_busy (self, FALSE);
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  g_clear_object (&self->create_cancellable);
  username = g_strdup (care_record_get (self->admin, "username"));

  care_setup_page_set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");

  g_signal_emit (self, signals[FINISHED], 0, username);
}

static void
care_setup_page_cancel_create (CareSetupPage *self)
{
  if (self->create_cancellable != NULL)
    {
      g_cancellable_cancel (self->create_cancellable);
      g_clear_object (&self->create_cancellable);
    }
}

static void
on_create_clicked_cb (GtkButton     *button,
                      CareSetupPage *self)
{
  gboolean form_ok;
  gboolean passwords_ok;

  if (self->create_cancellable != NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);

  care_record_set (self->admin, "role", CARE_ROLE_ADMIN);
  care_record_set (self->admin, "active", "1");

  form_ok = care_record_form_apply (self->admin_form, self->store, self->admin);
  passwords_ok = care_setup_page_check_passwords (self);

  if (!form_ok)
    return;

  if (!passwords_ok)
    {
      if (gtk_widget_has_css_class (GTK_WIDGET (self->confirm_row), "error"))
        gtk_widget_grab_focus (GTK_WIDGET (self->confirm_row));
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  care_setup_page_set_busy (self, TRUE);

  /* The records and the password were checked above, so a refusal now is
   * unexpected; the hash runs in a worker and the spinner keeps turning. */
  {
    g_autoptr(CareRecord) clinic = care_record_copy (self->clinic);
    g_autoptr(CareRecord) admin = care_record_copy (self->admin);

    if (self->logo != NULL)
      care_record_set_blob (clinic, "logo", self->logo);
    self->create_cancellable = g_cancellable_new ();
    care_accounts_create_clinic_async (self->store, clinic, admin,
                                       gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                       self->create_cancellable, on_clinic_created_cb,
                                       g_object_ref (self));
  }
}

static void
on_password_changed_cb (GtkEditable   *editable,
                        CareSetupPage *self)
{
  care_setup_page_clear_password_errors (self);
}

static void
on_password_row_activated_cb (AdwEntryRow   *row,
                              CareSetupPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->confirm_row));
}

static void
on_confirm_row_activated_cb (AdwEntryRow   *row,
                             CareSetupPage *self)
{
  gtk_widget_activate (GTK_WIDGET (self->create_button));
}

void
care_setup_page_set_store (CareSetupPage *self,
                           CareStore     *store)
{
  g_return_if_fail (CARE_IS_SETUP_PAGE (self));
  g_return_if_fail (store == NULL || CARE_IS_STORE (store));

  g_set_object (&self->store, store);
}

CareStore *
care_setup_page_get_store (CareSetupPage *self)
{
  g_return_val_if_fail (CARE_IS_SETUP_PAGE (self), NULL);

  return self->store;
}

void
care_setup_page_reset (CareSetupPage *self)
{
  g_return_if_fail (CARE_IS_SETUP_PAGE (self));

  care_setup_page_cancel_create (self);
  care_setup_page_reset_records (self);
  care_setup_page_set_logo (self, NULL, NULL, NULL);
  care_record_form_set_record (self->clinic_form, NULL);
  care_record_form_set_record (self->admin_form, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
  care_setup_page_clear_password_errors (self);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  care_setup_page_set_busy (self, FALSE);
  care_setup_page_cancel_check (self);
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), "");
  care_setup_page_show_server_error (self, NULL);
  care_setup_page_show_step (self, "choice");
}

static void
care_setup_page_dispose (GObject *object)
{
  CareSetupPage *self = CARE_SETUP_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  care_setup_page_cancel_check (self);
  care_setup_page_cancel_create (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_SETUP_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (care_setup_page_parent_class)->dispose (object);
}

static void
care_setup_page_finalize (GObject *object)
{
  CareSetupPage *self = CARE_SETUP_PAGE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->clinic, care_record_unref);
  g_clear_pointer (&self->admin, care_record_unref);
  g_clear_pointer (&self->logo, g_bytes_unref);

  G_OBJECT_CLASS (care_setup_page_parent_class)->finalize (object);
}

static void
care_setup_page_class_init (CareSetupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_setup_page_dispose;
  object_class->finalize = care_setup_page_finalize;

  /**
   * CareSetupPage::finished:
   * @username: the first administrator's username
   *
   * The clinic and its first administrator were created.
   */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * CareSetupPage::connect-server:
   * @url: the base URL of the clinic server, checked to answer
   *
   * The person chose to connect this workstation to a clinic server; the
   * next step is signing in to it.
   */
  signals[CONNECT_SERVER] =
    g_signal_new ("connect-server",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/setup/care-setup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareSetupPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, CareSetupPage, app_icon);
  gtk_widget_class_bind_template_child (widget_class, CareSetupPage, choice_icon);
  gtk_widget_class_bind_template_child (widget_class, CareSetupPage, connect_button);
  gtk_widget_class_bind_template_child (widget_class, CareSetupPage, connect_spinner);
  gtk_widget_class_bind_template_child (widget_class, CareSetupPage, choice_server_row);
  gtk_widget_class_bind_template_child (widget_class, CareSetupPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, CareSetupPage, server_error_label);
  gtk_widget_class_bind_template_child (widget_class, CareSetupPage, server_hint_label);
  gtk_widget_class_bind_template_child (widget_class, CareSetupPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, CareSetupPage, next_button);
  gtk_widget_class_bind_template_child (widget_class, CareSetupPage, create_button);
  gtk_widget_class_bind_template_child (widget_class, CareSetupPage, create_spinner);
  gtk_widget_class_bind_template_child (widget_class, CareSetupPage, step_stack);
  gtk_widget_class_bind_template_child (widget_class, CareSetupPage, clinic_form_box);
  gtk_widget_class_bind_template_child (widget_class, CareSetupPage, admin_form_box);
  gtk_widget_class_bind_template_child (widget_class, CareSetupPage, logo_row);
  gtk_widget_class_bind_template_child (widget_class, CareSetupPage, logo_picture);
  gtk_widget_class_bind_template_child (widget_class, CareSetupPage, logo_remove_button);
  gtk_widget_class_bind_template_child (widget_class, CareSetupPage, logo_error_label);
  gtk_widget_class_bind_template_child (widget_class, CareSetupPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, CareSetupPage, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, CareSetupPage, password_error_label);
  gtk_widget_class_bind_template_child (widget_class, CareSetupPage, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_logo_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_logo_remove_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_password_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_password_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_confirm_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_connect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_server_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_server_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_choice_server_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_choice_standalone_activated_cb);
}

static void
care_setup_page_init (CareSetupPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  care_a11y_name_password_reveal (self->password_row);
  care_a11y_name_password_reveal (self->confirm_row);

  self->cancellable = g_cancellable_new ();
  gtk_image_set_from_icon_name (self->app_icon, APP_ID);
  gtk_image_set_from_icon_name (self->choice_icon, APP_ID);

  self->clinic_form = care_record_form_new (care_schema_lookup ("tenant"), clinic_fields);
  gtk_widget_set_name (GTK_WIDGET (self->clinic_form), "setup-clinic-form");
  gtk_box_append (self->clinic_form_box, GTK_WIDGET (self->clinic_form));

  self->admin_form = care_record_form_new (care_schema_lookup ("user"), admin_fields);
  gtk_widget_set_name (GTK_WIDGET (self->admin_form), "setup-admin-form");
  gtk_box_append (self->admin_form_box, GTK_WIDGET (self->admin_form));

  care_setup_page_reset_records (self);
  care_setup_page_show_step (self, "choice");
}

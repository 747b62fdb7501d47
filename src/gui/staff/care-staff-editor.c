/* care-staff-editor.c: creating and editing a staff account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-staff-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "care-a11y.h"
#include "care-record-form.h"
#include "care-staff-editor.h"
#include "care-window.h"
#include "care-alert.h"

static const char *const staff_fields[] = {
  "full_name", "username", "email", "role", "specialty", "department", "phone", NULL
};

struct _CareStaffEditor
{
  AdwWindow            parent_instance;

  CareSession         *session;
  CareRecord          *user;          /* NULL: a new account */
  CareRecordForm      *form;
  /* Cancelled when the editor goes: a hash still running writes nothing. */
  GCancellable        *cancellable;
  CareRecord          *pending;       /* the new account while it is written */

  /* The reset-password dialog, while it is open */
  GtkWidget           *reset_dialog;
  AdwPasswordEntryRow *reset_password_row;
  AdwPasswordEntryRow *reset_confirm_row;
  GtkLabel            *reset_error_label;
  GtkWidget           *reset_box;
  GtkSpinner          *reset_spinner;
  gboolean             reset_busy;      /* hashing the new password */
  guint                reset_close_idle;
  char                *reset_password;  /* acceptable and confirmed, or NULL */

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkButton           *save_button;
  GtkSpinner          *save_spinner;
  GtkLabel            *error_label;
  GtkBox              *form_box;
  GtkWidget           *password_box;
  AdwPasswordEntryRow *password_row;
  AdwPasswordEntryRow *confirm_row;
  GtkLabel            *password_error_label;
  GtkWidget           *account_group;
  AdwActionRow        *status_row;
  GtkButton           *active_button;
};

G_DEFINE_FINAL_TYPE (CareStaffEditor, care_staff_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_USER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

CareStaffEditor *
care_staff_editor_new (CareSession *session,
                       CareRecord  *user)
{
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  return g_object_new (CARE_TYPE_STAFF_EDITOR,
                       "session", session,
                       "user", user,
                       NULL);
}

CareRecord *
care_staff_editor_get_user (CareStaffEditor *self)
{
  g_return_val_if_fail (CARE_IS_STAFF_EDITOR (self), NULL);

  return self->user;
}

static CareStore *
care_staff_editor_get_store (CareStaffEditor *self)
{
  return care_session_get_store (self->session);
}

static gboolean
care_staff_editor_is_self (CareStaffEditor *self)
{
  return self->user != NULL &&
         g_strcmp0 (care_record_get_id (self->user),
                    care_session_get_user_id (self->session)) == 0;
}

static void
care_staff_editor_show_error (CareStaffEditor *self,
                              const char      *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
care_staff_editor_toast_main_window (CareStaffEditor *self,
                                     AdwToast        *toast)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (CARE_IS_WINDOW (parent))
    care_window_add_toast (CARE_WINDOW (parent), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
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

/* NULL when the two passwords are acceptable; else the problem, and which
 * row it is about. */
static const char *
check_passwords (const char  *password,
                 const char  *confirm,
                 gboolean    *about_confirm)
{
  const char *problem = care_password_check (password);

  *about_confirm = FALSE;

  if (problem == NULL && g_strcmp0 (password, confirm) != 0)
    {
      *about_confirm = TRUE;
      problem = _("The passwords do not match.");
    }

  return problem;
}

static void
care_staff_editor_clear_password_errors (CareStaffEditor *self)
{
  set_row_error (GTK_WIDGET (self->password_row), FALSE);
  set_row_error (GTK_WIDGET (self->confirm_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->password_error_label), FALSE);
}

static gboolean
care_staff_editor_check_passwords (CareStaffEditor *self)
{
  gboolean about_confirm;
  const char *problem;
  GtkWidget *row;

  care_staff_editor_clear_password_errors (self);

  problem = check_passwords (gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                             gtk_editable_get_text (GTK_EDITABLE (self->confirm_row)),
                             &about_confirm);
  if (problem == NULL)
    return TRUE;

  row = about_confirm ? GTK_WIDGET (self->confirm_row) : GTK_WIDGET (self->password_row);
  set_row_error (row, TRUE);
  gtk_label_set_label (self->password_error_label, problem);
  gtk_widget_set_visible (GTK_WIDGET (self->password_error_label), TRUE);

  return FALSE;
}

static gboolean
would_leave_no_admin (CareStore  *store,
                      CareRecord *stored,
                      CareRecord *updated)
{
  g_autoptr(GPtrArray) admins = NULL;
  guint n_active = 0;

  if (g_strcmp0 (care_record_get (stored, "role"), CARE_ROLE_ADMIN) != 0 ||
      !care_record_get_bool (stored, "active") ||
      g_strcmp0 (care_record_get (updated, "role"), CARE_ROLE_ADMIN) == 0)
    return FALSE;

  admins = care_store_list (store, care_schema_lookup ("user"),
                            "role", CARE_ROLE_ADMIN, NULL, 0, NULL);
  if (admins == NULL)
    return FALSE;

  for (guint i = 0; i < admins->len; i++)
    if (care_record_get_bool (g_ptr_array_index (admins, i), "active"))
      n_active++;

  return n_active <= 1;
}

static void
care_staff_editor_set_busy (CareStaffEditor *self,
                            gboolean         busy)
{
  gtk_spinner_set_spinning (self->save_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->save_spinner), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->form_box), !busy);
  gtk_widget_set_sensitive (self->password_box, !busy);
}

static void
care_staff_editor_save_failed (CareStaffEditor *self,
                               const GError    *error)
{
  g_warning ("Could not save staff member: %s", error->message);
  care_staff_editor_show_error (self, error->message);
}

static void
care_staff_editor_saved (CareStaffEditor  *self,
                         const CareRecord *record)
{
  g_autofree char *message = NULL;

  if (self->user == NULL)
    /* Translators: %s is a person's name */
    message = g_strdup_printf (_("%s can now sign in"), care_record_get (record, "full_name"));
  else
    /* Translators: %s is a person's name */
    message = g_strdup_printf (_("Saved changes to %s"), care_record_get (record, "full_name"));

  care_staff_editor_toast_main_window (self, adw_toast_new (message));

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_user_created_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CareStaffEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!care_accounts_create_user_finish (CARE_STORE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          care_staff_editor_set_busy (self, FALSE);
          care_staff_editor_save_failed (self, error);
        }
      return;
    }

  care_staff_editor_saved (self, self->pending);
}

static void
on_save_clicked_cb (GtkButton       *button,
                    CareStaffEditor *self)
{
  CareStore *store = care_staff_editor_get_store (self);
  g_autoptr(CareRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  gboolean form_ok;
  gboolean passwords_ok = TRUE;

  care_staff_editor_show_error (self, NULL);

  if (self->user != NULL)
    {
      record = care_record_copy (self->user);
    }
  else
    {
      record = care_record_new (care_schema_lookup ("user"));
      care_record_set (record, "active", "1");
    }

  form_ok = care_record_form_apply (self->form, store, record);
  if (self->user == NULL)
    passwords_ok = care_staff_editor_check_passwords (self);

  if (!form_ok)
    return;

  if (!passwords_ok)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  if (self->user != NULL && would_leave_no_admin (store, self->user, record))
    {
      g_autoptr(CareValidation) validation = care_validation_new ();

      care_validation_add (validation, "role",
                           _("The clinic needs at least one active administrator."));
      care_record_form_show_errors (self->form, validation);
      return;
    }

  if (self->user == NULL)
    {
      /* The hash runs in a worker; the editor stays open, busy, until the
       * account is written. */
      care_staff_editor_set_busy (self, TRUE);
      g_clear_pointer (&self->pending, care_record_unref);
      self->pending = care_record_ref (record);
      care_accounts_create_user_async (store, record,
                                       gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                       self->cancellable, on_user_created_cb,
                                       g_object_ref (self));
      return;
    }

  if (!care_store_update (store, record, &error))
    {
      care_staff_editor_save_failed (self, error);
      return;
    }
  care_staff_editor_saved (self, record);
}

typedef struct
{
  CareStore *store;
  char      *user_id;
} ReactivateData;

static void
reactivate_data_free (gpointer  data,
                      GClosure *closure)
{
  ReactivateData *reactivate = data;

  g_clear_object (&reactivate->store);
  g_free (reactivate->user_id);
  g_free (reactivate);
}

static void
on_undo_deactivate_clicked_cb (AdwToast       *toast,
                               ReactivateData *data)
{
  g_autoptr(GError) error = NULL;

  if (!care_accounts_set_active (data->store, data->user_id, TRUE, &error))
    g_warning ("Could not reactivate %s: %s", data->user_id, error->message);
}

static void
on_active_clicked_cb (GtkButton       *button,
                      CareStaffEditor *self)
{
  CareStore *store = care_staff_editor_get_store (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const char *full_name;
  gboolean activate;
  AdwToast *toast;

  g_return_if_fail (self->user != NULL);

  care_staff_editor_show_error (self, NULL);

  activate = !care_record_get_bool (self->user, "active");
  full_name = care_record_get (self->user, "full_name");

  if (!care_accounts_set_active (store, care_record_get_id (self->user), activate, &error))
    {
      care_staff_editor_show_error (self, error->message);
      return;
    }

  if (activate)
    {
      /* Translators: %s is a person's name */
      message = g_strdup_printf (_("%s can sign in again"), full_name);
      toast = adw_toast_new (message);
    }
  else
    {
      ReactivateData *data = g_new0 (ReactivateData, 1);

      data->store = g_object_ref (store);
      data->user_id = g_strdup (care_record_get_id (self->user));

      /* Translators: %s is a person's name */
      message = g_strdup_printf (_("%s was deactivated"), full_name);
      toast = adw_toast_new (message);
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      g_signal_connect_data (toast, "button-clicked",
                             G_CALLBACK (on_undo_deactivate_clicked_cb),
                             data, reactivate_data_free, 0);
    }

  care_staff_editor_toast_main_window (self, toast);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* --- reset password ------------------------------------------------------ */

static void
on_reset_password_changed_cb (GtkEditable     *editable,
                              CareStaffEditor *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->reset_password_row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->reset_confirm_row));
  const char *problem = NULL;
  gboolean about_confirm = FALSE;
  gboolean ok;

  ok = check_passwords (password, confirm, &about_confirm) == NULL;

  /* Say what is wrong only once there is something to judge. */
  if (*password != '\0')
    problem = care_password_check (password);
  if (problem == NULL && *confirm != '\0' && g_strcmp0 (password, confirm) != 0)
    {
      problem = _("The passwords do not match.");
      about_confirm = TRUE;
    }

  set_row_error (GTK_WIDGET (self->reset_password_row), problem != NULL && !about_confirm);
  set_row_error (GTK_WIDGET (self->reset_confirm_row), problem != NULL && about_confirm);
  gtk_label_set_label (self->reset_error_label, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reset_error_label), problem != NULL);

  g_clear_pointer (&self->reset_password, g_free);
  if (ok)
    self->reset_password = g_strdup (password);

  care_alert_set_response_enabled (self->reset_dialog, "reset", ok);
}

static void
care_staff_editor_close_reset_dialog (CareStaffEditor *self)
{
  GtkWidget *dialog = g_steal_pointer (&self->reset_dialog);

  g_clear_handle_id (&self->reset_close_idle, g_source_remove);
  self->reset_busy = FALSE;
  g_clear_pointer (&self->reset_password, g_free);

  if (dialog == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->reset_password_row, self);
  g_signal_handlers_disconnect_by_data (self->reset_confirm_row, self);
  g_signal_handlers_disconnect_by_data (dialog, self);
  self->reset_password_row = NULL;
  self->reset_confirm_row = NULL;
  self->reset_error_label = NULL;
  self->reset_box = NULL;
  self->reset_spinner = NULL;

  care_alert_close (dialog);
}

static void
care_staff_editor_set_reset_busy (CareStaffEditor *self,
                                  gboolean         busy)
{
  self->reset_busy = busy;
  gtk_spinner_set_spinning (self->reset_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->reset_spinner), busy);
  gtk_widget_set_sensitive (self->reset_box, !busy);
  care_alert_set_response_enabled (self->reset_dialog, "cancel", !busy);
  care_alert_set_response_enabled (self->reset_dialog, "reset", !busy);
}

static gboolean
on_reset_close_idle_cb (gpointer user_data)
{
  CareStaffEditor *self = user_data;

  self->reset_close_idle = 0;
  care_staff_editor_close_reset_dialog (self);

  return G_SOURCE_REMOVE;
}

/* An alert closes itself before it emits "response", which would take
 * the rows away while the new password is still being hashed. So the
 * dialog never closes itself (care_alert_keep_open()): a response button
 * emits "response" right after this, and the handler decides; Escape
 * emits none, so an idle closes the dialog then. */
static void
on_reset_dialog_close_attempt_cb (GtkWidget *dialog,
                                  gpointer   data)
{
  CareStaffEditor *self = data;

  if (!self->reset_busy && self->reset_close_idle == 0)
    self->reset_close_idle = g_idle_add (on_reset_close_idle_cb, self);
}

static void
on_password_reset_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(CareStaffEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = care_accounts_set_password_finish (CARE_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  care_staff_editor_close_reset_dialog (self);

  if (!ok)
    care_staff_editor_show_error (self, error->message);
  else
    adw_toast_overlay_add_toast (self->toast_overlay,
                                 adw_toast_new (_("The password was changed")));
}

static void
on_reset_dialog_response_cb (GtkWidget        *dialog,
                             const char       *response,
                             CareStaffEditor  *self)
{
  g_clear_handle_id (&self->reset_close_idle, g_source_remove);

  if (g_strcmp0 (response, "reset") != 0 || self->reset_password == NULL)
    {
      care_staff_editor_close_reset_dialog (self);
      return;
    }

  /* Busy until the hash is done and written: whoever is told the new
   * password may sign in as soon as the dialog is gone. */
  care_staff_editor_set_reset_busy (self, TRUE);
  care_accounts_set_password_async (care_staff_editor_get_store (self),
                                    care_record_get_id (self->user),
                                    self->reset_password,
                                    self->cancellable, on_password_reset_cb,
                                    g_object_ref (self));
}

static void
on_reset_password_clicked_cb (GtkButton       *button,
                              CareStaffEditor *self)
{
  GtkWidget *box;
  GtkWidget *list;
  GtkWidget *label;
  GtkWidget *dialog;

  g_return_if_fail (self->user != NULL);

  if (self->reset_dialog != NULL)
    return;

  care_staff_editor_show_error (self, NULL);

  dialog = care_alert_new (_("Reset Password?"), NULL);
  gtk_widget_set_name (dialog, "staff-reset-dialog");
  /* Translators: %s is a person's name */
  care_alert_format_body (dialog,
                          _("Choose a new password for %s and give it to them in person."),
                          care_record_get (self->user, "full_name"));
  care_alert_add_response (dialog, "cancel", _("_Cancel"), CARE_ALERT_DEFAULT);
  care_alert_add_response (dialog, "reset", _("_Reset Password"), CARE_ALERT_SUGGESTED);
  care_alert_set_response_enabled (dialog, "reset", FALSE);
  care_alert_set_default_response (dialog, "reset");
  care_alert_set_close_response (dialog, "cancel");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_box_append (GTK_BOX (box), list);

  self->reset_password_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  gtk_widget_set_name (GTK_WIDGET (self->reset_password_row), "staff-reset-password");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reset_password_row), _("New password"));
  g_signal_connect (self->reset_password_row, "changed",
                    G_CALLBACK (on_reset_password_changed_cb), self);
  care_a11y_name_password_reveal (self->reset_password_row);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->reset_password_row));

  self->reset_confirm_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  gtk_widget_set_name (GTK_WIDGET (self->reset_confirm_row), "staff-reset-password-confirm");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reset_confirm_row), _("Confirm new password"));
  g_signal_connect (self->reset_confirm_row, "changed",
                    G_CALLBACK (on_reset_password_changed_cb), self);
  care_a11y_name_password_reveal (self->reset_confirm_row);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->reset_confirm_row));

  label = gtk_label_new (NULL);
  gtk_widget_set_name (label, "staff-reset-error");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "field-error");
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_visible (label, FALSE);
  gtk_box_append (GTK_BOX (box), label);
  self->reset_error_label = GTK_LABEL (label);
  self->reset_box = list;

  self->reset_spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_name (GTK_WIDGET (self->reset_spinner), "staff-reset-spinner");
  gtk_widget_set_visible (GTK_WIDGET (self->reset_spinner), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->reset_spinner));

  care_alert_set_extra_child (dialog, box);

  self->reset_dialog = dialog;
  care_alert_keep_open (dialog, on_reset_dialog_close_attempt_cb, self);
  g_signal_connect (dialog, "response",
                    G_CALLBACK (on_reset_dialog_response_cb), self);

  care_alert_present (dialog, GTK_WIDGET (self));
}

static void
on_password_changed_cb (GtkEditable     *editable,
                        CareStaffEditor *self)
{
  care_staff_editor_clear_password_errors (self);
}

/* --- setup --------------------------------------------------------------- */

static void
care_staff_editor_update (CareStaffEditor *self)
{
  gboolean is_new = self->user == NULL;

  care_record_form_set_record (self->form, self->user);

  gtk_widget_set_visible (self->password_box, is_new);
  gtk_widget_set_visible (self->account_group, !is_new);

  if (is_new)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("New Staff Member"));
      adw_window_title_set_title (self->window_title, _("New Staff Member"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_button_set_label (self->save_button, _("_Add"));
    }
  else
    {
      gboolean active = care_record_get_bool (self->user, "active");

      gtk_window_set_title (GTK_WINDOW (self), _("Edit Staff Member"));
      adw_window_title_set_title (self->window_title, _("Edit Staff Member"));
      adw_window_title_set_subtitle (self->window_title, care_record_get (self->user, "full_name"));
      gtk_button_set_label (self->save_button, _("_Save"));

      adw_action_row_set_subtitle (self->status_row,
                                   active ? _("Active: can sign in")
                                          : _("Deactivated: cannot sign in"));
      gtk_button_set_label (self->active_button, active ? _("_Deactivate") : _("_Reactivate"));
      if (active)
        gtk_widget_add_css_class (GTK_WIDGET (self->active_button), "destructive-action");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->active_button), "destructive-action");

      /* Nobody locks themselves out from here. */
      gtk_widget_set_visible (GTK_WIDGET (self->status_row), !care_staff_editor_is_self (self));
    }
}

static void
care_staff_editor_constructed (GObject *object)
{
  CareStaffEditor *self = CARE_STAFF_EDITOR (object);

  G_OBJECT_CLASS (care_staff_editor_parent_class)->constructed (object);

  g_assert (CARE_IS_SESSION (self->session));

  care_staff_editor_update (self);

  gtk_widget_grab_focus (care_record_form_get_row (self->form, "full_name"));
}

static void
care_staff_editor_dispose (GObject *object)
{
  CareStaffEditor *self = CARE_STAFF_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  care_staff_editor_close_reset_dialog (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_STAFF_EDITOR);

  G_OBJECT_CLASS (care_staff_editor_parent_class)->dispose (object);
}

static void
care_staff_editor_finalize (GObject *object)
{
  CareStaffEditor *self = CARE_STAFF_EDITOR (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->user, care_record_unref);
  g_clear_pointer (&self->pending, care_record_unref);
  g_clear_pointer (&self->reset_password, g_free);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (care_staff_editor_parent_class)->finalize (object);
}

static void
care_staff_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CareStaffEditor *self = CARE_STAFF_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_USER:
      g_value_set_boxed (value, self->user);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_staff_editor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CareStaffEditor *self = CARE_STAFF_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_USER:
      self->user = g_value_dup_boxed (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_staff_editor_class_init (CareStaffEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = care_staff_editor_constructed;
  object_class->dispose = care_staff_editor_dispose;
  object_class->finalize = care_staff_editor_finalize;
  object_class->get_property = care_staff_editor_get_property;
  object_class->set_property = care_staff_editor_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         CARE_TYPE_SESSION,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_USER] =
    g_param_spec_boxed ("user", NULL, NULL,
                        CARE_TYPE_RECORD,
                        (G_PARAM_READWRITE |
                         G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/staff/care-staff-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CareStaffEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CareStaffEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, CareStaffEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, CareStaffEditor, save_spinner);
  gtk_widget_class_bind_template_child (widget_class, CareStaffEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, CareStaffEditor, form_box);
  gtk_widget_class_bind_template_child (widget_class, CareStaffEditor, password_box);
  gtk_widget_class_bind_template_child (widget_class, CareStaffEditor, password_row);
  gtk_widget_class_bind_template_child (widget_class, CareStaffEditor, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, CareStaffEditor, password_error_label);
  gtk_widget_class_bind_template_child (widget_class, CareStaffEditor, account_group);
  gtk_widget_class_bind_template_child (widget_class, CareStaffEditor, status_row);
  gtk_widget_class_bind_template_child (widget_class, CareStaffEditor, active_button);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_active_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_reset_password_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_password_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
care_staff_editor_init (CareStaffEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  care_a11y_name_password_reveal (self->password_row);
  care_a11y_name_password_reveal (self->confirm_row);

  self->cancellable = g_cancellable_new ();

  self->form = care_record_form_new (care_schema_lookup ("user"), staff_fields);
  gtk_widget_set_name (GTK_WIDGET (self->form), "staff-form");
  gtk_box_append (self->form_box, GTK_WIDGET (self->form));
}

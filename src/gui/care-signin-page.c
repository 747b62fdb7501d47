/* care-signin-page.c: signing in, and unlocking a locked workstation
 *
 * The password check (Argon2id) runs in a worker thread through
 * care_accounts_sign_in_async(), so the window keeps drawing meanwhile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-signin-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-signin-page.h"

struct _CareSigninPage
{
  GtkWidget            parent_instance;

  CareStore           *store;
  CareRecord          *locked_user;
  GCancellable        *cancellable;
  char                *error_text;     /* shown before the countdown */
  guint                countdown_source;
  guint                retry_seconds;

  /* Template widgets */
  GtkImage            *app_icon;
  AdwAvatar           *avatar;
  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  AdwEntryRow         *login_row;
  AdwPasswordEntryRow *password_row;
  GtkLabel            *error_label;
  GtkButton           *signin_button;
  GtkLabel            *signin_label;
  GtkSpinner          *spinner;
  GtkButton           *switch_user_button;
};

G_DEFINE_FINAL_TYPE (CareSigninPage, care_signin_page, GTK_TYPE_WIDGET)

enum {
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
care_signin_page_is_busy (CareSigninPage *self)
{
  return self->cancellable != NULL;
}

static void
care_signin_page_update_sensitivity (CareSigninPage *self)
{
  gboolean busy = care_signin_page_is_busy (self);
  gboolean waiting = self->countdown_source != 0;

  gtk_widget_set_sensitive (GTK_WIDGET (self->signin_button), !busy && !waiting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->login_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
care_signin_page_show_error (CareSigninPage *self,
                             const char     *message)
{
  g_free (self->error_text);
  self->error_text = g_strdup (message);

  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
care_signin_page_stop_countdown (CareSigninPage *self)
{
  g_clear_handle_id (&self->countdown_source, g_source_remove);
  self->retry_seconds = 0;
}

static void
care_signin_page_update_countdown (CareSigninPage *self)
{
  g_autofree char *wait = NULL;
  g_autofree char *text = NULL;

  wait = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Try again in %u second.",
                                       "Try again in %u seconds.",
                                       self->retry_seconds),
                          self->retry_seconds);

  if (self->error_text != NULL && *self->error_text != '\0')
    text = g_strconcat (self->error_text, " ", wait, NULL);
  else
    text = g_steal_pointer (&wait);

  gtk_label_set_label (self->error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static const char *care_signin_page_get_login (CareSigninPage *self);

static gboolean
on_countdown_tick_cb (gpointer user_data)
{
  CareSigninPage *self = user_data;

  if (self->retry_seconds > 0)
    self->retry_seconds--;

  /* The store decides when the wait is over; a timer may run a little
   * ahead of it. */
  if (self->retry_seconds == 0)
    self->retry_seconds = care_accounts_get_retry_seconds (self->store,
                                                           care_signin_page_get_login (self));

  if (self->retry_seconds == 0)
    {
      self->countdown_source = 0;
      care_signin_page_show_error (self, NULL);
      care_signin_page_update_sensitivity (self);
      return G_SOURCE_REMOVE;
    }

  care_signin_page_update_countdown (self);
  return G_SOURCE_CONTINUE;
}

/* Too many failures: the button waits, and says for how long. */
static void
care_signin_page_start_countdown (CareSigninPage *self,
                                  guint           seconds)
{
  care_signin_page_stop_countdown (self);

  if (seconds == 0)
    return;

  self->retry_seconds = seconds;
  self->countdown_source = g_timeout_add (1000, on_countdown_tick_cb, self);
  g_source_set_name_by_id (self->countdown_source, "[caredesk] sign-in countdown");

  care_signin_page_update_countdown (self);
  care_signin_page_update_sensitivity (self);
}

static const char *
care_signin_page_get_login (CareSigninPage *self)
{
  if (self->locked_user != NULL)
    return care_record_get (self->locked_user, "username");

  return gtk_editable_get_text (GTK_EDITABLE (self->login_row));
}

static void
on_sign_in_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CareSigninPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) user = NULL;
  g_autofree char *login = NULL;

  user = care_accounts_sign_in_finish (self->store, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  care_signin_page_update_sensitivity (self);

  if (user == NULL)
    {
      guint retry;

      g_debug ("Sign-in failed: %s", error->message);

      login = g_strstrip (g_strdup (care_signin_page_get_login (self)));
      retry = care_accounts_get_retry_seconds (self->store, login);

      care_signin_page_show_error (self, error->message);
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");

      if (g_error_matches (error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_THROTTLED) ||
          retry > 0)
        care_signin_page_start_countdown (self, MAX (retry, 1));

      if (g_error_matches (error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_BAD_CREDENTIALS) ||
          g_error_matches (error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_THROTTLED))
        gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      else
        care_signin_page_focus (self);

      return;
    }

  care_signin_page_show_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");

  g_signal_emit (self, signals[SIGNED_IN], 0, user);
}

static void
care_signin_page_sign_in (CareSigninPage *self)
{
  g_autofree char *login = NULL;
  const char *password;
  guint retry;

  if (care_signin_page_is_busy (self) || self->countdown_source != 0)
    return;

  login = g_strstrip (g_strdup (care_signin_page_get_login (self)));
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (login == NULL || *login == '\0')
    {
      care_signin_page_show_error (self, _("Enter your username or email."));
      gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
      return;
    }

  if (*password == '\0')
    {
      care_signin_page_show_error (self, _("Enter your password."));
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  retry = care_accounts_get_retry_seconds (self->store, login);
  if (retry > 0)
    {
      care_signin_page_show_error (self, _("Too many failed attempts."));
      care_signin_page_start_countdown (self, retry);
      return;
    }

  care_signin_page_show_error (self, NULL);

  self->cancellable = g_cancellable_new ();
  care_signin_page_update_sensitivity (self);

  care_accounts_sign_in_async (self->store, login, password, self->cancellable,
                               on_sign_in_cb, g_object_ref (self));
}

static void
on_signin_clicked_cb (GtkButton      *button,
                      CareSigninPage *self)
{
  care_signin_page_sign_in (self);
}

static void
on_login_row_activated_cb (AdwEntryRow    *row,
                           CareSigninPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
on_password_row_activated_cb (AdwEntryRow    *row,
                              CareSigninPage *self)
{
  care_signin_page_sign_in (self);
}

static void
care_signin_page_cancel (CareSigninPage *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }

  care_signin_page_stop_countdown (self);
  care_signin_page_show_error (self, NULL);
  care_signin_page_update_sensitivity (self);
}

void
care_signin_page_set_store (CareSigninPage *self,
                            CareStore      *store)
{
  g_return_if_fail (CARE_IS_SIGNIN_PAGE (self));
  g_return_if_fail (store == NULL || CARE_IS_STORE (store));

  g_set_object (&self->store, store);
}

void
care_signin_page_reset (CareSigninPage *self,
                        const char     *login)
{
  g_autoptr(CareRecord) clinic = NULL;
  const char *clinic_name = NULL;

  g_return_if_fail (CARE_IS_SIGNIN_PAGE (self));

  care_signin_page_cancel (self);
  g_clear_pointer (&self->locked_user, care_record_unref);

  if (self->store != NULL)
    clinic = care_store_get_clinic (self->store);
  if (clinic != NULL)
    clinic_name = care_record_get (clinic, "name");

  gtk_widget_set_visible (GTK_WIDGET (self->app_icon), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->avatar), FALSE);
  gtk_label_set_label (self->title_label, clinic_name ? clinic_name : _("Caredesk"));
  gtk_label_set_label (self->subtitle_label, _("Sign in with your staff account."));
  gtk_label_set_label (self->signin_label, _("_Sign In"));
  gtk_widget_set_visible (GTK_WIDGET (self->login_row), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->switch_user_button), FALSE);

  gtk_editable_set_text (GTK_EDITABLE (self->login_row), login ? login : "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
}

void
care_signin_page_lock (CareSigninPage *self,
                       CareRecord     *user)
{
  const char *full_name;

  g_return_if_fail (CARE_IS_SIGNIN_PAGE (self));
  g_return_if_fail (user != NULL);

  care_signin_page_cancel (self);
  g_clear_pointer (&self->locked_user, care_record_unref);
  self->locked_user = care_record_ref (user);

  full_name = care_record_get (user, "full_name");

  gtk_widget_set_visible (GTK_WIDGET (self->app_icon), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->avatar), TRUE);
  adw_avatar_set_text (self->avatar, full_name);
  gtk_label_set_label (self->title_label, full_name ? full_name : "");
  gtk_label_set_label (self->subtitle_label, _("This workstation is locked. Enter your password to unlock it."));
  gtk_label_set_label (self->signin_label, _("_Unlock"));
  gtk_widget_set_visible (GTK_WIDGET (self->login_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->switch_user_button), TRUE);

  gtk_editable_set_text (GTK_EDITABLE (self->login_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
}

gboolean
care_signin_page_get_locked (CareSigninPage *self)
{
  g_return_val_if_fail (CARE_IS_SIGNIN_PAGE (self), FALSE);

  return self->locked_user != NULL;
}

void
care_signin_page_focus (CareSigninPage *self)
{
  const char *login;

  g_return_if_fail (CARE_IS_SIGNIN_PAGE (self));

  login = gtk_editable_get_text (GTK_EDITABLE (self->login_row));

  if (self->locked_user != NULL || (login != NULL && *login != '\0'))
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
}

static void
care_signin_page_dispose (GObject *object)
{
  CareSigninPage *self = CARE_SIGNIN_PAGE (object);
  GtkWidget *child;

  care_signin_page_cancel (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_SIGNIN_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (care_signin_page_parent_class)->dispose (object);
}

static void
care_signin_page_finalize (GObject *object)
{
  CareSigninPage *self = CARE_SIGNIN_PAGE (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->locked_user, care_record_unref);
  g_clear_pointer (&self->error_text, g_free);

  G_OBJECT_CLASS (care_signin_page_parent_class)->finalize (object);
}

static void
care_signin_page_class_init (CareSigninPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_signin_page_dispose;
  object_class->finalize = care_signin_page_finalize;

  /**
   * CareSigninPage::signed-in:
   * @user: the staff member (entity "user") whose password was right
   */
  signals[SIGNED_IN] =
    g_signal_new ("signed-in",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CARE_TYPE_RECORD);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/care-signin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareSigninPage, app_icon);
  gtk_widget_class_bind_template_child (widget_class, CareSigninPage, avatar);
  gtk_widget_class_bind_template_child (widget_class, CareSigninPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, CareSigninPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, CareSigninPage, login_row);
  gtk_widget_class_bind_template_child (widget_class, CareSigninPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, CareSigninPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, CareSigninPage, signin_button);
  gtk_widget_class_bind_template_child (widget_class, CareSigninPage, signin_label);
  gtk_widget_class_bind_template_child (widget_class, CareSigninPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CareSigninPage, switch_user_button);
  gtk_widget_class_bind_template_callback (widget_class, on_signin_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_login_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_password_row_activated_cb);
}

static void
care_signin_page_init (CareSigninPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_image_set_from_icon_name (self->app_icon, APP_ID);
  care_signin_page_update_sensitivity (self);
}

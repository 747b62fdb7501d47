/* care-signin-page.c: signing in, and unlocking a locked workstation
 *
 * The password check (Argon2id) runs in a worker thread through
 * care_accounts_sign_in_async(), so the window keeps drawing meanwhile.
 *
 * A store that syncs with a clinic server (or a workstation being connected
 * to one) signs in online first (docs/sync.md, "Signing in with a server"):
 * the server checks the password, and care_sync_adopt_session() keeps a
 * local verifier so that the same person can sign in here offline later.
 * When the server cannot be reached the local verifier decides; a password
 * the server refused is never tried offline. Unlocking stays local: the
 * session, and its sync, go on while the workstation is locked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-signin-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "care-a11y.h"
#include "care-server-check.h"
#include "care-signin-page.h"
#include "care-sync-engine.h"

struct _CareSigninPage
{
  GtkWidget            parent_instance;

  CareStore           *store;
  CareRecord          *locked_user;
  GCancellable        *cancellable;
  char                *pending_server;  /* connecting: not the store's yet */
  char                *password;        /* kept while the server answers */
  CareSyncSession     *sync_session;    /* the last online sign-in's */
  gboolean             offline;         /* the last sign-in was offline */
  gboolean             reauth;          /* locked, and sync needs a new sign-in */
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
  GtkButton           *back_button;
  GtkMenuButton       *menu_button;
  GMenuModel          *primary_menu;
};

G_DEFINE_FINAL_TYPE (CareSigninPage, care_signin_page, GTK_TYPE_WIDGET)

enum {
  SIGNED_IN,
  CONNECT_CANCELLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
care_signin_page_forget_password (CareSigninPage *self)
{
  if (self->password != NULL)
    {
      memset (self->password, 0, strlen (self->password));
      g_clear_pointer (&self->password, g_free);
    }
}

/* The server to sign in to: the one being connected, else the store's. */
static char *
care_signin_page_dup_server_url (CareSigninPage *self)
{
  if (self->pending_server != NULL)
    return g_strdup (self->pending_server);

  if (self->store == NULL)
    return NULL;

  return care_sync_get_server_url (self->store);
}

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
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  /* An entry made insensitive while it has focus never receives its
   * focus-out (GTK 4.8 sends no crossing events to insensitive widgets):
   * its cursor kept blinking and GtkText warned that it "did not receive
   * a focus-out event" on every sign-in. Take the focus away first; the
   * page gives it back when the answer comes. */
  if (busy && focus != NULL &&
      (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->login_row)) ||
       gtk_widget_is_ancestor (focus, GTK_WIDGET (self->password_row))))
    gtk_root_set_focus (root, NULL);

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

/* --- online ---------------------------------------------------------------- */

static void
care_signin_page_fail (CareSigninPage *self,
                       const char     *message,
                       GtkWidget      *focus)
{
  g_clear_object (&self->cancellable);
  care_signin_page_forget_password (self);
  care_signin_page_update_sensitivity (self);

  care_signin_page_show_error (self, message);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_widget_grab_focus (focus ? focus : GTK_WIDGET (self->password_row));
}

/* "Try again in 12 seconds": the server's Retry-After, in the message of a
 * CARE_SYNC_ERROR_THROTTLED error. */
static guint
throttled_seconds (const GError *error)
{
  const char *p;

  for (p = error->message; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        return (guint) MIN (g_ascii_strtoull (p, NULL, 10), 24 * 3600);
    }

  return 0;
}

/* The server cannot be reached: the local verifier decides, if this person
 * ever signed in online here. */
static void
care_signin_page_sign_in_offline (CareSigninPage *self,
                                  const char     *login)
{
  g_autoptr(CareRecord) user = care_accounts_find_login (self->store, login);
  const char *verifier = user ? care_record_get (user, "password_hash") : NULL;
  g_autofree char *password = g_strdup (self->password);

  if (verifier == NULL || *verifier == '\0')
    {
      care_signin_page_fail (self,
                             _("The clinic server cannot be reached, and this account has never signed in on this workstation. Sign in once while the server can be reached; after that, you can also sign in here when it cannot."),
                             GTK_WIDGET (self->login_row));
      return;
    }

  g_debug ("The clinic server cannot be reached: signing %s in offline", login);

  care_signin_page_forget_password (self);
  self->offline = TRUE;

  /* self->cancellable stays: the page is still busy. */
  care_accounts_sign_in_async (self->store, login, password, self->cancellable,
                               on_sign_in_cb, g_object_ref (self));
  memset (password, 0, strlen (password));
}

static void
on_online_sign_in_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(CareSigninPage) self = user_data;
  g_autoptr(CareSyncSession) session = NULL;
  g_autoptr(CareRecord) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *login = NULL;

  session = care_sync_login_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  url = care_signin_page_dup_server_url (self);
  login = g_strstrip (g_strdup (care_signin_page_get_login (self)));

  if (session == NULL)
    {
      g_debug ("Online sign-in failed: %s", error->message);

      if (g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_NETWORK) ||
          g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_SERVER))
        {
          if (self->pending_server != NULL)
            {
              /* Not connected yet: nothing here to sign in against. */
              g_autofree char *where = care_server_url_dup_display (url);
              g_autofree char *text = g_strdup_printf (_("The clinic server at %s cannot be reached. Check the network connection and try again."), where);

              care_signin_page_fail (self, text, NULL);
              return;
            }

          care_signin_page_sign_in_offline (self, login);
          return;
        }

      if (g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_THROTTLED))
        {
          guint seconds = throttled_seconds (error);

          /* The countdown says how long, and counts. */
          care_signin_page_fail (self, _("Too many failed attempts."), NULL);
          care_signin_page_start_countdown (self, MAX (seconds, 1));
          return;
        }

      /* A wrong password (never tried offline: the server said so), a
       * deactivated account, a store of another clinic: the sync
       * library's messages are written for the person signing in. */
      care_signin_page_fail (self, error->message, NULL);
      return;
    }

  /* Hashes the local verifier (Argon2id, ~100 ms) on this thread: the
   * store belongs to it. The spinner is showing. */
  if (!care_sync_adopt_session (self->store, url, session, self->password, &error))
    {
      g_autofree char *text = NULL;

      g_message ("Could not keep the online sign-in in this workstation's store: %s", error->message);
      text = g_strdup_printf (_("Signed in to the clinic server, but this workstation could not take the clinic’s records: %s"),
                              error->message);
      care_signin_page_fail (self, text, NULL);
      return;
    }

  user = care_store_get (self->store, care_schema_lookup ("user"), session->user_id, &error);
  if (user == NULL)
    {
      care_signin_page_fail (self, error ? error->message : _("Your account is not in this workstation’s store."), NULL);
      return;
    }

  g_clear_object (&self->cancellable);
  care_signin_page_forget_password (self);
  g_clear_pointer (&self->pending_server, g_free);
  care_signin_page_update_sensitivity (self);

  care_signin_page_show_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");

  g_clear_pointer (&self->sync_session, care_sync_session_free);
  self->sync_session = g_steal_pointer (&session);
  self->offline = FALSE;

  g_signal_emit (self, signals[SIGNED_IN], 0, user);
}

static void
care_signin_page_sign_in (CareSigninPage *self)
{
  g_autofree char *login = NULL;
  g_autofree char *url = NULL;
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

  g_clear_pointer (&self->sync_session, care_sync_session_free);
  self->offline = FALSE;

  /* Unlocking is local: the session and its sync go on meanwhile; unless
   * sync waits for a new sign-in, which the same password gives. */
  url = care_signin_page_dup_server_url (self);
  if (url != NULL && (self->locked_user == NULL || self->reauth))
    {
      care_signin_page_forget_password (self);
      self->password = g_strdup (password);
      care_sync_login_async (url, login, password, self->cancellable,
                             on_online_sign_in_cb, g_object_ref (self));
      return;
    }

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

  care_signin_page_forget_password (self);
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
  self->reauth = FALSE;

  if (self->store != NULL)
    clinic = care_store_get_clinic (self->store);
  if (clinic != NULL)
    clinic_name = care_record_get (clinic, "name");

  gtk_widget_set_visible (GTK_WIDGET (self->app_icon), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->avatar), FALSE);
  gtk_label_set_label (self->signin_label, _("_Sign In"));
  gtk_widget_set_visible (GTK_WIDGET (self->login_row), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->switch_user_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), self->pending_server != NULL);

  if (self->pending_server != NULL)
    {
      g_autofree char *where = care_server_url_dup_display (self->pending_server);
      g_autofree char *subtitle = NULL;

      if (clinic_name != NULL)
        /* Translators: %s is the clinic server's address */
        subtitle = g_strdup_printf (_("To connect this workstation, sign in with your account on the clinic server at %s."), where);
      else
        /* Translators: %s is the clinic server's address */
        subtitle = g_strdup_printf (_("Sign in with your account on the clinic server at %s."), where);

      gtk_label_set_label (self->title_label, clinic_name ? clinic_name : _("Sign In to Your Clinic"));
      gtk_label_set_label (self->subtitle_label, subtitle);
    }
  else
    {
      gtk_label_set_label (self->title_label, clinic_name ? clinic_name : _("Caredesk"));
      gtk_label_set_label (self->subtitle_label, _("Sign in with your staff account."));
    }

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
  self->reauth = FALSE;

  full_name = care_record_get (user, "full_name");

  gtk_widget_set_visible (GTK_WIDGET (self->app_icon), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->avatar), TRUE);
  adw_avatar_set_text (self->avatar, full_name);
  gtk_label_set_label (self->title_label, full_name ? full_name : "");
  gtk_label_set_label (self->subtitle_label, _("This workstation is locked. Enter your password to unlock it."));
  gtk_label_set_label (self->signin_label, _("_Unlock"));
  gtk_widget_set_visible (GTK_WIDGET (self->login_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->switch_user_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), FALSE);

  gtk_editable_set_text (GTK_EDITABLE (self->login_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
}

void
care_signin_page_connect (CareSigninPage *self,
                          const char     *url,
                          const char     *login)
{
  g_return_if_fail (CARE_IS_SIGNIN_PAGE (self));

  g_free (self->pending_server);
  self->pending_server = g_strdup (url);

  care_signin_page_reset (self, login);
}

const char *
care_signin_page_get_pending_server (CareSigninPage *self)
{
  g_return_val_if_fail (CARE_IS_SIGNIN_PAGE (self), NULL);

  return self->pending_server;
}

CareSyncSession *
care_signin_page_steal_sync_session (CareSigninPage *self)
{
  g_return_val_if_fail (CARE_IS_SIGNIN_PAGE (self), NULL);

  return g_steal_pointer (&self->sync_session);
}

gboolean
care_signin_page_get_offline (CareSigninPage *self)
{
  g_return_val_if_fail (CARE_IS_SIGNIN_PAGE (self), FALSE);

  return self->offline;
}

static void
on_back_clicked_cb (GtkButton      *button,
                    CareSigninPage *self)
{
  care_signin_page_cancel (self);
  g_clear_pointer (&self->pending_server, g_free);
  g_signal_emit (self, signals[CONNECT_CANCELLED], 0);
}

void
care_signin_page_lock_for_sync (CareSigninPage *self,
                                CareRecord     *user)
{
  g_return_if_fail (CARE_IS_SIGNIN_PAGE (self));
  g_return_if_fail (user != NULL);

  care_signin_page_lock (self, user);
  self->reauth = TRUE;

  gtk_label_set_label (self->subtitle_label,
                       _("Your sign-in to the clinic server has ended. Enter your password to unlock the workstation and sync again."));
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

  /* Without care_signin_page_cancel()'s updates of the widgets: the window
   * disposes the page as soon as someone signs in, and again when the
   * last reference goes (care-window-session.c). */
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  care_signin_page_forget_password (self);
  g_clear_handle_id (&self->countdown_source, g_source_remove);

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
  g_clear_pointer (&self->pending_server, g_free);
  g_clear_pointer (&self->sync_session, care_sync_session_free);

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

  /**
   * CareSigninPage::connect-cancelled:
   *
   * While connecting to a clinic server (care_signin_page_connect()), the
   * person went back instead of signing in.
   */
  signals[CONNECT_CANCELLED] =
    g_signal_new ("connect-cancelled",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/signin/care-signin-page.ui");
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
  gtk_widget_class_bind_template_child (widget_class, CareSigninPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, CareSigninPage, menu_button);
  gtk_widget_class_bind_template_child (widget_class, CareSigninPage, primary_menu);
  gtk_widget_class_bind_template_callback (widget_class, on_signin_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_login_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_password_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
}

/* GTK 4.8 builds a menu button's popover with its model: the sign-in
 * window's first frame need not wait for a menu nobody opened yet
 * (BENCHMARKS.md, "The app window"). */
static void
create_menu_cb (GtkMenuButton *button,
                gpointer       user_data)
{
  CareSigninPage *self = user_data;

  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static void
care_signin_page_init (CareSigninPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->menu_button, create_menu_cb, self, NULL);
  care_a11y_name_password_reveal (self->password_row);

  gtk_image_set_from_icon_name (self->app_icon, APP_ID);
  care_signin_page_update_sensitivity (self);
}

/* care-kiosk-window.c: the patient kiosk: signing in and out, the idle sign-out, sending requests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-kiosk-window"

#include "config.h"

#include <glib/gi18n.h>

#include "care-a11y.h"
#include "care-kiosk-sync.h"
#include "care-kiosk-window-private.h"

G_DEFINE_FINAL_TYPE (CareKioskWindow, care_kiosk_window, ADW_TYPE_APPLICATION_WINDOW)

void
care_kiosk_window_toast (CareKioskWindow *self,
                         const char      *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

static void
set_busy (CareKioskWindow *self,
          gboolean         busy)
{
  self->busy += busy ? 1 : -1;
  gtk_spinner_set_spinning (self->spinner, self->busy > 0);
  gtk_widget_set_sensitive (self->sign_in_button, self->busy == 0);
  gtk_widget_set_sensitive (self->sign_out_button, self->busy == 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->task_send), self->busy == 0);
}

gboolean
care_kiosk_window_is_busy (CareKioskWindow *self)
{
  g_return_val_if_fail (CARE_IS_KIOSK_WINDOW (self), FALSE);
  return self->busy > 0;
}

CareStore *
care_kiosk_window_get_store (CareKioskWindow *self)
{
  g_return_val_if_fail (CARE_IS_KIOSK_WINDOW (self), NULL);
  return self->store;
}

const char *
care_kiosk_window_get_store_path (CareKioskWindow *self)
{
  g_return_val_if_fail (CARE_IS_KIOSK_WINDOW (self), NULL);
  return self->store_path;
}

static void
note_input (CareKioskWindow *self)
{
  self->last_input = care_clock_get_seconds ();
  gtk_widget_set_visible (GTK_WIDGET (self->countdown), FALSE);
}

/* --- wiping -------------------------------------------------------------- */

/* Nothing of the patient stays: the store's files and folder, the
 * session's secrets, and every widget that showed their records. */
static void
wipe (CareKioskWindow *self)
{
  g_autoptr(GError) error = NULL;

  self->generation++;
  care_kiosk_sections_clear (self);
  adw_bin_set_child (self->task_content, NULL);
  g_clear_object (&self->store);
  if (self->store_path && !care_kiosk_wipe (self->store_path, &error))
    g_warning ("%s", error->message);
  g_clear_pointer (&self->store_path, g_free);
  care_kiosk_clear_secret (&self->access_token);
  g_clear_pointer (&self->patient_id, g_free);
  g_clear_pointer (&self->tenant_id, g_free);
  g_clear_pointer (&self->task_subject, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->login_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->invite_entry), "");
  gtk_widget_set_visible (GTK_WIDGET (self->signin_error), FALSE);
  gtk_widget_set_visible (self->sign_out_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->countdown), FALSE);
  adw_window_title_set_subtitle (self->title, NULL);
  gtk_stack_set_visible_child_name (self->pages, "signin");
  gtk_widget_grab_focus (GTK_WIDGET (self->login_entry));
}

static void
end_session_thread (GTask        *task,
                    gpointer      source,
                    gpointer      data,
                    GCancellable *cancellable)
{
  char **session = data;

  care_sync_sign_out (session[0], session[1], cancellable, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
clear_session (gpointer data)
{
  char **session = data;

  care_kiosk_clear_secret (&session[1]);
  g_strfreev (session);
}

/* The server forgets the session too; a failure only leaves a token that
 * runs out, which the kiosk no longer holds. */
static void
end_session (CareKioskWindow *self)
{
  g_autoptr(GTask) task = NULL;
  char **session;

  if (self->access_token == NULL)
    return;
  session = g_new0 (char *, 3);
  session[0] = g_strdup (self->server_url);
  session[1] = g_strdup (self->access_token);
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_task_data (task, session, clear_session);
  g_task_run_in_thread (task, end_session_thread);
}

static void
sign_out_now (CareKioskWindow *self)
{
  end_session (self);
  wipe (self);
}

static void
pushed_before_sign_out (CareKioskWindow *self,
                        gboolean         sent,
                        const GError    *error)
{
  g_autoptr(GError) refused = NULL;

  if (self->store == NULL)
    return;
  if (!care_kiosk_check_sign_out (self->store, sent, &refused))
    {
      care_kiosk_window_toast (self, refused->message);
      return;
    }
  sign_out_now (self);
  care_kiosk_window_toast (self, _("You are signed out. Nothing of yours is left on this kiosk."));
}

static void
on_sign_out_clicked_cb (CareKioskWindow *self)
{
  care_kiosk_window_push (self, pushed_before_sign_out);
}

/* --- idle ---------------------------------------------------------------- */

static void
pushed_before_idle (CareKioskWindow *self,
                    gboolean         sent,
                    const GError    *error)
{
  /* Walked away: the records go whatever happened to the requests. */
  if (!sent && error)
    g_warning ("Signed out while idle with requests not sent: %s", error->message);
  sign_out_now (self);
}

void
care_kiosk_window_check_idle (CareKioskWindow *self)
{
  guint left = 0;

  g_return_if_fail (CARE_IS_KIOSK_WINDOW (self));

  if (self->store == NULL || self->busy)
    return;
  switch (care_kiosk_idle_state (self->last_input, care_clock_get_seconds (), &left))
    {
    case CARE_KIOSK_IDLE_ACTIVE:
      gtk_widget_set_visible (GTK_WIDGET (self->countdown), FALSE);
      break;
    case CARE_KIOSK_IDLE_WARNING:
      {
        g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "Signing out in %u second: touch the screen to stay",
                                                              "Signing out in %u seconds: touch the screen to stay",
                                                              left), left);

        gtk_label_set_text (self->countdown, text);
        gtk_widget_set_visible (GTK_WIDGET (self->countdown), TRUE);
        break;
      }
    case CARE_KIOSK_IDLE_EXPIRED:
    default:
      care_kiosk_window_push (self, pushed_before_idle);
      break;
    }
}

static gboolean
tick_cb (gpointer data)
{
  care_kiosk_window_check_idle (data);
  care_kiosk_refresh_tick (data);
  return G_SOURCE_CONTINUE;
}

/* --- sending ------------------------------------------------------------- */

typedef struct {
  char      *server_url;
  char      *token;
  GPtrArray *requests;
  void     (*done) (CareKioskWindow *, gboolean, const GError *);
} Push;

static void
push_free (gpointer data)
{
  Push *p = data;

  g_free (p->server_url);
  care_kiosk_clear_secret (&p->token);
  g_ptr_array_unref (p->requests);
  g_free (p);
}

static void
push_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  Push *p = data;
  GPtrArray *sent = NULL;
  GError *error = NULL;

  care_kiosk_sync_send (p->server_url, p->token, p->requests, &sent, cancellable, &error);
  /* What went is taken off the outbox even when a later one failed. */
  g_object_set_data_full (G_OBJECT (task), "sent", sent, (GDestroyNotify) g_ptr_array_unref);
  if (error)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
push_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CareKioskWindow *self = CARE_KIOSK_WINDOW (source);
  Push *p = g_task_get_task_data (G_TASK (result));
  GPtrArray *sent = g_object_get_data (G_OBJECT (result), "sent");
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (self->store && !care_kiosk_sync_outbox_done (self->store, sent, error ? NULL : &error))
    ok = FALSE;
  if (p->done)
    p->done (self, ok, error);
  else if (!ok)
    care_kiosk_window_toast (self, error->message);
}

void
care_kiosk_window_push (CareKioskWindow *self,
                        void           (*done) (CareKioskWindow *, gboolean, const GError *))
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *requests;
  Push *p;

  if (self->store == NULL)
    return;
  requests = care_kiosk_sync_outbox (self->store, &error);
  if (requests == NULL || requests->len == 0)
    {
      if (requests)
        g_ptr_array_unref (requests);
      if (done)
        done (self, requests != NULL, error);
      return;
    }
  p = g_new0 (Push, 1);
  p->server_url = g_strdup (self->server_url);
  p->token = g_strdup (self->access_token);
  p->requests = requests;
  p->done = done;
  self->generation++;
  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, push_done_cb, NULL);
  g_task_set_task_data (task, p, push_free);
  g_task_run_in_thread (task, push_thread);
}

/* --- signing in ---------------------------------------------------------- */

typedef struct {
  char            *server_url;
  char            *login;
  char            *password;
  char            *invite;
  CareSyncSession *session;
  JsonObject      *fetched;
} SignIn;

static void
sign_in_free (gpointer data)
{
  SignIn *s = data;

  g_free (s->server_url);
  g_free (s->login);
  care_kiosk_clear_secret (&s->password);
  care_kiosk_clear_secret (&s->invite);
  g_clear_pointer (&s->session, care_sync_session_free);
  g_clear_pointer (&s->fetched, json_object_unref);
  g_free (s);
}

static void
sign_in_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  SignIn *s = data;
  GError *error = NULL;

  if (s->invite && !care_kiosk_sync_register (s->server_url, s->invite, s->login, s->password, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  s->session = care_sync_login_patient (s->server_url, s->login, s->password, cancellable, &error);
  if (s->session == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  s->fetched = care_kiosk_sync_fetch (s->server_url, s->session->access_token, cancellable, &error);
  if (s->fetched == NULL)
    {
      care_sync_sign_out (s->server_url, s->session->access_token, cancellable, NULL);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
show_signin_error (CareKioskWindow *self,
                   const GError    *error)
{
  const char *text = error->message;

  if (g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_NETWORK))
    text = _("The clinic’s server cannot be reached. Please ask at the reception desk.");
  else if (g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_AUTH) &&
           g_str_equal (text, _("That username or password is not right.")))
    text = _("That email address or password is not right.");
  else if (g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_FORBIDDEN))
    text = _("This portal account is not active. Ask the reception desk for a new invitation.");
  gtk_label_set_text (self->signin_error, text);
  gtk_widget_set_visible (GTK_WIDGET (self->signin_error), TRUE);
}

static gboolean
open_store (CareKioskWindow *self,
            SignIn          *s,
            GError         **error)
{
  self->store_path = care_kiosk_store_path_new (error);
  if (self->store_path == NULL)
    return FALSE;
  self->store = care_store_open (self->store_path, error);
  if (self->store == NULL)
    return FALSE;
  care_store_set_actor (self->store, s->session->user_id);
  return care_kiosk_sync_apply (self->store, s->session->tenant_id, s->fetched, NULL, error);
}

static void
sign_in_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CareKioskWindow *self = CARE_KIOSK_WINDOW (source);
  SignIn *s = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) patient = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      show_signin_error (self, error);
      return;
    }
  set_busy (self, FALSE);
  self->access_token = g_steal_pointer (&s->session->access_token);
  self->patient_id = g_strdup (s->session->user_id);
  self->tenant_id = g_strdup (s->session->tenant_id);
  if (!open_store (self, s, &error))
    {
      g_warning ("The kiosk could not keep the patient's records: %s", error->message);
      sign_out_now (self);
      gtk_label_set_text (self->signin_error, _("Something went wrong on this kiosk. Please ask at the reception desk."));
      gtk_widget_set_visible (GTK_WIDGET (self->signin_error), TRUE);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->invite_entry), "");
  patient = care_store_get (self->store, care_schema_lookup ("patient"), self->patient_id, NULL);
  if (patient)
    {
      g_autofree char *name = care_record_dup_title (patient);

      adw_window_title_set_subtitle (self->title, name);
    }
  note_input (self);
  self->last_refresh = care_clock_get_seconds ();
  care_kiosk_sections_build (self);
  gtk_widget_set_visible (self->sign_out_button, TRUE);
  gtk_stack_set_visible_child_name (self->pages, "home");
}

static void
on_sign_in_clicked_cb (CareKioskWindow *self)
{
  g_autoptr(GTask) task = NULL;
  SignIn *s;
  const char *invite = gtk_editable_get_text (GTK_EDITABLE (self->invite_entry));

  if (self->busy || self->store)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->signin_error), FALSE);
  s = g_new0 (SignIn, 1);
  s->server_url = g_strdup (self->server_url);
  s->login = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->login_entry))));
  s->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_entry)));
  s->invite = invite[0] ? g_strstrip (g_strdup (invite)) : NULL;
  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, sign_in_done_cb, NULL);
  g_task_set_task_data (task, s, sign_in_free);
  g_task_run_in_thread (task, sign_in_thread);
}

static void
on_task_back_clicked_cb (CareKioskWindow *self)
{
  adw_bin_set_child (self->task_content, NULL);
  self->task = KIOSK_TASK_NONE;
  gtk_stack_set_visible_child_name (self->pages, "home");
}

static void
on_task_send_clicked_cb (CareKioskWindow *self)
{
  care_kiosk_task_send (self);
}

/* --- input --------------------------------------------------------------- */

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   CareKioskWindow       *self)
{
  note_input (self);
  return GDK_EVENT_PROPAGATE;
}

static void
on_pressed_cb (GtkGestureClick *gesture,
               int              n_press,
               double           x,
               double           y,
               CareKioskWindow *self)
{
  note_input (self);
}

/* --- object -------------------------------------------------------------- */

static void
care_kiosk_window_dispose (GObject *object)
{
  CareKioskWindow *self = CARE_KIOSK_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  /* Closing the kiosk is a sign-out too. */
  if (self->store)
    sign_out_now (self);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->server_url, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_KIOSK_WINDOW);
  G_OBJECT_CLASS (care_kiosk_window_parent_class)->dispose (object);
}

static void
care_kiosk_window_class_init (CareKioskWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_kiosk_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/kiosk/care-kiosk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CareKioskWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, CareKioskWindow, title);
  gtk_widget_class_bind_template_child (widget_class, CareKioskWindow, sign_out_button);
  gtk_widget_class_bind_template_child (widget_class, CareKioskWindow, countdown);
  gtk_widget_class_bind_template_child (widget_class, CareKioskWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, CareKioskWindow, login_entry);
  gtk_widget_class_bind_template_child (widget_class, CareKioskWindow, password_entry);
  gtk_widget_class_bind_template_child (widget_class, CareKioskWindow, invite_entry);
  gtk_widget_class_bind_template_child (widget_class, CareKioskWindow, signin_error);
  gtk_widget_class_bind_template_child (widget_class, CareKioskWindow, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, CareKioskWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, CareKioskWindow, sections);
  gtk_widget_class_bind_template_child (widget_class, CareKioskWindow, task_content);
  gtk_widget_class_bind_template_child (widget_class, CareKioskWindow, task_send);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_out_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_task_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_task_send_clicked_cb);
}

static void
care_kiosk_window_init (CareKioskWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  care_a11y_name_password_reveal (ADW_PASSWORD_ENTRY_ROW (self->password_entry));
  self->cancellable = g_cancellable_new ();
  /* Any touch or key, wherever it lands, counts as someone there. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
}

CareKioskWindow *
care_kiosk_window_new (GtkApplication *application,
                       const char     *server_url)
{
  CareKioskWindow *self;

  g_return_val_if_fail (server_url != NULL, NULL);

  self = g_object_new (CARE_TYPE_KIOSK_WINDOW, "application", application, NULL);
  self->server_url = g_strdup (server_url);
  return self;
}

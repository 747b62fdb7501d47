/* test-kiosk.c: a patient at the kiosk, against a real caredesk-server
 *
 * The patient signs in the first time with a receptionist's invitation
 * (care_kiosk_sync_invite(), what the patient's details ask for),
 * finds only their own records, asks for an appointment and a refill,
 * signs a consent form, reads the clinic's message (the clinic sees it
 * read), answers it and writes a new one, and signs out: the store file
 * and its folder are gone. A letter the clinic sends meanwhile shows
 * without signing in again, and opens inside the kiosk. Signed in again and left alone, the kiosk counts down and signs
 * out by itself (core's clock moved, no waiting).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-kiosk"

#include "config.h"

#include <string.h>

#include <cairo-pdf.h>

#include "care-test-clinic.h"

#include "care-form-filler.h"
#include "care-kiosk-sync.h"
#include "care-kiosk-window.h"
#include "care-signature-pad.h"

#define LOGIN    "kiosk.patient@example.org"
#define PASSWORD "kiosk-pass-2026"

static gboolean
signed_in (gpointer data)
{
  return care_kiosk_window_get_store (data) != NULL && !care_kiosk_window_is_busy (data);
}

static gboolean
signed_out (gpointer data)
{
  return care_kiosk_window_get_store (data) == NULL && !care_kiosk_window_is_busy (data);
}

static gboolean
all_sent (gpointer data)
{
  CareStore *store = care_kiosk_window_get_store (data);

  return !care_kiosk_window_is_busy (data) && store && care_store_outbox_count (store) == 0;
}

/* An active prescription's patient: someone with records of every kind. */
static char *
patient_with_prescription (Clinic *c,
                           char  **rx_id)
{
  g_autoptr(CareTestResponse) r = care_test_request (c->server, "GET", "/prescriptions?status=active&per_page=100",
                                                     c->admin, NULL);
  g_autoptr(CareTestResponse) asked = care_test_request (c->server, "GET", "/refill_requests?status=pending&per_page=100",
                                                         c->admin, NULL);
  JsonArray *all = care_test_data_array (r);
  JsonArray *pending = care_test_data_array (asked);

  /* One with no refill waiting already, which the kiosk offers to ask. */
  for (guint i = 0; i < json_array_get_length (all); i++)
    {
      JsonObject *rx = json_array_get_object_element (all, i);
      gboolean waiting = FALSE;

      for (guint j = 0; j < json_array_get_length (pending); j++)
        waiting |= g_strcmp0 (json_object_get_string_member (json_array_get_object_element (pending, j), "prescription_id"),
                              json_object_get_string_member (rx, "id")) == 0;
      if (waiting)
        continue;
      *rx_id = g_strdup (json_object_get_string_member (rx, "id"));
      return g_strdup (json_object_get_string_member (rx, "patient_id"));
    }
  g_assert_not_reached ();
}

static JsonArray *
server_list (Clinic     *c,
             const char *path)
{
  g_autoptr(CareTestResponse) r = care_test_request (c->server, "GET", path, c->admin, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return json_array_ref (care_test_data_array (r));
}

static void
sign_in (CareKioskWindow *window,
         const char      *invite)
{
  GtkWidget *root = GTK_WIDGET (window);

  care_test_type (find (root, "kiosk-login"), LOGIN);
  care_test_type (find (root, "kiosk-password"), PASSWORD);
  if (invite)
    care_test_type (find (root, "kiosk-invite"), invite);
  care_test_click (find (root, "kiosk-sign-in"));
  g_assert_true (care_test_wait_for (signed_in, window, TIMEOUT_MS));
}

/* Nothing in the store is anyone else's: every row names the patient in
 * one of its entity's patient fields (a message as its sender or
 * recipient), or hangs under a row that does. */
static void
assert_only_own (CareStore  *store,
                 const char *patient_id)
{
  const char *const *entities = care_kiosk_entities ();
  g_autoptr(GPtrArray) patients = care_store_list (store, care_schema_lookup ("patient"), NULL, NULL, NULL, 0, NULL);
  guint n_messages = 0;

  g_assert_cmpuint (patients->len, ==, 1);
  g_assert_cmpstr (care_record_get_id (patients->pdata[0]), ==, patient_id);
  for (guint i = 0; entities[i]; i++)
    {
      const CareEntity *entity = care_schema_lookup (entities[i]);
      g_autoptr(GPtrArray) rows = NULL;

      if (g_str_equal (entities[i], "patient") || care_entity_patient_parent (entity))
        continue;
      rows = care_store_list (store, entity, NULL, NULL, NULL, 0, NULL);
      for (guint j = 0; j < rows->len; j++)
        {
          gboolean own = FALSE;

          for (guint k = 0; entity->patient_fields[k]; k++)
            own |= g_strcmp0 (care_record_get (rows->pdata[j], entity->patient_fields[k]), patient_id) == 0;
          g_assert_true (own);
        }
      if (g_str_equal (entities[i], "message"))
        n_messages = rows->len;
    }
  /* The clinic's message came: the check above saw something. */
  g_assert_cmpuint (n_messages, >, 0);
}

static void
send_task (CareKioskWindow *window)
{
  care_test_click (find (GTK_WIDGET (window), "kiosk-task-send"));
  g_assert_true (care_test_wait_for (all_sent, window, TIMEOUT_MS));
}

static void
show_section (CareKioskWindow *window,
              const char      *name)
{
  gtk_stack_set_visible_child_name (GTK_STACK (find (GTK_WIDGET (window), "kiosk-sections")), name);
  care_test_wait (50);
}

static void
sign_consent (CareKioskWindow *window,
              const char      *patient_id,
              Clinic          *c)
{
  GtkWidget *root = GTK_WIDGET (window);
  CareFormFiller *filler;
  static const double stroke[] = { 20, 100, 60, 60, 100, 110, 160, 50, 220, 100 };
  g_autofree char *path = g_strdup_printf ("/form_submissions?patient_id=%s", patient_id);
  g_autoptr(JsonArray) sent = NULL;

  show_section (window, "forms");
  /* The templates are listed by name: the consent comes first. */
  care_test_click (find (root, "kiosk-fill"));
  filler = CARE_FORM_FILLER (find (root, "kiosk-form"));
  g_assert_cmpstr (care_record_get (care_form_filler_get_template (filler), "form_type"), ==, "consent");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (care_form_filler_get_input (filler, "procedure")), 1);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (care_form_filler_get_input (filler, "understood")), TRUE);

  /* Unsigned, it stays, saying so under the signature box. */
  care_test_click (find (root, "kiosk-task-send"));
  g_assert_nonnull (care_form_filler_get_error (filler, "signature"));
  g_assert_nonnull (find (root, "kiosk-form"));

  care_signature_pad_add_stroke (CARE_SIGNATURE_PAD (care_form_filler_get_input (filler, "signature")),
                                 stroke, G_N_ELEMENTS (stroke) / 2);
  g_assert_null (care_form_filler_get_error (filler, "signature"));
  care_test_wait (50);
  care_test_keep_screenshot (root, "kiosk-consent.png");
  send_task (window);

  sent = server_list (c, path);
  g_assert_cmpuint (json_array_get_length (sent), ==, 1);
  {
    JsonObject *form = json_array_get_object_element (sent, 0);

    g_assert_cmpstr (json_object_get_string_member (form, "status"), ==, "pending");
    g_assert_cmpstr (json_object_get_string_member (form, "form_type"), ==, "consent");
    g_assert_true (json_object_has_member (form, "signature"));
    g_assert_false (json_object_get_null_member (form, "signature"));
  }
}

static void
type_text (GtkWidget  *view,
           const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
}

/* A message from the clinic waits for the patient. */
static char *
clinic_writes (Clinic     *c,
               const char *patient_id)
{
  g_autofree char *body = NULL;
  g_autoptr(CareTestResponse) r = NULL;

  body = g_strdup_printf ("{\"recipient_id\": \"%s\", \"patient_id\": \"%s\", \"subject\": \"Your blood test\", "
                          "\"body\": \"Please come in fasting on Monday.\"}", patient_id, patient_id);
  r = care_test_request (c->server, "POST", "/messages", c->admin, body);
  g_assert_cmpuint (r->status, ==, 201);
  return g_strdup (json_object_get_string_member (care_test_data_object (r), "id"));
}

static JsonObject *
server_message (Clinic     *c,
                const char *id)
{
  g_autofree char *path = g_strdup_printf ("/messages/%s", id);
  g_autoptr(CareTestResponse) r = care_test_request (c->server, "GET", path, c->admin, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return json_object_ref (care_test_data_object (r));
}

/* Reads the clinic's message, answers it, and writes a new one. */
/* N of the Messages section's title "Messages (N)", 0 without. */
static guint
unread_count (GtkStackPage *page)
{
  const char *title = gtk_stack_page_get_title (page);
  const char *open = strchr (title, '(');

  return open ? (guint) g_ascii_strtoull (open + 1, NULL, 10) : 0;
}

static void
messages (CareKioskWindow *window,
          Clinic          *c,
          const char      *patient_id,
          const char      *message_id)
{
  GtkWidget *root = GTK_WIDGET (window);
  GtkStack *sections = GTK_STACK (find (root, "kiosk-sections"));
  g_autoptr(JsonObject) read = NULL;
  g_autofree char *thread_path = g_strdup_printf ("/messages?thread_id=%s", message_id);
  g_autofree char *sent_path = g_strdup_printf ("/messages?sender_id=%s&per_page=100", patient_id);
  g_autoptr(JsonArray) answers = NULL;
  g_autoptr(JsonArray) before = server_list (c, sent_path);
  g_autoptr(JsonArray) after = NULL;
  g_autofree char *seen_path = g_strdup_printf ("/appointments?patient_id=%s&per_page=100", patient_id);
  g_autoptr(JsonArray) seen = server_list (c, seen_path);
  GtkStackPage *page;
  guint unread;

  show_section (window, "messages");
  page = gtk_stack_get_page (sections, gtk_stack_get_child_by_name (sections, "messages"));
  unread = unread_count (page);
  g_assert_cmpuint (unread, >=, 1);
  g_assert_true (gtk_stack_page_get_needs_attention (page));
  care_test_keep_screenshot (root, "kiosk-messages.png");

  /* The newest conversation first; opening it tells the clinic it was read. */
  care_test_click (find (root, "kiosk-thread-open"));
  g_assert_cmpstr (g_object_get_data (G_OBJECT (find (root, "kiosk-thread")), "thread"), ==, message_id);
  g_assert_true (care_test_wait_for (all_sent, window, TIMEOUT_MS));
  read = server_message (c, message_id);
  g_assert_false (json_object_get_null_member (read, "read_at"));
  type_text (find (root, "kiosk-message-body"), "I will. Can I drink water?");
  care_test_wait (50);
  care_test_keep_screenshot (root, "kiosk-thread.png");
  send_task (window);
  answers = server_list (c, thread_path);
  g_assert_cmpuint (json_array_get_length (answers), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (answers, 0), "sender_id"), ==, patient_id);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (answers, 0), "body"), ==,
                   "I will. Can I drink water?");
  /* One fewer unread. */
  page = gtk_stack_get_page (sections, gtk_stack_get_child_by_name (sections, "messages"));
  g_assert_cmpuint (unread_count (page), ==, unread - 1);

  /* An empty message stays, saying why; a written one goes to the doctor. */
  care_test_click (find (root, "kiosk-write"));
  care_test_type (find (root, "kiosk-message-subject"), "Appointment letter");
  care_test_click (find (root, "kiosk-task-send"));
  g_assert_true (gtk_widget_get_visible (find (root, "kiosk-task-error")));
  type_text (find (root, "kiosk-message-body"), "Please send me a letter for my employer.");
  send_task (window);
  after = server_list (c, sent_path);
  g_assert_cmpuint (json_array_get_length (after), ==, json_array_get_length (before) + 2);
  {
    gboolean found = FALSE;

    for (guint i = 0; i < json_array_get_length (after); i++)
      {
        JsonObject *m = json_array_get_object_element (after, i);

        if (g_strcmp0 (json_object_get_string_member (m, "subject"), "Appointment letter") != 0)
          continue;
        /* To a doctor the patient has seen. */
        for (guint j = 0; j < json_array_get_length (seen); j++)
          found |= g_strcmp0 (json_object_get_string_member (m, "recipient_id"),
                              json_object_get_string_member (json_array_get_object_element (seen, j), "provider_id")) == 0;
      }
    g_assert_true (found);
  }
}

/* Reception's invitation, as the patient's details ask for it: a code
 * valid a week; a patient the server does not have yet is refused,
 * saying why. */
static char *
invited (Clinic     *c,
         const char *patient_id,
         char      **expires)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *none = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stranger = care_uuid_v7 ();
  char *code = care_kiosk_sync_invite (c->url, c->admin, patient_id, expires, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (code);
  until = g_date_time_new_from_iso8601 (*expires, NULL);
  g_assert_nonnull (until);
  g_assert_cmpint (g_date_time_difference (until, now) / G_TIME_SPAN_HOUR, >=, 7 * 24 - 1);
  none = care_kiosk_sync_invite (c->url, c->admin, stranger, NULL, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "does not have this patient"));
  return code;
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A two-page letter, as the clinic would attach it. */
static char *
letter_pdf_base64 (void)
{
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_cb, pdf, 595, 842);
  cairo_t *cr = cairo_create (surface);

  for (guint i = 0; i < 2; i++)
    {
      cairo_move_to (cr, 72, 100);
      cairo_show_text (cr, "Your results are normal.");
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return g_base64_encode (pdf->data, pdf->len);
}

/* A message from the clinic with a letter attached. */
static char *
clinic_sends_letter (Clinic     *c,
                     const char *patient_id)
{
  g_autofree char *pdf = letter_pdf_base64 ();
  g_autofree char *body = g_strdup_printf ("{\"recipient_id\": \"%s\", \"patient_id\": \"%s\", \"subject\": \"Your letter\", "
                                           "\"body\": \"Here is the letter you asked for.\", "
                                           "\"attachment\": \"%s\", \"attachment_name\": \"letter.pdf\"}",
                                           patient_id, patient_id, pdf);
  g_autoptr(CareTestResponse) r = care_test_request (c->server, "POST", "/messages", c->admin, body);

  g_assert_cmpuint (r->status, ==, 201);
  return g_strdup (json_object_get_string_member (care_test_data_object (r), "id"));
}

typedef struct {
  CareKioskWindow *window;
  const char      *message_id;
  guint            unread;
} Arrival;

static guint
messages_unread (CareKioskWindow *window)
{
  GtkStack *sections = GTK_STACK (find (GTK_WIDGET (window), "kiosk-sections"));

  return unread_count (gtk_stack_get_page (sections, gtk_stack_get_child_by_name (sections, "messages")));
}

static gboolean
arrived (gpointer data)
{
  Arrival *a = data;
  CareStore *store = care_kiosk_window_get_store (a->window);
  g_autoptr(CareRecord) m = store ? care_store_get (store, care_schema_lookup ("message"), a->message_id, NULL) : NULL;

  return m != NULL && messages_unread (a->window) > a->unread;
}

/* The clinic writes while the patient is signed in: it shows without
 * signing in again once the refresh interval has gone by on core's clock. */
static void
arrives_live (CareKioskWindow *window,
              Clinic          *c,
              const char      *patient_id)
{
  g_autofree char *id = NULL;
  Arrival a = { window, NULL, 0 };

  show_section (window, "messages");
  a.unread = messages_unread (window);
  id = clinic_sends_letter (c, patient_id);
  a.message_id = id;
  g_assert_false (arrived (&a));
  care_clock_advance (CARE_KIOSK_REFRESH_SECONDS * G_TIME_SPAN_SECOND);
  g_assert_true (care_test_wait_for (arrived, &a, TIMEOUT_MS));
  care_test_keep_screenshot (GTK_WIDGET (window), "kiosk-live-message.png");
}

/* The letter opens inside the kiosk, drawn in memory: the store's folder
 * holds nothing but the store. */
static void
opens_letter (CareKioskWindow *window)
{
  GtkWidget *root = GTK_WIDGET (window);
  g_autofree char *dir = g_path_get_dirname (care_kiosk_window_get_store_path (window));
  g_autoptr(GDir) folder = NULL;
  GtkWidget *page;
  const char *name;

  show_section (window, "messages");
  care_test_click (find (root, "kiosk-thread-open"));
  care_test_click (find (root, "kiosk-attachment-open"));
  page = care_test_wait_for_widget ("kiosk-attachment-page", TIMEOUT_MS);
  g_assert_nonnull (page);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (gtk_picture_get_paintable (GTK_PICTURE (page))), ==, 900);
  g_assert_false (gtk_widget_get_visible (find (root, "kiosk-task-send")));
  care_test_wait (50);
  care_test_keep_screenshot (root, "kiosk-attachment.png");
  folder = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (folder)))
    g_assert_true (g_str_has_prefix (name, "patient.db"));
}

static void
test_kiosk_visit (void)
{
  g_autoptr(Clinic) c = clinic_new ();
  g_autofree char *rx_id = NULL;
  g_autofree char *patient_id = patient_with_prescription (c, &rx_id);
  g_autofree char *expires = NULL;
  g_autofree char *invite = invited (c, patient_id, &expires);
  CareKioskWindow *window = care_kiosk_window_new (care_test_get_application (), c->url);
  GtkWidget *root = GTK_WIDGET (window);
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *requests_path = g_strdup_printf ("/appointments?patient_id=%s&status=requested", patient_id);
  g_autofree char *refills_path = g_strdup_printf ("/refill_requests?prescription_id=%s&status=pending", rx_id);
  g_autoptr(JsonArray) before = server_list (c, requests_path);
  g_autoptr(JsonArray) refills_before = server_list (c, refills_path);
  g_autoptr(JsonArray) requests = NULL;
  g_autoptr(JsonArray) refills = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *message_id = clinic_writes (c, patient_id);

  /* Core's clock stands still: the refresh and idle times move only when told. */
  now = g_date_time_new_now_utc ();
  care_clock_freeze (g_date_time_to_unix (now) * G_USEC_PER_SEC);
  gtk_window_present (GTK_WINDOW (window));

  /* A wrong password says so and keeps nothing. */
  care_test_type (find (root, "kiosk-login"), "nobody@example.org");
  care_test_type (find (root, "kiosk-password"), "not-the-password");
  care_test_click (find (root, "kiosk-sign-in"));
  g_assert_true (care_test_wait_for ((CareTestCondition) gtk_widget_get_visible, find (root, "kiosk-signin-error"),
                                     TIMEOUT_MS));
  g_assert_null (care_kiosk_window_get_store (window));

  /* The first time, with the invitation. */
  sign_in (window, invite);
  path = g_strdup (care_kiosk_window_get_store_path (window));
  dir = g_path_get_dirname (path);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_str_has_prefix (path, g_get_user_data_dir ()));
  assert_only_own (care_kiosk_window_get_store (window), patient_id);
  g_assert_nonnull (find (root, "kiosk-refill"));
  care_test_keep_screenshot (root, "kiosk-home.png");

  /* An appointment request goes to the clinic at once. */
  care_test_click (find (root, "kiosk-request"));
  care_test_type (find (root, "kiosk-request-reason"), "Knee still hurts");
  send_task (window);
  requests = server_list (c, requests_path);
  g_assert_cmpuint (json_array_get_length (requests), ==, json_array_get_length (before) + 1);

  /* So does a refill. */
  show_section (window, "prescriptions");
  care_test_click (find (root, "kiosk-refill"));
  care_test_type (find (root, "kiosk-refill-reason"), "Running out on Friday");
  send_task (window);
  refills = server_list (c, refills_path);
  g_assert_cmpuint (json_array_get_length (refills), ==, json_array_get_length (refills_before) + 1);

  sign_consent (window, patient_id, c);
  messages (window, c, patient_id, message_id);
  arrives_live (window, c, patient_id);
  opens_letter (window);

  /* Signing out leaves nothing of the patient. */
  care_test_click (find (root, "kiosk-sign-out"));
  g_assert_true (care_test_wait_for (signed_out, window, TIMEOUT_MS));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_assert_null (care_kiosk_window_get_store_path (window));
  g_assert_null (care_test_find (root, "kiosk-refill"));
  g_assert_null (care_test_find (root, "kiosk-threads"));
  g_assert_null (care_test_find (root, "kiosk-thread"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (root, "kiosk-password"))), ==, "");

  /* Again, now with the account, and walked away from. */
  sign_in (window, NULL);
  g_clear_pointer (&path, g_free);
  path = g_strdup (care_kiosk_window_get_store_path (window));
  care_clock_advance ((CARE_KIOSK_IDLE_SECONDS - CARE_KIOSK_WARNING_SECONDS - 1) * G_TIME_SPAN_SECOND);
  care_kiosk_window_check_idle (window);
  g_assert_false (gtk_widget_get_visible (find (root, "kiosk-countdown")));
  care_clock_advance (2 * G_TIME_SPAN_SECOND);
  care_kiosk_window_check_idle (window);
  g_assert_true (gtk_widget_get_visible (find (root, "kiosk-countdown")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find (root, "kiosk-countdown"))), "19"));
  care_clock_advance (CARE_KIOSK_WARNING_SECONDS * G_TIME_SPAN_SECOND);
  care_kiosk_window_check_idle (window);
  g_assert_true (care_test_wait_for (signed_out, window, TIMEOUT_MS));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  care_clock_reset ();

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Reception invites a patient from their details: the dialog shows a
 * code the patient registers with, once. */
static void
test_invite_from_details (void)
{
  g_autoptr(Clinic) c = clinic_new ();
  g_autoptr(CareStore) store = care_test_store_new ();
  g_autoptr(GError) error = NULL;
  CareWindow *window = connect_and_sign_in (c, store, "admin");
  GtkWidget *page, *dialog;
  GtkSelectionModel *selection;
  g_autofree char *code = NULL;

  wait_for_indicator (window, "Up to date", TIMEOUT_MS);
  g_assert_true (care_window_show_page (window, "patients"));
  page = find (GTK_WIDGET (window), "page-patients");
  selection = gtk_list_view_get_model (GTK_LIST_VIEW (find (page, "patients-list")));
  gtk_selection_model_select_item (selection, 0, TRUE);
  care_test_wait (100);

  care_test_click (find (page, "patient-invite-button"));
  dialog = care_test_wait_alert ("kiosk-invite-dialog");
  g_assert_nonnull (dialog);
  code = g_strdup (gtk_label_get_text (GTK_LABEL (find (dialog, "kiosk-invite-code"))));
  g_assert_cmpuint (strlen (code), >, 8);
  g_assert_true (gtk_widget_is_sensitive (find (page, "patient-invite-button")));
  care_test_keep_screenshot (dialog, "kiosk-invite.png");

  g_assert_true (care_kiosk_sync_register (c->url, code, "invited.patient@example.org", PASSWORD, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (care_kiosk_sync_register (c->url, code, "again@example.org", PASSWORD, NULL, &error));
  g_assert_nonnull (error);

  care_test_alert_respond (dialog, "close");
  care_test_wait_alert_gone ("kiosk-invite-dialog");
  care_test_window_destroy (window);
}

int
main (int argc, char **argv)
{
  care_test_init (&argc, &argv);
  g_test_add_func ("/kiosk/visit", test_kiosk_visit);
  g_test_add_func ("/kiosk/invite-from-details", test_invite_from_details);
  return g_test_run ();
}

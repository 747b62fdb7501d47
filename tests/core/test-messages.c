/* test-messages.c: conversations, replies, unread counts and attachments on a real store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "care-test-core.h"
#include "care-messages.h"

static const guchar png_head[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 };

static char *
login_id (CareStore  *store,
          const char *login)
{
  g_autoptr(CareRecord) user = care_accounts_find_login (store, login);

  g_assert_nonnull (user);
  return g_strdup (care_record_get_id (user));
}

static void
test_conversation (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 5);
  g_autofree char *doctor = login_id (store, "doctor");
  g_autofree char *nurse = login_id (store, "nurse");
  g_autofree char *reception = login_id (store, "reception");
  g_autoptr(GBytes) png = g_bytes_new_static (png_head, sizeof png_head);
  g_autoptr(CareRecord) first = NULL;
  g_autoptr(CareRecord) reply = NULL;
  g_autoptr(CareRecord) intruder = NULL;
  g_autoptr(GPtrArray) threads = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  GBytes *kept;
  g_autoptr(GError) error = NULL;
  CareMessageThread *t;

  care_store_set_actor (store, doctor);
  first = care_messages_send (store, nurse, NULL, "Bed 4 dressing", "  Please change it before noon.  ",
                              "/home/doctor/wound.png", png, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (first, "sender_id"), ==, doctor);
  g_assert_cmpstr (care_record_get (first, "body"), ==, "Please change it before noon.");
  g_assert_cmpstr (care_record_get (first, "attachment_name"), ==, "wound.png");
  g_assert_cmpuint (care_messages_count_unread (store, nurse), ==, 1);
  g_assert_cmpuint (care_messages_count_unread (store, doctor), ==, 0);

  /* The nurse sees one conversation with the doctor, unread. */
  care_store_set_actor (store, nurse);
  threads = care_messages_threads (store, nurse, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (threads->len, ==, 1);
  t = threads->pdata[0];
  g_assert_cmpstr (t->thread_id, ==, care_record_get_id (first));
  g_assert_cmpstr (t->other_id, ==, doctor);
  g_assert_cmpstr (t->subject, ==, "Bed 4 dressing");
  g_assert_cmpuint (t->unread, ==, 1);

  /* Reading it clears the count; the reply goes back to the doctor. */
  g_assert_true (care_messages_mark_thread_read (store, t->thread_id, nurse, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (care_messages_count_unread (store, nurse), ==, 0);
  reply = care_messages_reply (store, t->thread_id, "Done at 11:30.", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (reply, "recipient_id"), ==, doctor);
  g_assert_cmpstr (care_record_get (reply, "thread_id"), ==, care_record_get_id (first));
  g_assert_cmpuint (care_messages_count_unread (store, doctor), ==, 1);

  messages = care_messages_thread (store, t->thread_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_cmpstr (care_record_get_id (messages->pdata[0]), ==, care_record_get_id (first));
  kept = care_record_get_blob (messages->pdata[0], "attachment");
  g_assert_true (g_bytes_equal (kept, png));

  /* Someone else cannot join the conversation. */
  care_store_set_actor (store, reception);
  intruder = care_messages_reply (store, t->thread_id, "Me too", NULL, NULL, &error);
  g_assert_null (intruder);
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "recipient_id");
  g_clear_error (&error);
  g_clear_pointer (&threads, g_ptr_array_unref);
  threads = care_messages_threads (store, reception, &error);
  g_assert_cmpuint (threads->len, ==, 0);

  g_clear_object (&store);
  care_test_rmdir (dir);
}

static void
test_attachment_limits (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 5);
  g_autofree char *nurse = login_id (store, "nurse");
  g_autofree guchar *big = g_malloc0 (CARE_MESSAGES_ATTACHMENT_MAX + 1);
  g_autoptr(GBytes) too_big = NULL;
  g_autoptr(GBytes) text = g_bytes_new_static ("hello", 5);
  g_autoptr(CareRecord) m = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = care_store_count (store, care_schema_lookup ("message"));

  memcpy (big, "%PDF-1.4", 8);
  too_big = g_bytes_new_take (g_steal_pointer (&big), CARE_MESSAGES_ATTACHMENT_MAX + 1);
  m = care_messages_send (store, nurse, NULL, NULL, "Scan", "scan.pdf", too_big, &error);
  g_assert_null (m);
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "attachment");
  g_clear_error (&error);
  m = care_messages_send (store, nurse, NULL, NULL, "Notes", "notes.txt", text, &error);
  g_assert_null (m);
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "attachment");
  g_clear_error (&error);
  m = care_messages_send (store, nurse, NULL, NULL, "   ", NULL, NULL, &error);
  g_assert_null (m);
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "body");
  g_clear_error (&error);
  g_assert_cmpint (care_store_count (store, care_schema_lookup ("message")), ==, before);

  g_clear_object (&store);
  care_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/messages/conversation", test_conversation);
  g_test_add_func ("/messages/attachment-limits", test_attachment_limits);
  return g_test_run ();
}

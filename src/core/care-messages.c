/* care-messages.c: conversations between staff and patients
 *
 * A conversation is its first message and every message whose thread_id
 * names it; it is between the first message's sender and recipient (a
 * patient and a staff member, or two staff members), who alone see it
 * (the schema's own_parties, applied by the server to lists, reads and
 * sync). Attachments are PDF, PNG or JPEG files of at most 5 MB.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-messages"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-attachments.h"
#include "care-messages.h"
#include "care-store-rules.h"
#include "care-uuid.h"

#define MESSAGE() care_schema_lookup ("message")

void
care_message_thread_free (CareMessageThread *thread)
{
  if (thread == NULL)
    return;
  g_free (thread->thread_id);
  g_free (thread->subject);
  g_free (thread->other_id);
  g_free (thread->patient_id);
  g_free (thread->last_at);
  g_free (thread->last_body);
  g_free (thread);
}

void
care_messages_mark_read (CareRecord *message)
{
  if (care_record_get (message, "read_at") == NULL)
    {
      g_autofree char *now = care_now_iso8601 ();
      care_record_set (message, "read_at", now);
    }
}

const char *
care_messages_thread_of (CareRecord *message)
{
  const char *thread = care_record_get (message, "thread_id");

  return thread ? thread : care_record_get_id (message);
}

static gboolean
refuse_attachment (const char *problem,
                   GError    **error)
{
  care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, MESSAGE (), "attachment", problem);
  return FALSE;
}

gboolean
care_messages_check_attachment_size (goffset  size,
                                     GError **error)
{
  if (size == 0)
    return refuse_attachment (_("The file is empty; choose the file to attach."), error);
  if (size > CARE_MESSAGES_ATTACHMENT_MAX)
    return refuse_attachment (_("The file is larger than 5 MB; attach a smaller file, or a PDF of fewer pages."), error);
  return TRUE;
}

gboolean
care_messages_check_attachment (GBytes  *contents,
                                GError **error)
{
  const char *problem = NULL;

  if (contents == NULL)
    return TRUE;
  if (!care_messages_check_attachment_size (g_bytes_get_size (contents), error))
    return FALSE;
  if (!g_strv_contains ((const char *const[]) { "pdf", "png", "jpeg", NULL },
                             care_attachment_kind (contents) ? care_attachment_kind (contents) : ""))
    problem = _("Attach a PDF, or a PNG or JPEG image.");
  return problem == NULL || refuse_attachment (problem, error);
}

/* --- the rules of every write ------------------------------------------- */

/* A staff member: their account, or, in a store that holds one patient's
 * records only (the kiosk's), the doctor of one of that patient's
 * appointments, whom the clinic's server knew when it booked them. */
static gboolean
is_staff (CareRuleContext *ctx,
          const char      *id)
{
  g_autoptr(CareRecord) user = ctx->get (ctx, care_schema_lookup ("user"), id);
  g_autoptr(GPtrArray) booked = NULL;

  if (user)
    return TRUE;
  booked = ctx->list (ctx, care_schema_lookup ("appointment"), "provider_id", id, NULL);
  return booked && booked->len > 0;
}

static gboolean
check_recipient (CareRuleContext *ctx,
                 CareRecord      *message,
                 const char      *to,
                 GError         **error)
{
  gboolean staff = is_staff (ctx, to);
  g_autoptr(CareRecord) patient = staff ? NULL : ctx->get (ctx, care_schema_lookup ("patient"), to);

  if (!staff && patient == NULL)
    care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, care_record_get_entity (message),
                               "recipient_id", _("No staff member or patient with this id exists in this clinic."));
  else if (ctx->patient_id && !staff)
    care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, care_record_get_entity (message),
                               "recipient_id", _("Patients can write to the clinic's staff only."));
  else
    return TRUE;
  return FALSE;
}

/* A reply goes from one of the conversation's two people to the other. */
static gboolean
check_thread (CareRuleContext *ctx,
              CareRecord      *message,
              GError         **error)
{
  const char *thread = care_record_get (message, "thread_id");
  const char *to = care_record_get (message, "recipient_id");
  const char *from = care_record_get (message, "sender_id");
  g_autoptr(CareRecord) first = NULL;
  const char *a, *b;

  if (thread == NULL || g_strcmp0 (thread, care_record_get_id (message)) == 0)
    return TRUE;
  first = ctx->get (ctx, MESSAGE (), thread);
  if (first == NULL || care_record_get (first, "thread_id") != NULL)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, care_record_get_entity (message),
                                 "thread_id", _("This conversation does not exist; start a new message instead."));
      return FALSE;
    }
  a = care_record_get (first, "sender_id");
  b = care_record_get (first, "recipient_id");
  if ((g_strcmp0 (to, a) == 0 && (from == NULL || g_strcmp0 (from, b) == 0)) ||
      (g_strcmp0 (to, b) == 0 && (from == NULL || g_strcmp0 (from, a) == 0)))
    return TRUE;
  care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, care_record_get_entity (message),
                             "recipient_id", _("A reply goes to the other person of the conversation only."));
  return FALSE;
}

static gboolean
prepare_message (CareRuleContext *ctx,
                 CareRecord      *before,
                 CareRecord      *message,
                 GError         **error)
{
  const char *to = care_record_get (message, "recipient_id");
  GBytes *attachment = care_record_get_blob (message, "attachment");
  const char *thread = care_record_get (message, "thread_id");
  /* A reply's recipient is checked as the other person of its
   * conversation (check_thread()), who was checked when it began. */
  gboolean reply = before == NULL && thread && g_strcmp0 (thread, care_record_get_id (message)) != 0;

  if (to != NULL && !reply && (before == NULL || g_strcmp0 (care_record_get (before, "recipient_id"), to) != 0) &&
      !check_recipient (ctx, message, to, error))
    return FALSE;
  if (before == NULL && !check_thread (ctx, message, error))
    return FALSE;
  return care_messages_check_attachment (attachment, error);
}

const CareEntityRules *
care_messages_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "message", prepare_message, NULL, NULL, NULL },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}

/* --- the app's store ------------------------------------------------------ */

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  /* Ids are UUIDv7: they sort by the time they were made, wherever that was. */
  return g_strcmp0 (care_record_get_id (*(CareRecord **) a), care_record_get_id (*(CareRecord **) b));
}

/* Every message me sent or received, oldest first. */
static GPtrArray *
mine (CareStore  *store,
      const char *me,
      GError    **error)
{
  g_autoptr(GPtrArray) sent = care_store_list (store, MESSAGE (), "sender_id", me, "id", 0, error);
  g_autoptr(GPtrArray) received = sent ? care_store_list (store, MESSAGE (), "recipient_id", me, "id", 0, error) : NULL;

  if (received == NULL)
    return NULL;
  for (guint i = 0; i < sent->len; i++)
    if (g_strcmp0 (care_record_get (sent->pdata[i], "recipient_id"), me) != 0)
      g_ptr_array_add (received, care_record_ref (sent->pdata[i]));
  g_ptr_array_sort (received, compare_ids);
  return g_steal_pointer (&received);
}

static gboolean
is_unread_for (CareRecord *message,
               const char *me)
{
  return g_strcmp0 (care_record_get (message, "recipient_id"), me) == 0 &&
         care_record_get (message, "read_at") == NULL;
}

static int
compare_threads (gconstpointer a,
                 gconstpointer b)
{
  const CareMessageThread *x = *(CareMessageThread **) a, *y = *(CareMessageThread **) b;

  return -g_strcmp0 (x->last_at, y->last_at);
}

GPtrArray *
care_messages_threads (CareStore  *store,
                       const char *me,
                       GError    **error)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *threads;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (me != NULL, NULL);

  all = mine (store, me, error);
  if (all == NULL)
    return NULL;
  threads = g_ptr_array_new_with_free_func ((GDestroyNotify) care_message_thread_free);
  for (guint i = 0; i < all->len; i++)
    {
      CareRecord *m = all->pdata[i];
      CareMessageThread *t = g_hash_table_lookup (by_id, care_messages_thread_of (m));
      gboolean from_me = g_strcmp0 (care_record_get (m, "sender_id"), me) == 0;

      if (t == NULL)
        {
          /* The first message seen (oldest first) names the conversation;
           * one whose first message is not here yet is named by the reply. */
          t = g_new0 (CareMessageThread, 1);
          t->thread_id = g_strdup (care_messages_thread_of (m));
          t->subject = g_strdup (care_record_get (m, "subject"));
          t->other_id = g_strdup (care_record_get (m, from_me ? "recipient_id" : "sender_id"));
          g_hash_table_insert (by_id, t->thread_id, t);
          g_ptr_array_add (threads, t);
        }
      if (t->patient_id == NULL)
        t->patient_id = g_strdup (care_record_get (m, "patient_id"));
      g_free (t->last_at);
      t->last_at = g_strdup (care_record_get (m, CARE_COLUMN_CREATED_AT));
      g_free (t->last_body);
      t->last_body = g_strdup (care_record_get (m, "body"));
      t->n_messages++;
      t->unread += is_unread_for (m, me);
    }
  g_ptr_array_sort (threads, compare_threads);
  return threads;
}

GPtrArray *
care_messages_thread (CareStore  *store,
                      const char *thread_id,
                      GError    **error)
{
  g_autoptr(CareRecord) first = NULL;
  GPtrArray *messages;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (thread_id != NULL, NULL);

  messages = care_store_list (store, MESSAGE (), "thread_id", thread_id, "id", 0, error);
  if (messages == NULL)
    return NULL;
  first = care_store_get (store, MESSAGE (), thread_id, NULL);
  if (first)
    g_ptr_array_insert (messages, 0, g_steal_pointer (&first));
  return messages;
}

guint
care_messages_count_unread (CareStore  *store,
                            const char *me)
{
  g_autoptr(GPtrArray) received = NULL;
  guint n = 0;

  g_return_val_if_fail (CARE_IS_STORE (store), 0);

  if (me == NULL)
    return 0;
  received = care_store_list (store, MESSAGE (), "recipient_id", me, NULL, 0, NULL);
  for (guint i = 0; received && i < received->len; i++)
    n += is_unread_for (received->pdata[i], me);
  return n;
}

gboolean
care_messages_mark_thread_read (CareStore  *store,
                                const char *thread_id,
                                const char *me,
                                GError    **error)
{
  g_autoptr(GPtrArray) messages = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);

  messages = care_messages_thread (store, thread_id, error);
  if (messages == NULL || !care_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < messages->len; i++)
    {
      CareRecord *m = messages->pdata[i];

      if (!is_unread_for (m, me))
        continue;
      care_messages_mark_read (m);
      if (!care_store_update (store, m, error))
        {
          care_store_rollback (store);
          return FALSE;
        }
    }
  return care_store_commit (store, error);
}

/* One message from the store's actor; the rules check the rest. */
static CareRecord *
write_message (CareStore   *store,
               const char  *recipient_id,
               const char  *patient_id,
               const char  *thread_id,
               const char  *subject,
               const char  *body,
               const char  *attachment_name,
               GBytes      *attachment,
               GError     **error)
{
  g_autoptr(CareRecord) m = care_record_new (MESSAGE ());
  CareRuleContext ctx;
  g_autofree char *name = NULL;
  g_autofree char *text = g_strstrip (g_strdup (body ? body : ""));

  if (!care_messages_check_attachment (attachment, error))
    return NULL;
  if (*text == '\0' && attachment == NULL)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, MESSAGE (), "body",
                                 _("Write a message, or attach a file."));
      return NULL;
    }
  care_record_set (m, "recipient_id", recipient_id);
  care_record_set (m, "patient_id", patient_id);
  care_record_set (m, "thread_id", thread_id);
  care_record_set (m, "subject", subject && *subject ? subject : NULL);
  /* The body is required: a file alone goes with its name. */
  name = attachment ? care_attachment_clip_name (attachment_name, 200, _("Attachment")) : NULL;
  care_record_set (m, "body", *text ? text : name);
  if (attachment)
    {
      care_record_set_blob (m, "attachment", attachment);
      care_record_set (m, "attachment_name", name);
    }
  /* Who is told of it (care-notifications.c) is the server's to write
   * when the message reaches it. */
  care_store_rule_context_init (&ctx, store);
  if (!care_rules_prepare (&ctx, NULL, m, error) || !care_store_insert (store, m, error))
    return NULL;
  return g_steal_pointer (&m);
}

CareRecord *
care_messages_send (CareStore   *store,
                    const char  *recipient_id,
                    const char  *patient_id,
                    const char  *subject,
                    const char  *body,
                    const char  *attachment_name,
                    GBytes      *attachment,
                    GError     **error)
{
  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (recipient_id == NULL)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, MESSAGE (), "recipient_id",
                                 _("Choose who the message is for."));
      return NULL;
    }
  return write_message (store, recipient_id, patient_id, NULL, subject, body, attachment_name, attachment, error);
}

CareRecord *
care_messages_reply (CareStore   *store,
                     const char  *thread_id,
                     const char  *body,
                     const char  *attachment_name,
                     GBytes      *attachment,
                     GError     **error)
{
  const char *me = care_store_get_actor (store);
  g_autoptr(GPtrArray) messages = NULL;
  CareRecord *first;
  gboolean from_me;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (thread_id != NULL, NULL);

  messages = care_messages_thread (store, thread_id, error);
  if (messages == NULL)
    return NULL;
  if (messages->len == 0)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, MESSAGE (), "thread_id",
                                 _("This conversation does not exist; start a new message instead."));
      return NULL;
    }
  first = messages->pdata[0];
  from_me = g_strcmp0 (care_record_get (first, "sender_id"), me) == 0;
  return write_message (store, care_record_get (first, from_me ? "recipient_id" : "sender_id"),
                        care_record_get (first, "patient_id"), thread_id, care_record_get (first, "subject"),
                        body, attachment_name, attachment, error);
}

char *
care_messages_party_name (CareStore  *store,
                          const char *id)
{
  g_autoptr(CareRecord) user = NULL;
  g_autoptr(CareRecord) patient = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (id == NULL)
    return NULL;
  user = care_store_get (store, care_schema_lookup ("user"), id, NULL);
  if (user)
    return care_record_dup_title (user);
  patient = care_store_get (store, care_schema_lookup ("patient"), id, NULL);
  return patient ? care_record_dup_title (patient) : NULL;
}

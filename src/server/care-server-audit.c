/* care-server-audit.c: who read or changed which patient data, hash-chained
 *
 * Each entry's hash covers the previous entry's hash and its own content
 * (care_server_audit_hash), so altering, removing or inserting an entry
 * breaks the chain; `caredesk-server verify-audit` walks it.
 *
 * Denied (401, 403) and refused (422) requests are kept too, as "denied"
 * and "refused" entries of the signed-in account; a request without an
 * account (a bad token, a failed sign-in) has no clinic whose chain could
 * hold it and goes to the server's log (the journal) instead.
 *
 * Writes are chained in the same transaction as the change they record.
 * Reads are collected and chained in one transaction at most audit-flush-ms
 * later (default 100 ms), and always before the process exits: a busy
 * clinic reads far more than it writes, and one transaction per read would
 * make the audit log the bottleneck of the whole server.
 *
 * Once the entries have committed, the new head is also appended to the
 * anchor outside the database (care-server-anchor.c), from an idle callback:
 * a write's entries are chained inside the write's own transaction, and only
 * a committed head may be anchored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server-audit"

#include "config.h"

#include "care-server-anchor.h"
#include "care-server-private.h"

#define MAX_PENDING 128

gboolean
care_entity_is_patient_data (const CareEntity *entity)
{
  static const char *const children[] = {
    "patient", "lab_result", "prescription_item", "invoice_item", "payment", NULL };

  return g_strv_contains (children, entity->name) || care_entity_field (entity, "patient_id") != NULL;
}

/* Appends the committed head if it moved; a failure is loud but never
 * stops the clinic (the chain itself is intact, only less well anchored). */
void
care_server_audit_anchor (CareServer *server)
{
  CareServerStorage *st = server->storage;
  g_autofree char *head = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&server->anchor_id, g_source_remove);
  if (server->anchor_path == NULL)
    return;
  head = st->v->get_meta (st, "audit_head");
  if (head == NULL || g_strcmp0 (head, server->anchored_head) == 0)
    return;
  if (!care_server_anchor_append (server->anchor_path, head, &error))
    {
      g_critical ("The audit chain's head could not be anchored outside the database: %s", error->message);
      return;
    }
  g_free (server->anchored_head);
  server->anchored_head = g_steal_pointer (&head);
}

static gboolean
anchor_idle (gpointer data)
{
  CareServer *server = data;

  server->anchor_id = 0;
  care_server_audit_anchor (server);
  return G_SOURCE_REMOVE;
}

gboolean
care_server_audit_flush (CareServer *server,
                         GError    **error)
{
  CareServerStorage *st = server->storage;
  g_autoptr(GPtrArray) pending = NULL;

  if (server->audit_pending->len == 0)
    return TRUE;
  pending = g_steal_pointer (&server->audit_pending);
  server->audit_pending = g_ptr_array_new_with_free_func ((GDestroyNotify) care_server_audit_entry_free);
  if (!st->v->audit_append (st, (CareServerAuditEntry *const *) pending->pdata, pending->len, error))
    {
      /* Keep them for the next attempt rather than lose them. */
      for (guint i = 0; i < pending->len; i++)
        g_ptr_array_add (server->audit_pending, g_ptr_array_steal_index (pending, i--));
      return FALSE;
    }
  if (server->anchor_path && server->anchor_id == 0)
    server->anchor_id = g_idle_add (anchor_idle, server);
  return TRUE;
}

static gboolean
flush_timeout (gpointer data)
{
  CareServer *server = data;
  g_autoptr(GError) error = NULL;

  server->audit_flush_id = 0;
  if (!care_server_audit_flush (server, &error))
    {
      g_warning ("Audit entries could not be written yet: %s", error->message);
      server->audit_flush_id = g_timeout_add (server->config->audit_flush_ms, flush_timeout, server);
    }
  return G_SOURCE_REMOVE;
}

static void
audit_entry (CareRequest *req,
             const char  *action,
             const char  *entity,
             const char  *record_id,
             const char  *patient_id,
             gboolean     write)
{
  CareServer *server = req->server;
  CareServerAuditEntry *e;

  e = g_new0 (CareServerAuditEntry, 1);

  e->tenant_id = g_strdup (req->claims.tenant_id);
  e->actor_id = g_strdup (req->claims.user_id);
  e->actor_role = g_strdup (req->claims.role);
  e->action = g_strdup (action);
  e->entity = g_strdup (entity);
  e->record_id = g_strdup (record_id);
  e->patient_id = g_strdup (patient_id);
  e->hash_version = CARE_SERVER_AUDIT_HASH_VERSION;
  e->workstation = g_strdup (req->workstation);
  e->at = care_now_iso8601 ();
  g_ptr_array_add (server->audit_pending, e);

  if (write || server->audit_pending->len >= MAX_PENDING || server->config->audit_flush_ms == 0)
    {
      g_autoptr(GError) error = NULL;

      if (!care_server_audit_flush (server, &error))
        g_warning ("Audit entries could not be written yet: %s", error->message);
    }
  else if (server->audit_flush_id == 0)
    server->audit_flush_id = g_timeout_add (server->config->audit_flush_ms, flush_timeout, server);
}

void
care_server_audit (CareRequest *req,
                   const char  *action,
                   const char  *entity,
                   const char  *record_id)
{
  audit_entry (req, action, entity, record_id, care_audit_patient_of (entity, record_id), !g_str_equal (action, "read"));
}

void
care_server_audit_record (CareRequest *req,
                          const char  *action,
                          CareRecord  *record)
{
  const CareEntity *entity = care_record_get_entity (record);
  const CareField *parent_field = care_entity_patient_parent (entity);
  const char *patient_id = care_audit_patient_id (record);
  g_autoptr(CareRecord) parent = NULL;

  /* A lab result, an invoice line, a payment: the patient is their
   * parent's (one step, as care_patient_may_see looks). */
  if (patient_id == NULL && parent_field && care_record_get (record, parent_field->name))
    {
      CareServerStorage *st = req->server->storage;

      parent = st->v->get (st, req->claims.tenant_id, care_schema_lookup (parent_field->ref),
                           care_record_get (record, parent_field->name), NULL);
      if (parent)
        patient_id = care_audit_patient_id (parent);
    }
  audit_entry (req, action, entity->name, care_record_get_id (record), patient_id,
               !g_str_equal (action, "read"));
}

void
care_server_audit_list (CareRequest      *req,
                        const CareEntity *entity)
{
  const CareField *field = care_entity_patient_ref (entity);
  const char *patient_id = field ? care_request_query (req, field->name) : NULL;

  /* A list filtered by one patient (a chart's tab) concerns that patient. */
  if (patient_id && !care_uuid_is_valid (patient_id))
    patient_id = NULL;
  audit_entry (req, "read", entity->name, NULL, patient_id, FALSE);
}

/* Chained with the next flush of reads, never inside the request's own
 * transaction. */
static void
queue_entry (CareRequest *req,
             const char  *action,
             const char  *entity,
             const char  *record_id)
{
  audit_entry (req, action, entity, record_id, care_audit_patient_of (entity, record_id), FALSE);
}

void
care_server_audit_refusal (CareRequest *req,
                           guint        status,
                           const char  *message)
{
  const char *action = status == 422 ? "refused" : "denied";
  const char *record_id = NULL;
  g_autofree char *entity = NULL;

  if (status != 401 && status != 403 && status != 422)
    return;

  if (req->route != NULL && req->route->entity != NULL)
    entity = g_strdup (req->route->entity->name);
  else
    {
      /* "/auth/login" -> "auth": what was asked for, as far as it is known. */
      const char *path = req->path ? req->path : "";
      const char *end;

      path += strspn (path, "/");
      end = path + strcspn (path, "/?");
      entity = end > path ? g_strndup (path, MIN (end - path, 40)) : g_strdup ("api");
    }
  if (req->n_params > 0 && req->params[0] != NULL && strlen (req->params[0]) <= 36)
    record_id = req->params[0];

  if (req->authenticated && req->claims.tenant_id != NULL)
    {
      /* Kept with the reads, flushed in a transaction of their own: the
       * request's may be rolled back. */
      queue_entry (req, action, entity, record_id);
      return;
    }
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                    "CAREDESK_ACTION", action,
                    "CAREDESK_REMOTE", soup_server_message_get_remote_host (req->msg),
                    "MESSAGE", "%s %s %s from %s: %u %s", action, req->method, req->path,
                    soup_server_message_get_remote_host (req->msg), status, message);
}

/* care-kiosk-sync.c: the patient kiosk's exchange with caredesk-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-kiosk"

#include "config.h"

#include <sodium.h>
#include <glib/gi18n-lib.h>

#include "care-kiosk-sync.h"
#include "care-sync-client.h"
#include "care-store-sync.h"

#define PER_PAGE 100

/* An answer's "data" array, or NULL with an error. */
static JsonArray *
data_array (CareSyncResponse *response,
            GError          **error)
{
  JsonNode *data;

  if (response->status != SOUP_STATUS_OK)
    {
      care_sync_set_status_error (error, response);
      return NULL;
    }
  care_sync_response_data (response);   /* parses the body */
  if (response->root == NULL || !JSON_NODE_HOLDS_OBJECT (response->root) ||
      (data = json_object_get_member (json_node_get_object (response->root), "data")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (data))
    {
      g_set_error_literal (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_SERVER,
                           _("The clinic server’s answer is not one this kiosk understands."));
      return NULL;
    }
  return json_array_ref (json_node_get_array (data));
}

static JsonArray *
get_all (CareHttpSession *soup,
         const char      *base_url,
         const char      *path,
         const char      *token,
         GCancellable    *cancellable,
         GError         **error)
{
  JsonArray *all = json_array_new ();

  for (guint page = 1;; page++)
    {
      g_autofree char *query = g_strdup_printf ("%s%cpage=%u&per_page=%u", path, strchr (path, '?') ? '&' : '?',
                                                page, PER_PAGE);
      g_autofree char *url = care_sync_api_url (base_url, query);
      g_autoptr(CareSyncResponse) response = care_sync_request (soup, "GET", url, token, NULL, cancellable, error);
      g_autoptr(JsonArray) rows = response ? data_array (response, error) : NULL;
      guint n;

      if (rows == NULL)
        {
          json_array_unref (all);
          return NULL;
        }
      n = json_array_get_length (rows);
      for (guint i = 0; i < n; i++)
        json_array_add_element (all, json_node_copy (json_array_get_element (rows, i)));
      if (n < PER_PAGE)
        return all;
    }
}

gboolean
care_kiosk_sync_register (const char   *base_url,
                          const char   *invite,
                          const char   *login,
                          const char   *password,
                          GCancellable *cancellable,
                          GError      **error)
{
  g_autoptr(CareHttpSession) soup = care_sync_session_new (CARE_SYNC_DEFAULT_TIMEOUT);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(CareSyncResponse) response = NULL;
  g_autofree char *url = care_sync_api_url (base_url, "/auth/register-patient");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, invite ? invite : "");
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login ? login : "");
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password ? password : "");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = care_sync_json_bytes (root);
  response = care_sync_request (soup, "POST", url, NULL, body, cancellable, error);
  sodium_memzero ((gpointer) g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  if (response == NULL)
    return FALSE;
  if (response->status == SOUP_STATUS_CREATED || response->status == SOUP_STATUS_OK)
    return TRUE;
  if (response->status == SOUP_STATUS_UNPROCESSABLE_ENTITY || response->status == SOUP_STATUS_CONFLICT)
    {
      g_set_error_literal (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_AUTH,
                           response->status == SOUP_STATUS_CONFLICT
                           ? _("Another portal account already uses this login; choose another.")
                           : care_sync_response_message (response) && strstr (care_sync_response_message (response), "invitation")
                           ? _("This invitation code is not valid: it was already used or has expired. Ask the reception desk for a new one.")
                           : _("Choose a password of at least 10 characters that is not easy to guess."));
      return FALSE;
    }
  care_sync_set_status_error (error, response);
  return FALSE;
}

char *
care_kiosk_sync_invite (const char   *base_url,
                        const char   *access_token,
                        const char   *patient_id,
                        char        **expires_at,
                        GCancellable *cancellable,
                        GError      **error)
{
  g_autoptr(CareHttpSession) soup = care_sync_session_new (CARE_SYNC_DEFAULT_TIMEOUT);
  g_autofree char *path = g_strdup_printf ("/patients/%s/invite", patient_id);
  g_autofree char *url = care_sync_api_url (base_url, path);
  g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);
  g_autoptr(CareSyncResponse) response = care_sync_request (soup, "POST", url, access_token, body, cancellable, error);
  JsonObject *o;

  if (response == NULL)
    return NULL;
  if (response->status == SOUP_STATUS_NOT_FOUND)
    {
      g_set_error_literal (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_SERVER,
                           _("The clinic server does not have this patient yet. Wait until the workstation has "
                             "synced, then invite them again."));
      return NULL;
    }
  if (response->status != SOUP_STATUS_CREATED)
    {
      care_sync_set_status_error (error, response);
      return NULL;
    }
  o = care_sync_response_data (response);
  if (o == NULL || !json_object_has_member (o, "invite_token"))
    {
      g_set_error_literal (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_SERVER,
                           _("The clinic server’s answer is not one this kiosk understands."));
      return NULL;
    }
  if (expires_at)
    *expires_at = g_strdup (json_object_get_string_member_with_default (o, "expires_at", NULL));
  return g_strdup (json_object_get_string_member (o, "invite_token"));
}

/* Each of entities' portal list into fetched, by entity name. */
static gboolean
fetch_entities (const char        *base_url,
                const char        *access_token,
                const char *const *entities,
                JsonObject        *fetched,
                GCancellable      *cancellable,
                GError           **error)
{
  g_autoptr(CareHttpSession) soup = care_sync_session_new (CARE_SYNC_DEFAULT_TIMEOUT);

  for (guint i = 0; entities[i]; i++)
    {
      const CareEntity *entity = care_schema_lookup (entities[i]);
      g_autofree char *path = g_strconcat ("/", entity->table, NULL);
      JsonArray *rows = get_all (soup, base_url, path, access_token, cancellable, error);

      if (rows == NULL)
        return FALSE;
      json_object_set_array_member (fetched, entities[i], rows);
    }
  return TRUE;
}

JsonObject *
care_kiosk_sync_fetch (const char   *base_url,
                       const char   *access_token,
                       GCancellable *cancellable,
                       GError      **error)
{
  g_autoptr(JsonObject) fetched = json_object_new ();
  JsonArray *templates;

  if (!fetch_entities (base_url, access_token, care_kiosk_entities (), fetched, cancellable, error))
    return NULL;
  templates = care_kiosk_sync_templates (base_url, access_token, cancellable, error);
  if (templates == NULL)
    return NULL;
  json_object_set_array_member (fetched, "form_template", templates);
  return g_steal_pointer (&fetched);
}

JsonObject *
care_kiosk_sync_fetch_news (const char   *base_url,
                            const char   *access_token,
                            GCancellable *cancellable,
                            GError      **error)
{
  static const char *const news[] = { "message", "notification", NULL };
  g_autoptr(JsonObject) fetched = json_object_new ();

  if (!fetch_entities (base_url, access_token, news, fetched, cancellable, error))
    return NULL;
  return g_steal_pointer (&fetched);
}

gboolean
care_kiosk_sync_apply (CareStore  *store,
                       const char *tenant_id,
                       JsonObject *fetched,
                       GHashTable *changed,
                       GError    **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) entities = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);

  g_strv_builder_addv (builder, (const char **) care_kiosk_entities ());
  g_strv_builder_add (builder, "form_template");
  entities = g_strv_builder_end (builder);
  if (!care_store_begin (store, error))
    return FALSE;
  if (g_strcmp0 (care_store_get_tenant_id (store), tenant_id) != 0 &&
      !care_store_sync_join_clinic (store, tenant_id, error))
    goto failed;
  for (guint i = 0; entities[i]; i++)
    {
      const CareEntity *entity = care_schema_lookup (entities[i]);
      JsonArray *rows = json_object_has_member (fetched, entities[i]) ? json_object_get_array_member (fetched, entities[i]) : NULL;
      guint n = rows ? json_array_get_length (rows) : 0;

      for (guint j = 0; j < n; j++)
        {
          JsonNode *row = json_array_get_element (rows, j);

          if (JSON_NODE_HOLDS_OBJECT (row) &&
              !care_store_sync_upsert (store, entity, json_node_get_object (row), changed, error))
            goto failed;
        }
    }
  return care_store_commit (store, error);

failed:
  care_store_rollback (store);
  return FALSE;
}

void
care_kiosk_request_free (CareKioskRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->mutation_id);
  g_free (request->method);
  g_free (request->path);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

/* A new record as the portal's POST takes it: its id and its own fields
 * (the server stamps the rest, and who wrote it). */
static GBytes *
insert_body (CareRecord *record)
{
  const CareEntity *entity = care_record_get_entity (record);
  g_autoptr(JsonObject) object = care_record_to_json (record);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  static const char *const stamped[] = { CARE_COLUMN_TENANT, CARE_COLUMN_CREATED_AT, CARE_COLUMN_CREATED_BY,
                                         CARE_COLUMN_UPDATED_AT, CARE_COLUMN_UPDATED_BY, NULL };

  for (guint i = 0; stamped[i]; i++)
    json_object_remove_member (object, stamped[i]);
  for (guint i = 0; i < entity->n_fields; i++)
    if ((entity->fields[i].flags & (CARE_FIELD_SIGNED | CARE_FIELD_ACTOR | CARE_FIELD_SYSTEM)) ||
        care_record_get_nth (record, i) == NULL)
      json_object_remove_member (object, entity->fields[i].name);
  json_node_set_object (node, object);
  return care_sync_json_bytes (node);
}

static CareKioskRequest *
request_for (CareStore       *store,
             CareOutboxEntry *entry,
             GError         **error)
{
  g_autoptr(CareRecord) record = NULL;
  CareKioskRequest *request;

  if (entry->entity == NULL || g_str_equal (entry->op, "delete"))
    return NULL;
  record = care_store_get (store, entry->entity, entry->record_id, error);
  if (record == NULL)
    return NULL;
  request = g_new0 (CareKioskRequest, 1);
  request->mutation_id = g_strdup (entry->mutation_id);
  request->method = g_strdup ("POST");
  if (g_str_equal (entry->op, "insert"))
    {
      request->path = g_strconcat ("/", entry->entity->table, NULL);
      request->body = insert_body (record);
    }
  else if (care_kiosk_change_action (entry->entity))
    {
      /* A patient's change goes by the route that checks they may. */
      request->path = g_strdup_printf ("/%s/%s/%s", entry->entity->table, entry->record_id,
                                       care_kiosk_change_action (entry->entity));
      request->body = g_bytes_new_static ("{}", 2);
    }
  else
    {
      g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_STORE, "A patient cannot change a %s.", entry->entity->name);
      care_kiosk_request_free (request);
      return NULL;
    }
  return request;
}

GPtrArray *
care_kiosk_sync_outbox (CareStore  *store,
                        GError    **error)
{
  g_autoptr(GPtrArray) entries = care_store_outbox_list_pending (store, 0, error);
  g_autoptr(GPtrArray) requests = NULL;

  if (entries == NULL)
    return NULL;
  requests = g_ptr_array_new_with_free_func ((GDestroyNotify) care_kiosk_request_free);
  for (guint i = 0; i < entries->len; i++)
    {
      GError *local = NULL;
      CareKioskRequest *request = request_for (store, entries->pdata[i], &local);

      if (local)
        {
          g_propagate_error (error, local);
          return NULL;
        }
      if (request)
        g_ptr_array_add (requests, request);
    }
  return g_steal_pointer (&requests);
}

gboolean
care_kiosk_sync_send (const char   *base_url,
                      const char   *access_token,
                      GPtrArray    *requests,
                      GPtrArray   **sent,
                      GCancellable *cancellable,
                      GError      **error)
{
  g_autoptr(CareHttpSession) soup = care_sync_session_new (CARE_SYNC_DEFAULT_TIMEOUT);

  *sent = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < requests->len; i++)
    {
      CareKioskRequest *request = requests->pdata[i];
      g_autofree char *url = care_sync_api_url (base_url, request->path);
      g_autoptr(CareSyncResponse) response = care_sync_request (soup, request->method, url, access_token, request->body,
                                                                cancellable, error);

      if (response == NULL)
        return FALSE;
      if (!SOUP_STATUS_IS_SUCCESSFUL (response->status))
        {
          if (care_sync_response_message (response) && response->status != SOUP_STATUS_UNAUTHORIZED)
            g_set_error_literal (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_SERVER, care_sync_response_message (response));
          else
            care_sync_set_status_error (error, response);
          return FALSE;
        }
      g_ptr_array_add (*sent, g_strdup (request->mutation_id));
    }
  return TRUE;
}

JsonArray *
care_kiosk_sync_templates (const char   *base_url,
                           const char   *access_token,
                           GCancellable *cancellable,
                           GError      **error)
{
  g_autoptr(CareHttpSession) soup = care_sync_session_new (CARE_SYNC_DEFAULT_TIMEOUT);
  g_autofree char *url = care_sync_api_url (base_url, "/portal/form-templates");
  g_autoptr(CareSyncResponse) response = care_sync_request (soup, "GET", url, access_token, NULL, cancellable, error);

  return response ? data_array (response, error) : NULL;
}

gboolean
care_kiosk_sync_outbox_done (CareStore  *store,
                             GPtrArray  *sent,
                             GError    **error)
{
  for (guint i = 0; sent && i < sent->len; i++)
    if (!care_store_outbox_remove (store, sent->pdata[i], error))
      return FALSE;
  return TRUE;
}

/* care-server-resources.c: list/get/create/update/delete for every entity
 *
 * One generic handler serves every entity of care_schema_entities(): the
 * fields, their types and flags, the permissions and the append-only rule
 * all come from the schema. Core's rules of each entity (CareEntityRules:
 * billing, appointments) run over a context on the server's storage in
 * care_server_save_record() and care_server_delete_record(), the one path
 * of REST writes, actions and the sync push; whose rows are whose is the
 * schema's (patient_fields, owner_fields). The server adds access,
 * tenancy and audit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server-resources"

#include "config.h"

#include <math.h>
#include <string.h>

#include "care-server-private.h"

#define DEFAULT_PER_PAGE 25
#define MAX_PER_PAGE     100

/* --- who sees what ------------------------------------------------------ *
 *
 * Whose rows are whose is the schema's (CareEntity.patient_fields and
 * owner_fields); the server only applies it to the signed-in caller. */

static gboolean
names_me (CareRecord        *record,
          const char *const *fields,
          const char        *me)
{
  for (guint i = 0; fields && fields[i]; i++)
    if (g_strcmp0 (care_record_get (record, fields[i]), me) == 0)
      return TRUE;
  return FALSE;
}

const char *
care_server_staff_owner (CareRequest      *req,
                         const CareEntity *entity,
                         const char      **field2)
{
  const char *const *own = g_strcmp0 (req->claims.role, CARE_ROLE_ADMIN) == 0 ? NULL : entity->owner_fields;

  *field2 = own ? own[1] : NULL;
  return own ? own[0] : NULL;
}

gboolean
care_patient_may_see (CareRequest *req,
                      CareRecord  *record)
{
  const CareEntity *entity = care_record_get_entity (record);
  const CareField *parent_field = care_entity_patient_parent (entity);
  CareServerStorage *st = req->server->storage;

  if (parent_field)
    {
      g_autoptr(CareRecord) parent = st->v->get (st, req->claims.tenant_id, care_schema_lookup (parent_field->ref),
                                                 care_record_get (record, parent_field->name), NULL);
      return parent && care_patient_may_see (req, parent);
    }
  return names_me (record, entity->patient_fields, req->claims.user_id);
}

static gboolean
staff_may_see (CareRequest *req,
               CareRecord  *record)
{
  const CareEntity *entity = care_record_get_entity (record);

  return g_strcmp0 (req->claims.role, CARE_ROLE_ADMIN) == 0 || entity->owner_fields == NULL ||
         names_me (record, entity->owner_fields, req->claims.user_id);
}

CareRecord *
care_server_find_record (CareRequest      *req,
                         const CareEntity *entity,
                         const char       *id)
{
  CareServerStorage *st = req->server->storage;
  g_autoptr(CareRecord) record = NULL;

  if (id == NULL || !care_uuid_is_valid (id))
    return NULL;
  record = st->v->get (st, req->claims.tenant_id, entity, id, NULL);
  if (record == NULL ||
      (req->claims.is_patient ? !care_patient_may_see (req, record) : !staff_may_see (req, record)))
    return NULL;
  return g_steal_pointer (&record);
}

CareRecord *
care_request_get_record (CareRequest      *req,
                         const CareEntity *entity,
                         const char       *id)
{
  CareRecord *record = care_server_find_record (req, entity, id);

  if (record == NULL)
    care_request_error (req, 404, "This record does not exist.");
  return record;
}

/* --- reading JSON into a record ----------------------------------------- */

static gboolean
is_bidi_control (gunichar c)
{
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F;
}

/* Canonical text for a JSON value of the field's type, or a message. */
char *
care_server_json_to_text (const CareField *field,
                          JsonNode        *node,
                          char           **problem)
{
  GType type;

  *problem = NULL;
  if (field->type == CARE_FIELD_LIST)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          *problem = g_strdup ("Expected an array of strings.");
          return NULL;
        }
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          const char *s;

          if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
            {
              *problem = g_strdup ("Expected an array of strings.");
              return NULL;
            }
          s = json_node_get_string (item);
          for (const char *p = s; *p; p = g_utf8_next_char (p))
            {
              gunichar c = g_utf8_get_char (p);
              if (g_unichar_iscntrl (c) || is_bidi_control (c))
                {
                  *problem = g_strdup ("An item contains control or direction-override characters.");
                  return NULL;
                }
            }
        }
      if (json_array_get_length (array) == 0)
        return NULL;
      return care_json_to_string (node, NULL);
    }

  if (!JSON_NODE_HOLDS_VALUE (node))
    {
      *problem = g_strdup ("Expected a single value, not an object or array.");
      return NULL;
    }
  type = json_node_get_value_type (node);
  switch (field->type)
    {
    case CARE_FIELD_BOOL:
      if (type != G_TYPE_BOOLEAN)
        {
          *problem = g_strdup ("Expected true or false.");
          return NULL;
        }
      return g_strdup (json_node_get_boolean (node) ? "1" : "0");

    case CARE_FIELD_INT:
    case CARE_FIELD_MONEY:
      if (type != G_TYPE_INT64)
        {
          *problem = g_strdup (field->type == CARE_FIELD_MONEY
                               ? "Expected a whole number of minor units (cents)."
                               : "Expected a whole number.");
          return NULL;
        }
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

    case CARE_FIELD_DECIMAL:
      {
        char buf[CARE_JSON_DOUBLE_BUF_SIZE];

        if (type == G_TYPE_INT64)
          return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
        if (type == G_TYPE_DOUBLE && isfinite (json_node_get_double (node)))
          return g_strdup (care_json_format_double (buf, sizeof buf, json_node_get_double (node)));
        *problem = g_strdup ("Expected a number.");
        return NULL;
      }

    default:
      break;
    }

  if (type != G_TYPE_STRING)
    {
      *problem = g_strdup ("Expected a string.");
      return NULL;
    }
  {
    const char *s = json_node_get_string (node);

    for (const char *p = s; *p; p = g_utf8_next_char (p))
      if (is_bidi_control (g_utf8_get_char (p)))
        {
          *problem = g_strdup ("The text contains invisible direction-override characters.");
          return NULL;
        }

    if (field->type == CARE_FIELD_DATETIME && s[0])
      {
        /* Any ISO 8601 time with a zone becomes canonical UTC. */
        g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (s, NULL);

        if (when && strlen (s) >= 20)
          {
            g_autoptr(GDateTime) utc = g_date_time_to_utc (when);
            int ms = g_date_time_get_microsecond (utc) / 1000;
            g_autofree char *base = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");

            return ms ? g_strdup_printf ("%s.%03dZ", base, ms) : g_strdup_printf ("%sZ", base);
          }
        return g_strdup (s);
      }
    /* "" is no date, time, id, choice or address (the OpenAPI document's
     * formats say so too): null clears a field. Phone numbers are free
     * text, where "" still means none. */
    if (s[0] == '\0' && field->type != CARE_FIELD_TEXT && field->type != CARE_FIELD_LONG_TEXT &&
        field->type != CARE_FIELD_PHONE)
      {
        *problem = g_strdup ("An empty text is not a value here: leave the field out or give null.");
        return NULL;
      }
    if (s[0] == '\0' && field->type == CARE_FIELD_PHONE)
      return NULL;
    return g_strdup (s);
  }
}

static gboolean
is_system_column (const char *name)
{
  for (guint i = 0; i < CARE_N_SYSTEM_COLUMNS; i++)
    if (g_str_equal (care_system_column_name (i), name))
      return TRUE;
  return FALSE;
}

/* Applies the members of body onto record; problems go to v.
 * stored: the record as stored (update) or NULL (create). */
void
care_server_apply_body (CareRequest      *req,
            CareRecord       *record,
            const CareRecord *stored,
            JsonObject       *body,
            const char *const *extra,
            CareValidation   *v)
{
  const CareEntity *entity = care_record_get_entity (record);
  g_autoptr(GList) members = json_object_get_members (body);

  for (GList *l = members; l; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (body, name);
      const CareField *field = care_entity_field (entity, name);
      g_autofree char *text = NULL;
      g_autofree char *problem = NULL;

      if (extra && g_strv_contains (extra, name))
        continue;

      if (is_system_column (name))
        {
          const char *given = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                              ? json_node_get_string (node) : NULL;

          if (stored)
            {
              /* Sending back what GET returned is fine; changing it is not. */
              if (JSON_NODE_HOLDS_NULL (node) || g_strcmp0 (given, care_record_get (stored, name)) == 0)
                continue;
              care_validation_add (v, name, "This is set by the server and cannot be changed.");
            }
          else if (g_str_equal (name, CARE_COLUMN_ID))
            {
              CareServerStorage *st = req->server->storage;

              /* An id taken here or in another clinic is refused as a
               * malformed one is: nothing tells the two apart. */
              if (given && care_uuid_is_valid (given) && !st->v->id_in_use (st, entity, given))
                care_record_set (record, CARE_COLUMN_ID, given);
              else
                care_validation_add (v, name, "Give a UUID (version 7) or leave the id out.");
            }
          else if (!JSON_NODE_HOLDS_NULL (node))
            care_validation_add (v, name, "This is set by the server.");
          continue;
        }

      if (field == NULL || (field->flags & CARE_FIELD_SECRET))
        {
          care_validation_add (v, name, "Unknown field.");
          continue;
        }

      if (JSON_NODE_HOLDS_NULL (node))
        {
          if (field->flags & CARE_FIELD_SYSTEM)
            {
              if (stored && care_record_get (stored, name) != NULL)
                care_validation_add (v, name, "This is set by the server and cannot be changed.");
              continue;
            }
          care_record_set (record, name, NULL);
          if (field->type == CARE_FIELD_BLOB)
            care_record_set_blob (record, name, NULL);
          continue;
        }

      if (field->type == CARE_FIELD_BLOB)
        {
          gsize length = 0;
          g_autofree guchar *data = NULL;
          const char *s;

          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
            {
              care_validation_add (v, name, "Expected base64 text.");
              continue;
            }
          s = json_node_get_string (node);
          for (const char *p = s; *p; p++)
            if (!g_ascii_isalnum (*p) && !strchr ("+/=\n\r", *p))
              {
                care_validation_add (v, name, "Expected base64 text.");
                s = NULL;
                break;
              }
          if (s == NULL)
            continue;
          if (field->flags & CARE_FIELD_SYSTEM)
            {
              care_validation_add (v, name, "This is set by the server.");
              continue;
            }
          data = g_base64_decode (s, &length);
          {
            g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&data), length);
            care_record_set_blob (record, name, bytes);
          }
          continue;
        }

      text = care_server_json_to_text (field, node, &problem);
      if (problem)
        {
          care_validation_add (v, name, problem);
          continue;
        }
      if (field->flags & CARE_FIELD_SYSTEM)
        {
          if (stored && g_strcmp0 (text, care_record_get (stored, name)) == 0)
            continue;
          care_validation_add (v, name, "This is set by the server.");
          continue;
        }
      care_record_set (record, name, text);
    }
}

/* --- core's rules over the server's storage ----------------------------- */

typedef struct {
  CareRuleContext parent;
  CareRequest    *req;
} ServerRules;

static CareRequest *
rules_request (CareRuleContext *ctx)
{
  return ((ServerRules *) ctx)->req;
}

static CareRecord *
rules_get (CareRuleContext  *ctx,
           const CareEntity *entity,
           const char       *id)
{
  CareRequest *req = rules_request (ctx);
  CareServerStorage *st = req->server->storage;

  if (id == NULL)
    return NULL;
  return st->v->get (st, req->claims.tenant_id, entity, id, NULL);
}

static GPtrArray *
rules_list (CareRuleContext  *ctx,
            const CareEntity *entity,
            const char       *field,
            const char       *value,
            GError          **error)
{
  CareRequest *req = rules_request (ctx);
  CareServerStorage *st = req->server->storage;
  CareServerFilter filter = { field, value };
  CareServerQuery q = { .entity = entity, .filters = &filter, .n_filters = field ? 1 : 0, .limit = 100000 };

  return st->v->list (st, req->claims.tenant_id, &q, NULL, error);
}

static char *
rules_next_number (CareRuleContext *ctx,
                   const char      *kind,
                   GError         **error)
{
  CareRequest *req = rules_request (ctx);
  CareServerStorage *st = req->server->storage;

  return st->v->next_number (st, req->claims.tenant_id, kind, error);
}

static gboolean
rules_update (CareRuleContext *ctx,
              CareRecord      *record,
              GError         **error)
{
  CareRequest *req = rules_request (ctx);
  CareServerStorage *st = req->server->storage;

  return st->v->update (st, req->claims.tenant_id, req->claims.is_patient ? NULL : req->claims.user_id,
                        record, error);
}

static gboolean
rules_insert (CareRuleContext *ctx,
              CareRecord      *record,
              GError         **error)
{
  CareRequest *req = rules_request (ctx);
  CareServerStorage *st = req->server->storage;

  if (care_record_get_id (record) == NULL)
    {
      g_autofree char *id = care_uuid_v7 ();
      care_record_set (record, CARE_COLUMN_ID, id);
    }
  return st->v->insert (st, req->claims.tenant_id, req->claims.is_patient ? NULL : req->claims.user_id,
                        record, error);
}

static CareRecord *
rules_clinic (CareRuleContext *ctx)
{
  CareRequest *req = rules_request (ctx);

  return rules_get (ctx, care_schema_lookup ("tenant"), req->claims.tenant_id);
}

static gboolean
rules_can (CareRuleContext *ctx,
           const char      *permission)
{
  return care_request_can (rules_request (ctx), permission);
}

static void
server_rules_init (ServerRules *rules,
                   CareRequest *req)
{
  *rules = (ServerRules) {
    .parent = {
      .actor = req->claims.is_patient ? NULL : req->claims.user_id,
      .patient_id = req->claims.is_patient ? req->claims.user_id : NULL,
      .replayed = req->replaying,
      .get = rules_get,
      .list = rules_list,
      .next_number = rules_next_number,
      .update = rules_update,
      .insert = rules_insert,
      .clinic = rules_clinic,
      .can = rules_can,
    },
    .req = req,
  };
}

void
care_server_notify (CareRequest *req,
                    const char  *user_id,
                    const char  *kind,
                    const char  *message,
                    const char  *link_entity,
                    const char  *link_id)
{
  g_autoptr(GError) error = NULL;
  ServerRules rules;

  server_rules_init (&rules, req);
  if (!care_notify (&rules.parent, user_id, kind, message, link_entity, link_id, &error))
    g_warning ("Could not notify %s: %s", user_id, error->message);
}

/* A refusal of core's rules as the server answers it: naming a field, the
 * field's problem (422); about the record's state, a conflict (409).
 * Either way with core's words. */
static gboolean
is_state_refusal (const GError *rule_error)
{
  return g_error_matches (rule_error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE) ||
         g_error_matches (rule_error, CARE_RULE_ERROR, CARE_RULE_ERROR_SHORTAGE);
}

static void
refusal (GError          *rule_error,
         CareValidation **invalid,
         GError         **error)
{
  const char *field = care_rule_error_get_field (rule_error);

  if (field && !is_state_refusal (rule_error))
    {
      *invalid = care_validation_new ();
      care_validation_add (*invalid, field, care_rule_error_get_detail (rule_error));
      g_error_free (rule_error);
    }
  else if (!care_rule_error_is_refusal (rule_error))
    g_propagate_error (error, rule_error);
  else
    {
      gboolean denied = g_error_matches (rule_error, CARE_ACCESS_ERROR, CARE_ACCESS_ERROR_DENIED);

      g_set_error_literal (error, CARE_SERVER_ERROR, denied ? CARE_SERVER_ERROR_FORBIDDEN : CARE_SERVER_ERROR_CONFLICT,
                           rule_error->message);
      g_error_free (rule_error);
    }
}

static gboolean
role_can (gpointer    data,
          const char *permission)
{
  return care_request_can (data, permission);
}

gboolean
care_server_check_access (CareRequest     *req,
                          CareRecord      *before,
                          CareRecord      *record,
                          CareValidation **invalid,
                          GError         **error)
{
  CareAccessor who = { req->claims.user_id, req->claims.role, role_can, req };
  GError *refused = NULL;

  /* The portal's writes are scoped to the patient in prepare_access(). */
  if (req->claims.is_patient || care_access_check_write (&who, before, record, &refused))
    return TRUE;
  refusal (refused, invalid, error);
  return FALSE;
}

void
care_request_refusal (CareRequest      *req,
                      GError           *rule_error,
                      const CareEntity *entity)
{
  g_autoptr(CareValidation) invalid = NULL;
  g_autoptr(GError) error = NULL;

  if (is_state_refusal (rule_error) && care_rule_error_get_field (rule_error))
    {
      care_request_field_error (req, 409, rule_error->message, care_rule_error_get_field (rule_error),
                                care_rule_error_get_detail (rule_error));
      g_error_free (rule_error);
      return;
    }
  refusal (rule_error, &invalid, &error);
  if (invalid)
    care_request_validation_error (req, invalid, entity);
  else
    care_request_gerror (req, error, entity);
}

/* --- what the server adds when a record is written ---------------------- *
 *
 * Access only: the clinic's rules of each entity are core's and run in
 * care_rules_prepare() (care-rules.h). */

static void
prepare_access (CareRequest *req,
                CareRecord  *record)
{
  const CareEntity *entity = care_record_get_entity (record);
  const char *me = req->claims.user_id;

  /* The portal writes on behalf of the signed-in patient only. */
  if (req->claims.is_patient && care_entity_field (entity, "patient_id"))
    care_record_set (record, "patient_id", me);
  /* Asking for a role waits for someone who manages staff (that it is for
   * oneself is care_access_check_write()'s). */
  if (g_str_equal (entity->name, "role_upgrade_request") && !care_request_can (req, CARE_PERM_STAFF_MANAGEMENT))
    care_record_set (record, "status", "pending");
}

/* References must name a record of the same clinic. */
static void
check_references (CareRequest    *req,
                  CareRecord     *record,
                  CareValidation *v)
{
  CareServerStorage *st = req->server->storage;
  const CareEntity *entity = care_record_get_entity (record);

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const CareField *field = &entity->fields[i];
      const char *value = care_record_get_nth (record, i);
      const CareEntity *target;
      g_autoptr(CareRecord) found = NULL;

      if (field->type != CARE_FIELD_REF || value == NULL || care_validation_get_message (v, field->name))
        continue;
      /* A patient's own notification names them as its reader (user_id,
       * care_notify_patient()): they are no staff member. */
      if ((field->flags & CARE_FIELD_ACTOR) && care_entity_field (entity, "patient_id") &&
          g_strcmp0 (value, care_record_get (record, "patient_id")) == 0)
        continue;
      target = care_schema_lookup (field->ref);
      found = st->v->get (st, req->claims.tenant_id, target, value, NULL);
      if (found == NULL)
        {
          g_autofree char *message = g_strdup_printf ("No %s with this id exists in this clinic.", target->label);
          care_validation_add (v, field->name, message);
        }
      else if (req->claims.is_patient && target->patient_fields && !care_patient_may_see (req, found))
        care_validation_add (v, field->name, "This record is not yours.");
    }
}

/* Validates, writes, audits and applies follow-ups in one transaction;
 * a refusal of core's rules goes to refused. */
static gboolean
save_record (CareRequest     *req,
             CareRecord      *record,
             gboolean         create,
             CareValidation **invalid,
             GError         **error,
             GError         **refused)
{
  CareServerStorage *st = req->server->storage;
  const CareEntity *entity = care_record_get_entity (record);
  const char *tenant = req->claims.tenant_id;
  const char *actor = req->claims.is_patient ? NULL : req->claims.user_id;
  g_autoptr(CareValidation) v = NULL;
  g_autoptr(CareRecord) before = NULL;
  ServerRules rules;

  if (create && care_record_get_id (record) == NULL)
    {
      g_autofree char *id = care_uuid_v7 ();
      care_record_set (record, CARE_COLUMN_ID, id);
    }
  if (create && !(entity->flags & CARE_ENTITY_GLOBAL))
    care_record_set (record, CARE_COLUMN_TENANT, tenant);

  if (!st->v->begin (st, error))
    return FALSE;
  if (!create)
    before = st->v->get (st, tenant, entity, care_record_get_id (record), NULL);
  server_rules_init (&rules, req);
  if (create)
    prepare_access (req, record);
  if (!care_rules_prepare (&rules.parent, before, record, refused))
    goto failed;

  v = st->v->validate (st, tenant, record);
  check_references (req, record, v);
  if (!care_validation_is_valid (v))
    {
      st->v->rollback (st);
      *invalid = g_steal_pointer (&v);
      return FALSE;
    }
  if (!(create ? st->v->insert (st, tenant, actor, record, error)
               : st->v->update (st, tenant, actor, record, error)))
    goto failed;
  if (!care_rules_written (&rules.parent, record, create, refused))
    goto failed;
  /* Permissions live in tokens' generation. */
  if (g_str_equal (entity->name, "role_permission"))
    care_server_bump_generation (req->server);
  /* Tokens carry the role: a role changed through any route ends what
   * the old tokens allowed (deactivation has its own action). */
  if (before && g_str_equal (entity->name, "user") &&
      g_strcmp0 (care_record_get (before, "role"), care_record_get (record, "role")) != 0)
    {
      st->v->subject_access_revoke (st, care_record_get_id (record));
      care_server_bump_generation (req->server);
    }
  if (care_entity_is_patient_data (entity) || !g_str_equal (entity->name, "notification"))
    care_server_audit_record (req, create ? "create" : "update", record);
  return st->v->commit (st, error);

failed:
  st->v->rollback (st);
  return FALSE;
}

gboolean
care_server_save_record (CareRequest     *req,
                         CareRecord      *record,
                         gboolean         create,
                         CareValidation **invalid,
                         GError         **error)
{
  GError *refused = NULL;

  if (save_record (req, record, create, invalid, error, &refused))
    return TRUE;
  if (refused)
    refusal (refused, invalid, error);
  return FALSE;
}

/* The same, answering the request itself when it fails. */
gboolean
care_server_save (CareRequest *req,
                  CareRecord  *record,
                  gboolean     create)
{
  g_autoptr(CareValidation) invalid = NULL;
  g_autoptr(GError) error = NULL;
  GError *refused = NULL;

  if (save_record (req, record, create, &invalid, &error, &refused))
    return TRUE;
  if (refused)
    care_request_refusal (req, refused, care_record_get_entity (record));
  else if (invalid)
    care_request_validation_error (req, invalid, care_record_get_entity (record));
  else
    care_request_gerror (req, error, care_record_get_entity (record));
  return FALSE;
}

gboolean
care_server_delete_record (CareRequest *req,
                           CareRecord  *stored,
                           GError     **error)
{
  const CareEntity *entity = care_record_get_entity (stored);
  CareServerStorage *st = req->server->storage;
  GError *rule_error = NULL;
  ServerRules rules;

  /* The last administrator is core's rule (care-access.c). */
  if (g_str_equal (entity->name, "user") && g_strcmp0 (care_record_get_id (stored), req->claims.user_id) == 0)
    {
      g_set_error_literal (error, CARE_SERVER_ERROR, CARE_SERVER_ERROR_CONFLICT, "You cannot delete your own account.");
      return FALSE;
    }
  server_rules_init (&rules, req);
  if (!st->v->begin (st, error))
    return FALSE;
  if (!care_rules_deleting (&rules.parent, stored, &rule_error) ||
      !st->v->delete (st, req->claims.tenant_id, req->claims.user_id, entity, care_record_get_id (stored), error) ||
      !care_rules_deleted (&rules.parent, stored, &rule_error))
    {
      st->v->rollback (st);
      if (rule_error)
        {
          /* A delete has no fields to blame: every refusal is the state's. */
          g_set_error_literal (error, CARE_SERVER_ERROR, CARE_SERVER_ERROR_CONFLICT, rule_error->message);
          g_error_free (rule_error);
        }
      return FALSE;
    }
  care_server_audit_record (req, "delete", stored);
  if (g_str_equal (entity->name, "role_permission"))
    care_server_bump_generation (req->server);
  return st->v->commit (st, error);
}

/* --- the handlers ------------------------------------------------------- */

static const CareEntity *
route_entity (CareRequest *req)
{
  return req->route->entity;
}

static gboolean
filterable (const CareField *field)
{
  if (field->flags & CARE_FIELD_SECRET)
    return FALSE;
  return (field->flags & (CARE_FIELD_INDEXED | CARE_FIELD_UNIQUE)) ||
         field->type == CARE_FIELD_ENUM || field->type == CARE_FIELD_REF || field->type == CARE_FIELD_BOOL ||
         field->type == CARE_FIELD_DATE;
}

static void
handle_list (CareRequest *req)
{
  const CareEntity *entity = route_entity (req);
  CareServerStorage *st = req->server->storage;
  g_autoptr(GArray) filters = g_array_new (FALSE, TRUE, sizeof (CareServerFilter));
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  CareServerQuery q = { .entity = entity };
  const char *sort = care_request_query (req, "sort");
  gint64 page;
  guint per_page;
  gint64 total = 0;
  JsonObject *meta;

  if (!care_request_query_int (req, "page", 1, 1, 1000000, &page))
    return;
  {
    const char *text = care_request_query (req, "per_page");
    guint64 n;

    per_page = DEFAULT_PER_PAGE;
    if (text && (!g_ascii_string_to_unsigned (text, 10, 1, MAX_PER_PAGE, &n, NULL)))
      {
        care_request_field_error (req, 400, "per_page must be a whole number from 1 to 100.", "per_page",
                                  "Give a whole number from 1 to 100.");
        return;
      }
    if (text)
      per_page = n;
  }
  if ((guint64) (page - 1) * per_page > G_MAXINT32)
    {
      care_request_field_error (req, 400, "The page is too far.", "page", "Too large.");
      return;
    }

  if (sort)
    {
      const char *column = sort[0] == '-' ? sort + 1 : sort;
      const CareField *field = care_entity_field (entity, column);

      if ((field == NULL && !is_system_column (column)) || (field && (field->flags & CARE_FIELD_SECRET)) ||
          (field && (field->type == CARE_FIELD_BLOB || field->type == CARE_FIELD_LIST)) ||
          g_str_equal (column, CARE_COLUMN_TENANT))
        {
          care_request_field_error (req, 400, "The list cannot be sorted by this.", "sort",
                                    "Give a field name, with a leading - for descending order.");
          return;
        }
      q.sort = column;
      q.descending = sort[0] == '-';
    }

  if (req->query)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, req->query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          const char *name = key;
          const CareField *field;
          CareServerFilter f;
          g_autofree char *canonical = NULL;
          g_autofree char *problem = NULL;

          if (g_str_equal (name, "page") || g_str_equal (name, "per_page") || g_str_equal (name, "sort") ||
              g_str_equal (name, "q"))
            continue;
          if (g_str_equal (name, "updated_since"))
            {
              g_autoptr(GDateTime) since = g_date_time_new_from_iso8601 (value, NULL);

              if (since == NULL)
                {
                  care_request_field_error (req, 400, "updated_since is an ISO 8601 time.", name,
                                            "Enter a time like 2026-11-21T14:30:00Z.");
                  return;
                }
              {
                g_autoptr(GDateTime) utc = g_date_time_to_utc (since);
                char *text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");

                /* Stored stamps have milliseconds: "…:08.123Z" sorts after "…:08". */
                g_ptr_array_add (owned, text);
                q.range_field = CARE_COLUMN_UPDATED_AT;
                q.range_from = text;
              }
              continue;
            }
          field = care_entity_field (entity, name);
          if (field == NULL || !filterable (field))
            {
              g_autofree char *message = g_strdup_printf ("%s cannot be filtered by “%s”.", entity->plural, name);
              care_request_field_error (req, 400, message, name, "Not a filterable field of this list.");
              return;
            }
          if (field->type == CARE_FIELD_BOOL)
            {
              if (g_str_equal (value, "true") || g_str_equal (value, "1"))
                canonical = g_strdup ("1");
              else if (g_str_equal (value, "false") || g_str_equal (value, "0"))
                canonical = g_strdup ("0");
            }
          else if (field->type == CARE_FIELD_LIST)
            canonical = g_strdup (value);
          else if (!care_field_normalize (field, value, &canonical, &problem) || canonical == NULL)
            g_clear_pointer (&canonical, g_free);
          if (canonical == NULL || !g_utf8_validate (canonical, -1, NULL))
            {
              care_request_field_error (req, 400, "A filter value is not valid.", name,
                                        problem ? problem : "Not a valid value for this field.");
              return;
            }
          f.field = field->name;
          f.value = canonical;
          g_ptr_array_add (owned, g_steal_pointer (&canonical));
          g_array_append_val (filters, f);
        }
    }
  q.filters = (CareServerFilter *) filters->data;
  q.n_filters = filters->len;

  q.search = care_request_query (req, "q");
  if (q.search && (!g_utf8_validate (q.search, -1, NULL) || g_utf8_strlen (q.search, -1) > 200))
    {
      care_request_field_error (req, 400, "The search text is not valid.", "q", "Use at most 200 characters of text.");
      return;
    }

  q.scope_value = req->claims.user_id;
  if (req->claims.is_patient)
    {
      const CareField *parent = care_entity_patient_parent (entity);

      if (parent)
        {
          char *via = g_strdup_printf ("%s:%s", parent->name, care_schema_lookup (parent->ref)->table);

          g_ptr_array_add (owned, via);
          q.scope_via = via;
        }
      else
        {
          q.scope_field = entity->patient_fields[0];
          q.scope_field2 = entity->patient_fields[1];
        }
    }
  else
    q.scope_field = care_server_staff_owner (req, entity, &q.scope_field2);

  q.limit = per_page;
  q.offset = (page - 1) * per_page;
  records = st->v->list (st, req->claims.tenant_id, &q, &total, &error);
  if (records == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
        care_request_field_error (req, 400, error->message, "q", "Search is not available for this list.");
      else
        care_request_gerror (req, error, entity);
      return;
    }

  meta = json_object_new ();
  json_object_set_int_member (meta, "page", page);
  json_object_set_int_member (meta, "per_page", per_page);
  if (q.search && total > SEARCH_COUNT_LIMIT)
    {
      total = SEARCH_COUNT_LIMIT;
      json_object_set_boolean_member (meta, "total_capped", TRUE);
    }
  json_object_set_int_member (meta, "total", total);
  json_object_set_int_member (meta, "total_pages", (total + per_page - 1) / per_page);
  if (care_entity_is_patient_data (entity))
    care_server_audit_list (req, entity);
  care_request_respond_records (req, 200, records, meta);
}

static void
handle_get (CareRequest *req)
{
  const CareEntity *entity = route_entity (req);
  g_autoptr(CareRecord) record = care_request_get_record (req, entity, req->params[0]);

  if (record == NULL)
    return;
  if (care_entity_is_patient_data (entity))
    care_server_audit_record (req, "read", record);
  care_request_respond_record (req, 200, record);
}

static gboolean
patient_write_check (CareRequest      *req,
                     const CareEntity *entity,
                     gboolean          create)
{
  if (!req->claims.is_patient)
    return TRUE;
  if (create && (entity->flags & CARE_ENTITY_PORTAL_NEW))
    return TRUE;
  care_request_error (req, 403, "Patient accounts cannot change these records.");
  return FALSE;
}

/* With a body already wrong, still report every other field's problem. */
static void
merge_record_problems (CareRecord     *record,
                       CareValidation *v)
{
  g_autoptr(CareValidation) more = care_validate_record (record);

  for (guint i = 0; i < care_validation_get_n_errors (more); i++)
    {
      const char *field = care_validation_get_field (more, i);

      if (care_validation_get_message (v, field) == NULL && care_record_get (record, field) != NULL)
        care_validation_add (v, field, care_validation_get_message (more, field));
    }
}

/* care_server_check_access(), answering the request when it refuses. */
static gboolean
check_access (CareRequest *req,
              CareRecord  *before,
              CareRecord  *record)
{
  const CareEntity *entity = route_entity (req);
  g_autoptr(CareValidation) invalid = NULL;
  g_autoptr(GError) error = NULL;

  if (care_server_check_access (req, before, record, &invalid, &error))
    return TRUE;
  if (invalid)
    care_request_validation_error (req, invalid, entity);
  else
    care_request_gerror (req, error, entity);
  return FALSE;
}

static void
handle_create (CareRequest *req)
{
  static const char *const user_extra[] = { "password", NULL };
  const CareEntity *entity = route_entity (req);
  CareServerStorage *st = req->server->storage;
  JsonObject *body;
  g_autoptr(CareRecord) record = NULL;
  g_autoptr(CareValidation) v = care_validation_new ();
  gboolean is_user = g_str_equal (entity->name, "user");

  if (!patient_write_check (req, entity, TRUE))
    return;
  body = care_request_body_object (req);
  if (body == NULL)
    return;
  record = care_record_new (entity);
  care_server_apply_body (req, record, NULL, body, is_user ? user_extra : NULL, v);
  if (is_user)
    {
      JsonNode *pw = json_object_get_member (body, "password");

      if (pw == NULL || !JSON_NODE_HOLDS_VALUE (pw) || json_node_get_value_type (pw) != G_TYPE_STRING)
        care_validation_add (v, "password", "Give the new account's first password.");
      else if (care_password_check (json_node_get_string (pw)))
        care_validation_add (v, "password", care_password_check (json_node_get_string (pw)));
    }
  if (!care_validation_is_valid (v))
    {
      merge_record_problems (record, v);
      care_request_validation_error (req, v, entity);
      return;
    }
  if (!check_access (req, NULL, record))
    return;
  if (is_user)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *hash = NULL;
      g_autoptr(CareValidation) check = NULL;

      /* The new account's first password; Argon2 here is the admin's
       * occasional wait, not the sign-in path. */
      care_record_set (record, "active", "1");
      care_record_set (record, "failed_logins", "0");
      check = st->v->validate (st, req->claims.tenant_id, record);
      if (!care_validation_is_valid (check))
        {
          care_request_validation_error (req, check, entity);
          return;
        }
      hash = care_password_hash (json_object_get_string_member (body, "password"), &error);
      if (hash == NULL)
        {
          care_request_gerror (req, error, entity);
          return;
        }
      care_record_set (record, "password_hash", hash);
    }
  if (!care_server_save (req, record, TRUE))
    return;
  care_request_respond_record (req, 201, record);
}

static void
handle_update (CareRequest *req)
{
  const CareEntity *entity = route_entity (req);
  gboolean replace = g_str_equal (req->method, "PUT");
  JsonObject *body;
  g_autoptr(CareRecord) stored = NULL;
  g_autoptr(CareRecord) record = NULL;
  g_autoptr(CareValidation) v = care_validation_new ();

  if (!patient_write_check (req, entity, FALSE))
    return;
  stored = care_request_get_record (req, entity, req->params[0]);
  if (stored == NULL)
    return;
  body = care_request_body_object (req);
  if (body == NULL)
    return;
  record = care_record_copy (stored);
  if (replace)
    {
      /* PUT replaces what a client may write; the server's fields stay. */
      for (guint i = 0; i < entity->n_fields; i++)
        if (!(entity->fields[i].flags & (CARE_FIELD_SYSTEM | CARE_FIELD_SECRET)))
          {
            care_record_set_nth (record, i, NULL);
            if (entity->fields[i].type == CARE_FIELD_BLOB)
              care_record_set_blob (record, entity->fields[i].name, NULL);
          }
    }
  care_server_apply_body (req, record, stored, body, NULL, v);
  if (!care_validation_is_valid (v))
    {
      merge_record_problems (record, v);
      care_request_validation_error (req, v, entity);
      return;
    }
  if (!check_access (req, stored, record))
    return;
  if (!care_server_save (req, record, FALSE))
    return;
  care_request_respond_record (req, 200, record);
}

static void
handle_delete (CareRequest *req)
{
  const CareEntity *entity = route_entity (req);
  g_autoptr(CareRecord) stored = NULL;
  g_autoptr(GError) error = NULL;

  if (!patient_write_check (req, entity, FALSE))
    return;
  stored = care_request_get_record (req, entity, req->params[0]);
  if (stored == NULL || !check_access (req, stored, NULL))
    return;
  if (!care_server_delete_record (req, stored, &error))
    {
      care_request_gerror (req, error, entity);
      return;
    }
  care_request_no_content (req);
}

static void register_entity (CareServer *server, const CareEntity *e, const char *path);

void
care_server_resources_register (CareServer *server)
{
  /* Seed 003's names for two of the collections. */
  static const struct { const char *path; const char *entity; } aliases[] = {
    { "followups", "follow_up" },
    { "forms", "form_submission" },
  };
  guint n;
  const CareEntity *const *entities = care_schema_entities (&n);

  for (guint i = 0; i < n; i++)
    register_entity (server, entities[i], entities[i]->table);
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    register_entity (server, care_schema_lookup (aliases[i].entity), aliases[i].path);
}

static void
register_entity (CareServer       *server,
                 const CareEntity *e,
                 const char       *path)
{
    {
      g_autofree char *collection = g_strdup_printf ("/%s", path);
      g_autofree char *item = g_strdup_printf ("/%s/{id}", path);
      g_autofree char *s_list = g_strdup_printf ("List %s (paginated, filtered, searchable)", e->plural);
      g_autofree char *s_get = g_strdup_printf ("Get one %s", e->label);
      g_autofree char *s_create = g_strdup_printf ("Create a %s", e->label);
      g_autofree char *s_put = g_strdup_printf ("Replace a %s", e->label);
      g_autofree char *s_patch = g_strdup_printf ("Change some fields of a %s", e->label);
      g_autofree char *s_delete = g_strdup_printf ("Delete a %s", e->label);
      guint pflags = e->patient_fields ? CARE_ROUTE_PATIENT : 0;
      gboolean global = (e->flags & CARE_ENTITY_GLOBAL) != 0;
      gboolean audit = g_str_equal (e->name, "audit_entry");
      gboolean append_only = (e->flags & CARE_ENTITY_APPEND_ONLY) != 0;
      CareRoute *r;

      r = care_server_add_route (server, "GET", collection, e->read_permission, pflags, handle_list, e->table, s_list);
      r->entity = e;
      r->response = CARE_RESPONSE_LIST;
      r = care_server_add_route (server, "GET", item, e->read_permission, pflags, handle_get, e->table, s_get);
      r->entity = e;
      r->response = CARE_RESPONSE_RECORD;
      if (global || audit)
        {
          if (global)
            {
              r = care_server_add_route (server, "PATCH", item, e->write_permission, 0, handle_update, e->table, s_patch);
              r->entity = e;
              r->body = CARE_BODY_RECORD_PATCH;
              r->response = CARE_RESPONSE_RECORD;
              r = care_server_add_route (server, "PUT", item, e->write_permission, 0, handle_update, e->table, s_put);
              r->entity = e;
              r->body = CARE_BODY_RECORD;
              r->response = CARE_RESPONSE_RECORD;
            }
          return;
        }
      r = care_server_add_route (server, "POST", collection, care_access_write_permission (e, TRUE),
                                 (e->flags & CARE_ENTITY_PORTAL_NEW) ? CARE_ROUTE_PATIENT : 0, handle_create, e->table, s_create);
      r->entity = e;
      r->body = CARE_BODY_RECORD;
      r->response = CARE_RESPONSE_RECORD;
      if (append_only)
        return;
      r = care_server_add_route (server, "PATCH", item, e->write_permission, 0, handle_update, e->table, s_patch);
      r->entity = e;
      r->body = CARE_BODY_RECORD_PATCH;
      r->response = CARE_RESPONSE_RECORD;
      r = care_server_add_route (server, "PUT", item, e->write_permission, 0, handle_update, e->table, s_put);
      r->entity = e;
      r->body = CARE_BODY_RECORD;
      r->response = CARE_RESPONSE_RECORD;
      r = care_server_add_route (server, "DELETE", item, care_access_delete_permission (e), 0, handle_delete, e->table, s_delete);
      r->entity = e;
      r->success = 204;
      r->response = CARE_RESPONSE_EMPTY;
    }
}

/* care-server-private.h: the server's parts, shared by its files and tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "caredesk-core.h"
#include "care-alerts.h"
#include "care-appointments.h"
#include "care-attendance.h"
#include "care-beds.h"
#include "care-billing.h"
#include "care-forms.h"
#include "care-lab.h"
#include "care-messages.h"
#include "care-notifications.h"
#include "care-pharmacy.h"
#include "care-prescriptions.h"
#include "care-rules.h"
#include "care-server-config.h"
#include "care-server-storage.h"

G_BEGIN_DECLS

#define CARE_API_PREFIX "/api/v1"

/* Errors of the server's own rules (care_request_gerror() maps them). */
#define CARE_SERVER_ERROR (care_server_error_quark ())
typedef enum {
  CARE_SERVER_ERROR_CONFLICT,   /* 409: the record's state forbids it */
  CARE_SERVER_ERROR_FORBIDDEN,  /* 403: not the caller's to change */
} CareServerError;
GQuark care_server_error_quark (void);

typedef struct _CareServer  CareServer;
typedef struct _CareRequest CareRequest;
typedef struct _CareRoute   CareRoute;

typedef void (*CareRouteFunc) (CareRequest *req);

typedef enum {
  CARE_ROUTE_PUBLIC   = 1 << 0,  /* no token needed */
  CARE_ROUTE_PATIENT  = 1 << 1,  /* a patient's token may call it; the handler scopes */
  CARE_ROUTE_NO_STAFF = 1 << 2,  /* only patients */
  CARE_ROUTE_ANY_ROLE = 1 << 3,  /* staff without a permission check (own data) */
} CareRouteFlags;

/* Which JSON a route takes and gives, for the OpenAPI document. */
typedef enum {
  CARE_BODY_NONE,
  CARE_BODY_RECORD,       /* the route's entity */
  CARE_BODY_RECORD_PATCH, /* some fields of the entity */
  CARE_BODY_OBJECT,       /* a documented ad-hoc object (see body_example) */
} CareBodyKind;

typedef enum {
  CARE_RESPONSE_OBJECT,   /* ad-hoc object */
  CARE_RESPONSE_RECORD,   /* one record of the route's entity */
  CARE_RESPONSE_LIST,     /* a page of records of the route's entity */
  CARE_RESPONSE_ARRAY,    /* an array of ad-hoc objects */
  CARE_RESPONSE_EMPTY,    /* 204 */
  CARE_RESPONSE_FHIR,     /* a FHIR R4 resource, application/fhir+json, no envelope */
  CARE_RESPONSE_DOCUMENT, /* response_example's object, no envelope (openapi.json) */
} CareResponseKind;

struct _CareRoute {
  char              *method;
  char              *pattern;      /* "/patients/{id}/invite" under /api/v1 */
  char             **segments;
  const char        *permission;   /* NULL: no permission beyond the flags */
  guint              flags;        /* CareRouteFlags */
  CareRouteFunc      func;
  const CareEntity  *entity;       /* for generic routes and record bodies */
  char              *summary;
  char              *tag;
  CareBodyKind       body;
  CareResponseKind   response;
  const char        *body_example; /* JSON text: the members an ad-hoc body takes */
  /* JSON text: an ad-hoc answer's "data" (or the whole body where there is
   * no envelope); the OpenAPI document derives the schema from it. */
  const char        *response_example;
  const char        *response_entity; /* or records of this entity (not the route's) */
  const char        *statuses;     /* answers beyond the generic ones: "426" */
  guint              success;      /* 101, 200, 201, 202, 204 */
};

typedef struct {
  char     *user_id;     /* staff user id, or patient id for patients */
  char     *tenant_id;
  char     *role;        /* a staff role or "patient" */
  char     *jti;
  gint64    expires_at;
  gint64    issued_at_ms;
  gboolean  is_patient;
} CareClaims;

struct _CareServer {
  CareServerConfig  *config;
  CareServerStorage *storage;
  SoupServer        *soup;
  GPtrArray         *routes;       /* CareRoute */
  GHashTable        *route_index;  /* first segment -> GPtrArray of CareRoute (borrowed) */
  guchar             secret[32];

  /* Cached per process; reloaded when the shared generation moves. */
  volatile gint     *shared_generation;
  gint               seen_generation;
  gboolean           bump_pending;
  GHashTable        *revoked;      /* jti or "sub:<id>" -> gint64 * */
  GHashTable        *permissions;  /* "tenant|role|permission" -> GINT_TO_POINTER (1 + allowed) */

  GPtrArray         *audit_pending;
  guint              audit_flush_id;
  char              *anchor_path;     /* care-server-anchor.c; NULL: off */
  char              *anchored_head;
  guint              anchor_id;

  struct _CareServerSync *sync;   /* care-server-sync.c */
  gint64             history_published; /* care-server-history.c */

  GMainLoop         *loop;
  gboolean           draining;
  guint              inflight;
  guint              drain_timeout_id;
  gint64             requests;

  GObject           *reminders_clock;  /* care-server-reminders.c */
  gulong             reminders_id;
};

struct _CareRequest {
  CareServer        *server;
  SoupServerMessage *msg;
  const CareRoute   *route;
  const char        *method;
  char              *path;         /* under /api/v1 */
  GHashTable        *query;
  char              *params[4];
  guint              n_params;
  CareClaims         claims;
  gboolean           authenticated;
  char              *workstation;
  JsonNode          *body;
  gboolean           responded;
  gboolean           replaying;    /* a sync push: writes made on a workstation */
  guint              refcount;
};

/* --- care-server.c ------------------------------------------------------ */

CareServer *care_server_new                 (CareServerConfig  *config,
                                             CareServerStorage *storage,
                                             GError           **error);
void        care_server_free                (CareServer        *server);
/* Starts serving on an already listening socket. */
gboolean    care_server_listen_socket       (CareServer        *server,
                                             GSocket           *socket,
                                             GError           **error);
void        care_server_set_shared_generation (CareServer      *server,
                                             volatile gint     *generation);
/* Stops taking new requests and quits the loop once in-flight ones are done. */
void        care_server_drain               (CareServer        *server,
                                             GMainLoop         *loop);
/* Serves path through the route table even where a more specific soup
 * handler (a WebSocket's) is registered for it. */
void        care_server_handle_path         (CareServer        *server,
                                             const char        *path);
/* A message whose connection was taken over (a WebSocket) no longer counts
 * as a request in flight. */
void        care_server_message_done        (CareServer        *server,
                                             SoupServerMessage *msg);
/* Invalidates every process's caches (revocations, permissions) once the
 * current request is done; flush does it now. */
void        care_server_bump_generation     (CareServer        *server);
void        care_server_flush_generation    (CareServer        *server);
/* Reloads the revocations and forgets the permissions now (a signal from
 * another host said they changed). */
void        care_server_reload_caches       (CareServer        *server);

CareRoute  *care_server_add_route           (CareServer        *server,
                                             const char        *method,
                                             const char        *pattern,
                                             const char        *permission,
                                             guint              flags,
                                             CareRouteFunc      func,
                                             const char        *tag,
                                             const char        *summary);

gboolean    care_server_role_can            (CareServer        *server,
                                             const char        *tenant,
                                             const char        *role,
                                             const char        *permission);

CareRequest *care_request_ref               (CareRequest       *req);
void         care_request_unref             (CareRequest       *req);
/* Sends {"data": data, "meta": meta}; takes both. */
void         care_request_respond           (CareRequest       *req,
                                             guint              status,
                                             JsonNode          *data,
                                             JsonObject        *meta);
void         care_request_respond_record    (CareRequest       *req,
                                             guint              status,
                                             CareRecord        *record);
/* {"data": [records…], "meta": meta}; takes meta. */
void         care_request_respond_records   (CareRequest       *req,
                                             guint              status,
                                             GPtrArray         *records,
                                             JsonObject        *meta);
/* Sends a JSON text made by the caller; takes text. */
void         care_request_respond_text      (CareRequest       *req,
                                             guint              status,
                                             GString           *text);
/* The same with another media type (application/fhir+json). */
void         care_request_respond_typed     (CareRequest       *req,
                                             guint              status,
                                             const char        *content_type,
                                             GString           *text);
void         care_request_no_content        (CareRequest       *req);
/* Seed 004's error: {"status", "message", "errors": [{"field", "message"}], "timestamp"}. */
void         care_request_error             (CareRequest       *req,
                                             guint              status,
                                             const char        *message);
void         care_request_field_error       (CareRequest       *req,
                                             guint              status,
                                             const char        *message,
                                             const char        *field,
                                             const char        *field_message);
/* Seed 004's "errors": [{"field", "message"}] for a failed validation. */
JsonArray   *care_validation_errors_json    (const CareValidation *v);
/* The whole-number query parameter name, fallback when absent; answers
 * 400 naming it and returns FALSE when it is not a number in [min, max]. */
gboolean     care_request_query_int         (CareRequest       *req,
                                             const char        *name,
                                             gint64             fallback,
                                             gint64             min,
                                             gint64             max,
                                             gint64            *out);
void         care_request_validation_error  (CareRequest       *req,
                                             const CareValidation *v,
                                             const CareEntity  *entity);
/* Maps a storage/validation GError onto 404/405/409/422/500. */
void         care_request_gerror            (CareRequest       *req,
                                             const GError      *error,
                                             const CareEntity  *entity);
gboolean     care_request_can               (CareRequest       *req,
                                             const char        *permission);
/* 403 and FALSE unless the caller holds the permission. */
gboolean     care_request_require           (CareRequest       *req,
                                             const char        *permission);
/* The JSON body as an object; answers 400 and returns NULL otherwise. */
JsonObject  *care_request_body_object       (CareRequest       *req);
const char  *care_request_query             (CareRequest       *req,
                                             const char        *name);
const char  *care_request_remote            (CareRequest       *req);
/* Reads a string member; answers 422 naming the field when it is missing or not a string. */
const char  *care_request_string_member     (CareRequest       *req,
                                             JsonObject        *object,
                                             const char        *name,
                                             gboolean           required,
                                             gboolean          *failed);

/* --- care-server-audit.c ------------------------------------------------ */

gboolean     care_entity_is_patient_data    (const CareEntity  *entity);
void         care_server_audit              (CareRequest       *req,
                                             const char        *action,
                                             const char        *entity,
                                             const char        *record_id);
/* The same for one record, with the patient it concerns
 * (care_audit_patient_id, through its parent for a lab result or a
 * payment). */
void         care_server_audit_record       (CareRequest       *req,
                                             const char        *action,
                                             CareRecord        *record);
/* A read of the entity's list; one filtered by a patient concerns them. */
void         care_server_audit_list         (CareRequest       *req,
                                             const CareEntity  *entity);
/* A 401, 403 or 422 answer: audited as "denied"/"refused" for a signed-in
 * account, logged to the journal otherwise. */
void         care_server_audit_refusal      (CareRequest       *req,
                                             guint              status,
                                             const char        *message);
/* Writes the pending entries (inside the caller's transaction, if any). */
gboolean     care_server_audit_flush        (CareServer        *server,
                                             GError           **error);
/* Anchors the committed chain head outside the database (care-server-anchor.c). */
void         care_server_audit_anchor       (CareServer        *server);

/* --- care-server-auth.c ------------------------------------------------- */

void         care_server_auth_register      (CareServer        *server);
gboolean     care_server_load_secret        (CareServer        *server,
                                             GError           **error);
char        *care_server_token_issue        (CareServer        *server,
                                             const CareClaims  *claims);
gboolean     care_server_token_verify       (CareServer        *server,
                                             const char        *token,
                                             CareClaims        *claims);
void         care_claims_clear              (CareClaims        *claims);
char        *care_server_random_token       (void);
/* care-server-invite-code.c: a new portal invitation code ("K7QF2-XM9PA"),
 * and what a patient typed as the form it was issued in (anything that is
 * not such a code comes back as typed, so older long invitations work). */
char        *care_server_invite_code_new       (void);
char        *care_server_invite_code_normalize (const char *typed);
char        *care_server_token_hash         (const char        *token);

/* --- care-server-resources.c -------------------------------------------- */

void         care_server_resources_register (CareServer        *server);
/* The field naming the staff member whose rows of entity the caller sees
 * (field2: or this one), from the schema's owner_fields; NULL: the caller
 * sees every row of the clinic. */
const char  *care_server_staff_owner        (CareRequest       *req,
                                             const CareEntity  *entity,
                                             const char       **field2);
/* Fetches a record of the tenant, answering 404 if there is none. */
CareRecord  *care_request_get_record        (CareRequest       *req,
                                             const CareEntity  *entity,
                                             const char        *id);
/* The record if the caller may see it (a patient: their own; staff: not
 * others' notifications and messages), without answering; NULL otherwise. */
CareRecord  *care_server_find_record        (CareRequest       *req,
                                             const CareEntity  *entity,
                                             const char        *id);
/* Insert/update with the server's rules (computed fields, references, audit). */
gboolean     care_server_save               (CareRequest       *req,
                                             CareRecord        *record,
                                             gboolean           create);
/* The same, without answering the request: on failure either *invalid
 * holds the fields' problems (422) or error is set (care_request_gerror()). */
gboolean     care_server_save_record        (CareRequest       *req,
                                             CareRecord        *record,
                                             gboolean           create,
                                             CareValidation   **invalid,
                                             GError           **error);
/* Answers a refusal of core's rules (takes rule_error): 422 naming the
 * field, or 409 for the record's state, in core's words. */
void         care_request_refusal           (CareRequest       *req,
                                             GError            *rule_error,
                                             const CareEntity  *entity);
/* Deletes with the server's rules (the last admin, one's own account,
 * invoice totals, audit), without answering; in its own transaction. */
gboolean     care_server_delete_record      (CareRequest       *req,
                                             CareRecord        *stored,
                                             GError           **error);
/* Whether the signed-in staff member may write record over before
 * directly (care_access_check_write(): permission, ownership, authorship);
 * record NULL: a deletion. The generic routes and the sync push ask; the
 * named actions have their own permission. On failure as
 * care_server_save_record(). */
gboolean     care_server_check_access       (CareRequest       *req,
                                             CareRecord        *before,
                                             CareRecord        *record,
                                             CareValidation   **invalid,
                                             GError           **error);
/* Applies the members of a JSON body onto record, each problem to v under
 * its field's name; stored: the record as stored (a change) or NULL (a new
 * one); extra: members the caller reads itself. */
void         care_server_apply_body         (CareRequest       *req,
                                             CareRecord        *record,
                                             const CareRecord  *stored,
                                             JsonObject        *body,
                                             const char *const *extra,
                                             CareValidation    *v);
/* The canonical text of a JSON value for field, or NULL with *problem set
 * (a message for the field) when the value does not fit. */
char        *care_server_json_to_text       (const CareField   *field,
                                             JsonNode          *node,
                                             char             **problem);
gboolean     care_patient_may_see           (CareRequest       *req,
                                             CareRecord        *record);
void         care_server_notify             (CareRequest       *req,
                                             const char        *user_id,
                                             const char        *kind,
                                             const char        *message,
                                             const char        *link_entity,
                                             const char        *link_id);

/* --- care-server-actions.c ---------------------------------------------- */

void         care_server_actions_register   (CareServer        *server);

/* --- care-server-fhir.c ------------------------------------------------- */

void         care_server_fhir_register      (CareServer        *server);

/* --- care-server-sync.c ------------------------------------------------- */

void         care_server_sync_register      (CareServer        *server);
/* Prunes old tombstones now and from time to time (serving processes only). */
void         care_server_sync_start         (CareServer        *server);
/* Closes the live sockets (shutting down). */
void         care_server_sync_drain         (CareServer        *server);
void         care_server_sync_free          (CareServer        *server);

/* --- care-server-history.c ---------------------------------------------- */

/* The sync history's generation travels in this header both ways: the
 * server's in every sync answer, the workstation's in its requests. */
#define CARE_SYNC_GENERATION_HEADER "Caredesk-Sync-Generation"

/* Reads the generation (making the first), and starts a new one when the
 * database is behind the history this server handed out. */
void         care_server_history_open       (CareServer        *server);
char        *care_server_history_generation (CareServer        *server);
/* Records, before an answer hands it out, that sequences up to seq exist. */
void         care_server_history_publish    (CareServer        *server,
                                             gint64             seq);
/* Sets the answer's generation header; TRUE if the request named it. */
gboolean     care_server_history_stamp      (CareRequest       *req);
/* A workstation's cursor is ahead of this history: a restore. */
void         care_server_history_cursor_ahead (CareRequest     *req,
                                               gint64           cursor,
                                               gint64           head);

/* --- care-server-openapi.c ---------------------------------------------- */

void         care_server_openapi_register   (CareServer        *server);
JsonNode    *care_server_openapi_build      (CareServer        *server);

/* --- care-server-mail.c ------------------------------------------------- */

/* Sends in a worker thread; failures are logged. */
void         care_server_send_mail          (CareServerConfig  *config,
                                             const char        *to,
                                             const char        *subject,
                                             const char        *body);

/* --- care-server-reminders.c -------------------------------------------- */

/* Watches the clock's minutes and mails patients their reminders
 * (reminder-hours before an appointment); runs once at once. */
void         care_server_reminders_start    (CareServer        *server);
void         care_server_reminders_stop     (CareServer        *server);
/* One round: every reminder due now that has not been sent. */
void         care_server_reminders_run      (CareServer        *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareRequest, care_request_unref)

G_END_DECLS

/* care-server-actions.c: the named actions, roles, reports and the audit log
 *
 * Each action is a small state change on top of the generic rules: it
 * loads the record of the caller's clinic, checks the state it starts from
 * (409 otherwise), changes it and saves through care_server_save(), which
 * validates, audits and notifies like any other write.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server-actions"

#include "config.h"

#include "care-clock.h"

#include <stdarg.h>
#include <string.h>

#include "care-server-anchor.h"
#include "care-server-private.h"

static const CareEntity *
E (const char *name)
{
  return care_schema_lookup (name);
}

static CareRecord *
load (CareRequest *req,
      const char  *entity)
{
  return care_request_get_record (req, E (entity), req->params[0]);
}

static gboolean
status_is (CareRequest       *req,
           CareRecord        *record,
           const char *const *allowed,
           const char        *action)
{
  const char *status = care_record_get (record, "status");
  g_autofree char *list = NULL;
  g_autofree char *message = NULL;

  if (g_strv_contains (allowed, status ? status : ""))
    return TRUE;
  list = g_strjoinv (", ", (char **) allowed);
  message = g_strdup_printf ("Cannot %s: the status is “%s” (it must be one of %s).", action, status ? status : "none", list);
  care_request_error (req, 409, message);
  return FALSE;
}

static JsonObject *
optional_body (CareRequest *req,
               gboolean    *failed)
{
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  JsonObject *object;

  *failed = FALSE;
  if (body->length == 0)
    return NULL;
  object = care_request_body_object (req);
  *failed = object == NULL;
  return object;
}

static gboolean
only_members (CareRequest       *req,
              JsonObject        *body,
              const char *const *allowed)
{
  g_autoptr(GList) members = body ? json_object_get_members (body) : NULL;

  for (GList *l = members; l; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        care_request_field_error (req, 422, "The request has a field this action does not take.", l->data, "Unknown field.");
        return FALSE;
      }
  return TRUE;
}

static void
save_and_respond (CareRequest *req,
                  CareRecord  *record)
{
  if (care_server_save (req, record, FALSE))
    care_request_respond_record (req, 200, record);
}

static char *
now_text (void)
{
  return care_now_iso8601 ();
}

/* --- appointments ------------------------------------------------------- */

/* An optional string member of an action's body; FALSE (answered) when it
 * is not a string. */
static gboolean
text_member (CareRequest *req,
             JsonObject  *body,
             const char  *name,
             const char **value)
{
  JsonNode *n = body ? json_object_get_member (body, name) : NULL;

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    {
      care_request_field_error (req, 422, "A field has the wrong type.", name, "Expected a string.");
      return FALSE;
    }
  *value = json_node_get_string (n);
  return TRUE;
}

/* Which changes are allowed, and what comes with them (the time of
 * checking in, the reason for cancelling), is core's (care-appointments.h);
 * the same rule runs again when the appointment is saved, as for PATCH. */
static void
appointment_transition (CareRequest *req,
                        const char  *to)
{
  static const char *const allowed[] = { "reason", "notes", NULL };
  g_autoptr(CareRecord) a = load (req, "appointment");
  const char *reason = NULL;
  const char *notes = NULL;
  GError *error = NULL;
  gboolean failed;
  JsonObject *body;

  if (a == NULL)
    return;
  body = optional_body (req, &failed);
  if (failed || !only_members (req, body, allowed))
    return;
  if (!text_member (req, body, "reason", &reason) || !text_member (req, body, "notes", &notes))
    return;
  if (!care_appointments_step (a, to, reason, &error))
    {
      care_request_refusal (req, error, E ("appointment"));
      return;
    }
  if (notes)
    {
      g_autofree char *all = care_record_get (a, "notes") ? g_strdup_printf ("%s\n%s", care_record_get (a, "notes"), notes)
                                                          : g_strdup (notes);
      care_record_set (a, "notes", all);
    }
  save_and_respond (req, a);
}

/* An action that writes several records does it in one transaction; when
 * the storage cannot open or commit it, the request gets the storage's
 * error. */
static gboolean
action_begin (CareRequest *req)
{
  CareServerStorage *st = req->server->storage;
  g_autoptr(GError) error = NULL;

  if (st->v->begin (st, &error))
    return TRUE;
  care_request_gerror (req, error, NULL);
  return FALSE;
}

static gboolean
action_commit (CareRequest *req)
{
  CareServerStorage *st = req->server->storage;
  g_autoptr(GError) error = NULL;

  if (st->v->commit (st, &error))
    return TRUE;
  care_request_gerror (req, error, NULL);
  return FALSE;
}

static void
route_appointment_accept (CareRequest *req)
{
  appointment_transition (req, "accepted");
}

static void
route_appointment_reject (CareRequest *req)
{
  appointment_transition (req, "rejected");
}

static void
route_appointment_check_in (CareRequest *req)
{
  appointment_transition (req, "checked_in");
}

static void
route_appointment_complete (CareRequest *req)
{
  appointment_transition (req, "completed");
}

static void
route_appointment_cancel (CareRequest *req)
{
  /* A patient cancels their own (load() finds no one else's) only where
   * core allows it from the portal. */
  if (req->claims.is_patient)
    {
      g_autoptr(CareRecord) a = load (req, "appointment");
      GError *error = NULL;

      if (a == NULL)
        return;
      if (!care_kiosk_check_cancel (a, &error))
        {
          care_request_refusal (req, error, E ("appointment"));
          return;
        }
    }
  appointment_transition (req, "cancelled");
}

/* --- beds --------------------------------------------------------------- */

static CareRecord *
active_allocation (CareRequest *req,
                   const char  *bed_id)
{
  CareServerStorage *st = req->server->storage;
  CareServerFilter filters[] = { { "bed_id", bed_id }, { "status", "active" } };
  CareServerQuery q = { .entity = E ("bed_allocation"), .filters = filters, .n_filters = 2, .limit = 1 };
  g_autoptr(GPtrArray) rows = st->v->list (st, req->claims.tenant_id, &q, NULL, NULL);

  if (rows == NULL || rows->len == 0)
    return NULL;
  return care_record_ref (g_ptr_array_index (rows, 0));
}

/* Which beds take a patient and how admissions end is core's
 * (care-beds.h); the same rules run again when each record is saved. */
static gboolean
save_all (CareRequest *req,
          CareRecord  *created,
          ...)
{
  CareServerStorage *st = req->server->storage;
  va_list args;
  CareRecord *record;
  gboolean ok = created == NULL || care_server_save (req, created, TRUE);

  va_start (args, created);
  while (ok && (record = va_arg (args, CareRecord *)))
    ok = care_server_save (req, record, FALSE);
  va_end (args);
  if (!ok)
    st->v->rollback (st);
  return ok;
}

static void
route_bed_allocate (CareRequest *req)
{
  static const char *const allowed[] = { "patient_id", "reason", NULL };
  CareServerStorage *st = req->server->storage;
  g_autoptr(CareRecord) bed = load (req, "bed");
  g_autoptr(CareRecord) allocation = NULL;
  JsonObject *body;
  gboolean failed = FALSE;
  const char *patient_id, *reason;
  GError *error = NULL;

  if (bed == NULL || (body = care_request_body_object (req)) == NULL || !only_members (req, body, allowed))
    return;
  patient_id = care_request_string_member (req, body, "patient_id", TRUE, &failed);
  reason = care_request_string_member (req, body, "reason", FALSE, &failed);
  if (failed || !action_begin (req))
    return;
  /* The bed is read again inside the transaction: two admissions to one
   * bed through two server processes wait for each other (on PostgreSQL,
   * the clinic lock) and the second finds the bed taken. */
  g_clear_pointer (&bed, care_record_unref);
  if ((bed = load (req, "bed")) == NULL)
    {
      st->v->rollback (st);
      return;
    }
  allocation = care_beds_admit (bed, patient_id, reason, req->claims.user_id, &error);
  if (allocation == NULL)
    {
      st->v->rollback (st);
      care_request_refusal (req, error, E ("bed"));
      return;
    }
  if (save_all (req, allocation, bed, NULL) && action_commit (req))
    care_request_respond_record (req, 201, allocation);
}

static void
route_bed_release (CareRequest *req)
{
  g_autoptr(CareRecord) bed = load (req, "bed");
  g_autoptr(CareRecord) allocation = NULL;
  GError *error = NULL;

  if (bed == NULL)
    return;
  allocation = active_allocation (req, care_record_get_id (bed));
  if (!care_beds_discharge (bed, allocation, &error))
    {
      care_request_refusal (req, error, E ("bed_allocation"));
      return;
    }
  if (action_begin (req) && save_all (req, NULL, allocation, bed, NULL) && action_commit (req))
    care_request_respond_record (req, 200, allocation);
}

static void
route_bed_transfer (CareRequest *req)
{
  static const char *const allowed[] = { "to_bed_id", "reason", NULL };
  CareServerStorage *st = req->server->storage;
  g_autoptr(CareRecord) bed = load (req, "bed");
  g_autoptr(CareRecord) target = NULL;
  g_autoptr(CareRecord) old = NULL;
  g_autoptr(CareRecord) next = NULL;
  JsonObject *body;
  gboolean failed = FALSE;
  const char *to, *reason;
  GError *error = NULL;

  if (bed == NULL || (body = care_request_body_object (req)) == NULL || !only_members (req, body, allowed))
    return;
  to = care_request_string_member (req, body, "to_bed_id", TRUE, &failed);
  reason = care_request_string_member (req, body, "reason", FALSE, &failed);
  if (failed)
    return;
  target = st->v->get (st, req->claims.tenant_id, E ("bed"), to, NULL);
  if (target == NULL)
    {
      care_request_field_error (req, 422, "There is no such bed in this clinic.", "to_bed_id", "No such bed.");
      return;
    }
  old = active_allocation (req, care_record_get_id (bed));
  next = care_beds_transfer (bed, old, target, reason, req->claims.user_id, &error);
  if (next == NULL)
    {
      care_request_refusal (req, error, E ("bed"));
      return;
    }
  if (action_begin (req) && save_all (req, NULL, old, NULL) && save_all (req, next, bed, target, NULL) &&
      action_commit (req))
    care_request_respond_record (req, 201, next);
}

/* --- lab ---------------------------------------------------------------- */

/* The steps of a lab test are core's (care-lab.h). */
static void
route_lab_status (CareRequest *req)
{
  static const char *const allowed[] = { "status", "technician_id", "notes", "cancel_reason", NULL };
  g_autoptr(CareRecord) test = load (req, "lab_test");
  JsonObject *body;
  gboolean failed = FALSE;
  const char *to, *technician, *notes, *reason;
  gboolean ok;
  GError *error = NULL;

  if (test == NULL || (body = care_request_body_object (req)) == NULL || !only_members (req, body, allowed))
    return;
  to = care_request_string_member (req, body, "status", TRUE, &failed);
  technician = care_request_string_member (req, body, "technician_id", FALSE, &failed);
  notes = care_request_string_member (req, body, "notes", FALSE, &failed);
  reason = care_request_string_member (req, body, "cancel_reason", FALSE, &failed);
  if (failed)
    return;
  if (g_strcmp0 (to, "cancelled") == 0)
    ok = care_lab_cancel (test, reason, &error);
  else
    ok = care_lab_set_status (test, to, technician, req->claims.user_id, &error);
  if (!ok)
    {
      care_request_refusal (req, error, E ("lab_test"));
      return;
    }
  if (notes)
    care_record_set (test, "notes", notes);
  save_and_respond (req, test);
}

static void
route_lab_review (CareRequest *req)
{
  static const char *const allowed[] = { "notes", NULL };
  g_autoptr(CareRecord) test = load (req, "lab_test");
  JsonObject *body;
  gboolean failed;
  GError *error = NULL;

  if (test == NULL)
    return;
  body = optional_body (req, &failed);
  if (failed || !only_members (req, body, allowed))
    return;
  if (!care_lab_review (test, req->claims.user_id, &error))
    {
      care_request_refusal (req, error, E ("lab_test"));
      return;
    }
  if (body && json_object_has_member (body, "notes"))
    {
      const char *notes = care_request_string_member (req, body, "notes", FALSE, &failed);
      if (failed)
        return;
      care_record_set (test, "notes", notes);
    }
  save_and_respond (req, test);
}

static void
route_lab_results (CareRequest *req)
{
  static const char *const allowed[] = { "results", "complete", NULL };
  CareServerStorage *st = req->server->storage;
  g_autoptr(CareRecord) test = load (req, "lab_test");
  g_autoptr(GError) error = NULL;
  GError *refused = NULL;
  JsonObject *body;
  JsonNode *results;
  JsonArray *out;
  JsonNode *node;
  JsonArray *array;

  if (test == NULL || (body = care_request_body_object (req)) == NULL || !only_members (req, body, allowed))
    return;
  results = json_object_get_member (body, "results");
  if (results == NULL || !JSON_NODE_HOLDS_ARRAY (results) || json_array_get_length (json_node_get_array (results)) == 0 ||
      json_array_get_length (json_node_get_array (results)) > 200)
    {
      care_request_field_error (req, 422, "Give the results as an array of 1 to 200 objects.", "results", "Expected an array of results.");
      return;
    }
  if (!care_lab_check_results (test, &refused))
    {
      care_request_refusal (req, refused, E ("lab_test"));
      return;
    }
  array = json_node_get_array (results);
  out = json_array_new ();
  if (!st->v->begin (st, &error))
    {
      json_array_unref (out);
      care_request_gerror (req, error, NULL);
      return;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autoptr(CareRecord) result = NULL;
      g_autoptr(JsonObject) copy = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          g_autofree char *field = g_strdup_printf ("results[%u]", i);
          st->v->rollback (st);
          json_array_unref (out);
          care_request_field_error (req, 422, "Each result must be an object.", field, "Expected an object.");
          return;
        }
      copy = json_object_ref (json_node_get_object (item));
      if (json_object_has_member (copy, "lab_test_id") || json_object_has_member (copy, "flag"))
        {
          g_autofree char *field = g_strdup_printf ("results[%u].%s", i, json_object_has_member (copy, "flag") ? "flag" : "lab_test_id");
          st->v->rollback (st);
          json_array_unref (out);
          care_request_field_error (req, 422, "This is set by the server.", field, "Set by the server.");
          return;
        }
      result = care_record_new_from_json (E ("lab_result"), copy, &error);
      if (result == NULL)
        {
          g_autofree char *field = g_strdup_printf ("results[%u]", i);
          st->v->rollback (st);
          json_array_unref (out);
          care_request_field_error (req, 422, error->message, field, error->message);
          return;
        }
      care_record_set (result, CARE_COLUMN_ID, NULL);
      for (guint k = 0; k < CARE_N_SYSTEM_COLUMNS; k++)
        care_record_set (result, care_system_column_name (k), NULL);
      care_record_set (result, "lab_test_id", care_record_get_id (test));
      if (!care_server_save (req, result, TRUE))
        {
          st->v->rollback (st);
          json_array_unref (out);
          return;
        }
      json_array_add_object_element (out, care_record_to_json (result));
    }
  /* Completing tells the doctor who asked (core's notifications). */
  if ((!json_object_has_member (body, "complete") || json_object_get_boolean_member (body, "complete")) &&
      g_strcmp0 (care_record_get (test, "status"), "completed") != 0)
    {
      if (!care_lab_set_status (test, "completed", NULL, req->claims.user_id, &refused))
        {
          st->v->rollback (st);
          json_array_unref (out);
          care_request_refusal (req, refused, E ("lab_test"));
          return;
        }
      if (!care_server_save (req, test, FALSE))
        {
          st->v->rollback (st);
          json_array_unref (out);
          return;
        }
    }
  if (!st->v->commit (st, &error))
    {
      json_array_unref (out);
      care_request_gerror (req, error, NULL);
      return;
    }
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, out);
  care_request_respond (req, 201, node, NULL);
}

/* --- pharmacy ----------------------------------------------------------- */

/* Dispensing, stock and refills are core's (care-pharmacy.h,
 * care-prescriptions.h). */
static gboolean
take_stock (CareRequest *req,
            CareRecord  *order,
            CareRecord  *item)
{
  CareServerStorage *st = req->server->storage;
  CareServerFilter filter = { "medicine_id", care_record_get (item, "medicine_id") };
  CareServerQuery q = { .entity = E ("stock_batch"), .filters = &filter, .n_filters = 1,
                        .sort = "expiry_date", .limit = 1000 };
  g_autoptr(GPtrArray) batches = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autoptr(GPtrArray) movements = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  GError *error = NULL;

  if (filter.value == NULL)
    return TRUE;
  batches = st->v->list (st, req->claims.tenant_id, &q, NULL, NULL);
  if (batches == NULL)
    batches = g_ptr_array_new ();
  if (!care_pharmacy_take_stock (item, batches, req->claims.user_id, care_record_get_id (order), changed, movements, &error))
    {
      care_request_refusal (req, error, E ("stock_batch"));
      return FALSE;
    }
  for (guint i = 0; i < changed->len; i++)
    if (!care_server_save (req, g_ptr_array_index (changed, i), FALSE))
      return FALSE;
  for (guint i = 0; i < movements->len; i++)
    if (!care_server_save (req, g_ptr_array_index (movements, i), TRUE))
      return FALSE;
  return TRUE;
}

static void
route_dispense (CareRequest *req)
{
  CareServerStorage *st = req->server->storage;
  g_autoptr(CareRecord) order = load (req, "pharmacy_order");
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  GError *refused = NULL;
  CareServerFilter filter = { "prescription_id", NULL };
  CareServerQuery q = { .entity = E ("prescription_item"), .filters = &filter, .n_filters = 1, .limit = 1000 };

  if (order == NULL)
    return;
  if (!care_pharmacy_dispense (order, req->claims.user_id, &refused))
    {
      care_request_refusal (req, refused, E ("pharmacy_order"));
      return;
    }
  filter.value = care_record_get (order, "prescription_id");
  items = st->v->list (st, req->claims.tenant_id, &q, NULL, &error);
  if (items == NULL)
    {
      care_request_gerror (req, error, NULL);
      return;
    }
  if (!action_begin (req))
    return;
  for (guint i = 0; i < items->len; i++)
    if (!take_stock (req, order, g_ptr_array_index (items, i)))
      {
        st->v->rollback (st);
        return;
      }
  if (save_all (req, NULL, order, NULL) && action_commit (req))
    care_request_respond_record (req, 200, order);
}

static void
refill_decide (CareRequest *req,
               gboolean     approve)
{
  static const char *const allowed[] = { "reason", NULL };
  CareServerStorage *st = req->server->storage;
  g_autoptr(CareRecord) refill = load (req, "refill_request");
  g_autoptr(CareRecord) rx = NULL;
  g_autoptr(CareRecord) made = NULL;
  JsonObject *body;
  gboolean failed;
  GError *error = NULL;

  if (refill == NULL)
    return;
  body = optional_body (req, &failed);
  if (failed || !only_members (req, body, allowed))
    return;
  if (!approve)
    {
      const char *reason = body ? care_request_string_member (req, body, "reason", FALSE, &failed) : NULL;

      if (failed)
        return;
      made = care_prescriptions_refuse_refill (refill, reason, req->claims.user_id, &error)
             ? care_record_ref (refill) : NULL;
    }
  else
    {
      rx = st->v->get (st, req->claims.tenant_id, E ("prescription"), care_record_get (refill, "prescription_id"), NULL);
      made = care_prescriptions_decide_refill (refill, rx, approve, req->claims.user_id, &error);
    }
  if (made == NULL)
    {
      care_request_refusal (req, error, E ("refill_request"));
      return;
    }
  if (!action_begin (req))
    return;
  if (approve && !(save_all (req, NULL, rx, NULL) && save_all (req, made, NULL)))
    return;
  if (save_all (req, NULL, refill, NULL) && action_commit (req))
    care_request_respond_record (req, 200, refill);
}

static void
route_refill_approve (CareRequest *req)
{
  refill_decide (req, TRUE);
}

static void
route_refill_reject (CareRequest *req)
{
  refill_decide (req, FALSE);
}

/* --- billing ------------------------------------------------------------ */

/* The invoice's rules are core's (care-billing.h): they run when the
 * invoice or the payment is saved, as for PATCH and the sync push. */
static void
route_invoice_payment (CareRequest *req)
{
  g_autoptr(CareRecord) invoice = load (req, "invoice");
  g_autoptr(CareRecord) payment = NULL;
  g_autoptr(CareValidation) v = care_validation_new ();
  g_autoptr(CareValidation) invalid = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;

  if (invoice == NULL || (body = care_request_body_object (req)) == NULL)
    return;
  if (json_object_has_member (body, "invoice_id"))
    {
      care_request_field_error (req, 422, "The invoice is given by the path.", "invoice_id", "Leave this out.");
      return;
    }
  /* Read as POST /payments reads it: every problem names its field. */
  payment = care_record_new (E ("payment"));
  care_server_apply_body (req, payment, NULL, body, NULL, v);
  if (!care_validation_is_valid (v))
    {
      care_request_validation_error (req, v, E ("payment"));
      return;
    }
  care_record_set (payment, "invoice_id", care_record_get_id (invoice));
  /* received_by is whoever records it, as on POST /payments. */
  if (!care_server_check_access (req, NULL, payment, &invalid, &error))
    {
      if (invalid)
        care_request_validation_error (req, invalid, E ("payment"));
      else
        care_request_gerror (req, error, E ("payment"));
      return;
    }
  if (care_server_save (req, payment, TRUE))
    care_request_respond_record (req, 201, payment);
}

static void
route_invoice_issue (CareRequest *req)
{
  g_autoptr(CareRecord) invoice = load (req, "invoice");
  GError *error = NULL;

  if (invoice == NULL)
    return;
  /* Saving an unchanged status changes nothing: say why it cannot. */
  if (!care_billing_is_editable (invoice) && !care_billing_check_issue (invoice, NULL, &error))
    {
      care_request_refusal (req, error, E ("invoice"));
      return;
    }
  care_record_set (invoice, "status", "issued");
  save_and_respond (req, invoice);
}

static void
route_invoice_void (CareRequest *req)
{
  static const char *const allowed[] = { "reason", NULL };
  g_autoptr(CareRecord) invoice = load (req, "invoice");
  JsonObject *body;
  gboolean failed = FALSE;
  const char *reason;

  if (invoice == NULL || (body = care_request_body_object (req)) == NULL || !only_members (req, body, allowed))
    return;
  reason = care_request_string_member (req, body, "reason", FALSE, &failed);
  if (failed)
    return;
  if (g_strcmp0 (care_record_get (invoice, "status"), "void") == 0)
    {
      GError *error = NULL;

      care_billing_decide_void (invoice, reason, &error);
      care_request_refusal (req, error, E ("invoice"));
      return;
    }
  care_record_set (invoice, "status", "void");
  care_record_set (invoice, "void_reason", reason);
  save_and_respond (req, invoice);
}

/* --- alerts, notifications, messages, forms ----------------------------- */

static void
alert_transition (CareRequest *req,
                  const char  *to)
{
  g_autoptr(CareRecord) alert = load (req, "emergency_alert");
  GError *error = NULL;

  if (alert == NULL)
    return;
  if (!care_alerts_step (alert, to, req->claims.user_id, &error))
    {
      care_request_refusal (req, error, E ("emergency_alert"));
      return;
    }
  save_and_respond (req, alert);
}

static void
route_alert_acknowledge (CareRequest *req)
{
  alert_transition (req, "acknowledged");
}

/* Body: {"outcome": "how it ended"}, which core requires. */
static void
route_alert_resolve (CareRequest *req)
{
  g_autoptr(CareRecord) alert = NULL;
  JsonObject *body = care_request_body_object (req);
  GError *error = NULL;

  if (body == NULL)
    return;
  alert = load (req, "emergency_alert");
  if (alert == NULL)
    return;
  if (!care_alerts_resolve (alert, json_object_get_string_member_with_default (body, "outcome", NULL),
                            req->claims.user_id, &error))
    {
      care_request_refusal (req, error, E ("emergency_alert"));
      return;
    }
  save_and_respond (req, alert);
}

static void
notification_mark (CareRequest *req,
                   gboolean     read)
{
  g_autoptr(CareRecord) n = load (req, "notification");

  if (n == NULL)
    return;
  if (g_strcmp0 (care_record_get (n, "user_id"), req->claims.user_id) != 0)
    {
      care_request_error (req, 403, "This notification is someone else's.");
      return;
    }
  care_notifications_mark (n, read);
  save_and_respond (req, n);
}

static void
route_notification_read (CareRequest *req)
{
  notification_mark (req, TRUE);
}

static void
route_notification_unread (CareRequest *req)
{
  notification_mark (req, FALSE);
}

static void
route_notifications_read_all (CareRequest *req)
{
  CareServerStorage *st = req->server->storage;
  CareServerFilter filters[] = { { "user_id", req->claims.user_id }, { "read", "0" } };
  CareServerQuery q = { .entity = E ("notification"), .filters = filters, .n_filters = 2, .limit = 10000 };
  g_autoptr(GPtrArray) rows = st->v->list (st, req->claims.tenant_id, &q, NULL, NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *out = json_object_new ();
  JsonNode *node;

  if (!st->v->begin (st, &error))
    {
      json_object_unref (out);
      care_request_gerror (req, error, NULL);
      return;
    }
  for (guint i = 0; rows && i < rows->len; i++)
    {
      CareRecord *n = g_ptr_array_index (rows, i);

      care_notifications_mark (n, TRUE);
      if (!st->v->update (st, req->claims.tenant_id, req->claims.user_id, n, &error))
        {
          st->v->rollback (st);
          json_object_unref (out);
          care_request_gerror (req, error, NULL);
          return;
        }
    }
  if (!st->v->commit (st, &error))
    {
      json_object_unref (out);
      care_request_gerror (req, error, NULL);
      return;
    }
  json_object_set_int_member (out, "marked", rows ? rows->len : 0);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, out);
  care_request_respond (req, 200, node, NULL);
}

static void
route_message_read (CareRequest *req)
{
  g_autoptr(CareRecord) m = load (req, "message");

  if (m == NULL)
    return;
  if (g_strcmp0 (care_record_get (m, "recipient_id"), req->claims.user_id) != 0)
    {
      care_request_error (req, 403, "Only the recipient can mark a message as read.");
      return;
    }
  care_messages_mark_read (m);
  save_and_respond (req, m);
}

static void
route_form_review (CareRequest *req)
{
  static const char *const allowed[] = { "status", "review_notes", NULL };
  g_autoptr(CareRecord) form = load (req, "form_submission");
  JsonObject *body;
  gboolean failed = FALSE;
  const char *status, *notes;
  GError *error = NULL;

  if (form == NULL || (body = care_request_body_object (req)) == NULL || !only_members (req, body, allowed))
    return;
  status = care_request_string_member (req, body, "status", TRUE, &failed);
  notes = care_request_string_member (req, body, "review_notes", FALSE, &failed);
  if (failed)
    return;
  if (!care_forms_review (form, status, req->claims.user_id, notes, &error))
    {
      care_request_refusal (req, error, E ("form_submission"));
      return;
    }
  save_and_respond (req, form);
}

/* The forms a patient may fill in: the clinic's active templates, which
 * hold no one's data. */
static void
route_form_templates_offered (CareRequest *req)
{
  CareServerStorage *st = req->server->storage;
  CareServerFilter filters[] = { { "active", "1" } };
  CareServerQuery q = { .entity = E ("form_template"), .filters = filters, .n_filters = 1, .limit = 200 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = st->v->list (st, req->claims.tenant_id, &q, NULL, &error);

  if (rows == NULL)
    {
      care_request_gerror (req, error, E ("form_template"));
      return;
    }
  care_request_respond_records (req, 200, rows, NULL);
}

/* --- attendance --------------------------------------------------------- */

static CareRecord *
open_attendance (CareRequest *req)
{
  CareServerStorage *st = req->server->storage;
  CareServerFilter filters[] = { { "user_id", req->claims.user_id } };
  CareServerQuery q = { .entity = E ("attendance"), .filters = filters, .n_filters = 1,
                        .sort = "check_in", .descending = TRUE, .limit = 1 };
  g_autoptr(GPtrArray) rows = st->v->list (st, req->claims.tenant_id, &q, NULL, NULL);

  if (rows && rows->len && care_record_get (g_ptr_array_index (rows, 0), "check_out") == NULL)
    return care_record_ref (g_ptr_array_index (rows, 0));
  return NULL;
}

/* Checking in and out is core's (care-attendance.h). */
static void
route_check_in (CareRequest *req)
{
  g_autoptr(CareRecord) open = open_attendance (req);
  g_autoptr(CareRecord) a = NULL;
  GError *error = NULL;

  a = care_attendance_check_in (open, req->claims.user_id, &error);
  if (a == NULL)
    care_request_refusal (req, error, E ("attendance"));
  else if (care_server_save (req, a, TRUE))
    care_request_respond_record (req, 201, a);
}

static void
route_check_out (CareRequest *req)
{
  g_autoptr(CareRecord) open = open_attendance (req);
  GError *error = NULL;

  if (!care_attendance_check_out (open, &error))
    {
      care_request_refusal (req, error, E ("attendance"));
      return;
    }
  save_and_respond (req, open);
}

/* --- staff, roles and requests ------------------------------------------ */

static void
user_set_active (CareRequest *req,
                 gboolean     active)
{
  CareServerStorage *st = req->server->storage;
  g_autoptr(CareRecord) user = load (req, "user");

  /* Never the last active administrator: core's rule (care-access.c). */
  if (user == NULL)
    return;
  care_record_set (user, "active", active ? "1" : "0");
  if (active)
    care_record_set (user, "failed_logins", "0");
  if (!care_server_save (req, user, FALSE))
    return;
  if (!active)
    {
      st->v->subject_revoke (st, care_record_get_id (user), "deactivated");
      care_server_bump_generation (req->server);
    }
  care_request_respond_record (req, 200, user);
}

static void
route_user_activate (CareRequest *req)
{
  user_set_active (req, TRUE);
}

static void
route_user_deactivate (CareRequest *req)
{
  user_set_active (req, FALSE);
}

static gboolean
valid_role (const char *role)
{
  return role && g_strv_contains (care_schema_roles (), role);
}

static JsonObject *
role_permissions (CareRequest *req,
                  const char  *role)
{
  JsonObject *perms = json_object_new ();

  for (const char *const *p = care_schema_permissions (); *p; p++)
    json_object_set_boolean_member (perms, *p, care_server_role_can (req->server, req->claims.tenant_id, role, *p));
  return perms;
}

static void
route_roles (CareRequest *req)
{
  JsonArray *roles = json_array_new ();
  JsonNode *node;

  for (const char *const *r = care_schema_roles (); *r; r++)
    {
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "role", *r);
      json_object_set_string_member (o, "label", care_role_label (*r));
      json_object_set_object_member (o, "permissions", role_permissions (req, *r));
      json_array_add_object_element (roles, o);
    }
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, roles);
  care_request_respond (req, 200, node, NULL);
}

static void
route_role_get (CareRequest *req)
{
  JsonObject *o;
  JsonNode *node;

  if (!valid_role (req->params[0]))
    {
      care_request_error (req, 404, "There is no such role.");
      return;
    }
  o = json_object_new ();
  json_object_set_string_member (o, "role", req->params[0]);
  json_object_set_object_member (o, "permissions", role_permissions (req, req->params[0]));
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, o);
  care_request_respond (req, 200, node, NULL);
}

static void
route_role_put (CareRequest *req)
{
  CareServerStorage *st = req->server->storage;
  const char *role = req->params[0];
  JsonObject *body, *perms;
  JsonNode *member;
  g_autoptr(GList) names = NULL;
  g_autoptr(GError) error = NULL;

  if (!valid_role (role))
    {
      care_request_error (req, 404, "There is no such role.");
      return;
    }
  if ((body = care_request_body_object (req)) == NULL)
    return;
  member = json_object_get_member (body, "permissions");
  perms = member && JSON_NODE_HOLDS_OBJECT (member) ? json_node_get_object (member) : NULL;
  if (perms == NULL || json_object_get_size (body) != 1)
    {
      care_request_field_error (req, 422, "Send {\"permissions\": {\"<permission>\": true|false, …}}.", "permissions",
                                "Expected an object of permission names to true or false.");
      return;
    }
  names = json_object_get_members (perms);
  for (GList *l = names; l; l = l->next)
    {
      JsonNode *v = json_object_get_member (perms, l->data);
      g_autofree char *field = g_strdup_printf ("permissions.%s", (const char *) l->data);

      if (!g_strv_contains (care_schema_permissions (), l->data))
        {
          care_request_field_error (req, 422, "There is no such permission.", field, "Unknown permission.");
          return;
        }
      if (!JSON_NODE_HOLDS_VALUE (v) || json_node_get_value_type (v) != G_TYPE_BOOLEAN)
        {
          care_request_field_error (req, 422, "A permission is true or false.", field, "Expected true or false.");
          return;
        }
      if (!care_access_check_matrix (role, l->data, json_node_get_boolean (v), &error))
        {
          care_request_field_error (req, 422, error->message, field, care_rule_error_get_detail (error));
          return;
        }
    }
  if (!action_begin (req))
    return;
  for (GList *l = names; l; l = l->next)
    if (!st->v->set_role_permission (st, req->claims.tenant_id, req->claims.user_id, role, l->data,
                                     json_object_get_boolean_member (perms, l->data), &error))
      {
        st->v->rollback (st);
        care_request_gerror (req, error, NULL);
        return;
      }
  care_server_audit (req, "update", "role_permission", NULL);
  if (!action_commit (req))
    return;
  care_server_bump_generation (req->server);
  care_server_flush_generation (req->server);
  route_role_get (req);
}

static void
route_role_request_create (CareRequest *req)
{
  static const char *const allowed[] = { "requested_role", "reason", NULL };
  g_autoptr(CareRecord) r = care_record_new (E ("role_upgrade_request"));
  JsonObject *body;
  gboolean failed = FALSE;
  const char *role, *reason;

  if ((body = care_request_body_object (req)) == NULL || !only_members (req, body, allowed))
    return;
  role = care_request_string_member (req, body, "requested_role", TRUE, &failed);
  reason = care_request_string_member (req, body, "reason", FALSE, &failed);
  if (failed)
    return;
  care_record_set (r, "user_id", req->claims.user_id);
  care_record_set (r, "requested_role", role);
  care_record_set (r, "reason", reason);
  care_record_set (r, "status", "pending");
  if (care_server_save (req, r, TRUE))
    care_request_respond_record (req, 201, r);
}

static void
route_role_request_list (CareRequest *req)
{
  CareServerStorage *st = req->server->storage;
  CareServerFilter filter = { "user_id", req->claims.user_id };
  CareServerQuery q = { .entity = E ("role_upgrade_request"), .limit = 100, .descending = TRUE };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  JsonNode *node;

  if (!care_request_can (req, CARE_PERM_STAFF_MANAGEMENT))
    {
      q.filters = &filter;
      q.n_filters = 1;
    }
  rows = st->v->list (st, req->claims.tenant_id, &q, NULL, &error);
  if (rows == NULL)
    {
      care_request_gerror (req, error, NULL);
      return;
    }
  array = json_array_new ();
  for (guint i = 0; i < rows->len; i++)
    json_array_add_object_element (array, care_record_to_json (g_ptr_array_index (rows, i)));
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);
  care_request_respond (req, 200, node, NULL);
}

static void
role_request_decide (CareRequest *req,
                     gboolean     approve)
{
  CareServerStorage *st = req->server->storage;
  g_autoptr(CareRecord) r = load (req, "role_upgrade_request");
  g_autoptr(CareRecord) user = NULL;
  g_autofree char *now = now_text ();
  g_autofree char *text = NULL;

  if (r == NULL || !status_is (req, r, (const char *const[]) { "pending", NULL }, approve ? "approve" : "reject"))
    return;
  /* A refusal says why, for the staff member to read. */
  if (!approve)
    {
      static const char *const allowed[] = { "decision_reason", NULL };
      JsonObject *body;
      gboolean failed = FALSE;

      if ((body = care_request_body_object (req)) == NULL || !only_members (req, body, allowed))
        return;
      care_record_set (r, "decision_reason", care_request_string_member (req, body, "decision_reason", FALSE, &failed));
      if (failed)
        return;
    }
  user = st->v->get (st, req->claims.tenant_id, E ("user"), care_record_get (r, "user_id"), NULL);
  if (user == NULL)
    {
      care_request_error (req, 409, "The staff member of this request no longer exists.");
      return;
    }
  care_record_set (r, "status", approve ? "approved" : "rejected");
  care_record_set (r, "decided_by", req->claims.user_id);
  care_record_set (r, "decided_at", now);
  if (!action_begin (req))
    return;
  /* Core's rules first (not one's own request, a reason to refuse), so
   * that a refusal changes no role. */
  if (!care_server_save (req, r, FALSE))
    {
      st->v->rollback (st);
      return;
    }
  if (approve)
    {
      care_record_set (user, "role", care_record_get (r, "requested_role"));
      if (!care_server_save (req, user, FALSE))
        {
          st->v->rollback (st);
          return;
        }
      /* The old role is in the user's tokens: make them sign in again. */
      st->v->subject_revoke (st, care_record_get_id (user), "role");
      care_server_bump_generation (req->server);
    }
  text = g_strdup_printf ("Your request to become %s was %s.", care_role_label (care_record_get (r, "requested_role")),
                          approve ? "approved" : "rejected");
  care_server_notify (req, care_record_get_id (user), "system", text, "role_upgrade_request", care_record_get_id (r));
  if (!action_commit (req))
    return;
  care_request_respond_record (req, 200, r);
}

static void
route_role_request_approve (CareRequest *req)
{
  role_request_decide (req, TRUE);
}

static void
route_role_request_reject (CareRequest *req)
{
  role_request_decide (req, FALSE);
}

/* --- patient timeline --------------------------------------------------- */

/* Newest first; the stamps are canonical ISO text. */
static gint
compare_events (gconstpointer a,
                gconstpointer b)
{
  const char *x = json_object_get_string_member_with_default ((JsonObject *) a, "at", "");
  const char *y = json_object_get_string_member_with_default ((JsonObject *) b, "at", "");

  return g_strcmp0 (y ? y : "", x ? x : "");
}

static void
route_patient_timeline (CareRequest *req)
{
  static const struct { const char *entity; const char *when; const char *title; } parts[] = {
    { "appointment", "starts_at", "type" },
    { "clinical_note", "created_at", "title" },
    { "vitals", "recorded_at", NULL },
    { "lab_test", "created_at", "test_name" },
    { "prescription", "issued_on", NULL },
    { "imaging_study", "created_at", "body_part" },
    { "bed_allocation", "admitted_at", NULL },
    { "invoice", "issued_on", "number" },
  };
  CareServerStorage *st = req->server->storage;
  g_autoptr(CareRecord) patient = care_request_get_record (req, E ("patient"), req->params[0]);
  JsonArray *events;
  JsonNode *node;
  GList *list = NULL;

  if (patient == NULL)
    return;
  events = json_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      const CareEntity *entity = E (parts[i].entity);
      CareServerFilter filter = { "patient_id", care_record_get_id (patient) };
      CareServerQuery q = { .entity = entity, .filters = &filter, .n_filters = 1, .limit = 200,
                            .sort = parts[i].when, .descending = TRUE };
      g_autoptr(GPtrArray) rows = NULL;

      if (!care_request_can (req, entity->read_permission) && entity->read_permission)
        continue;
      rows = st->v->list (st, req->claims.tenant_id, &q, NULL, NULL);
      for (guint k = 0; rows && k < rows->len; k++)
        {
          CareRecord *r = g_ptr_array_index (rows, k);
          JsonObject *o = json_object_new ();
          g_autofree char *title = care_record_dup_title (r);

          json_object_set_string_member (o, "at", care_record_get (r, parts[i].when));
          json_object_set_string_member (o, "type", parts[i].entity);
          json_object_set_string_member (o, "id", care_record_get_id (r));
          json_object_set_string_member (o, "title", title);
          if (care_entity_field (entity, "status"))
            json_object_set_string_member (o, "status", care_record_get (r, "status"));
          list = g_list_prepend (list, o);
        }
    }
  list = g_list_sort (list, compare_events);
  for (GList *l = list; l; l = l->next)
    json_array_add_object_element (events, l->data);
  g_list_free (list);
  care_server_audit (req, "read", "patient", care_record_get_id (patient));
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, events);
  care_request_respond (req, 200, node, NULL);
}

/* --- reports ------------------------------------------------------------ */

static void
report (CareRequest *req,
        const char  *name)
{
  CareServerStorage *st = req->server->storage;
  g_autoptr(GError) error = NULL;
  const char *from = care_request_query (req, "from");
  const char *to = care_request_query (req, "to");
  const char *period = care_request_query (req, "period");
  const char *by = care_request_query (req, "by");
  JsonNode *data;
  JsonObject *meta;

  if (from && !g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", from, 0, 0))
    {
      care_request_field_error (req, 400, "from must be a date.", "from", "Enter the date as YYYY-MM-DD.");
      return;
    }
  if (to && !g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", to, 0, 0))
    {
      care_request_field_error (req, 400, "to must be a date.", "to", "Enter the date as YYYY-MM-DD.");
      return;
    }
  if (period && !g_strv_contains ((const char *const[]) { "week", "month", "year", NULL }, period))
    {
      care_request_field_error (req, 400, "period is week, month or year.", "period", "One of week, month, year.");
      return;
    }
  if (by && !g_strv_contains ((const char *const[]) { "condition", "country", "age_band", NULL }, by))
    {
      care_request_field_error (req, 400, "by is condition, country or age_band.", "by", "One of condition, country, age_band.");
      return;
    }
  data = st->v->report (st, req->claims.tenant_id, name, req->query, &error);
  if (data == NULL)
    {
      care_request_gerror (req, error, NULL);
      return;
    }
  meta = json_object_new ();
  json_object_set_string_member (meta, "report", name);
  if (from)
    json_object_set_string_member (meta, "from", from);
  if (to)
    json_object_set_string_member (meta, "to", to);
  if (g_str_equal (name, "earnings"))
    json_object_set_string_member (meta, "period", period ? period : "month");
  if (g_str_equal (name, "patients"))
    json_object_set_string_member (meta, "by", by ? by : "condition");
  care_server_audit (req, "export", name, NULL);
  care_request_respond (req, 200, data, meta);
}

static void
route_report_appointments (CareRequest *req)
{
  CareServerStorage *st = req->server->storage;
  g_autoptr(GError) error = NULL;
  JsonNode *by_status = st->v->report (st, req->claims.tenant_id, "appointments_by_status", req->query, &error);
  JsonNode *by_doctor = by_status ? st->v->report (st, req->claims.tenant_id, "appointments_by_doctor", req->query, &error) : NULL;
  JsonObject *o;
  JsonNode *node;

  if (by_doctor == NULL)
    {
      g_clear_pointer (&by_status, json_node_unref);
      care_request_gerror (req, error, NULL);
      return;
    }
  o = json_object_new ();
  json_object_set_member (o, "by_status", by_status);
  json_object_set_member (o, "by_doctor", by_doctor);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, o);
  care_request_respond (req, 200, node, NULL);
}

static void route_report_doctors (CareRequest *req) { report (req, "doctors"); }
static void route_report_earnings (CareRequest *req) { report (req, "earnings"); }
static void route_report_patients (CareRequest *req) { report (req, "patients"); }
static void route_report_dashboard (CareRequest *req) { report (req, "dashboard"); }

/* --- audit log ---------------------------------------------------------- */

static void
route_audit (CareRequest *req)
{
  static const char *const filters_allowed[] = { "actor_id", "entity", "record_id", "patient_id", "action", "from", "to",
                                                 "page", "per_page", NULL };
  CareServerStorage *st = req->server->storage;
  const CareEntity *entity = E ("audit_entry");
  CareServerFilter filters[5];
  CareServerQuery q = { .entity = entity, .filters = filters, .sort = "at", .descending = TRUE };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  gint64 total = 0;
  guint64 page = 1, per_page = 50;
  JsonArray *array;
  JsonObject *meta;
  JsonNode *node;
  const char *names[] = { "actor_id", "entity", "record_id", "patient_id", "action" };

  if (req->query)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, req->query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (!g_strv_contains (filters_allowed, key))
          {
            care_request_field_error (req, 400, "The audit log cannot be filtered by this.", key,
                                      "Filter by actor_id, entity, record_id, patient_id, action, from or to.");
            return;
          }
    }
  if (care_request_query (req, "page") &&
      !g_ascii_string_to_unsigned (care_request_query (req, "page"), 10, 1, 1000000, &page, NULL))
    {
      care_request_field_error (req, 400, "page must be a whole number.", "page", "Give a whole number from 1.");
      return;
    }
  if (care_request_query (req, "per_page") &&
      !g_ascii_string_to_unsigned (care_request_query (req, "per_page"), 10, 1, 100, &per_page, NULL))
    {
      care_request_field_error (req, 400, "per_page must be a whole number from 1 to 100.", "per_page",
                                "Give a whole number from 1 to 100.");
      return;
    }
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i ? "to" : "from";
      const char *value = care_request_query (req, name);

      if (value && !g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9:.]+Z?)?$", value, 0, 0))
        {
          care_request_field_error (req, 400, "from and to are dates or UTC times.", name,
                                    "Enter a date as YYYY-MM-DD or a time as 2026-11-21T14:30:00Z.");
          return;
        }
    }
  q.range_field = "at";
  q.range_from = care_request_query (req, "from");
  q.range_to = care_request_query (req, "to");
  /* Reads of the last moments become visible. */
  care_server_audit_flush (req->server, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (care_request_query (req, names[i]))
      {
        filters[q.n_filters].field = names[i];
        filters[q.n_filters].value = care_request_query (req, names[i]);
        q.n_filters++;
      }
  q.limit = per_page;
  q.offset = (page - 1) * per_page;
  rows = st->v->list (st, req->claims.tenant_id, &q, &total, &error);
  if (rows == NULL)
    {
      care_request_gerror (req, error, NULL);
      return;
    }
  array = json_array_new ();
  for (guint i = 0; i < rows->len; i++)
    json_array_add_object_element (array, care_record_to_json (g_ptr_array_index (rows, i)));
  meta = json_object_new ();
  json_object_set_int_member (meta, "page", page);
  json_object_set_int_member (meta, "per_page", per_page);
  json_object_set_int_member (meta, "total", total);
  json_object_set_int_member (meta, "total_pages", (total + per_page - 1) / per_page);
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);
  care_request_respond (req, 200, node, meta);
}

/* --- the table ---------------------------------------------------------- */

/* Whether the audit log's hash chain is intact (caredesk-server
 * verify-audit), for the administrators' audit viewer. Only the answer:
 * the chain spans every clinic of the server, its entries are not this
 * clinic's to count or name. */
static void
route_audit_verify (CareRequest *req)
{
  CareServerStorage *st = req->server->storage;
  g_autofree char *bad_id = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(GDateTime) now = care_clock_now_utc ();
  g_autofree char *at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  gint64 n = 0;
  JsonObject *result = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  g_autofree char *anchored = NULL;

  care_server_audit_flush (req->server, NULL);
  /* Against the head anchored outside the database too, when there is one. */
  if (req->server->anchor_path)
    anchored = care_server_anchor_highest (req->server->anchor_path, NULL);
  json_object_set_boolean_member (result, "verified", st->v->audit_verify (st, anchored, &n, &bad_id, &reason));
  json_object_set_boolean_member (result, "anchored", anchored != NULL);
  json_object_set_string_member (result, "checked_at", at);
  json_node_take_object (node, result);
  care_request_respond (req, 200, node, NULL);
}

static CareRoute *
action (CareServer   *server,
        const char   *method,
        const char   *pattern,
        const char   *permission,
        guint         flags,
        CareRouteFunc func,
        const char   *tag,
        const char   *entity,
        const char   *summary,
        const char   *body)
{
  CareRoute *r = care_server_add_route (server, method, pattern, permission, flags, func, tag, summary);

  r->entity = entity ? care_schema_lookup (entity) : NULL;
  r->response = entity ? CARE_RESPONSE_RECORD : CARE_RESPONSE_OBJECT;
  if (g_str_equal (method, "POST"))
    r->success = 200;
  if (body)
    {
      r->body = CARE_BODY_OBJECT;
      r->body_example = body;
    }
  return r;
}

void
care_server_actions_register (CareServer *server)
{
  CareRoute *r;

  action (server, "POST", "/appointments/{id}/accept", CARE_PERM_APPOINTMENT_MANAGEMENT, 0, route_appointment_accept,
          "appointments", "appointment", "Accept a requested appointment", NULL);
  action (server, "POST", "/appointments/{id}/reject", CARE_PERM_APPOINTMENT_MANAGEMENT, 0, route_appointment_reject,
          "appointments", "appointment", "Reject a requested appointment", "{\"reason\": \"(optional)\"}");
  action (server, "POST", "/appointments/{id}/check-in", CARE_PERM_APPOINTMENT_MANAGEMENT, 0, route_appointment_check_in,
          "appointments", "appointment", "Check the patient in", NULL);
  action (server, "POST", "/appointments/{id}/complete", CARE_PERM_APPOINTMENT_MANAGEMENT, 0, route_appointment_complete,
          "appointments", "appointment", "Mark the consultation done", NULL);
  action (server, "POST", "/appointments/{id}/cancel", CARE_PERM_APPOINTMENT_MANAGEMENT, CARE_ROUTE_PATIENT, route_appointment_cancel,
          "appointments", "appointment", "Cancel an appointment", "{\"reason\": \"(optional)\"}");

  r = action (server, "POST", "/beds/{id}/allocate", CARE_PERM_BED_ALLOCATION, 0, route_bed_allocate,
              "beds", "bed_allocation", "Admit a patient to this bed", "{\"patient_id\": \"…\", \"reason\": \"(optional)\"}");
  r->success = 201;
  r = action (server, "POST", "/beds/{id}/transfer", CARE_PERM_BED_ALLOCATION, 0, route_bed_transfer,
              "beds", "bed_allocation", "Move the patient of this bed to another bed", "{\"to_bed_id\": \"…\"}");
  r->success = 201;
  action (server, "POST", "/beds/{id}/release", CARE_PERM_BED_ALLOCATION, 0, route_bed_release,
          "beds", "bed_allocation", "Discharge: release this bed", NULL);

  action (server, "POST", "/lab_tests/{id}/status", CARE_PERM_LAB_REPORT_UPLOAD, 0, route_lab_status,
          "lab_tests", "lab_test", "Move a lab test along: assigned, collected, in_progress, completed, cancelled (with cancel_reason)",
          "{\"status\": \"collected\"}");
  r = action (server, "POST", "/lab_tests/{id}/results", CARE_PERM_LAB_REPORT_UPLOAD, 0, route_lab_results,
              "lab_tests", NULL, "Enter analyte results (flags computed from the reference ranges)",
              "{\"results\": [{\"analyte\": \"Haemoglobin\", \"value\": \"13.2\", \"unit?\": \"g/dL\", \"reference_low?\": 12, \"reference_high?\": 16}]}");
  r->success = 201;
  r->response = CARE_RESPONSE_ARRAY;
  r->response_entity = "lab_result";
  action (server, "POST", "/lab_tests/{id}/review", CARE_PERM_LAB_TEST_REQUESTS, 0, route_lab_review,
          "lab_tests", "lab_test", "The requesting doctor reviews completed results", NULL);

  action (server, "POST", "/pharmacy_orders/{id}/dispense", CARE_PERM_PRESCRIPTION_ORDERS, 0, route_dispense,
          "pharmacy_orders", "pharmacy_order", "Dispense: takes the stock, first expiring first", NULL);
  action (server, "POST", "/refill_requests/{id}/approve", CARE_PERM_PRESCRIBING, 0, route_refill_approve,
          "refill_requests", "refill_request", "Approve a refill: opens a pharmacy order", NULL);
  action (server, "POST", "/refill_requests/{id}/reject", CARE_PERM_PRESCRIBING, 0, route_refill_reject,
          "refill_requests", "refill_request", "Reject a refill, saying why", "{\"reason\": \"Needs a review appointment first\"}");

  r = action (server, "POST", "/invoices/{id}/payments", CARE_PERM_BILLING, 0, route_invoice_payment,
              "invoices", "payment", "Take a payment on an invoice",
              "{\"amount\": 2500, \"method\": \"card\", \"reference\": \"(optional)\"}");
  r->success = 201;
  action (server, "POST", "/invoices/{id}/issue", CARE_PERM_BILLING, 0, route_invoice_issue,
          "invoices", "invoice", "Issue a draft invoice", NULL);
  action (server, "POST", "/invoices/{id}/void", CARE_PERM_BILLING, 0, route_invoice_void,
          "invoices", "invoice", "Void an invoice", "{\"reason\": \"…\"}");

  action (server, "POST", "/emergency_alerts/{id}/acknowledge", NULL, 0, route_alert_acknowledge,
          "emergency_alerts", "emergency_alert", "Acknowledge an emergency alert", NULL);
  action (server, "POST", "/emergency_alerts/{id}/resolve", NULL, 0, route_alert_resolve,
          "emergency_alerts", "emergency_alert", "Resolve an emergency alert, saying how it ended",
          "{\"outcome\": \"…\"}");

  /* A patient reads theirs at the kiosk or in the portal. */
  action (server, "POST", "/notifications/{id}/read", NULL, CARE_ROUTE_PATIENT, route_notification_read,
          "notifications", "notification", "Mark one's notification read", NULL);
  action (server, "POST", "/notifications/{id}/unread", NULL, 0, route_notification_unread,
          "notifications", "notification", "Mark one's notification unread", NULL);
  r = action (server, "POST", "/notifications/read-all", NULL, 0, route_notifications_read_all,
              "notifications", NULL, "Mark all of one's notifications read", NULL);
  r->response_example = "{\"marked\": 3}";
  action (server, "POST", "/messages/{id}/read", NULL, CARE_ROUTE_PATIENT, route_message_read,
          "messages", "message", "The recipient marks a message read", NULL);
  r = action (server, "GET", "/portal/form-templates", NULL, CARE_ROUTE_PATIENT | CARE_ROUTE_NO_STAFF,
              route_form_templates_offered, "form_templates", NULL, "The forms a patient may fill in", NULL);
  r->response = CARE_RESPONSE_LIST;
  r->response_entity = "form_template";
  action (server, "POST", "/form_submissions/{id}/review", CARE_PERM_PATIENT_REGISTRATION, 0, route_form_review,
          "form_submissions", "form_submission", "Review a submitted form",
          "{\"status\": \"approved\", \"review_notes\": \"(optional)\"}");

  r = action (server, "POST", "/attendance/check-in", CARE_PERM_ATTENDANCE, 0, route_check_in,
              "attendance", "attendance", "Check oneself in", NULL);
  r->success = 201;
  action (server, "POST", "/attendance/check-out", CARE_PERM_ATTENDANCE, 0, route_check_out,
          "attendance", "attendance", "Check oneself out", NULL);

  action (server, "POST", "/users/{id}/activate", CARE_PERM_STAFF_MANAGEMENT, 0, route_user_activate,
          "users", "user", "Reactivate a staff account", NULL);
  action (server, "POST", "/users/{id}/deactivate", CARE_PERM_STAFF_MANAGEMENT, 0, route_user_deactivate,
          "users", "user", "Deactivate a staff account (its sessions end)", NULL);

  /* Reading the matrix is every staff member's, as at /role_permissions
   * (each workstation shows its role's pages from it; it holds nothing
   * about patients); changing it is the administrators'. */
  r = action (server, "GET", "/roles", NULL, 0, route_roles,
              "roles", NULL, "The role→permission matrix", NULL);
  r->response = CARE_RESPONSE_ARRAY;
  r->response_example = "{\"role\": \"nurse\", \"label\": \"Nurse\", \"permissions\": {\"billing\": false}}";
  r = action (server, "GET", "/roles/{role}/permissions", NULL, 0, route_role_get,
              "roles", NULL, "One role's permissions", NULL);
  r->response_example = "{\"role\": \"nurse\", \"permissions\": {\"billing\": false}}";
  r = action (server, "PUT", "/roles/{role}/permissions", CARE_PERM_ROLE_PERMISSIONS, 0, route_role_put,
              "roles", NULL, "Change one role's permissions", "{\"permissions\": {\"billing\": true}}");
  r->response_example = "{\"role\": \"nurse\", \"permissions\": {\"billing\": true}}";
  r = action (server, "POST", "/role-requests", NULL, 0, route_role_request_create,
              "roles", "role_upgrade_request", "Ask for another role", "{\"requested_role\": \"doctor\", \"reason\": \"(optional)\"}");
  r->success = 201;
  r = action (server, "GET", "/role-requests", NULL, 0, route_role_request_list,
              "roles", NULL, "Role requests: one's own, or all for staff managers", NULL);
  r->response = CARE_RESPONSE_ARRAY;
  r->response_entity = "role_upgrade_request";
  action (server, "POST", "/role-requests/{id}/approve", CARE_PERM_STAFF_MANAGEMENT, 0, route_role_request_approve,
          "roles", "role_upgrade_request", "Approve a role request (the role changes)", NULL);
  action (server, "POST", "/role-requests/{id}/reject", CARE_PERM_STAFF_MANAGEMENT, 0, route_role_request_reject,
          "roles", "role_upgrade_request", "Reject a role request, saying why", "{\"decision_reason\": \"Needs the nursing registration first\"}");

  r = action (server, "GET", "/patients/{id}/timeline", NULL, 0, route_patient_timeline,
              "patients", NULL, "A patient's history, newest first", NULL);
  r->response = CARE_RESPONSE_ARRAY;
  r->response_example = "{\"at?\": \"2026-10-19T09:20:00.928Z\", \"type\": \"lab_test\", "
                        "\"id\": \"0190c1e2-7a3b-7cde-8f00-123456789abc\", \"title\": \"Full blood count\", "
                        "\"status?\": \"completed\"}";

  r = action (server, "GET", "/reports/dashboard", CARE_PERM_REPORTS, 0, route_report_dashboard,
              "reports", NULL, "Dashboard cards", NULL);
  r->response_example = "{\"patients\": 120, \"appointments_today\": 4, \"earnings_this_month\": 27000, "
                        "\"open_lab_tests\": 13, \"occupied_beds\": 4, \"beds\": 18, \"low_stock\": 1}";
  r = action (server, "GET", "/reports/appointments", CARE_PERM_REPORTS, 0, route_report_appointments,
              "reports", NULL, "Appointments by status and by doctor (?from=&to=)", NULL);
  r->response_example = "{\"by_status\": [{\"status\": \"completed\", \"count\": 37}], "
                        "\"by_doctor\": [{\"doctor_id\": \"0190c1e2-7a3b-7cde-8f00-123456789abc\", \"doctor\": \"Amira Haddad\", "
                        "\"count\": 60, \"completed\": 30, \"not_seen\": 26}]}";
  r = action (server, "GET", "/reports/doctors", CARE_PERM_REPORTS, 0, route_report_doctors,
              "reports", NULL, "Doctors' activity (?from=&to=)", NULL);
  r->response = CARE_RESPONSE_ARRAY;
  r->response_example = "{\"doctor_id\": \"0190c1e2-7a3b-7cde-8f00-123456789abc\", \"doctor\": \"Amira Haddad\", "
                        "\"specialty?\": \"Family medicine\", \"appointments\": 60, \"completed\": 30, \"notes\": 37, "
                        "\"prescriptions\": 30, \"lab_tests\": 23}";
  r = action (server, "GET", "/reports/earnings", CARE_PERM_REPORTS, 0, route_report_earnings,
              "reports", NULL, "Invoiced and received by ?period=week|month|year", NULL);
  r->response = CARE_RESPONSE_ARRAY;
  r->response_example = "{\"period\": \"2026-09\", \"invoiced\": 53500, \"invoices\": 7, \"received\": 21000, \"payments\": 3}";
  r = action (server, "GET", "/reports/patients", CARE_PERM_REPORTS, 0, route_report_patients,
              "reports", NULL, "Patients ?by=condition|country|age_band", NULL);
  r->response = CARE_RESPONSE_ARRAY;
  r->response_example = "{\"condition?\": \"asthma\", \"country?\": \"GB\", \"age_band?\": \"40-49\", \"count\": 3}";

  r = action (server, "GET", "/audit", CARE_PERM_AUDIT_LOG, 0, route_audit,
              "audit", "audit_entry", "The audit log, newest first (?actor_id=&entity=&record_id=&patient_id=&action=&from=&to=)", NULL);
  r->response = CARE_RESPONSE_LIST;
  r = action (server, "GET", "/audit/verify", CARE_PERM_AUDIT_LOG, 0, route_audit_verify,
              "audit", NULL, "Whether the audit log's hash chain verifies (as caredesk-server verify-audit)", NULL);
  r->response_example = "{\"verified\": true, \"anchored\": true, \"checked_at\": \"2026-12-06T22:17:44Z\"}";
}

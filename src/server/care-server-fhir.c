/* care-server-fhir.c: GET /patients/{id}/fhir, a patient's record as a FHIR R4 Bundle
 *
 * The bundle is core's (src/core/care-fhir.c), the same the app exports to
 * a file; this route only reads the records the caller may read and
 * answers with them. Reading it needs the chart's permission (clinical
 * records), like the notes and vitals it carries; a patient may read
 * their own. Entities of the bundle that the caller's role may not read
 * (lab results without "lab_results", say) are left out, as they are on
 * GET /{table}. The read is audited like a read of the patient.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server-fhir"

#include "config.h"

#include "care-fhir.h"
#include "care-server-private.h"

/* The rows of entity where field = value that the caller could list. */
static GPtrArray *
list_for_caller (const CareEntity *entity,
                 const char       *field,
                 const char       *value,
                 gpointer          user_data,
                 GError          **error)
{
  CareRequest *req = user_data;
  CareServerStorage *st = req->server->storage;
  CareServerFilter filter = { field, value };
  CareServerQuery q = { .entity = entity, .filters = &filter, .n_filters = 1, .sort = CARE_COLUMN_CREATED_AT };

  /* A patient reads only the kinds of records that are theirs (the route
   * has checked whose record this is); staff what their role reads. */
  if (req->claims.is_patient ? entity->patient_fields == NULL
                             : entity->read_permission && !care_request_can (req, entity->read_permission))
    return g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  if (!req->claims.is_patient)
    {
      q.scope_field = care_server_staff_owner (req, entity, &q.scope_field2);
      q.scope_value = req->claims.user_id;
    }
  return st->v->list (st, req->claims.tenant_id, &q, NULL, error);
}

static void
route_patient_fhir (CareRequest *req)
{
  g_autoptr(CareRecord) patient = care_request_get_record (req, care_schema_lookup ("patient"), req->params[0]);
  g_autoptr(CareFhirRecords) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length;

  if (patient == NULL)
    return;
  records = care_fhir_records_collect (patient, list_for_caller, req, &error);
  if (records == NULL)
    {
      care_request_gerror (req, error, NULL);
      return;
    }
  text = care_fhir_bundle_text (records, &length);
  care_server_audit (req, "read", "patient", care_record_get_id (patient));
  care_request_respond_typed (req, 200, CARE_FHIR_MIME_TYPE, g_string_new_len (text, length));
}

void
care_server_fhir_register (CareServer *server)
{
  CareRoute *r = care_server_add_route (server, "GET", "/patients/{id}/fhir", CARE_PERM_CLINICAL_RECORDS,
                                        CARE_ROUTE_PATIENT, route_patient_fhir, "patients",
                                        "The patient's record as a FHIR R4 Bundle (application/fhir+json)");

  r->response = CARE_RESPONSE_FHIR;
}

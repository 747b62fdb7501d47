/* care-bed-board.c: the ward's beds as a store holds them, and admitting, moving and discharging through it
 *
 * The rules of one bed and one admission are care-beds.c's; this file
 * adds what needs the store: who else holds a bed, whether the patient is
 * already admitted, and writing every record a change touches in one
 * transaction. Two workstations that admitted to one bed offline both keep
 * their admission after sync (nobody's record is thrown away); the board
 * shows the bed as a conflict until a nurse transfers one patient.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-bed-board"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-bed-board.h"
#include "care-beds.h"
#include "care-store-sql.h"

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static gboolean
finish (CareStore    *store,
        sqlite3_stmt *stmt,
        int           rc,
        GError      **error)
{
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || care_store_set_sqlite_error (store, error);
}

static void
occupant_free (CareBedOccupant *occupant)
{
  g_free (occupant->allocation_id);
  g_free (occupant->patient_id);
  g_free (occupant->patient_name);
  g_free (occupant->admitted_at);
  g_free (occupant);
}

void
care_bed_tile_free (CareBedTile *tile)
{
  g_free (tile->ward_id);
  g_free (tile->ward_name);
  g_free (tile->room_id);
  g_free (tile->room_name);
  g_free (tile->bed_id);
  g_free (tile->label);
  g_free (tile->status);
  g_ptr_array_unref (tile->occupants);
  g_free (tile);
}

void
care_ward_occupancy_free (CareWardOccupancy *occupancy)
{
  g_free (occupancy->ward_id);
  g_free (occupancy->ward_name);
  g_free (occupancy);
}

gboolean
care_bed_tile_is_conflict (const CareBedTile *tile)
{
  return tile->occupants->len > 1;
}

GPtrArray *
care_bed_board_list (CareStore  *store,
                     GError    **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) tiles = NULL;
  CareBedTile *tile = NULL;
  int rc;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  stmt = care_store_prepare (store,
                             "SELECT w.id, w.name, r.id, r.name, b.id, b.label, b.status, "
                             "a.id, a.patient_id, p.given_name || ' ' || p.family_name, a.admitted_at "
                             "FROM beds b JOIN rooms r ON r.id = b.room_id JOIN wards w ON w.id = r.ward_id "
                             /* "+": through the bed's index, not the index of every active admission. */
                             "LEFT JOIN bed_allocations a ON a.bed_id = b.id AND +a.status = 'active' AND a.tenant_id IS ?1 "
                             "LEFT JOIN patients p ON p.id = a.patient_id "
                             "WHERE b.tenant_id IS ?1 "
                             "ORDER BY w.name, w.id, r.name, r.id, b.label, b.id, a.admitted_at, a.id",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  tiles = g_ptr_array_new_with_free_func ((GDestroyNotify) care_bed_tile_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *bed_id = (const char *) sqlite3_column_text (stmt, 4);

      /* A bed two patients hold comes in two rows. */
      if (tile == NULL || g_strcmp0 (tile->bed_id, bed_id) != 0)
        {
          tile = g_new0 (CareBedTile, 1);
          tile->ward_id = column_dup (stmt, 0);
          tile->ward_name = column_dup (stmt, 1);
          tile->room_id = column_dup (stmt, 2);
          tile->room_name = column_dup (stmt, 3);
          tile->bed_id = g_strdup (bed_id);
          tile->label = column_dup (stmt, 5);
          tile->status = column_dup (stmt, 6);
          tile->occupants = g_ptr_array_new_with_free_func ((GDestroyNotify) occupant_free);
          g_ptr_array_add (tiles, tile);
        }
      if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
        {
          CareBedOccupant *occupant = g_new0 (CareBedOccupant, 1);

          occupant->allocation_id = column_dup (stmt, 7);
          occupant->patient_id = column_dup (stmt, 8);
          occupant->patient_name = column_dup (stmt, 9);
          occupant->admitted_at = column_dup (stmt, 10);
          g_ptr_array_add (tile->occupants, occupant);
        }
    }
  if (!finish (store, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&tiles);
}

GPtrArray *
care_bed_board_occupancy (GPtrArray *tiles)
{
  GPtrArray *wards = g_ptr_array_new_with_free_func ((GDestroyNotify) care_ward_occupancy_free);
  CareWardOccupancy *ward = NULL;

  for (guint i = 0; i < tiles->len; i++)
    {
      const CareBedTile *tile = g_ptr_array_index (tiles, i);

      if (ward == NULL || g_strcmp0 (ward->ward_id, tile->ward_id) != 0)
        {
          ward = g_new0 (CareWardOccupancy, 1);
          ward->ward_id = g_strdup (tile->ward_id);
          ward->ward_name = g_strdup (tile->ward_name);
          g_ptr_array_add (wards, ward);
        }
      ward->beds++;
      /* Whoever holds a bed makes it occupied, whatever its status says. */
      if (tile->occupants->len > 0 || g_strcmp0 (tile->status, "occupied") == 0)
        ward->occupied++;
      else if (g_strcmp0 (tile->status, "available") == 0)
        ward->available++;
      else if (g_strcmp0 (tile->status, "reserved") == 0)
        ward->reserved++;
      else if (g_strcmp0 (tile->status, "cleaning") == 0)
        ward->cleaning++;
      else
        ward->out_of_service++;
    }
  return wards;
}

GPtrArray *
care_bed_board_double_allocations (CareStore  *store,
                                   GError    **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) ids = NULL;
  int rc;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  stmt = care_store_prepare (store,
                             "SELECT a.id FROM bed_allocations a WHERE a.tenant_id IS ?1 AND a.status = 'active' "
                             "AND a.bed_id IN (SELECT bed_id FROM bed_allocations WHERE tenant_id IS ?1 "
                             "AND status = 'active' GROUP BY bed_id HAVING COUNT (*) > 1) "
                             "ORDER BY a.bed_id, a.admitted_at, a.id",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  ids = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, column_dup (stmt, 0));
  if (!finish (store, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&ids);
}

/* --- changes --------------------------------------------------------------- */

static const CareEntity *
allocation_entity (void)
{
  return care_schema_lookup ("bed_allocation");
}

/* The active admissions whose field equals value, but skip_id. */
static GPtrArray *
list_active (CareStore   *store,
             const char  *field,
             const char  *value,
             const char  *skip_id,
             GError     **error)
{
  g_autoptr(GPtrArray) all = care_store_list (store, allocation_entity (), field, value, "admitted_at", 0, error);
  GPtrArray *active;

  if (all == NULL)
    return NULL;
  active = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  for (guint i = 0; i < all->len; i++)
    {
      CareRecord *a = g_ptr_array_index (all, i);

      if (g_strcmp0 (care_record_get (a, "status"), "active") == 0 &&
          g_strcmp0 (care_record_get_id (a), skip_id) != 0)
        g_ptr_array_add (active, care_record_ref (a));
    }
  return active;
}

CareRecord *
care_bed_board_find_admission (CareStore   *store,
                               const char  *patient_id,
                               GError     **error)
{
  g_autoptr(GPtrArray) active = list_active (store, "patient_id", patient_id, NULL, error);

  if (active == NULL || active->len == 0)
    return NULL;
  return care_record_ref (g_ptr_array_index (active, 0));
}

/* A bed nobody holds, whatever its record says (sync may bring an
 * admission before the bed's own change). */
static gboolean
check_empty (CareStore   *store,
             CareRecord  *bed,
             const char  *skip_id,
             GError     **error)
{
  g_autoptr(GPtrArray) held = list_active (store, "bed_id", care_record_get_id (bed), skip_id, error);
  g_autofree char *detail = NULL;

  if (held == NULL)
    return FALSE;
  if (held->len == 0)
    return TRUE;
  /* Translators: %s is a bed's label, e.g. "A1-2" */
  detail = g_strdup_printf (_("Bed %s already holds a patient."), care_record_get (bed, "label"));
  care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, allocation_entity (), "bed_id", detail);
  return FALSE;
}

static CareRecord *
get (CareStore   *store,
     const char  *entity,
     const char  *id,
     GError     **error)
{
  return care_store_get (store, care_schema_lookup (entity), id, error);
}

/* The bed an admission leaves stays occupied while another holds it. */
static gboolean
leave_bed (CareStore   *store,
           CareRecord  *bed,
           CareRecord  *admission,
           GError     **error)
{
  g_autoptr(GPtrArray) others = list_active (store, "bed_id", care_record_get_id (bed),
                                             care_record_get_id (admission), error);

  if (others == NULL)
    return FALSE;
  if (others->len > 0)
    care_record_set (bed, "status", "occupied");
  return TRUE;
}

/* An admission and the bed it holds. */
static gboolean
get_admission (CareStore   *store,
               const char  *allocation_id,
               CareRecord **admission,
               CareRecord **bed,
               GError     **error)
{
  return (*admission = get (store, "bed_allocation", allocation_id, error)) != NULL &&
         (*bed = get (store, "bed", care_record_get (*admission, "bed_id"), error)) != NULL;
}

static gboolean
end_transaction (CareStore  *store,
                 gboolean    ok,
                 GError    **error)
{
  if (ok && care_store_commit (store, error))
    return TRUE;
  care_store_rollback (store);
  return FALSE;
}

char *
care_bed_board_admit (CareStore   *store,
                      const char  *bed_id,
                      const char  *patient_id,
                      const char  *reason,
                      const char  *request_id,
                      GError     **error)
{
  g_autoptr(CareRecord) bed = NULL;
  g_autoptr(CareRecord) request = NULL;
  g_autoptr(CareRecord) existing = NULL;
  g_autoptr(CareRecord) admission = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (!care_store_begin (store, error))
    return NULL;
  ok = (bed = get (store, "bed", bed_id, error)) != NULL &&
       (request_id == NULL || (request = get (store, "admission_request", request_id, error)) != NULL) &&
       check_empty (store, bed, NULL, error);
  if (ok && (existing = care_bed_board_find_admission (store, patient_id, &local_error)) != NULL)
    {
      g_autoptr(CareRecord) where = get (store, "bed", care_record_get (existing, "bed_id"), NULL);
      /* Translators: %s is a bed's label, e.g. "A1-2" */
      g_autofree char *detail = g_strdup_printf (_("This patient is already admitted to bed %s."),
                                                 where ? care_record_get (where, "label") : "?");

      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, allocation_entity (), "patient_id", detail);
      ok = FALSE;
    }
  else if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      ok = FALSE;
    }
  if (ok && reason == NULL && request)
    reason = care_record_get (request, "reason");
  ok = ok && (admission = care_beds_admit (bed, patient_id, reason, care_store_get_actor (store), error)) != NULL &&
       care_store_insert (store, admission, error) &&
       care_store_update (store, bed, error);
  if (ok && request)
    {
      care_record_set (request, "status", "admitted");
      care_record_set (request, "bed_allocation_id", care_record_get_id (admission));
      ok = care_store_update (store, request, error);
    }
  if (!end_transaction (store, ok, error))
    return NULL;
  return g_strdup (care_record_get_id (admission));
}

gboolean
care_bed_board_transfer (CareStore   *store,
                         const char  *allocation_id,
                         const char  *target_bed_id,
                         GError     **error)
{
  g_autoptr(CareRecord) admission = NULL;
  g_autoptr(CareRecord) bed = NULL;
  g_autoptr(CareRecord) target = NULL;
  g_autoptr(CareRecord) next = NULL;
  gboolean ok;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);

  if (!care_store_begin (store, error))
    return FALSE;
  ok = get_admission (store, allocation_id, &admission, &bed, error) &&
       (target = get (store, "bed", target_bed_id, error)) != NULL &&
       check_empty (store, target, NULL, error) &&
       (next = care_beds_transfer (bed, admission, target, NULL, care_store_get_actor (store), error)) != NULL &&
       leave_bed (store, bed, admission, error) &&
       care_store_update (store, admission, error) &&
       care_store_insert (store, next, error) &&
       care_store_update (store, bed, error) &&
       care_store_update (store, target, error);
  return end_transaction (store, ok, error);
}

gboolean
care_bed_board_discharge (CareStore   *store,
                          const char  *allocation_id,
                          GError     **error)
{
  g_autoptr(CareRecord) admission = NULL;
  g_autoptr(CareRecord) bed = NULL;
  gboolean ok;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);

  if (!care_store_begin (store, error))
    return FALSE;
  ok = get_admission (store, allocation_id, &admission, &bed, error) &&
       care_beds_discharge (bed, admission, error) &&
       leave_bed (store, bed, admission, error) &&
       care_store_update (store, admission, error) &&
       care_store_update (store, bed, error);
  return end_transaction (store, ok, error);
}

gboolean
care_bed_board_set_status (CareStore   *store,
                           const char  *bed_id,
                           const char  *status,
                           GError     **error)
{
  g_autoptr(CareRecord) bed = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);

  bed = get (store, "bed", bed_id, error);
  return bed != NULL &&
         care_beds_set_status (bed, status, error) &&
         care_store_update (store, bed, error);
}

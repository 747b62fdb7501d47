/* care-bed-board.h: the ward's beds as a store holds them, and admitting, moving and discharging through it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-store.h"

G_BEGIN_DECLS

typedef struct {
  char *allocation_id;
  char *patient_id;
  char *patient_name;   /* "Given Family" */
  char *admitted_at;
} CareBedOccupant;

typedef struct {
  char      *ward_id;
  char      *ward_name;
  char      *room_id;
  char      *room_name;
  char      *bed_id;
  char      *label;
  char      *status;      /* the bed's: "available", "occupied", … */
  GPtrArray *occupants;   /* CareBedOccupant of its active admissions, oldest first */
} CareBedTile;

typedef struct {
  char  *ward_id;
  char  *ward_name;
  guint  beds;
  guint  available;
  guint  occupied;
  guint  reserved;
  guint  cleaning;
  guint  out_of_service;
} CareWardOccupancy;

/* Every bed of the clinic, by ward name, room name and label, with who
 * holds it: CareBedTile. One query. */
GPtrArray   *care_bed_board_list          (CareStore   *store,
                                           GError     **error);
/* Whether more than one patient holds the tile's bed: two workstations
 * admitted to it offline and both records were kept. */
gboolean     care_bed_tile_is_conflict    (const CareBedTile *tile);

/* The figures of each ward of tiles (as care_bed_board_list() orders
 * them): CareWardOccupancy, in the same order. */
GPtrArray   *care_bed_board_occupancy     (GPtrArray   *tiles);

/* Active admissions that share a bed with another: ids, those of one bed
 * next to each other, oldest first, beds by id. */
GPtrArray   *care_bed_board_double_allocations (CareStore   *store,
                                                GError     **error);

/* The active admission of patient_id, or NULL. */
CareRecord  *care_bed_board_find_admission (CareStore  *store,
                                            const char *patient_id,
                                            GError    **error);

/* Admits patient_id to bed_id (available or reserved, held by nobody; the
 * patient admitted nowhere else): refusals name the field to blame.
 * request_id: the admission request it answers, or NULL. Returns the new
 * admission's id. */
char        *care_bed_board_admit         (CareStore   *store,
                                           const char  *bed_id,
                                           const char  *patient_id,
                                           const char  *reason,
                                           const char  *request_id,
                                           GError     **error);
/* Moves an active admission to target_bed_id; the bed left goes to
 * cleaning unless another patient still holds it (a conflict resolved). */
gboolean     care_bed_board_transfer      (CareStore   *store,
                                           const char  *allocation_id,
                                           const char  *target_bed_id,
                                           GError     **error);
gboolean     care_bed_board_discharge     (CareStore   *store,
                                           const char  *allocation_id,
                                           GError     **error);
/* Reserve, release, mark cleaned, out of service: care_beds_set_status(). */
gboolean     care_bed_board_set_status    (CareStore   *store,
                                           const char  *bed_id,
                                           const char  *status,
                                           GError     **error);

void         care_bed_tile_free           (CareBedTile       *tile);
void         care_ward_occupancy_free     (CareWardOccupancy *occupancy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareBedTile, care_bed_tile_free)

G_END_DECLS

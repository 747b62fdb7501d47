/* care-access.h: who may write which rows, and as whom
 *
 * The schema declares it (CareEntity.write_permission, writer_fields,
 * owner_fields, CARE_ENTITY_STAFF_NEW, CARE_FIELD_ACTOR); this module reads
 * the declarations for whoever writes a record directly — the server's
 * generic routes and its sync push. The named actions (approve, acknowledge)
 * have their own permission and do not come here.
 *
 * And one rule for every path: a clinic always keeps an active
 * administrator who may edit the permission matrix.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"
#include "care-store.h"

G_BEGIN_DECLS

#define CARE_ACCESS_ERROR (care_access_error_quark ())
GQuark care_access_error_quark (void);

typedef enum {
  CARE_ACCESS_ERROR_DENIED,     /* not this caller's to change (403) */
  CARE_ACCESS_ERROR_NOT_YOU,    /* a field names someone else as the writer; names the field */
} CareAccessError;

typedef struct {
  const char *user_id;          /* the signed-in staff member */
  const char *role;
  /* Whether the role holds the permission now (the clinic's matrix). */
  gboolean  (*can) (gpointer    data,
                    const char *permission);
  gpointer    data;
} CareAccessor;

/* The permission a write needs: a new record of a CARE_ENTITY_STAFF_NEW
 * entity needs none. NULL: any staff member. */
const char  *care_access_write_permission (const CareEntity   *entity,
                                           gboolean            create);

/* The permission a deletion needs before the row is seen: none for a
 * CARE_ENTITY_STAFF_NEW entity, whose rows their owner may withdraw
 * (care_access_check_write() decides on the row). */
const char  *care_access_delete_permission (const CareEntity  *entity);

/* Whether who may write record over before: a new record (before NULL),
 * a change (both) or a deletion (record NULL). Refuses, with
 * CARE_ACCESS_ERROR_DENIED, a write without the permission or of a row
 * whose writer_fields do not name who, nor writer_role_fields who's role
 * (unless who is an administrator);
 * with CARE_ACCESS_ERROR_NOT_YOU naming the field, a CARE_FIELD_ACTOR
 * field set to someone else than who — an administrator may name anyone
 * in the entity's owner or writer fields (recording someone's attendance).
 * Whoever asked may withdraw (delete) their own CARE_ENTITY_STAFF_NEW row
 * while its status is still the first, without the permission. */
gboolean     care_access_check_write      (const CareAccessor *who,
                                           CareRecord         *before,
                                           CareRecord         *record,
                                           GError            **error);

/* Whether the admin role may be set to allowed for permission: the
 * administrators keep the right to edit the matrix and to manage staff. */
gboolean     care_access_check_matrix     (const char         *role,
                                           const char         *permission,
                                           gboolean            allowed,
                                           GError            **error);

/* Sets one cell of the clinic's matrix in store (and its outbox, so that
 * it syncs), after care_access_check_matrix(). */
gboolean     care_access_set_permission   (CareStore          *store,
                                           const char         *role,
                                           const char         *permission,
                                           gboolean            allowed,
                                           GError            **error);

/* No write of a user or of the matrix leaves the clinic without an active
 * administrator, whatever route it takes. */
const CareEntityRules *care_access_entity_rules (guint *n_rules);

G_END_DECLS

/* care-server-anchor.h: the audit chain's head, kept outside the database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "care-server-config.h"

G_BEGIN_DECLS

/* Where heads are anchored; NULL when the operator turned it off
 * ("audit-anchor = none") or the database lives in memory. */
char     *care_server_anchor_path    (const CareServerConfig *config);
/* Splits "SEQ:HASH"; FALSE when it is not one. */
gboolean  care_server_anchor_parse   (const char  *head,
                                      gint64      *seq,
                                      char       **hash);
/* Appends one head line and waits until it is on disk. */
gboolean  care_server_anchor_append  (const char  *path,
                                      const char  *head,
                                      GError     **error);
/* The anchored head with the highest sequence; NULL and G_FILE_ERROR_NOENT
 * when nothing was anchored there yet. */
char     *care_server_anchor_highest (const char  *path,
                                      GError     **error);

/* Verifying a chain against an anchored head, the same for every backend:
 * begin with the head (NULL: nothing anchored), give every entry in order,
 * then end with the last sequence. Each says why on FALSE. */
typedef struct {
  gint64    seq;
  char     *hash;
  gboolean  seen;
} CareAnchorCheck;

gboolean  care_server_anchor_check_begin (CareAnchorCheck *check,
                                          const char      *anchored_head,
                                          char           **bad_id,
                                          char           **reason);
gboolean  care_server_anchor_check_entry (CareAnchorCheck *check,
                                          gint64           seq,
                                          const char      *id,
                                          const char      *hash,
                                          char           **bad_id,
                                          char           **reason);
gboolean  care_server_anchor_check_end   (CareAnchorCheck *check,
                                          gint64           last_seq,
                                          char           **bad_id,
                                          char           **reason);
void      care_server_anchor_check_clear (CareAnchorCheck *check);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CareAnchorCheck, care_server_anchor_check_clear)

G_END_DECLS

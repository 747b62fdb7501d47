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

G_END_DECLS

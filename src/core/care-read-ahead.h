/* care-read-ahead.h: records made in order by a thread of their own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-record.h"

G_BEGIN_DECLS

/* Makes the record of row (NULL for a row to leave out). Called in the
 * read-ahead's thread: it may read only what does not change while the
 * read-ahead runs. */
typedef CareRecord *(*CareReadAheadFunc) (gpointer data,
                                          guint    row);

typedef struct _CareReadAhead CareReadAhead;

CareReadAhead *care_read_ahead_new  (guint              n_rows,
                                     CareReadAheadFunc  func,
                                     gpointer           data);
/* The next row's record, in the rows' order (transfer full; NULL for a
 * row left out); call it n_rows times at most. */
CareRecord    *care_read_ahead_next (CareReadAhead     *self);
/* Stops the thread, wherever it is, and frees what it made. */
void           care_read_ahead_free (CareReadAhead     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareReadAhead, care_read_ahead_free)

G_END_DECLS

/* care-store-bulk-search.h: a bulk's full-text indexes, built beside it
 * in a thread of their own (care-store-bulk-search.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-store-private.h"

G_BEGIN_DECLS

typedef struct _CareBulkSearch CareBulkSearch;

/* Inside the bulk's transaction, before its rows: each row inserted into
 * table from now on hands its columns (names, ", "-separated) to the
 * thread; about n_rows are to come. The indexes are built with these
 * merge settings. NULL without
 * an error where SQLite has no pre-update hook or no temporary file can
 * be made (the bulk catches up as without this). */
CareBulkSearch *care_bulk_search_start  (CareStore      *store,
                                         const char     *table,
                                         const char     *columns,
                                         guint           n_rows,
                                         gint64          automerge,
                                         gint64          crisismerge,
                                         GError        **error);
/* An FTS5 table to build, and the SQL filling it from the table's rows
 * whose seq is past ?1. */
void            care_bulk_search_add    (CareBulkSearch *self,
                                         const char     *fts,
                                         const char     *catch_up);
/* Starts the thread and hands it the rows already there. */
gboolean        care_bulk_search_run    (CareBulkSearch *self,
                                         GError        **error);
/* After the rows: waits for the thread and puts the indexes it built in
 * place of the store's. FALSE without an error: nothing was changed, and
 * the indexes are to be caught up as without this (a row changed, the
 * thread failed); FALSE with one: the transaction is to be rolled back. */
gboolean        care_bulk_search_finish (CareBulkSearch *self,
                                         GError        **error);
void            care_bulk_search_free   (CareBulkSearch *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareBulkSearch, care_bulk_search_free)

G_END_DECLS

/* care-code-list.h: the clinic's list of diagnosis codes, imported from a CSV and searched from the note
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "care-rules.h"
#include "care-store.h"

G_BEGIN_DECLS

/* Reads data, a CSV whose first two columns are the code and its title
 * (a header row "code,title" or any other first row of names; ICD-10 or
 * the clinic's own codes), and writes every row as a diagnosis_code
 * record: a code already listed gets the new title. All rows or none: a
 * row without its code or title, or longer than the list allows, is
 * refused with the line it is on (CARE_RULE_ERROR_INVALID on "code" or
 * "title"). n_written receives the number of rows. */
gboolean   care_code_list_import       (CareStore     *store,
                                        const char    *data,
                                        gsize          length,
                                        guint         *n_written,
                                        GError       **error);

/* The same for a file, read and written in a worker thread on a store
 * connection of its own (a national list is tens of thousands of rows);
 * the window's connection then says "changed" for the list. The result
 * is the number of rows written. */
void       care_code_list_import_file_async  (CareStore           *store,
                                              GFile               *file,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean   care_code_list_import_file_finish (CareStore           *store,
                                              GAsyncResult        *result,
                                              guint               *n_written,
                                              GError             **error);

/* At most limit codes for what is being typed: codes that begin with
 * text first (by code), then titles that contain it; as diagnosis_code
 * records (code and title). Empty text: none. */
GPtrArray *care_code_list_search       (CareStore     *store,
                                        const char    *text,
                                        guint          limit,
                                        GError       **error);

G_END_DECLS

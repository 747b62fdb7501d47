/* care-lab-queue-row.h: one request of the laboratory's queue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

/* A row for item, named "lab-row-<index>": priority (STAT and urgent
 * marked in colour and words), patient, test, status and when it was
 * requested. The test's id is kept as the row's "test-id" data. */
GtkWidget  *care_lab_queue_row_new         (const CareLabQueueItem *item,
                                            guint                   index);
const char *care_lab_queue_row_get_test_id (GtkWidget              *row);
/* "14:05" today, "Yesterday, 14:05", or the date and time. */
char       *care_lab_format_requested_at   (const char             *iso);

G_END_DECLS

/* care-numbers.h: the numbers people read on records, invoices and receipts
 *
 * A number is a device code (the workstation's, or the server's) and a
 * counter of its own per kind. The kinds never look alike:
 *   patient record  4FYG-000042
 *   invoice         INV-4FYG-000042
 *   receipt         RCP-4FYG-000042
 * and a draft, which has no number yet, is shown by a label made from its
 * id, "D-3F9A2C". Numbers given before the prefixes (an invoice
 * "4FYG-000007") stay as they are: nothing is renumbered (the archived
 * PDFs print them), both forms are valid, and the invoice search finds
 * either (care_numbers_search_prefix()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "INV-" for the counter "invoice", "RCP-" for "receipt", "" for "mrn"
 * and any other counter. */
const char *care_numbers_prefix        (const char *counter);
/* The n-th number of counter on the device: "INV-4FYG-000042". */
char       *care_numbers_format        (const char *counter,
                                        const char *device_code,
                                        gint64      n);
/* What a number of counter made on the device will look like, its
 * sequence left open: "INV-4FYG-…". */
char       *care_numbers_pending       (const char *counter,
                                        const char *device_code);
/* The label of a draft (a record without its number yet) with this id:
 * "D-" and the last six letters or digits of the id, in capitals. */
char       *care_numbers_draft_label   (const char *record_id);
/* The prefix a number search for counter also tries, so that "4FYG-0001"
 * finds INV-4FYG-000123 as well as an older 4FYG-000123; NULL when the
 * text already starts with it, or the counter has none. */
const char *care_numbers_search_prefix (const char *counter,
                                        const char *text);

G_END_DECLS

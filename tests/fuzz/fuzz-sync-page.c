/* fuzz-sync-page.c: a pull page through the workstation's page scanner
 *
 * care_sync_page_parse scans a page of changes from the server without
 * recursion (care-store-sync.c), and reads a page its scanner refused with
 * json-glib after care_json_check(); whatever the bytes, it answers a page
 * or an error, never a crash or a read outside the text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-fuzz.h"
#include "care-store-sync.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareSyncPage) page = care_sync_page_parse ((const char *) data, size, &error);

  g_assert ((page == NULL) == (error != NULL));
  return 0;
}

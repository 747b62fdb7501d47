/* fuzz-config.c: the server's configuration file through its reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-fuzz.h"
#include "care-server-config.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(CareServerConfig) config = care_server_config_new ();
  g_autoptr(GError) error = NULL;

  if (!care_server_config_load_data (config, (const char *) data, size, &error))
    g_assert (error != NULL);
  return 0;
}

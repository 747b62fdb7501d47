/* replay.c: runs a harness over every file of its kept corpus
 *
 * A finding the fuzzer once made, once fixed, stays in the corpus: this
 * makes the normal test suite replay it, without clang or libFuzzer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "care-fuzz.h"

int
main (int    argc,
      char **argv)
{
  guint n = 0;

  if (argc != 2)
    {
      g_printerr ("usage: %s CORPUS-DIRECTORY\n", argv[0]);
      return 2;
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GDir) dir = g_dir_open (argv[1], 0, &error);
    const char *name;

    if (dir == NULL)
      {
        g_printerr ("%s\n", error->message);
        return 1;
      }
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (argv[1], name, NULL);
        g_autofree char *data = NULL;
        gsize size = 0;

        if (!g_file_get_contents (path, &data, &size, &error))
          {
            g_printerr ("%s\n", error->message);
            return 1;
          }
        LLVMFuzzerTestOneInput ((const uint8_t *) data, size);
        n++;
      }
  }
  if (n == 0)
    {
      g_printerr ("%s: the corpus is empty\n", argv[1]);
      return 1;
    }
  g_print ("%u inputs replayed\n", n);
  return 0;
}

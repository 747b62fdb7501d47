/* care-module.c: a module of this program, opened on first use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-module"

#include "config.h"

#include <gio/gio.h>
#include <gmodule.h>

#include "care-dirs.h"
#include "care-module.h"

typedef struct
{
  gconstpointer table;
  char         *failure;
} Loaded;

typedef gconstpointer (*GetTableFunc) (void);

static Loaded *
open_module (const char *name,
             const char *build_subdir,
             const char *symbol,
             guint       version)
{
  g_autofree char *built = g_build_filename (BUILD_ROOT, build_subdir, NULL);
  g_autofree char *path = g_module_build_path (care_dirs_find ("CAREDESK_MODULEDIR", built, MODULEDIR), name);
  GModule *module = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  Loaded *loaded = g_new0 (Loaded, 1);
  GetTableFunc get = NULL;

  if (module == NULL)
    loaded->failure = g_strdup (g_module_error ());
  else if (!g_module_symbol (module, symbol, (gpointer *) &get) ||
           get () == NULL || *(const guint *) get () != version)
    loaded->failure = g_strdup_printf ("%s: not a module of this version", path);
  else
    {
      g_module_make_resident (module);
      loaded->table = get ();
    }
  if (loaded->failure != NULL)
    {
      /* g_log(), not g_warning(): core logs structured, which
       * g_test_expect_message() does not see. */
      g_log (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "Cannot load the %s module: %s", name, loaded->failure);
      g_clear_pointer (&module, g_module_close);
    }
  return loaded;
}

gconstpointer
care_module_load (const char  *name,
                  const char  *build_subdir,
                  const char  *symbol,
                  guint        version,
                  GError     **error)
{
  static GMutex lock;
  static GHashTable *modules;   /* name -> Loaded, kept for the process */
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  Loaded *loaded;

  g_return_val_if_fail (name != NULL && build_subdir != NULL && symbol != NULL, NULL);

  if (modules == NULL)
    modules = g_hash_table_new (g_str_hash, g_str_equal);
  loaded = g_hash_table_lookup (modules, name);
  if (loaded == NULL)
    {
      loaded = open_module (name, build_subdir, symbol, version);
      g_hash_table_insert (modules, g_strdup (name), loaded);
    }
  if (loaded->table == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s", loaded->failure);
  return loaded->table;
}

/* care-assets.c: the clinic's equipment and its maintenance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-assets"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-assets.h"
#include "care-clock.h"
#include "care-notifications.h"

gboolean
care_assets_is_due (CareRecord *asset,
                    const char *until)
{
  const char *next = care_record_get (asset, "next_service_on");

  return next != NULL && g_strcmp0 (care_record_get (asset, "status"), "retired") != 0 &&
         strcmp (next, until) <= 0;
}

static int
by_service (gconstpointer a,
            gconstpointer b)
{
  return g_strcmp0 (care_record_get (*(CareRecord **) a, "next_service_on"),
                    care_record_get (*(CareRecord **) b, "next_service_on"));
}

GPtrArray *
care_assets_due_soon (CareStore  *store,
                      guint       days,
                      GError    **error)
{
  g_autoptr(GDateTime) now = care_clock_now_local ();
  g_autoptr(GDateTime) last = g_date_time_add_days (now, days);
  g_autofree char *until = g_date_time_format (last, "%Y-%m-%d");
  g_autoptr(GPtrArray) all = NULL;
  GPtrArray *due;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  all = care_store_list (store, care_schema_lookup ("asset"), NULL, NULL, "next_service_on", 0, error);
  if (all == NULL)
    return NULL;
  due = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  for (guint i = 0; i < all->len; i++)
    if (care_assets_is_due (all->pdata[i], until))
      g_ptr_array_add (due, care_record_ref (all->pdata[i]));
  g_ptr_array_sort (due, by_service);
  return due;
}

static gboolean
already_told (CareStore  *store,
              const char *user_id,
              const char *asset_id,
              const char *message)
{
  g_autoptr(GPtrArray) told = care_store_list (store, care_schema_lookup ("notification"), "link_id", asset_id,
                                                NULL, 0, NULL);

  for (guint i = 0; told && i < told->len; i++)
    if (g_strcmp0 (care_record_get (told->pdata[i], "user_id"), user_id) == 0 &&
        g_strcmp0 (care_record_get (told->pdata[i], "message"), message) == 0)
      return TRUE;
  return FALSE;
}

static char *
due_message (CareRecord *asset)
{
  const char *serial = care_record_get (asset, "serial_number");

  if (serial)
    /* Translators: an asset's name, serial number and next service date (YYYY-MM-DD) */
    return g_strdup_printf (_("%s (serial %s) is due for maintenance on %s."), care_record_get (asset, "name"), serial,
                            care_record_get (asset, "next_service_on"));
  /* Translators: an asset's name and next service date (YYYY-MM-DD) */
  return g_strdup_printf (_("%s is due for maintenance on %s."), care_record_get (asset, "name"),
                          care_record_get (asset, "next_service_on"));
}

gint
care_assets_notify (CareStore  *store,
                    GError    **error)
{
  g_autoptr(GPtrArray) due = care_assets_due_soon (store, CARE_ASSETS_DUE_DAYS, error);
  g_autoptr(GPtrArray) admins = NULL;
  gint written = 0;

  if (due == NULL ||
      (admins = care_store_list (store, care_schema_lookup ("user"), "role", CARE_ROLE_ADMIN, NULL, 0, error)) == NULL ||
      !care_store_begin (store, error))
    return -1;
  for (guint u = 0; u < admins->len; u++)
    for (guint i = 0; i < due->len && care_record_get_int (admins->pdata[u], "active", 1) != 0; i++)
      {
        const char *user_id = care_record_get_id (admins->pdata[u]);
        const char *asset_id = care_record_get_id (due->pdata[i]);
        g_autofree char *message = due_message (due->pdata[i]);
        g_autoptr(CareRecord) n = NULL;

        if (already_told (store, user_id, asset_id, message))
          continue;
        n = care_record_new (care_schema_lookup ("notification"));
        care_record_set (n, "user_id", user_id);
        care_record_set (n, "kind", "system");
        care_record_set (n, "message", message);
        care_record_set (n, "link_entity", "asset");
        care_record_set (n, "link_id", asset_id);
        care_notifications_mark (n, FALSE);
        if (!care_store_insert (store, n, error))
          {
            care_store_rollback (store);
            return -1;
          }
        written++;
      }
  if (!care_store_commit (store, error))
    return -1;
  return written;
}

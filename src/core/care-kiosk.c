/* care-kiosk.c: the patient kiosk's rules: what it keeps, for how long, and what goes at sign-out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-kiosk"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "care-kiosk.h"
#include "care-appointments.h"
#include "care-rules.h"
#include "care-uuid.h"

CareKioskIdle
care_kiosk_idle_state (gint64  last_input,
                       gint64  now,
                       guint  *seconds_left)
{
  gint64 left = last_input + CARE_KIOSK_IDLE_SECONDS - now;

  left = CLAMP (left, 0, CARE_KIOSK_IDLE_SECONDS);
  if (seconds_left)
    *seconds_left = (guint) left;
  if (left == 0)
    return CARE_KIOSK_IDLE_EXPIRED;
  if (left <= CARE_KIOSK_WARNING_SECONDS)
    return CARE_KIOSK_IDLE_WARNING;
  return CARE_KIOSK_IDLE_ACTIVE;
}

const char *const *
care_kiosk_entities (void)
{
  static const char *const entities[] = {
    "patient", "appointment", "prescription", "prescription_item", "refill_request",
    "lab_test", "lab_result", "invoice", "invoice_item", "payment", "form_submission",
    "message", "notification", NULL };

  return entities;
}

const char *
care_kiosk_change_action (const CareEntity *entity)
{
  g_return_val_if_fail (entity != NULL, NULL);

  if (g_str_equal (entity->name, "appointment"))
    return "cancel";
  if (g_str_equal (entity->name, "message") || g_str_equal (entity->name, "notification"))
    return "read";
  return NULL;
}

char *
care_kiosk_store_path_new (GError **error)
{
  /* g_dir_make_tmp() makes the folder 0700: no other account reads it. */
  g_autofree char *dir = g_dir_make_tmp ("caredesk-kiosk-XXXXXX", error);

  if (dir == NULL)
    return NULL;
  return g_build_filename (dir, "patient.db", NULL);
}

static gboolean
remove_file (const char  *path,
             GError     **error)
{
  int saved;

  if (g_remove (path) == 0 || errno == ENOENT)
    return TRUE;
  saved = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
               _("Could not delete the kiosk’s copy of the records (%s): %s"), path, g_strerror (saved));
  return FALSE;
}

gboolean
care_kiosk_wipe (const char  *path,
                 GError     **error)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (path != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      ok &= remove_file (file, ok ? error : NULL);
    }
  /* Only a folder of the kiosk's own making goes with it. */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (dir);
  if (ok && g_str_has_prefix (base, "caredesk-kiosk-"))
    ok = g_rmdir (dir) == 0 || errno == ENOENT || remove_file (dir, error);
  return ok;
}

void
care_kiosk_clear_secret (char **secret)
{
  if (secret == NULL || *secret == NULL)
    return;
  sodium_memzero (*secret, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

gboolean
care_kiosk_check_sign_out (CareStore  *store,
                           gboolean    online,
                           GError    **error)
{
  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);

  if (online || care_store_outbox_count (store) == 0)
    return TRUE;
  g_set_error_literal (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE,
                       _("What you asked for has not reached the clinic yet: the clinic’s server cannot be reached. "
                         "Please tell the reception desk before you leave."));
  return FALSE;
}

gboolean
care_kiosk_shows (CareRecord *record)
{
  const char *entity;

  g_return_val_if_fail (record != NULL, FALSE);

  entity = care_record_get_entity (record)->name;
  if (g_str_equal (entity, "lab_test"))
    return g_strcmp0 (care_record_get (record, "status"), "reviewed") == 0;
  if (g_str_equal (entity, "invoice"))
    return g_strcmp0 (care_record_get (record, "status"), "draft") != 0;
  return TRUE;
}

gboolean
care_kiosk_check_cancel (CareRecord  *appointment,
                         GError     **error)
{
  static const char *const cancellable[] = { "requested", "scheduled", "accepted", NULL };
  const CareEntity *entity = care_schema_lookup ("appointment");
  const char *status = care_record_get (appointment, "status");
  const char *starts = care_record_get (appointment, "starts_at");
  g_autofree char *now = care_now_iso8601 ();

  if (status == NULL || !g_strv_contains (cancellable, status) || (starts && g_strcmp0 (starts, now) <= 0))
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, entity, "status",
                                 _("This appointment can no longer be cancelled here; please ask at the reception desk."));
      return FALSE;
    }
  return care_appointments_check_step (status, "cancelled", error);
}

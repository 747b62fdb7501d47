/* care-roster.c: the staff roster, a week of shifts at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-roster"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-clock.h"
#include "care-roster.h"
#include "care-store-rules.h"
#include "care-uuid.h"

static const CareEntity *
shifts (void)
{
  return care_schema_lookup ("shift");
}

static gint64
instant (CareRecord *shift,
         const char *field)
{
  gint64 usec = 0;

  care_clock_parse_instant (care_record_get (shift, field), &usec);
  return usec;
}

GDateTime *
care_roster_week_start (GDateTime *day)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) midnight = NULL;

  g_return_val_if_fail (day != NULL, NULL);

  local = g_date_time_to_local (day);
  midnight = g_date_time_new_local (g_date_time_get_year (local), g_date_time_get_month (local),
                                    g_date_time_get_day_of_month (local), 0, 0, 0);
  return g_date_time_add_days (midnight, 1 - g_date_time_get_day_of_week (local));
}

static gboolean
check_times (CareRecord  *shift,
             GError     **error)
{
  if (instant (shift, "ends_at") > instant (shift, "starts_at"))
    return TRUE;
  care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, shifts (), "ends_at",
                             _("The shift must end after it starts."));
  return FALSE;
}

CareRecord *
care_roster_new_shift (const char  *user_id,
                       GDateTime   *starts,
                       GDateTime   *ends,
                       GError     **error)
{
  g_autoptr(CareRecord) shift = care_record_new (shifts ());
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_val_if_fail (starts != NULL && ends != NULL, NULL);

  if (user_id == NULL)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, shifts (), "user_id",
                                 _("Choose the staff member."));
      return NULL;
    }
  from = care_iso8601_format (starts);
  to = care_iso8601_format (ends);
  care_record_set (shift, "user_id", user_id);
  care_record_set (shift, "starts_at", from);
  care_record_set (shift, "ends_at", to);
  if (!check_times (shift, error))
    return NULL;
  return g_steal_pointer (&shift);
}

gboolean
care_roster_check_overlap (CareRecord  *shift,
                           GPtrArray   *others,
                           GError     **error)
{
  gint64 starts = instant (shift, "starts_at");
  gint64 ends = instant (shift, "ends_at");

  for (guint i = 0; others && i < others->len; i++)
    {
      CareRecord *other = others->pdata[i];
      g_autoptr(GDateTime) from = NULL;
      g_autoptr(GDateTime) to = NULL;
      g_autofree char *when = NULL;
      g_autofree char *until = NULL;
      g_autofree char *detail = NULL;

      if (g_strcmp0 (care_record_get_id (other), care_record_get_id (shift)) == 0 ||
          g_strcmp0 (care_record_get (other, "user_id"), care_record_get (shift, "user_id")) != 0 ||
          instant (other, "starts_at") >= ends || instant (other, "ends_at") <= starts)
        continue;
      from = g_date_time_new_from_unix_local (instant (other, "starts_at") / G_USEC_PER_SEC);
      to = g_date_time_new_from_unix_local (instant (other, "ends_at") / G_USEC_PER_SEC);
      /* Translators: a date and time, e.g. "Mon 7 Dec 08:00" */
      when = g_date_time_format (from, _("%a %-e %b %H:%M"));
      until = g_date_time_format (to, "%H:%M");
      /* Translators: the times of the shift already in the roster, e.g. "Mon 7 Dec 08:00" and "16:00" */
      detail = g_strdup_printf (_("This overlaps the same person’s shift of %s–%s."), when, until);
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, shifts (), "starts_at", detail);
      return FALSE;
    }
  return TRUE;
}

static int
by_start (gconstpointer a,
          gconstpointer b)
{
  gint64 x = instant (*(CareRecord **) a, "starts_at");
  gint64 y = instant (*(CareRecord **) b, "starts_at");

  return x < y ? -1 : x > y;
}

GPtrArray *
care_roster_week (CareStore   *store,
                  GDateTime   *monday,
                  GError     **error)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GDateTime) next = NULL;
  gint64 from, to;
  GPtrArray *week;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (monday != NULL, NULL);

  /* A clinic's roster is hundreds of rows a year; starts_at is indexed
   * for when it is not. */
  all = care_store_list (store, shifts (), NULL, NULL, "starts_at", 0, error);
  if (all == NULL)
    return NULL;
  next = g_date_time_add_weeks (monday, 1);
  from = g_date_time_to_unix (monday) * G_USEC_PER_SEC;
  to = g_date_time_to_unix (next) * G_USEC_PER_SEC;
  week = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  for (guint i = 0; i < all->len; i++)
    if (instant (all->pdata[i], "starts_at") >= from && instant (all->pdata[i], "starts_at") < to)
      g_ptr_array_add (week, care_record_ref (all->pdata[i]));
  g_ptr_array_sort (week, by_start);
  return week;
}

gboolean
care_roster_save (CareStore   *store,
                  CareRecord  *before,
                  CareRecord  *shift,
                  GError     **error)
{
  CareRuleContext ctx;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (before != NULL || shift != NULL, FALSE);

  care_store_rule_context_init (&ctx, store);
  if (!care_store_begin (store, error))
    return FALSE;
  if (care_store_write_ruled (&ctx, store, before, shift, error))
    return care_store_commit (store, error);
  care_store_rollback (store);
  return FALSE;
}

gint
care_roster_copy_week (CareStore   *store,
                       GDateTime   *monday,
                       guint       *skipped,
                       GError     **error)
{
  g_autoptr(GPtrArray) week = care_roster_week (store, monday, error);
  CareRuleContext ctx;
  gint copied = 0;
  guint left_out = 0;

  if (week == NULL)
    return -1;
  care_store_rule_context_init (&ctx, store);
  if (!care_store_begin (store, error))
    return -1;
  for (guint i = 0; i < week->len; i++)
    {
      CareRecord *shift = week->pdata[i];
      g_autoptr(GDateTime) starts = g_date_time_new_from_unix_utc (instant (shift, "starts_at") / G_USEC_PER_SEC);
      g_autoptr(GDateTime) ends = g_date_time_new_from_unix_utc (instant (shift, "ends_at") / G_USEC_PER_SEC);
      /* A week later on the wall clock, across a change to summer time too. */
      g_autoptr(GDateTime) local_starts = g_date_time_to_local (starts);
      g_autoptr(GDateTime) local_ends = g_date_time_to_local (ends);
      g_autoptr(GDateTime) next_starts = g_date_time_add_weeks (local_starts, 1);
      g_autoptr(GDateTime) next_ends = g_date_time_add_weeks (local_ends, 1);
      g_autoptr(CareRecord) copy = care_roster_new_shift (care_record_get (shift, "user_id"), next_starts, next_ends, error);
      g_autoptr(GError) refused = NULL;

      if (copy == NULL)
        goto failed;
      care_record_set (copy, "ward_id", care_record_get (shift, "ward_id"));
      care_record_set (copy, "notes", care_record_get (shift, "notes"));
      if (care_store_write_ruled (&ctx, store, NULL, copy, &refused))
        copied++;
      else if (care_rule_error_is_refusal (refused))
        left_out++;
      else
        {
          g_propagate_error (error, g_steal_pointer (&refused));
          goto failed;
        }
    }
  if (!care_store_commit (store, error))
    return -1;
  if (skipped)
    *skipped = left_out;
  return copied;

failed:
  care_store_rollback (store);
  return -1;
}

/* --- the rules, whoever writes --------------------------------------------- */

static gboolean
prepare_shift (CareRuleContext *ctx,
               CareRecord      *before,
               CareRecord      *shift,
               GError         **error)
{
  g_autoptr(GPtrArray) others = NULL;

  if (!check_times (shift, error))
    return FALSE;
  /* Two workstations rostering one person offline: both shifts are
   * kept for the manager to see, rather than one lost. */
  if (ctx->replayed)
    return TRUE;
  others = ctx->list (ctx, shifts (), "user_id", care_record_get (shift, "user_id"), error);
  return others && care_roster_check_overlap (shift, others, error);
}

const CareEntityRules *
care_roster_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "shift", prepare_shift, NULL, NULL, NULL, NULL },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}

/* care-follow-ups.c: a doctor's next follow-up becomes reception's task to book it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-follow-ups"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "care-appointments.h"
#include "care-follow-ups.h"

static const CareEntity *
follow_up_entity (void)
{
  return care_schema_lookup ("follow_up");
}

static gboolean
is_open_visit (CareRecord *follow_up)
{
  return g_strcmp0 (care_record_get (follow_up, "kind"), "visit") == 0 &&
         g_strcmp0 (care_record_get (follow_up, "status"), "open") == 0;
}

/* The patient's open follow-up visit, or NULL. */
static CareRecord *
find_open (CareRuleContext *ctx,
           const char      *patient_id,
           GError         **error,
           gboolean        *failed)
{
  g_autoptr(GPtrArray) all = ctx->list (ctx, follow_up_entity (), "patient_id", patient_id, error);

  *failed = all == NULL;
  for (guint i = 0; all && i < all->len; i++)
    if (is_open_visit (all->pdata[i]))
      return care_record_ref (all->pdata[i]);
  return NULL;
}

/* The doctor asked for a follow-up (or moved its date). */
static gboolean
ask_for_follow_up (CareRuleContext *ctx,
                   CareRecord      *before,
                   CareRecord      *appointment,
                   GError         **error)
{
  const char *due = care_record_get (appointment, "next_follow_up");
  const char *patient_id = care_record_get (appointment, "patient_id");
  g_autoptr(CareRecord) open = NULL;
  gboolean failed;

  if (due == NULL || patient_id == NULL ||
      g_strcmp0 (due, before ? care_record_get (before, "next_follow_up") : NULL) == 0)
    return TRUE;
  open = find_open (ctx, patient_id, error, &failed);
  if (failed)
    return FALSE;
  if (open)
    {
      care_record_set (open, "due_on", due);
      return ctx->update (ctx, open, error);
    }
  open = care_record_new (follow_up_entity ());
  care_record_set (open, "patient_id", patient_id);
  care_record_set (open, "kind", "visit");
  care_record_set (open, "due_on", due);
  care_record_set (open, "status", "open");
  care_record_set (open, "notes", _("Book a follow-up visit"));
  return ctx->insert (ctx, open, error);
}

static gboolean
is_booked (const char *status)
{
  return g_strcmp0 (status, "scheduled") == 0 || g_strcmp0 (status, "accepted") == 0;
}

/* An appointment booked for the patient on or after the day a follow-up
 * was asked for is that follow-up. */
static gboolean
close_follow_ups (CareRuleContext *ctx,
                  CareRecord      *before,
                  CareRecord      *appointment,
                  GError         **error)
{
  const char *starts_at = care_record_get (appointment, "starts_at");
  g_autoptr(GPtrArray) all = NULL;

  if (!is_booked (care_record_get (appointment, "status")) ||
      (before && is_booked (care_record_get (before, "status"))) || starts_at == NULL)
    return TRUE;
  all = ctx->list (ctx, follow_up_entity (), "patient_id", care_record_get (appointment, "patient_id"), error);
  if (all == NULL)
    return FALSE;
  for (guint i = 0; i < all->len; i++)
    {
      CareRecord *follow_up = all->pdata[i];
      const char *asked = care_record_get (follow_up, CARE_COLUMN_CREATED_AT);

      /* Both are ISO 8601: the day is their first ten characters. */
      if (!is_open_visit (follow_up) || (asked && strncmp (starts_at, asked, 10) < 0))
        continue;
      care_record_set (follow_up, "status", "done");
      if (!ctx->update (ctx, follow_up, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
care_follow_ups_on_appointment (CareRuleContext *ctx,
                                CareRecord      *before,
                                CareRecord      *appointment,
                                GError         **error)
{
  if (ctx->replayed || ctx->insert == NULL || ctx->update == NULL)
    return TRUE;
  /* Closing first: a visit that asks for a follow-up does not close it. */
  return close_follow_ups (ctx, before, appointment, error) &&
         ask_for_follow_up (ctx, before, appointment, error);
}

const CareEntityRules *
care_follow_ups_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "appointment", care_follow_ups_on_appointment, NULL, NULL, NULL },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}

static int
by_due_on (gconstpointer a,
           gconstpointer b)
{
  CareRecord *x = *(CareRecord **) a;
  CareRecord *y = *(CareRecord **) b;

  return g_strcmp0 (care_record_get (x, "due_on"), care_record_get (y, "due_on"));
}

GPtrArray *
care_follow_ups_list_open (CareStore  *store,
                           GError    **error)
{
  g_autoptr(GPtrArray) open = care_store_list (store, follow_up_entity (), "status", "open", "due_on", 0, error);
  GPtrArray *visits;

  if (open == NULL)
    return NULL;
  visits = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  for (guint i = 0; i < open->len; i++)
    if (is_open_visit (open->pdata[i]))
      g_ptr_array_add (visits, care_record_ref (open->pdata[i]));
  g_ptr_array_sort (visits, by_due_on);
  return visits;
}

gboolean
care_follow_ups_set_next (CareStore   *store,
                          const char  *appointment_id,
                          const char  *date,
                          GError     **error)
{
  const CareEntity *entity = care_schema_lookup ("appointment");
  g_autoptr(CareRecord) before = care_store_get (store, entity, appointment_id, error);
  g_autoptr(CareRecord) appointment = NULL;

  if (before == NULL)
    return FALSE;
  appointment = care_record_copy (before);
  care_record_set (appointment, "next_follow_up", date && date[0] ? date : NULL);
  return care_appointments_save (store, before, appointment, error);
}

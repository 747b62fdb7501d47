/* care-medication-rounds.c: the ward's medication round, from the prescriptions of admitted patients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-medication-rounds"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "care-clock.h"
#include "care-dose-frequency.h"
#include "care-medication-rounds.h"
#include "care-uuid.h"

#define MINUTE_USEC ((gint64) 60 * G_USEC_PER_SEC)

static const CareEntity *
administrations (void)
{
  return care_schema_lookup ("medication_administration");
}

static gint64
instant (const char *iso8601)
{
  gint64 usec = 0;

  return iso8601 && care_clock_parse_instant (iso8601, &usec) ? usec : G_MININT64;
}

static char *
format_instant (gint64 usec)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return care_iso8601_format (t);
}

/* The ids of the records another record amends. */
static GHashTable *
amended_ids (GPtrArray *records)
{
  GHashTable *amended = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < records->len; i++)
    {
      const char *amends = care_record_get (g_ptr_array_index (records, i), "amends_id");
      if (amends)
        g_hash_table_add (amended, g_strdup (amends));
    }
  return amended;
}

static char *
dose_key (const char *item_id,
          gint64      scheduled_at)
{
  return g_strdup_printf ("%s@%" G_GINT64_FORMAT, item_id, scheduled_at / G_USEC_PER_SEC);
}

/* Item and time → the standing record of a patient's doses: of the
 * records no other amends, the newest (records come oldest first). */
static GHashTable *
standing_records (GPtrArray *records)
{
  g_autoptr(GHashTable) amended = amended_ids (records);
  GHashTable *standing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) care_record_unref);

  for (guint i = 0; i < records->len; i++)
    {
      CareRecord *r = g_ptr_array_index (records, i);
      const char *item = care_record_get (r, "prescription_item_id");

      if (item == NULL || g_hash_table_contains (amended, care_record_get_id (r)))
        continue;
      g_hash_table_replace (standing, dose_key (item, instant (care_record_get (r, "scheduled_at"))),
                            care_record_ref (r));
    }
  return standing;
}

/* Local midnight starting the day of date (YYYY-MM-DD), in µs. */
static gint64
day_start (GTimeZone  *zone,
           const char *date,
           int         days_later)
{
  int y, m, d;
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) later = NULL;

  if (date == NULL || sscanf (date, "%d-%d-%d", &y, &m, &d) != 3)
    return G_MININT64;
  day = g_date_time_new (zone, y, m, d, 0, 0, 0);
  later = day ? g_date_time_add_days (day, days_later) : NULL;
  return later ? g_date_time_to_unix (later) * G_USEC_PER_SEC : G_MININT64;
}

/* An admitted patient as a round needs them: the patient (NULL when gone),
 * the bed, the prescriptions and the administrations (ordered by order). */
typedef struct {
  CareRecord *patient;
  CareRecord *bed;
  GPtrArray  *rxs;
  GPtrArray  *given;
} Admitted;

static void
admitted_clear (Admitted *a)
{
  g_clear_pointer (&a->patient, care_record_unref);
  g_clear_pointer (&a->bed, care_record_unref);
  g_clear_pointer (&a->rxs, g_ptr_array_unref);
  g_clear_pointer (&a->given, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Admitted, admitted_clear)

static gboolean
admitted_load (CareStore   *store,
               CareRecord  *admission,
               const char  *order,
               Admitted    *a,
               GError     **error)
{
  const char *pid = care_record_get (admission, "patient_id");

  a->patient = care_store_get (store, care_schema_lookup ("patient"), pid, NULL);
  if (a->patient == NULL)
    return TRUE;
  a->bed = care_store_get (store, care_schema_lookup ("bed"), care_record_get (admission, "bed_id"), NULL);
  a->rxs = care_store_list (store, care_schema_lookup ("prescription"), "patient_id", pid, NULL, 0, error);
  a->given = a->rxs ? care_store_list (store, administrations (), "patient_id", pid, order, 0, error) : NULL;
  return a->given != NULL;
}

static gboolean
add_item_doses (GPtrArray  *doses,
                GTimeZone  *zone,
                CareRecord *patient,
                const char *bed_label,
                gint64      admitted,
                CareRecord *rx,
                CareRecord *item,
                GHashTable *standing,
                gint64      from,
                gint64      to)
{
  CareDoseFrequency frequency;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) instants = NULL;
  const char *issued = care_record_get (rx, "issued_on");
  gint64 days = care_record_get_int (item, "duration_days", 0);
  gint64 start = day_start (zone, issued, 0);
  gint64 end = days > 0 ? day_start (zone, issued, (int) days) : to;

  if (!care_dose_frequency_parse (care_record_get (item, "frequency"), &frequency, &error))
    {
      g_debug ("%s: %s", care_record_get_id (item), error->message);
      return FALSE;
    }
  if (start == G_MININT64)
    return FALSE;
  /* A steady interval that does not divide the day runs from 08:00 on
   * the prescription's day. */
  if (frequency.every_minutes > 0)
    start += 8 * 60 * MINUTE_USEC;

  instants = care_dose_frequency_instants (&frequency, zone, start, from, MIN (to, end));
  for (guint i = 0; i < instants->len; i++)
    {
      gint64 at = g_array_index (instants, gint64, i);
      g_autofree char *key = NULL;
      CareDose *dose;

      if (at < admitted)
        continue;
      dose = care_dose_new (patient, bed_label, item, at, frequency.interval_minutes);
      key = dose_key (care_record_get_id (item), at);
      care_dose_set_administration (dose, g_hash_table_lookup (standing, key));
      g_ptr_array_add (doses, dose);
    }
  return TRUE;
}

static gboolean
add_patient_doses (CareStore  *store,
                   GPtrArray  *doses,
                   GTimeZone  *zone,
                   CareRecord *admission,
                   gint64      from,
                   gint64      to,
                   GError    **error)
{
  g_auto(Admitted) a = { 0 };
  g_autoptr(GHashTable) standing = NULL;

  if (!admitted_load (store, admission, "id", &a, error))
    return FALSE;
  if (a.patient == NULL)
    return TRUE;
  standing = standing_records (a.given);

  for (guint i = 0; i < a.rxs->len; i++)
    {
      CareRecord *rx = g_ptr_array_index (a.rxs, i);
      g_autoptr(GPtrArray) items = NULL;

      if (g_strcmp0 (care_record_get (rx, "status"), "active") != 0)
        continue;
      items = care_store_list (store, care_schema_lookup ("prescription_item"), "prescription_id",
                               care_record_get_id (rx), NULL, 0, error);
      if (items == NULL)
        return FALSE;
      for (guint k = 0; k < items->len; k++)
        add_item_doses (doses, zone, a.patient, a.bed ? care_record_get (a.bed, "label") : NULL,
                        instant (care_record_get (admission, "admitted_at")), rx,
                        g_ptr_array_index (items, k), standing, from, to);
    }
  return TRUE;
}

static gint
compare_doses (gconstpointer a,
               gconstpointer b)
{
  CareDose *x = *(CareDose **) a, *y = *(CareDose **) b;
  gint64 tx = care_dose_get_scheduled_at (x), ty = care_dose_get_scheduled_at (y);
  int c;

  if (tx != ty)
    return tx < ty ? -1 : 1;
  if ((c = g_strcmp0 (care_dose_get_bed_label (x), care_dose_get_bed_label (y))) != 0)
    return c;
  return g_strcmp0 (care_dose_get_medicine_name (x), care_dose_get_medicine_name (y));
}

GPtrArray *
care_medication_rounds_schedule (CareStore  *store,
                                 gint64      from,
                                 gint64      to,
                                 GError    **error)
{
  g_autoptr(GPtrArray) doses = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) admissions = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  admissions = care_store_list (store, care_schema_lookup ("bed_allocation"), "status", "active", NULL, 0, error);
  if (admissions == NULL)
    return NULL;
  for (guint i = 0; i < admissions->len; i++)
    if (!add_patient_doses (store, doses, zone, g_ptr_array_index (admissions, i), from, to, error))
      return NULL;
  g_ptr_array_sort (doses, compare_doses);
  return g_steal_pointer (&doses);
}

GPtrArray *
care_medication_rounds_unrecorded (CareStore  *store,
                                   gint64      from,
                                   gint64      to,
                                   GError    **error)
{
  GPtrArray *doses = care_medication_rounds_schedule (store, from, to, error);

  for (guint i = doses ? doses->len : 0; i > 0; i--)
    if (care_dose_get_administration (g_ptr_array_index (doses, i - 1)) != NULL)
      g_ptr_array_remove_index (doses, i - 1);
  return doses;
}

/* The latest "given" of item among a patient's administrations (oldest
 * first), amended ones left out. */
static CareRecord *
last_given (GPtrArray   *given,
            GHashTable  *amended,
            const char  *item_id)
{
  for (guint i = given->len; i > 0; i--)
    {
      CareRecord *r = g_ptr_array_index (given, i - 1);

      if (g_strcmp0 (care_record_get (r, "prescription_item_id"), item_id) == 0 &&
          g_strcmp0 (care_record_get (r, "status"), "given") == 0 &&
          !g_hash_table_contains (amended, care_record_get_id (r)))
        return r;
    }
  return NULL;
}

static gboolean
add_patient_as_needed (CareStore  *store,
                       GPtrArray  *doses,
                       GTimeZone  *zone,
                       CareRecord *admission,
                       gint64      at,
                       GError    **error)
{
  g_auto(Admitted) a = { 0 };
  g_autoptr(GHashTable) amended = NULL;

  if (!admitted_load (store, admission, "administered_at", &a, error))
    return FALSE;
  if (a.patient == NULL)
    return TRUE;
  amended = amended_ids (a.given);
  for (guint i = 0; i < a.rxs->len; i++)
    {
      CareRecord *rx = g_ptr_array_index (a.rxs, i);
      const char *issued = care_record_get (rx, "issued_on");
      g_autoptr(GPtrArray) items = NULL;

      if (g_strcmp0 (care_record_get (rx, "status"), "active") != 0 || day_start (zone, issued, 0) > at)
        continue;
      items = care_store_list (store, care_schema_lookup ("prescription_item"), "prescription_id",
                               care_record_get_id (rx), NULL, 0, error);
      if (items == NULL)
        return FALSE;
      for (guint k = 0; k < items->len; k++)
        {
          CareRecord *item = g_ptr_array_index (items, k);
          gint64 days = care_record_get_int (item, "duration_days", 0);
          CareDoseFrequency frequency;

          if (!care_dose_frequency_parse (care_record_get (item, "frequency"), &frequency, NULL) ||
              !frequency.as_needed || (days > 0 && day_start (zone, issued, (int) days) <= at))
            continue;
          g_ptr_array_add (doses, care_dose_new_as_needed (a.patient, a.bed ? care_record_get (a.bed, "label") : NULL, item,
                                                           frequency.interval_minutes,
                                                           last_given (a.given, amended, care_record_get_id (item))));
        }
    }
  return TRUE;
}

GPtrArray *
care_medication_rounds_as_needed (CareStore  *store,
                                  gint64      at,
                                  GError    **error)
{
  g_autoptr(GPtrArray) doses = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) admissions = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  admissions = care_store_list (store, care_schema_lookup ("bed_allocation"), "status", "active", NULL, 0, error);
  if (admissions == NULL)
    return NULL;
  for (guint i = 0; i < admissions->len; i++)
    if (!add_patient_as_needed (store, doses, zone, g_ptr_array_index (admissions, i), at, error))
      return NULL;
  /* All at the same (no) time: by bed, then medicine. */
  g_ptr_array_sort (doses, compare_doses);
  return g_steal_pointer (&doses);
}

/* "45 min", "2 h 05 min" */
static char *
format_span (gint64 usec)
{
  gint64 minutes = ABS (usec) / MINUTE_USEC;

  if (minutes < 60)
    /* Translators: a duration in minutes */
    return g_strdup_printf (_("%d min"), (int) minutes);
  /* Translators: a duration in hours and minutes, “8 h 05 min” */
  return g_strdup_printf (_("%d h %02d min"), (int) (minutes / 60), (int) (minutes % 60));
}

static char *
double_dose_warning (CareStore  *store,
                     CareDose   *dose,
                     CareRecord *given,
                     gint64      at)
{
  gint64 then = instant (care_record_get (given, "administered_at"));
  g_autoptr(CareRecord) nurse = care_store_get (store, care_schema_lookup ("user"),
                                                care_record_get (given, "administered_by"), NULL);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (then / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  g_autofree char *time = g_date_time_format (local, "%H:%M");
  g_autofree char *ago = format_span (at - then);
  g_autofree char *interval = format_span (care_dose_get_interval_minutes (dose) * MINUTE_USEC);
  g_autofree char *who = nurse ? care_record_dup_title (nurse) : g_strdup (_("someone"));

  if (then > at)
    /* Translators: medicine, dose, the time it is given at, who, how much later, the least time between doses */
    return g_strdup_printf (_("%s %s is recorded as given at %s by %s, %s from now. Its doses are %s apart."),
                            care_dose_get_medicine_name (dose), care_dose_get_dose (dose), time, who, ago, interval);
  /* Translators: medicine, dose, the time it was given, who, how long ago, the least time between doses */
  return g_strdup_printf (_("%s %s was given at %s by %s, %s ago. Its doses are %s apart."),
                          care_dose_get_medicine_name (dose), care_dose_get_dose (dose), time, who, ago, interval);
}

gboolean
care_medication_rounds_check_double_dose (CareStore  *store,
                                          CareDose   *dose,
                                          gint64      at,
                                          char      **warning,
                                          GError    **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) amended = NULL;
  gint64 interval = care_dose_get_interval_minutes (dose) * MINUTE_USEC;
  CareRecord *nearest = NULL;
  gint64 nearest_gap = G_MAXINT64;

  g_return_val_if_fail (CARE_IS_STORE (store) && CARE_IS_DOSE (dose) && warning != NULL, FALSE);

  *warning = NULL;
  records = care_store_list (store, administrations (), "prescription_item_id", care_dose_get_item_id (dose),
                             "id", 0, error);
  if (records == NULL)
    return FALSE;
  amended = amended_ids (records);
  for (guint i = 0; i < records->len; i++)
    {
      CareRecord *r = g_ptr_array_index (records, i);
      gint64 gap = ABS (at - instant (care_record_get (r, "administered_at")));

      if (g_strcmp0 (care_record_get (r, "status"), "given") != 0 ||
          g_hash_table_contains (amended, care_record_get_id (r)))
        continue;
      if (gap < interval && gap < nearest_gap)
        nearest = r, nearest_gap = gap;
    }
  if (nearest)
    *warning = double_dose_warning (store, dose, nearest, at);
  return TRUE;
}

/* What became of a dose, and why when it was not given; a record of a
 * dose still to come ("scheduled", as another system may write) only
 * where scheduled is allowed. */
static gboolean
check_status_note (const char  *status,
                   const char  *note,
                   gboolean     scheduled,
                   GError     **error)
{
  static const char *const statuses[] = { "given", "refused", "held", "missed", NULL };
  g_autofree char *trimmed = g_strstrip (g_strdup (note ? note : ""));

  if (scheduled && (status == NULL || g_str_equal (status, "scheduled")))
    return TRUE;
  if (!g_strv_contains (statuses, status ? status : ""))
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, administrations (), "status",
                                 _("A dose is given, refused, held or missed."));
      return FALSE;
    }
  if (!g_str_equal (status, "given") && *trimmed == '\0')
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, administrations (), "notes",
                                 g_str_equal (status, "refused") ? _("Say why the dose was refused.")
                                 : g_str_equal (status, "held") ? _("Say why the dose is held.")
                                 : _("Say why the dose was missed."));
      return FALSE;
    }
  return TRUE;
}

/* A new administration of the same dose as like (a dose's item or an
 * administration), by actor, now. */
static CareRecord *
new_administration (const char  *patient_id,
                    const char  *item_id,
                    CareRecord  *like,
                    gint64       scheduled_at,
                    const char  *status,
                    const char  *note,
                    const char  *actor,
                    const char  *amends,
                    GError     **error)
{
  g_autoptr(CareRecord) record = care_record_new (administrations ());
  g_autofree char *scheduled = format_instant (scheduled_at);
  g_autofree char *now = care_now_iso8601 ();
  static const char *const copied[] = { "medicine_name", "dose", "route" };

  if (actor == NULL)
    {
      g_set_error_literal (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE,
                           _("Sign in to record a dose: it is recorded under your name."));
      return NULL;
    }
  if (!check_status_note (status, note, FALSE, error))
    return NULL;

  care_record_set (record, "patient_id", patient_id);
  care_record_set (record, "prescription_item_id", item_id);
  for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
    care_record_set (record, copied[i], care_record_get (like, copied[i]));
  care_record_set (record, "scheduled_at", scheduled);
  care_record_set (record, "administered_at", now);
  care_record_set (record, "administered_by", actor);
  care_record_set (record, "status", status);
  care_record_set (record, "notes", note && *note ? note : NULL);
  care_record_set (record, "amends_id", amends);
  return g_steal_pointer (&record);
}

CareRecord *
care_medication_rounds_new_administration (CareDose    *dose,
                                           const char  *status,
                                           const char  *note,
                                           const char  *actor,
                                           GError     **error)
{
  CareRecord *standing;

  g_return_val_if_fail (CARE_IS_DOSE (dose), NULL);

  if (care_dose_is_as_needed (dose))
    {
      g_autofree char *why = g_strstrip (g_strdup (note ? note : ""));

      if (g_strcmp0 (status, "given") != 0 || *why == '\0')
        {
          care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, administrations (), "notes",
                                     _("A medicine given as needed is recorded when given, with why it was needed."));
          return NULL;
        }
      return new_administration (care_dose_get_patient_id (dose), care_dose_get_item_id (dose),
                                 care_dose_get_item (dose), care_clock_get_real_time (), status, note, actor,
                                 NULL, error);
    }
  standing = care_dose_get_administration (dose);
  return new_administration (care_dose_get_patient_id (dose), care_dose_get_item_id (dose),
                             care_dose_get_item (dose), care_dose_get_scheduled_at (dose), status, note, actor,
                             standing ? care_record_get_id (standing) : NULL, error);
}

static CareRecord *
save (CareStore   *store,
      CareRecord  *record,
      GError     **error)
{
  if (record == NULL || !care_store_insert (store, record, error))
    return NULL;
  return care_record_ref (record);
}

CareRecord *
care_medication_rounds_record (CareStore   *store,
                               CareDose    *dose,
                               const char  *status,
                               const char  *note,
                               GError     **error)
{
  g_autoptr(CareRecord) record = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  record = care_medication_rounds_new_administration (dose, status, note, care_store_get_actor (store), error);
  return save (store, record, error);
}

CareRecord *
care_medication_rounds_amend (CareStore   *store,
                              CareRecord  *administration,
                              const char  *status,
                              const char  *note,
                              GError     **error)
{
  g_autoptr(GPtrArray) later = NULL;
  g_autoptr(CareRecord) record = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store) && administration != NULL, NULL);

  later = care_store_list (store, administrations (), "amends_id", care_record_get_id (administration), NULL, 1, error);
  if (later == NULL)
    return NULL;
  if (later->len > 0)
    {
      g_set_error_literal (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE,
                           _("This record has been corrected already. Correct the newest one."));
      return NULL;
    }
  record = new_administration (care_record_get (administration, "patient_id"),
                               care_record_get (administration, "prescription_item_id"), administration,
                               instant (care_record_get (administration, "scheduled_at")), status, note,
                               care_store_get_actor (store), care_record_get_id (administration), error);
  return save (store, record, error);
}

GPtrArray *
care_medication_rounds_history (CareStore   *store,
                                const char  *patient_id,
                                GHashTable **amended,
                                GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store) && patient_id != NULL, NULL);

  records = care_store_list (store, administrations (), "patient_id", patient_id, "id DESC", 0, error);
  if (records && amended)
    *amended = amended_ids (records);
  return g_steal_pointer (&records);
}

static gboolean
prepare_administration (CareRuleContext *ctx,
                        CareRecord      *before,
                        CareRecord      *record,
                        GError         **error)
{
  g_autofree char *now = NULL;

  if (before != NULL)
    return TRUE;
  if (!check_status_note (care_record_get (record, "status"), care_record_get (record, "notes"), TRUE, error))
    return FALSE;
  if (care_dose_state_from_status (care_record_get (record, "status")) == CARE_DOSE_DUE)
    return TRUE;
  now = care_now_iso8601 ();
  care_rules_set_default (record, "administered_at", now);
  return TRUE;
}

const CareEntityRules *
care_medication_rounds_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "medication_administration", prepare_administration, NULL, NULL, NULL },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}

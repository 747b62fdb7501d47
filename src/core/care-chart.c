/* care-chart.c: a patient's chart: the header a doctor reads first, and the timeline of everything recorded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-chart"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "care-chart.h"
#include "care-chart-summary.h"
#include "care-clock.h"
#include "care-forms.h"
#include "care-messages.h"
#include "care-store-sql.h"

typedef struct _Source Source;

struct _Source {
  CareChartKind  kind;
  const char    *entity;
  const char    *when;        /* the column the timeline sorts by */
  const char    *label;       /* N_() */
  void         (*describe)   (CareStore *store, CareRecord *record, CareChartEntry *entry);
};

static void describe_note        (CareStore *store, CareRecord *record, CareChartEntry *entry);
static void describe_vitals      (CareStore *store, CareRecord *record, CareChartEntry *entry);
static void describe_lab         (CareStore *store, CareRecord *record, CareChartEntry *entry);
static void describe_prescription(CareStore *store, CareRecord *record, CareChartEntry *entry);
static void describe_medication  (CareStore *store, CareRecord *record, CareChartEntry *entry);
static void describe_imaging     (CareStore *store, CareRecord *record, CareChartEntry *entry);
static void describe_admission   (CareStore *store, CareRecord *record, CareChartEntry *entry);
static void describe_appointment (CareStore *store, CareRecord *record, CareChartEntry *entry);
static void describe_treatment   (CareStore *store, CareRecord *record, CareChartEntry *entry);
static void describe_form        (CareStore *store, CareRecord *record, CareChartEntry *entry);
static void describe_message     (CareStore *store, CareRecord *record, CareChartEntry *entry);

/* Each (patient_id, when) pair has an index (migration 4). */
static const Source sources[CARE_CHART_N_KINDS] = {
  { CARE_CHART_NOTE, "clinical_note", "created_at", N_("Notes"), describe_note },
  { CARE_CHART_VITALS, "vitals", "recorded_at", N_("Vital signs"), describe_vitals },
  { CARE_CHART_LAB, "lab_test", "created_at", N_("Lab tests"), describe_lab },
  { CARE_CHART_PRESCRIPTION, "prescription", "created_at", N_("Prescriptions"), describe_prescription },
  { CARE_CHART_MEDICATION, "medication", "created_at", N_("Medications"), describe_medication },
  { CARE_CHART_IMAGING, "imaging_study", "created_at", N_("Imaging"), describe_imaging },
  { CARE_CHART_ADMISSION, "bed_allocation", "admitted_at", N_("Admissions"), describe_admission },
  { CARE_CHART_APPOINTMENT, "appointment", "starts_at", N_("Visits"), describe_appointment },
  { CARE_CHART_TREATMENT, "treatment", "created_at", N_("Treatments"), describe_treatment },
  { CARE_CHART_FORM, "form_submission", "created_at", N_("Forms"), describe_form },
  { CARE_CHART_MESSAGE, "message", "created_at", N_("Messages"), describe_message },
};

/* Later than any stored time: where the timeline starts. */
#define NEWEST "~"

void
care_chart_entry_free (CareChartEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->record_id);
  g_free (entry->when);
  g_free (entry->title);
  g_free (entry->summary);
  g_free (entry->flag_text);
  g_free (entry);
}

CareChartKind
care_chart_kind_nth (guint i)
{
  g_return_val_if_fail (i < CARE_CHART_N_KINDS, 0);
  return sources[i].kind;
}

static guint
source_index (CareChartKind kind)
{
  for (guint i = 0; i < CARE_CHART_N_KINDS; i++)
    if (sources[i].kind == kind)
      return i;
  g_return_val_if_reached (0);
}

const char *
care_chart_kind_label (CareChartKind kind)
{
  return _(sources[source_index (kind)].label);
}

static const char *
choice (const CareRecord *record,
        const char       *field)
{
  return care_field_choice_label (care_entity_field (care_record_get_entity (record), field),
                                  care_record_get (record, field));
}

/* Non-empty parts joined with " · " (any of them may be NULL). */
static char *
join_array (const char *const *parts,
            guint              n)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    if (parts[i] && *parts[i])
      g_string_append_printf (out, "%s%s", out->len ? " · " : "", parts[i]);
  return g_string_free (out, FALSE);
}

#define join_parts(...) \
  join_array ((const char *[]) { __VA_ARGS__ }, G_N_ELEMENTS (((const char *[]) { __VA_ARGS__ })))

static gboolean
has_amendment (CareStore  *store,
               CareRecord *record)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE amends_id = ?1 LIMIT 1",
                                          care_record_get_entity (record)->table);
  g_autofree char *found = care_store_query_text (store, sql, care_record_get_id (record), NULL);

  return found != NULL;
}

static void
describe_note (CareStore      *store,
               CareRecord     *note,
               CareChartEntry *entry)
{
  const char *diagnosis = care_record_get (note, "diagnosis");
  const char *code = care_record_get (note, "diagnosis_code");
  g_autofree char *coded = code && diagnosis ? g_strdup_printf ("%s (%s)", diagnosis, code) : g_strdup (diagnosis);

  entry->title = g_strdup (care_record_get (note, "title"));
  entry->summary = join_parts (choice (note, "note_type"), coded);
  entry->amendment = care_record_get (note, "amends_id") != NULL;
  entry->superseded = has_amendment (store, note);
}

char *
care_chart_vitals_line (const CareRecord *vitals)
{
  const char *sys = care_record_get (vitals, "systolic"), *dia = care_record_get (vitals, "diastolic");
  const char *pulse = care_record_get (vitals, "pulse"), *rr = care_record_get (vitals, "respiratory_rate");
  const char *spo2 = care_record_get (vitals, "spo2"), *temp = care_record_get (vitals, "temperature_c");
  /* Translators: abbreviations of the chart's one line of vital signs */
  g_autofree char *bp = sys && dia ? g_strdup_printf (_("BP %s/%s"), sys, dia) : NULL;
  g_autofree char *p = pulse ? g_strdup_printf (_("Pulse %s"), pulse) : NULL;
  g_autofree char *r = rr ? g_strdup_printf (_("RR %s"), rr) : NULL;
  g_autofree char *s = spo2 ? g_strdup_printf (_("SpO₂ %s %%"), spo2) : NULL;
  g_autofree char *t = temp ? g_strdup_printf (_("%s °C"), temp) : NULL;
  g_autofree char *score = NULL;
  CareNews2 news2;

  g_return_val_if_fail (vitals != NULL, NULL);

  if (care_news2_from_vitals (vitals, &news2))
    score = g_strdup_printf (_("NEWS2 %d"), news2.total);
  return join_parts (bp, p, r, s, t, score);
}

static void
describe_vitals (CareStore      *store,
                 CareRecord     *vitals,
                 CareChartEntry *entry)
{
  CareNews2 news2;

  if (care_news2_from_vitals (vitals, &news2))
    {
      if (news2.total >= 7)
        entry->flag = CARE_CHART_FLAG_CRITICAL;
      else if (news2.risk != CARE_NEWS2_RISK_LOW)
        entry->flag = CARE_CHART_FLAG_ABNORMAL;
      if (entry->flag)
        entry->flag_text = g_strdup_printf (_("NEWS2 %d: %s risk"), news2.total, care_news2_risk_label (news2.risk));
    }
  entry->title = g_strdup (_("Vital signs"));
  entry->summary = care_chart_vitals_line (vitals);
  entry->amendment = care_record_get (vitals, "amends_id") != NULL;
  entry->superseded = has_amendment (store, vitals);
}

static void
describe_lab (CareStore      *store,
              CareRecord     *test,
              CareChartEntry *entry)
{
  sqlite3_stmt *stmt = care_store_prepare (store,
                                           "SELECT r.analyte, r.value, r.unit, r.flag FROM lab_results r "
                                           "WHERE r.lab_test_id = ?1 AND NOT EXISTS "
                                           "(SELECT 1 FROM lab_results a WHERE a.amends_id = r.id) ORDER BY r.seq",
                                           NULL);
  g_autoptr(GString) results = g_string_new (NULL);
  guint out_of_range = 0, critical = 0;

  if (stmt)
    {
      sqlite3_bind_text (stmt, 1, care_record_get_id (test), -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *flag = (const char *) sqlite3_column_text (stmt, 3);
          const char *unit = (const char *) sqlite3_column_text (stmt, 2);
          gboolean off = flag && !g_str_equal (flag, "normal");

          g_string_append_printf (results, "%s%s %s%s%s%s", results->len ? ", " : "",
                                  (const char *) sqlite3_column_text (stmt, 0),
                                  (const char *) sqlite3_column_text (stmt, 1),
                                  unit ? " " : "", unit ? unit : "", off ? " !" : "");
          out_of_range += off;
          critical += flag && g_str_has_prefix (flag, "critical");
        }
      sqlite3_reset (stmt);
    }
  entry->title = g_strdup (care_record_get (test, "test_name"));
  entry->summary = join_parts (choice (test, "status"), results->str);
  entry->flag = critical ? CARE_CHART_FLAG_CRITICAL : out_of_range ? CARE_CHART_FLAG_ABNORMAL : CARE_CHART_FLAG_NONE;
  if (critical)
    entry->flag_text = g_strdup_printf (ngettext ("%u critical result", "%u critical results", critical), critical);
  else if (out_of_range)
    entry->flag_text = g_strdup_printf (ngettext ("%u result out of range", "%u results out of range", out_of_range),
                                        out_of_range);
}

static void
describe_prescription (CareStore      *store,
                       CareRecord     *rx,
                       CareChartEntry *entry)
{
  sqlite3_stmt *stmt = care_store_prepare (store,
                                           "SELECT medicine_name, dose, frequency FROM prescription_items "
                                           "WHERE prescription_id = ?1 ORDER BY seq", NULL);
  g_autoptr(GString) items = g_string_new (NULL);

  if (stmt)
    {
      sqlite3_bind_text (stmt, 1, care_record_get_id (rx), -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_string_append_printf (items, "%s%s %s %s", items->len ? ", " : "",
                                (const char *) sqlite3_column_text (stmt, 0),
                                (const char *) sqlite3_column_text (stmt, 1),
                                (const char *) sqlite3_column_text (stmt, 2));
      sqlite3_reset (stmt);
    }
  entry->title = g_strdup (_("Prescription"));
  entry->summary = join_parts (choice (rx, "status"), items->str);
}

static void
describe_medication (CareStore      *store,
                     CareRecord     *med,
                     CareChartEntry *entry)
{
  entry->title = g_strdup (care_record_get (med, "name"));
  entry->summary = join_parts (choice (med, "status"), care_record_get (med, "dose"),
                               care_record_get (med, "frequency"));
}

static void
describe_imaging (CareStore      *store,
                  CareRecord     *study,
                  CareChartEntry *entry)
{
  entry->title = join_parts (choice (study, "modality"), care_record_get (study, "body_part"));
  entry->summary = join_parts (choice (study, "status"), care_record_get (study, "impression"));
  if (care_record_get (study, "attachment_name") != NULL)
    {
      /* Translators: a study's summary, then the file attached to it */
      char *with = g_strdup_printf (_("%s · attached: %s"), entry->summary, care_record_get (study, "attachment_name"));

      g_free (entry->summary);
      entry->summary = with;
    }
}

/* "Consent to treatment", "Accepted · Treatment you consent to: Blood test…" */
static void
describe_form (CareStore      *store,
               CareRecord     *form,
               CareChartEntry *entry)
{
  const char *template_id = care_record_get (form, "template_id");
  g_autoptr(CareRecord) tmpl = template_id ? care_store_get (store, care_schema_lookup ("form_template"), template_id, NULL)
                                           : NULL;
  g_autoptr(CareFormTemplate) questions = care_forms_template_of (store, form);
  g_autofree char *answers = care_form_answers_summary (questions, care_record_get (form, "answers"));

  entry->title = g_strdup (tmpl ? care_record_get (tmpl, "name") : choice (form, "form_type"));
  g_strdelimit (answers, "\n", ';');
  entry->summary = join_parts (choice (form, "status"), *answers ? answers : care_record_get (form, "review_notes"));
}

/* A message about the patient: who wrote it, whether it was read, its
 * first line. */
static void
describe_message (CareStore      *store,
                  CareRecord     *message,
                  CareChartEntry *entry)
{
  const char *subject = care_record_get (message, "subject");
  g_autofree char *sender = care_messages_party_name (store, care_record_get (message, "sender_id"));
  g_autofree char *recipient = care_messages_party_name (store, care_record_get (message, "recipient_id"));
  /* Translators: a message in the chart's timeline: "Dana Doctor to Marta Quintero" */
  g_autofree char *parties = g_strdup_printf (_("%s to %s"), sender ? sender : "—", recipient ? recipient : "—");
  g_autofree char *first_line = g_strdup (care_record_get (message, "body"));
  const char *read = care_record_get (message, "read_at") ? _("Read") : _("Not read yet");

  if (first_line && strchr (first_line, '\n'))
    *strchr (first_line, '\n') = '\0';
  entry->title = g_strdup (subject && *subject ? subject : _("Message"));
  entry->summary = join_parts (parties, read, first_line);
}

CareChartEntry *
care_chart_describe_lab (CareStore  *store,
                         CareRecord *test)
{
  CareChartEntry *entry = g_new0 (CareChartEntry, 1);
  const char *when = care_record_get (test, "verified_at");

  g_return_val_if_fail (CARE_IS_STORE (store) && test != NULL, entry);

  entry->kind = CARE_CHART_LAB;
  entry->entity = "lab_test";
  entry->record_id = g_strdup (care_record_get_id (test));
  if (when == NULL)
    when = care_record_get (test, "completed_at");
  entry->when = g_strdup (when ? when : care_record_get (test, "created_at"));
  describe_lab (store, test, entry);
  return entry;
}

static void
describe_admission (CareStore      *store,
                    CareRecord     *allocation,
                    CareChartEntry *entry)
{
  entry->title = g_strdup (_("Admission"));
  entry->summary = join_parts (choice (allocation, "status"), care_record_get (allocation, "reason"));
}

static void
describe_appointment (CareStore      *store,
                      CareRecord     *appointment,
                      CareChartEntry *entry)
{
  entry->title = g_strdup (choice (appointment, "type"));
  entry->summary = join_parts (choice (appointment, "status"), care_record_get (appointment, "reason"));
}

static void
describe_treatment (CareStore      *store,
                    CareRecord     *treatment,
                    CareChartEntry *entry)
{
  entry->title = g_strdup (care_record_get (treatment, "treatment_type"));
  entry->summary = join_parts (choice (treatment, "status"), care_record_get (treatment, "disease"));
}

/* --- the timeline ---------------------------------------------------------- */

static gboolean
check_patient (CareStore   *store,
               const char  *patient_id,
               GError     **error)
{
  g_autofree char *tenant = NULL;
  g_autoptr(GError) local = NULL;

  tenant = care_store_query_text (store, "SELECT ifnull(tenant_id, '') FROM patients WHERE id = ?1", patient_id, &local);
  if (local)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (tenant == NULL || g_strcmp0 (tenant, care_store_get_tenant_id (store) ? care_store_get_tenant_id (store) : "") != 0)
    {
      g_set_error_literal (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND, _("This patient is not on record here."));
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  guint  source;
  char  *when;
  gint64 seq;
} Key;

static void
key_clear (Key *key)
{
  g_free (key->when);
}

/* Newest first; at the same time by kind, then newest written. */
static int
key_compare (gconstpointer a,
             gconstpointer b)
{
  const Key *x = a, *y = b;
  int c = strcmp (y->when, x->when);

  if (c)
    return c;
  if (x->source != y->source)
    return x->source < y->source ? -1 : 1;
  return x->seq < y->seq ? 1 : x->seq > y->seq ? -1 : 0;
}

/* The next keys of one kind after the cursor (when, seq). */
static gboolean
add_keys (CareStore   *store,
          guint        s,
          const char  *patient_id,
          const char  *when,
          gint64       seq,
          guint        limit,
          GArray      *keys,
          GError     **error)
{
  const CareEntity *entity = care_schema_lookup (sources[s].entity);
  g_autofree char *sql = g_strdup_printf ("SELECT seq, %s FROM %s WHERE patient_id = ?1 AND (%s, seq) < (?2, ?3) "
                                          "ORDER BY %s DESC, seq DESC LIMIT ?4",
                                          sources[s].when, entity->table, sources[s].when, sources[s].when);
  sqlite3_stmt *stmt = care_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, when, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, seq);
  sqlite3_bind_int64 (stmt, 4, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Key key = { s, g_strdup ((const char *) sqlite3_column_text (stmt, 1)), sqlite3_column_int64 (stmt, 0) };
      g_array_append_val (keys, key);
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || care_store_set_sqlite_error (store, error);
}

static CareChartEntry *
entry_for_key (CareStore   *store,
               const Key   *key,
               GError     **error)
{
  const Source *source = &sources[key->source];
  const CareEntity *entity = care_schema_lookup (source->entity);
  g_autofree char *columns = care_store_column_list (entity, NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE seq = ?1", columns, entity->table);
  sqlite3_stmt *stmt = care_store_prepare (store, sql, error);
  g_autoptr(CareRecord) record = NULL;
  CareChartEntry *entry;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, key->seq);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    record = care_store_record_from_row (entity, stmt, 0);
  sqlite3_reset (stmt);
  if (record == NULL)
    {
      g_set_error_literal (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND, _("This record no longer exists."));
      return NULL;
    }

  entry = g_new0 (CareChartEntry, 1);
  entry->kind = source->kind;
  entry->entity = source->entity;
  entry->record_id = g_strdup (care_record_get_id (record));
  entry->when = g_strdup (key->when);
  entry->seq = key->seq;
  source->describe (store, record, entry);
  if (entry->title == NULL)
    entry->title = g_strdup (_(care_schema_lookup (source->entity)->label));
  return entry;
}

GPtrArray *
care_chart_timeline (CareStore             *store,
                     const char            *patient_id,
                     guint                  kinds,
                     const CareChartEntry  *after,
                     guint                  limit,
                     GError               **error)
{
  g_autoptr(GArray) keys = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  guint after_source = after ? source_index (after->kind) : 0;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  if (!check_patient (store, patient_id, error))
    return NULL;

  keys = g_array_new (FALSE, FALSE, sizeof (Key));
  g_array_set_clear_func (keys, (GDestroyNotify) key_clear);
  for (guint s = 0; s < CARE_CHART_N_KINDS; s++)
    {
      /* Past the cursor's time; at its time, after it in the order. */
      gint64 seq = after == NULL || s > after_source ? G_MAXINT64
                   : s < after_source ? G_MININT64 : after->seq;

      if ((kinds & sources[s].kind) &&
          !add_keys (store, s, patient_id, after ? after->when : NEWEST, seq, limit, keys, error))
        return NULL;
    }
  g_array_sort (keys, key_compare);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) care_chart_entry_free);
  for (guint i = 0; i < keys->len && i < limit; i++)
    {
      CareChartEntry *entry = entry_for_key (store, &g_array_index (keys, Key, i), error);

      if (entry == NULL)
        return NULL;
      g_ptr_array_add (entries, entry);
    }
  return g_steal_pointer (&entries);
}

gint64
care_chart_count (CareStore   *store,
                  const char  *patient_id,
                  guint        kinds,
                  GError     **error)
{
  gint64 total = 0;

  g_return_val_if_fail (CARE_IS_STORE (store), -1);
  g_return_val_if_fail (patient_id != NULL, -1);

  if (!check_patient (store, patient_id, error))
    return -1;
  for (guint s = 0; s < CARE_CHART_N_KINDS; s++)
    {
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt;

      if (!(kinds & sources[s].kind))
        continue;
      sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE patient_id = ?1",
                             care_schema_lookup (sources[s].entity)->table);
      stmt = care_store_prepare (store, sql, error);
      if (stmt == NULL)
        return -1;
      sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          care_store_set_sqlite_error (store, error);
          return -1;
        }
      total += sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  return total;
}

/* --- the header ------------------------------------------------------------ */

void
care_chart_header_free (CareChartHeader *header)
{
  if (header == NULL)
    return;
  g_clear_pointer (&header->patient, care_record_unref);
  g_clear_pointer (&header->vitals, care_record_unref);
  g_free (header->name);
  g_strfreev (header->allergies);
  g_strfreev (header->conditions);
  g_free (header);
}

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  guint y, m, d;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4u-%2u-%2u", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

gboolean
care_chart_age (const char *date_of_birth,
                const char *today,
                int        *years,
                int        *months)
{
  GDate birth, now;
  int n;

  if (!parse_date (date_of_birth, &birth) || !parse_date (today, &now) || g_date_compare (&birth, &now) > 0)
    return FALSE;
  n = (g_date_get_year (&now) - g_date_get_year (&birth)) * 12 + (g_date_get_month (&now) - g_date_get_month (&birth));
  if (g_date_get_day (&now) < g_date_get_day (&birth))
    n--;
  *months = n;
  *years = n / 12;
  return TRUE;
}

static CareRecord *
latest_vitals (CareStore   *store,
               const char  *patient_id,
               GError     **error)
{
  const CareEntity *entity = care_schema_lookup ("vitals");
  g_autofree char *columns = care_store_column_list (entity, "v.");
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM vitals v WHERE v.patient_id = ?1 AND NOT EXISTS "
                                          "(SELECT 1 FROM vitals a WHERE a.amends_id = v.id) "
                                          "ORDER BY v.recorded_at DESC, v.seq DESC LIMIT 1", columns);
  sqlite3_stmt *stmt = care_store_prepare (store, sql, error);
  CareRecord *vitals = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    vitals = care_store_record_from_row (entity, stmt, 0);
  else if (rc != SQLITE_DONE)
    care_store_set_sqlite_error (store, error);
  sqlite3_reset (stmt);
  return vitals;
}

CareChartHeader *
care_chart_header (CareStore   *store,
                   const char  *patient_id,
                   GError     **error)
{
  g_autoptr(CareChartHeader) header = NULL;
  g_autofree char *today = NULL;
  g_autoptr(GError) local = NULL;
  char **list;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  if (!check_patient (store, patient_id, error))
    return NULL;
  header = g_new0 (CareChartHeader, 1);
  header->patient = care_store_get (store, care_schema_lookup ("patient"), patient_id, error);
  if (header->patient == NULL)
    return NULL;
  header->name = care_record_dup_title (header->patient);
  today = care_clock_today ();
  if (!care_chart_age (care_record_get (header->patient, "date_of_birth"), today,
                       &header->age_years, &header->age_months))
    header->age_years = header->age_months = -1;
  header->allergies = care_chart_summary_allergy_names (store, header->patient, error);
  if (header->allergies == NULL)
    return NULL;
  list = care_record_get_list (header->patient, "conditions");
  header->conditions = list ? list : g_new0 (char *, 1);
  header->vitals = latest_vitals (store, patient_id, &local);
  if (local)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (header->vitals)
    header->scored = care_news2_from_vitals (header->vitals, &header->news2);
  return g_steal_pointer (&header);
}

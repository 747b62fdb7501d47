/* test-lab-reports.c: report versions after an amendment, send-out tests with the outside report, the doctor's review list, specimen ids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-test-lab.h"
#include "care-lab-reports.h"
#include "care-lab-review.h"
#include "care-lab-specimen.h"

static GBytes *
fake_pdf (const char *text)
{
  g_autofree char *pdf = g_strdup_printf ("%%PDF-1.5\n%s\n%%%%EOF\n", text);

  return g_bytes_new (pdf, strlen (pdf));
}

/* A request from the doctor (requested_by is whoever writes it). */
static char *
doctor_request (Fixture    *f,
                const char *panel_code,
                const char *priority)
{
  char *id;

  care_store_set_actor (f->store, f->doctor_id);
  id = request (f, panel_code, priority);
  care_store_set_actor (f->store, f->lab_id);
  return id;
}

/* A test taken to verified with one haemoglobin result; returns its id. */
static char *
verified_cbc (Fixture *f)
{
  g_autofree char *id = doctor_request (f, "CBC", "routine");
  g_autoptr(GPtrArray) entered = values ("CBC", "male", "Haemoglobin", "14.1", NULL);
  g_autoptr(CareRecord) test = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&test, care_record_unref);
  test = step (f, id, "collected");
  g_assert_true (care_lab_results_enter (f->store, id, entered, TRUE, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&test, care_record_unref);
  test = step (f, id, "verified");
  return g_steal_pointer (&id);
}

static CareRecord *
get_test (Fixture    *f,
          const char *id)
{
  g_autoptr(GError) error = NULL;
  CareRecord *test = care_store_get (f->store, care_schema_lookup ("lab_test"), id, &error);

  g_assert_no_error (error);
  return test;
}

/* The rules the server runs after a write, over the test's store; the
 * records they insert (notifications) are kept. */
typedef struct {
  CareRuleContext parent;
  Fixture        *f;
  GPtrArray      *inserted;
} ServerRules;

static CareRecord *
rules_get (CareRuleContext  *ctx,
           const CareEntity *entity,
           const char       *id)
{
  return care_store_get (((ServerRules *) ctx)->f->store, entity, id, NULL);
}

static gboolean
rules_insert (CareRuleContext  *ctx,
              CareRecord       *record,
              GError          **error)
{
  g_ptr_array_add (((ServerRules *) ctx)->inserted, care_record_ref (record));
  return TRUE;
}

/* The notification the server's rules write to the doctor for result;
 * NULL when none. */
static char *
notification_for (Fixture    *f,
                  CareRecord *result)
{
  g_autoptr(GPtrArray) inserted = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  ServerRules rules = { { .actor = f->lab_id, .get = rules_get, .insert = rules_insert }, f, inserted };
  g_autoptr(GError) error = NULL;

  g_assert_true (care_rules_written (&rules.parent, result, TRUE, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < inserted->len; i++)
    if (g_strcmp0 (care_record_get (g_ptr_array_index (inserted, i), "user_id"), f->doctor_id) == 0)
      return g_strdup (care_record_get (g_ptr_array_index (inserted, i), "message"));
  return NULL;
}

static void
issue (Fixture    *f,
       const char *id,
       const char *text,
       guint       expected)
{
  g_autoptr(CareRecord) test = get_test (f, id);
  g_autoptr(GBytes) pdf = fake_pdf (text);
  g_autoptr(GError) error = NULL;
  guint version = 0;

  g_assert_true (care_store_begin (f->store, &error));
  g_assert_true (care_lab_reports_issue (f->store, test, pdf, &version, &error));
  g_assert_no_error (error);
  g_assert_true (care_store_commit (f->store, &error));
  g_assert_cmpuint (version, ==, expected);
}

static void
test_amendment_versions (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *id = verified_cbc (f);
  g_autoptr(GPtrArray) current = care_lab_results_current (f->store, id, NULL, NULL);
  g_autoptr(CareRecord) amendment = NULL;
  g_autoptr(CareRecord) test = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_auto(CareLabReportVersion) next = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (care_lab_reports_next (f->store, id, &next, &error));
  g_assert_cmpuint (next.version, ==, 1);
  g_assert_cmpuint (next.replaces, ==, 0);
  g_assert_null (next.replaces_issued_at);
  issue (f, id, "version one", 1);
  test = get_test (f, id);
  g_assert_nonnull (care_record_get_blob (test, "report_pdf"));

  amendment = care_lab_results_amend (f->store, care_record_get_id (g_ptr_array_index (current, 0)), "12.9", &error);
  g_assert_no_error (error);
  g_assert_nonnull (amendment);
  /* The doctor who asked is told, with the value replaced. */
  {
    g_autofree char *told = notification_for (f, amendment);

    g_assert_cmpstr (told, ==, "Amended result: Haemoglobin 12.9 g/dL (was 14.1) in Complete blood count; "
                               "a new report version follows");
  }

  /* The test's report is withdrawn; version 1 stays archived. */
  g_clear_pointer (&test, care_record_unref);
  test = get_test (f, id);
  g_assert_null (care_record_get_blob (test, "report_pdf"));
  g_assert_null (care_record_get (test, "report_sha256"));
  care_lab_report_version_clear (&next);
  g_assert_true (care_lab_reports_next (f->store, id, &next, &error));
  g_assert_cmpuint (next.version, ==, 2);
  g_assert_cmpuint (next.replaces, ==, 1);
  g_assert_nonnull (next.replaces_issued_at);
  issue (f, id, "version two", 2);

  reports = care_lab_reports_list (f->store, id, "report", &error);
  g_assert_cmpuint (reports->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      CareRecord *report = g_ptr_array_index (reports, i);
      GBytes *pdf = care_record_get_blob (report, "pdf");
      g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);

      g_assert_cmpint (care_record_get_int (report, "version", 0), ==, i + 1);
      g_assert_cmpstr (care_record_get (report, "sha256"), ==, sha);
      g_assert_nonnull (strstr (g_bytes_get_data (pdf, NULL), i == 0 ? "version one" : "version two"));
    }
  g_clear_pointer (&test, care_record_unref);
  test = get_test (f, id);
  g_assert_cmpstr (care_record_get (test, "report_sha256"), ==,
                   care_record_get (g_ptr_array_index (reports, 1), "sha256"));

  /* Reports are kept: a lab report record is never rewritten. */
  {
    CareRecord *first = g_ptr_array_index (reports, 0);

    care_record_set_int (first, "version", 7);
    g_assert_false (care_store_update (f->store, first, &error));
    g_assert_nonnull (error);
  }
}

/* A report archived before reports were records becomes version 1 when
 * an amendment withdraws it. */
static void
test_amendment_of_older_report (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *id = verified_cbc (f);
  g_autoptr(GPtrArray) current = care_lab_results_current (f->store, id, NULL, NULL);
  g_autoptr(CareRecord) test = get_test (f, id);
  g_autoptr(CareRecord) amendment = NULL;
  g_autoptr(GBytes) pdf = fake_pdf ("archived alone");
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GError) error = NULL;

  care_record_set_blob (test, "report_pdf", pdf);
  care_record_set (test, "report_sha256", "x");
  g_assert_true (care_store_update (f->store, test, &error));
  g_assert_no_error (error);
  amendment = care_lab_results_amend (f->store, care_record_get_id (g_ptr_array_index (current, 0)), "15.0", &error);
  g_assert_no_error (error);
  reports = care_lab_reports_list (f->store, id, "report", &error);
  g_assert_cmpuint (reports->len, ==, 1);
  g_assert_cmpint (care_record_get_int (g_ptr_array_index (reports, 0), "version", 0), ==, 1);
  g_assert_true (g_bytes_equal (care_record_get_blob (g_ptr_array_index (reports, 0), "pdf"), pdf));
}

static void
test_send_out (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *id = request (f, "TSH", "routine");
  g_autofree char *in_house = request (f, "TSH", "routine");
  g_autoptr(GBytes) pdf = fake_pdf ("outside report");
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) text = g_bytes_new_static ("TSH 2.1 mIU/L", 13);
  g_autofree guint8 *big_data = g_malloc0 (CARE_LAB_OUTSIDE_REPORT_MAX + 1);
  g_autoptr(GBytes) big = NULL;
  g_autoptr(CareRecord) test = NULL;
  g_autoptr(CareRecord) report = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GPtrArray) entered = values ("TSH", "male", "TSH", "2.1", NULL);
  g_autoptr(GError) error = NULL;
  gboolean listed = FALSE;

  memcpy (big_data, "%PDF-", 5);
  big = g_bytes_new_take (g_steal_pointer (&big_data), CARE_LAB_OUTSIDE_REPORT_MAX + 1);

  /* Not sent out: no outside report. */
  g_assert_null (care_lab_reports_attach_outside (f->store, in_house, "Central Lab", "tsh.pdf", pdf, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);

  g_assert_true (g_strv_contains (care_lab_queue_next_steps ("requested"), "sent_out"));
  test = step (f, id, "sent_out");
  g_assert_cmpstr (care_record_get (test, "status"), ==, "sent_out");
  open = care_lab_queue_list (f->store, CARE_LAB_QUEUE_OPEN, NULL, 0, &error);
  for (guint i = 0; i < open->len; i++)
    listed |= g_str_equal (((CareLabQueueItem *) g_ptr_array_index (open, i))->test_id, id);
  g_assert_true (listed);

  g_assert_null (care_lab_reports_attach_outside (f->store, id, "  ", "tsh.pdf", pdf, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "outside_lab");
  g_clear_error (&error);
  g_assert_null (care_lab_reports_attach_outside (f->store, id, "Central Lab", "tsh.pdf", empty, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "pdf");
  g_clear_error (&error);
  g_assert_null (care_lab_reports_attach_outside (f->store, id, "Central Lab", "tsh.txt", text, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "pdf");
  g_clear_error (&error);
  g_assert_null (care_lab_reports_attach_outside (f->store, id, "Central Lab", "tsh.pdf", big, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "pdf");
  g_clear_error (&error);

  report = care_lab_reports_attach_outside (f->store, id, " Central Lab ", "tsh.pdf", pdf, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (report, "kind"), ==, "outside");
  g_assert_cmpstr (care_record_get (report, "outside_lab"), ==, "Central Lab");
  g_assert_cmpint (care_record_get_int (report, "version", 0), ==, 1);

  /* The results are entered against the sent-out test. */
  g_assert_true (care_lab_results_enter (f->store, id, entered, TRUE, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&test, care_record_unref);
  test = get_test (f, id);
  g_assert_cmpstr (care_record_get (test, "status"), ==, "completed");
  {
    g_autoptr(GPtrArray) outside = care_lab_reports_list (f->store, id, "outside", &error);
    g_autoptr(GPtrArray) issued = care_lab_reports_list (f->store, id, "report", &error);

    g_assert_cmpuint (outside->len, ==, 1);
    g_assert_cmpuint (issued->len, ==, 0);
  }
}

static gboolean
listed (GPtrArray  *items,
        const char *id)
{
  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (((CareLabQueueItem *) g_ptr_array_index (items, i))->test_id, id))
      return TRUE;
  return FALSE;
}

static void
test_for_review (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *verified = verified_cbc (f);
  g_autofree char *waiting = doctor_request (f, "TSH", "stat");
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) theirs = NULL;
  g_autoptr(CareRecord) test = NULL;
  g_autoptr(GError) error = NULL;

  mine = care_lab_queue_for_review (f->store, f->doctor_id, &error);
  g_assert_no_error (error);
  g_assert_true (listed (mine, verified));
  g_assert_false (listed (mine, waiting));
  theirs = care_lab_queue_for_review (f->store, f->admin_id, &error);
  g_assert_false (listed (theirs, verified));

  /* Reviewed: off the list. */
  test = get_test (f, verified);
  g_assert_true (care_lab_review (test, f->doctor_id, &error));
  g_assert_true (care_store_update (f->store, test, &error));
  g_assert_no_error (error);
  g_clear_pointer (&mine, g_ptr_array_unref);
  mine = care_lab_queue_for_review (f->store, f->doctor_id, &error);
  g_assert_false (listed (mine, verified));

  /* Amended after the review: back on the doctor's list, marked amended,
   * the earlier review undone. */
  {
    g_autoptr(GPtrArray) current = care_lab_results_current (f->store, verified, NULL, NULL);
    g_autoptr(CareRecord) amendment = care_lab_results_amend (f->store, care_record_get_id (g_ptr_array_index (current, 0)),
                                                              "13.2", &error);
    g_autoptr(GPtrArray) to_review = NULL;
    g_autoptr(CareRecord) reopened = NULL;
    gboolean found = FALSE;

    g_assert_no_error (error);
    g_assert_nonnull (amendment);
    reopened = get_test (f, verified);
    g_assert_cmpstr (care_record_get (reopened, "status"), ==, "verified");
    g_assert_null (care_record_get (reopened, "reviewed_by"));
    g_assert_null (care_record_get (reopened, "reviewed_at"));
    g_clear_pointer (&mine, g_ptr_array_unref);
    mine = care_lab_queue_for_review (f->store, f->doctor_id, &error);
    g_assert_true (listed (mine, verified));
    for (guint i = 0; i < mine->len; i++)
      {
        CareLabQueueItem *item = g_ptr_array_index (mine, i);

        if (g_str_equal (item->test_id, verified))
          g_assert_true (item->amended);
      }
    to_review = care_orders_to_review (f->store, f->doctor_id, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < to_review->len; i++)
      {
        CareReviewItem *item = g_ptr_array_index (to_review, i);

        if (g_str_equal (care_record_get_id (item->test), verified))
          found = item->amended;
      }
    g_assert_true (found);
    /* Reviewed again: off the list once more. */
    g_assert_true (care_orders_mark_reviewed (f->store, verified, &error));
    g_assert_no_error (error);
  }
}

static void
test_specimen_id (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = request (f, "CBC", "routine");
  g_autofree char *other = request (f, "CBC", "routine");
  g_autoptr(CareRecord) test = get_test (f, id);
  g_autoptr(CareRecord) second = get_test (f, other);
  g_autofree char *specimen = care_lab_specimen_id (test);
  g_autofree char *again = care_lab_specimen_id (test);
  g_autofree char *specimen2 = care_lab_specimen_id (second);
  g_autofree char *grouped = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (strlen (specimen), ==, 16);
  for (const char *p = specimen; *p; p++)
    g_assert_true (g_ascii_isdigit (*p));
  g_assert_cmpstr (specimen, ==, again);
  g_assert_cmpstr (specimen, !=, specimen2);
  grouped = care_lab_specimen_id_format ("0123456789012345");
  g_assert_cmpstr (grouped, ==, "0123 4567 8901 2345");

  g_assert_false (care_lab_check_label (test, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "collected_at");
  g_clear_error (&error);
  g_clear_pointer (&test, care_record_unref);
  test = step (f, id, "collected");
  g_assert_true (care_lab_check_label (test, &error));
  g_assert_no_error (error);
  g_assert_true (care_lab_cancel (second, "Requested twice", &error));
  g_assert_false (care_lab_check_label (second, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/lab-reports/amendment-versions", Fixture, NULL, fixture_set_up, test_amendment_versions, fixture_tear_down);
  g_test_add ("/lab-reports/amendment-of-older-report", Fixture, NULL, fixture_set_up, test_amendment_of_older_report, fixture_tear_down);
  g_test_add ("/lab-reports/send-out", Fixture, NULL, fixture_set_up, test_send_out, fixture_tear_down);
  g_test_add ("/lab-reports/for-review", Fixture, NULL, fixture_set_up, test_for_review, fixture_tear_down);
  g_test_add ("/lab-reports/specimen-id", Fixture, NULL, fixture_set_up, test_specimen_id, fixture_tear_down);
  return g_test_run ();
}

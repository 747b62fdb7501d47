/* test-lab-report-document.c: lab reports drawn to PDF and read back
 *
 * The lab entry screens come later; results are created through the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-test-print.h"
#include "care-test-pdf-tags.h"
#include "care-lab-reports.h"

typedef struct {
  char      *dir;
  CareStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = care_test_tmpdir ();
  f->store = care_test_clinic_store (f->dir, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  care_test_rmdir (f->dir);
  g_free (f->dir);
}

static void
add_result (CareStore  *store,
            const char *lab_test_id,
            const char *analyte,
            const char *value,
            const char *unit,
            const char *low,
            const char *high,
            const char *flag)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) result = care_record_new (care_schema_lookup ("lab_result"));

  care_record_set (result, "lab_test_id", lab_test_id);
  care_record_set (result, "analyte", analyte);
  care_record_set (result, "value", value);
  care_record_set (result, "unit", unit);
  care_record_set (result, "reference_low", low);
  care_record_set (result, "reference_high", high);
  care_record_set (result, "flag", flag);
  care_store_insert (store, result, &error);
  g_assert_no_error (error);
}

static CareRecord *
blood_count (CareStore  *store,
             const char *given,
             const char *family,
             gboolean    with_results)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) patient = care_test_add_patient (store, given, family);
  g_autofree char *doctor = care_test_user_id (store, "doctor");
  g_autofree char *lab = care_test_user_id (store, "lab");
  CareRecord *test = care_record_new (care_schema_lookup ("lab_test"));

  care_record_set (test, "patient_id", care_record_get_id (patient));
  care_record_set (test, "requested_by", doctor);
  care_record_set (test, "test_name", "Full blood count");
  care_record_set (test, "test_code", "58410-2");
  care_record_set (test, "specimen", "Venous blood, EDTA");
  care_record_set (test, "method", "Automated haematology analyser");
  care_record_set (test, "priority", "routine");
  care_record_set (test, "status", "completed");
  care_record_set (test, "technician_id", lab);
  care_record_set (test, "reviewed_by", doctor);
  care_record_set (test, "collected_at", "2026-01-12T08:30:00Z");
  care_record_set (test, "completed_at", "2026-01-12T11:05:00Z");
  care_record_set (test, "notes", "Sample slightly haemolysed.");
  care_store_insert (store, test, &error);
  g_assert_no_error (error);

  if (with_results)
    {
      add_result (store, care_record_get_id (test), "Haemoglobin", "10.1", "g/dL", "12", "16", NULL);
      add_result (store, care_record_get_id (test), "White cell count", "13.2", "10^9/L", "4", "11", NULL);
      add_result (store, care_record_get_id (test), "Platelets", "250", "10^9/L", "150", "400", NULL);
      add_result (store, care_record_get_id (test), "Potassium", "6.9", "mmol/L", "3.5", "5.1", "critical_high");
    }
  return test;
}

static void
test_report_text (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CareRecord) test = blood_count (f->store, "Ibrahim", "Okafor", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = care_lab_report_document_render (f->store, test, &error);
  g_autofree char *text = NULL;
  g_autoptr(GRegex) low = g_regex_new ("10\\.1\\s+L\\b", 0, 0, NULL);
  g_autoptr(GRegex) high = g_regex_new ("13\\.2\\s+H\\b", 0, 0, NULL);
  g_autoptr(GRegex) normal = g_regex_new ("250\\s+(H|L)\\b", 0, 0, NULL);
  guint n_pages;

  g_assert_no_error (error);
  care_test_keep_pdf (pdf, "lab-report.pdf");
  text = care_test_pdf_text (pdf, &n_pages);
  g_test_message ("%s", text);

  g_assert_cmpuint (n_pages, ==, 1);
  g_assert_nonnull (strstr (text, "Laboratory Report"));
  g_assert_nonnull (strstr (text, "Ibrahim Okafor"));
  g_assert_nonnull (strstr (text, "Full blood count"));
  g_assert_nonnull (strstr (text, "Venous blood, EDTA"));
  g_assert_nonnull (strstr (text, "Automated haematology analyser"));
  g_assert_nonnull (strstr (text, "Jonas Johansson"));          /* technician */
  g_assert_nonnull (strstr (text, "Amira Haddad"));             /* reviewing doctor */
  g_assert_nonnull (strstr (text, "Reviewed by"));
  g_assert_nonnull (strstr (text, "Performed by"));
  g_assert_nonnull (strstr (text, "g/dL"));
  g_assert_nonnull (strstr (text, "12 – 16"));
  g_assert_nonnull (strstr (text, "Page 1 of 1"));

  /* Flags: the letter after the value and the word. */
  g_assert_true (g_regex_match (low, text, 0, NULL));
  g_assert_true (g_regex_match (high, text, 0, NULL));
  g_assert_false (g_regex_match (normal, text, 0, NULL));
  g_assert_nonnull (strstr (text, "Low"));
  g_assert_nonnull (strstr (text, "High"));
  g_assert_nonnull (strstr (text, "Critically high"));
}

/* The flag letters are bold and red: check the text attributes. */
static void
test_flags_bold_and_red (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(CareRecord) test = blood_count (f->store, "Ibrahim", "Okafor", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = care_lab_report_document_render (f->store, test, &error);
  g_autoptr(CarePopplerDocument) doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_autoptr(CarePopplerPage) page = poppler_document_get_page (doc, 0);
  g_autofree char *text = poppler_page_get_text (page);
  GList *attributes = poppler_page_get_text_attributes (page);
  const char *word = strstr (text, "High");
  const char *plain = strstr (text, "Platelets");
  glong word_at, plain_at;
  gboolean word_checked = FALSE, plain_checked = FALSE;

  g_assert_nonnull (word);
  g_assert_nonnull (plain);
  word_at = g_utf8_pointer_to_offset (text, word);
  plain_at = g_utf8_pointer_to_offset (text, plain);
  for (GList *l = attributes; l; l = l->next)
    {
      PopplerTextAttributes *a = l->data;

      if (a->start_index <= word_at && word_at <= a->end_index)
        {
          g_assert_nonnull (strstr (a->font_name, "Bold"));
          g_assert_cmpint (a->color.red, >, 40000);
          g_assert_cmpint (a->color.green, <, 15000);
          word_checked = TRUE;
        }
      if (a->start_index <= plain_at && plain_at <= a->end_index)
        {
          g_assert_null (strstr (a->font_name, "Bold"));
          g_assert_cmpint (a->color.red, <, 15000);
          plain_checked = TRUE;
        }
    }
  g_assert_true (word_checked && plain_checked);
  poppler_page_free_text_attributes (attributes);
}

static void
test_flag_derived_from_range (void)
{
  g_autoptr(CareRecord) r = care_record_new (care_schema_lookup ("lab_result"));

  care_record_set (r, "value", "5.2");
  care_record_set (r, "reference_low", "3.5");
  care_record_set (r, "reference_high", "5.1");
  g_assert_cmpint (care_lab_result_flag (r), ==, CARE_LAB_FLAG_HIGH);
  care_record_set (r, "value", "3.4");
  g_assert_cmpint (care_lab_result_flag (r), ==, CARE_LAB_FLAG_LOW);
  care_record_set (r, "value", "4");
  g_assert_cmpint (care_lab_result_flag (r), ==, CARE_LAB_FLAG_NONE);
  care_record_set (r, "value", "Negative");
  g_assert_cmpint (care_lab_result_flag (r), ==, CARE_LAB_FLAG_NONE);
  care_record_set (r, "flag", "abnormal");
  g_assert_cmpint (care_lab_result_flag (r), ==, CARE_LAB_FLAG_ABNORMAL);
}

static void
test_no_results_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(CareRecord) test = blood_count (f->store, "Ravi", "Patel", FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = care_lab_report_document_render (f->store, test, &error);
  gint64 outbox = care_store_outbox_count (f->store);

  g_assert_null (pdf);
  g_assert_error (error, CARE_DOCUMENT_ERROR, CARE_DOCUMENT_ERROR_NOT_READY);
  g_clear_error (&error);
  g_assert_false (care_lab_report_document_finalise (f->store, care_record_get_id (test), &error));
  g_assert_error (error, CARE_DOCUMENT_ERROR, CARE_DOCUMENT_ERROR_NOT_READY);
  g_assert_cmpint (care_store_outbox_count (f->store), ==, outbox);
}

static void
test_finalise_archives (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CareRecord) test = blood_count (f->store, "مريم", "الحسن", TRUE);
  g_autoptr(CareRecord) stored = NULL;
  g_autoptr(GBytes) reprint = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *text = NULL;
  GBytes *archived;
  gboolean was_archived = FALSE;
  gint64 outbox;

  care_lab_report_document_finalise (f->store, care_record_get_id (test), &error);
  g_assert_no_error (error);
  stored = care_store_get (f->store, care_schema_lookup ("lab_test"), care_record_get_id (test), &error);
  archived = care_record_get_blob (stored, "report_pdf");
  g_assert_nonnull (archived);
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, archived);
  g_assert_cmpstr (sha, ==, care_record_get (stored, "report_sha256"));

  reprint = care_lab_report_document_get_pdf (f->store, care_record_get_id (test), &was_archived, &error);
  g_assert_no_error (error);
  g_assert_true (was_archived);
  g_assert_true (g_bytes_equal (reprint, archived));
  care_test_keep_pdf (reprint, "lab-report-arabic.pdf");

  /* Finalising again keeps the original. */
  outbox = care_store_outbox_count (f->store);
  care_lab_report_document_finalise (f->store, care_record_get_id (test), &error);
  g_assert_no_error (error);
  g_assert_cmpint (care_store_outbox_count (f->store), ==, outbox);

  /* The Arabic name survives in the extracted text. */
  text = care_test_pdf_text (reprint, NULL);
  g_assert_true (care_test_text_has_name (text, "مريم"));
  g_assert_true (care_test_text_has_name (text, "الحسن"));
}

/* A correction after verification: the next report is version 2, says
 * which version it replaces and marks the changed value; version 1 stays. */
static void
test_amended_version (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CareRecord) test = blood_count (f->store, "Ibrahim", "Okafor", TRUE);
  g_autoptr(GPtrArray) results = care_lab_results_current (f->store, care_record_get_id (test), NULL, NULL);
  g_autoptr(CareRecord) amendment = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *second_text = NULL;
  g_autoptr(GError) error = NULL;
  const char *hb_id = NULL;

  care_record_set (test, "status", "verified");
  care_record_set (test, "verified_at", "2026-01-12T12:00:00Z");
  g_assert_true (care_store_update (f->store, test, &error));
  g_assert_no_error (error);
  g_assert_true (care_lab_report_document_finalise (f->store, care_record_get_id (test), &error));
  g_assert_no_error (error);

  for (guint i = 0; i < results->len; i++)
    if (g_str_equal (care_record_get (g_ptr_array_index (results, i), "analyte"), "Haemoglobin"))
      hb_id = care_record_get_id (g_ptr_array_index (results, i));
  amendment = care_lab_results_amend (f->store, hb_id, "11.4", &error);
  g_assert_no_error (error);
  g_assert_true (care_lab_report_document_finalise (f->store, care_record_get_id (test), &error));
  g_assert_no_error (error);

  reports = care_lab_reports_list (f->store, care_record_get_id (test), "report", &error);
  g_assert_cmpuint (reports->len, ==, 2);
  first_text = care_test_pdf_text (care_record_get_blob (g_ptr_array_index (reports, 0), "pdf"), NULL);
  second = care_lab_report_document_get_pdf (f->store, care_record_get_id (test), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (second, care_record_get_blob (g_ptr_array_index (reports, 1), "pdf")));
  second_text = care_test_pdf_text (second, NULL);
  care_test_keep_pdf (second, "lab-report-amended.pdf");

  g_assert_null (strstr (first_text, "Amended report"));
  g_assert_nonnull (strstr (first_text, "10.1"));
  g_assert_nonnull (strstr (second_text, "Amended report, version 2, replaces version 1 of"));
  g_assert_nonnull (strstr (second_text, "Amended, was 10.1"));
  g_assert_nonnull (strstr (second_text, "11.4"));
}

static void
test_chinese_patient (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CareRecord) test = blood_count (f->store, "小明", "王", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = care_lab_report_document_render (f->store, test, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  care_test_keep_pdf (pdf, "lab-report-chinese.pdf");
  text = care_test_pdf_text (pdf, NULL);
  g_assert_nonnull (strstr (text, "小明"));
  g_assert_nonnull (strstr (text, "王"));
  /* Family name first, no space: the order of the name's script. */
  g_assert_true (care_test_pdf_find (pdf, "王小明"));
  g_assert_null (strstr (text, "小明 王"));
}

/* Tagged like every printout; the metadata's title is the report and its
 * specimen, never the patient (it used to be "Laboratory report: NAME, MRN"). */
static void
test_tags_and_metadata (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CareRecord) test = blood_count (f->store, "Ibrahim", "Okafor", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = care_lab_report_document_render (f->store, test, &error);
  g_autoptr(CareRecord) patient = care_store_get (f->store, care_schema_lookup ("patient"),
                                                  care_record_get (test, "patient_id"), NULL);
  g_autoptr(GPtrArray) elements = NULL;
  const char *const personal[] = { "Ibrahim", "Okafor", care_record_get (patient, "mrn"), NULL };

  g_assert_no_error (error);
  g_assert_nonnull (personal[2]);
  care_test_assert_tagged (pdf, "Laboratory Report");
  care_test_assert_pdf_metadata (pdf, "Laboratory Report ", "Riverside Family Clinic", personal);
  elements = care_test_pdf_elements (pdf);
  g_assert_true (care_test_pdf_has_element (elements, "table-data", "Ibrahim Okafor", TRUE));
}

/* A long note under the results and a long specimen description, each
 * wrapped, are whole in their elements (a paragraph, a field's cell);
 * the results' column titles are header cells. */
static void
test_wrapped_tags (Fixture       *f,
                   gconstpointer  data)
{
  const char *notes = "Sample slightly haemolysed on arrival; potassium may read falsely high. "
                      "Repeat collection advised with a wider needle and without a prolonged "
                      "tourniquet before any change of treatment is made.";
  const char *specimen = "Venous blood, left antecubital fossa, EDTA tube, on ice";
  g_autoptr(CareRecord) test = blood_count (f->store, "Ibrahim", "Okafor", TRUE);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GPtrArray) elements = NULL;
  g_autoptr(GError) error = NULL;

  care_record_set (test, "notes", notes);
  care_record_set (test, "specimen", specimen);
  care_store_update (f->store, test, &error);
  g_assert_no_error (error);
  pdf = care_lab_report_document_render (f->store, test, &error);
  g_assert_no_error (error);
  care_test_keep_pdf (pdf, "lab-report-wrapped-tags.pdf");
  care_test_assert_wrapped_element (pdf, "paragraph", notes);
  care_test_assert_wrapped_element (pdf, "table-data", specimen);
  elements = care_test_pdf_elements (pdf);
  g_assert_true (care_test_pdf_has_element (elements, "table-heading", "Specimen", TRUE));
  g_assert_true (care_test_pdf_has_element (elements, "table-heading", "Result", TRUE));
  g_assert_false (care_test_pdf_has_element (elements, "table-data", "Result", TRUE));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/lab-report/text", Fixture, NULL, fixture_set_up, test_report_text, fixture_tear_down);
  g_test_add ("/lab-report/flags-bold-and-red", Fixture, NULL, fixture_set_up, test_flags_bold_and_red, fixture_tear_down);
  g_test_add_func ("/lab-report/flag-derived-from-range", test_flag_derived_from_range);
  g_test_add ("/lab-report/no-results-refused", Fixture, NULL, fixture_set_up, test_no_results_refused, fixture_tear_down);
  g_test_add ("/lab-report/finalise-archives", Fixture, NULL, fixture_set_up, test_finalise_archives, fixture_tear_down);
  g_test_add ("/lab-report/amended-version", Fixture, NULL, fixture_set_up, test_amended_version, fixture_tear_down);
  g_test_add ("/lab-report/chinese-patient", Fixture, NULL, fixture_set_up, test_chinese_patient, fixture_tear_down);
  g_test_add ("/lab-report/tags-and-metadata", Fixture, NULL, fixture_set_up, test_tags_and_metadata, fixture_tear_down);
  g_test_add ("/lab-report/wrapped-tags", Fixture, NULL, fixture_set_up, test_wrapped_tags, fixture_tear_down);

  return g_test_run ();
}

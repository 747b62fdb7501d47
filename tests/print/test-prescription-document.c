/* test-prescription-document.c: the printed prescription: letterhead, patient, medicines, drawn in a worker
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "care-test-core.h"
#include "care-test-print.h"
#include "care-test-pdf-tags.h"
#include "care-prescribing.h"
#include "care-prescription-document.h"

typedef struct {
  char      *dir;
  CareStore *store;
  char      *rx_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CareRecord) patient = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autoptr(CareRecord) rx = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *doctor = NULL;

  f->dir = care_test_tmpdir ();
  f->store = care_test_clinic_store (f->dir, 0);
  doctor = care_test_user_id (f->store, "doctor");
  care_store_set_actor (f->store, doctor);
  patient = care_test_add_patient (f->store, "Lucía", "Fernández");
  g_ptr_array_add (items, care_test_record ("prescription_item", "medicine_name", "Amoxicillin 500 mg capsules",
                                            "dose", "500 mg", "route", "oral", "frequency", "every 8 hours",
                                            "duration_days", "7", "quantity", "21",
                                            "instructions", "Take with food", NULL));
  g_ptr_array_add (items, care_test_record ("prescription_item", "medicine_name", "Paracetamol 500 mg tablets",
                                            "dose", "1 g", "route", "oral", "frequency", "every 6 hours as needed",
                                            "quantity", "32", NULL));
  rx = care_prescribing_save (f->store, care_record_get_id (patient), items, 1, "Review in one week", NULL, &error);
  g_assert_no_error (error);
  f->rx_id = g_strdup (care_record_get_id (rx));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->rx_id);
  care_test_rmdir (f->dir);
  g_free (f->dir);
}

static void
assert_prescription (GBytes *pdf)
{
  g_autofree char *text = care_test_pdf_text (pdf, NULL);

  g_assert_true (care_test_pdf_find (pdf, "Prescription"));
  g_assert_true (care_test_text_has_name (text, "Lucía Fernández"));
  g_assert_true (care_test_pdf_find (pdf, "Amoxicillin 500 mg capsules"));
  g_assert_true (care_test_pdf_find (pdf, "Take with food"));
  g_assert_true (care_test_pdf_find (pdf, "every 8 hours"));
  g_assert_true (care_test_pdf_find (pdf, "7 days"));
  g_assert_true (care_test_pdf_find (pdf, "Review in one week"));
  g_assert_true (care_test_pdf_find (pdf, "Prescriber’s signature"));
  g_assert_true (care_test_pdf_find (pdf, "Refills allowed"));
}

static void
test_render (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = care_prescription_document_render (f->store, f->rx_id, &error);
  g_autoptr(CareRecord) clinic = care_store_get_clinic (f->store);

  g_assert_no_error (error);
  assert_prescription (pdf);
  /* The letterhead: the clinic's name heads the page. */
  g_assert_true (care_test_pdf_find (pdf, care_record_get (clinic, "name")));
  care_test_keep_pdf (pdf, "prescription.pdf");
  /* Tagged; the metadata names the clinic, never the patient. */
  {
    const char *const personal[] = { "Lucía", "Fernández", NULL };

    care_test_assert_tagged (pdf, "Prescription");
    care_test_assert_pdf_metadata (pdf, "Prescription", care_record_get (clinic, "name"), personal);
  }
}

static void
rendered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  GBytes **out = data;
  g_autoptr(GError) error = NULL;

  *out = care_prescription_document_render_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_render_async (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;

  care_prescription_document_render_async (f->store, f->rx_id, NULL, rendered_cb, &pdf);
  while (pdf == NULL)
    g_main_context_iteration (NULL, TRUE);
  assert_prescription (pdf);

  /* An unknown prescription is refused at once. */
  g_assert_null (care_prescription_document_render (f->store, "no-such-id", &error));
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/prescription-document/render", Fixture, NULL, fixture_set_up, test_render, fixture_tear_down);
  g_test_add ("/prescription-document/async", Fixture, NULL, fixture_set_up, test_render_async, fixture_tear_down);
  return g_test_run ();
}

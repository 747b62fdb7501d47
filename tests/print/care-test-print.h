/* care-test-print.h: fixtures of the billing and printing tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-poppler.h"

#include "care-test-core.h"
#include "care-billing.h"
#include "care-invoice-document.h"
#include "care-lab-report-document.h"

/* A stored patient; given/family may be in any script. */
static inline CareRecord *
care_test_add_patient (CareStore  *store,
                       const char *given,
                       const char *family)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mrn = care_store_next_number (store, "mrn", &error);
  CareRecord *patient = care_test_patient (given, family);

  g_assert_no_error (error);
  care_record_set (patient, "mrn", mrn);
  care_record_set (patient, "address_line", "4 Harbour Road");
  care_record_set (patient, "city", "Riverside");
  care_record_set (patient, "postal_code", "RV2 9XY");
  care_record_set (patient, "country", "United Kingdom");
  care_store_insert (store, patient, &error);
  g_assert_no_error (error);
  return patient;
}

/* The id of a demo account ("doctor", "lab"…); free it. */
static inline char *
care_test_user_id (CareStore  *store,
                   const char *login)
{
  g_autoptr(CareRecord) user = care_accounts_find_login (store, login);

  g_assert_nonnull (user);
  return g_strdup (care_record_get_id (user));
}

static inline void
care_test_add_item (CareStore  *store,
                    const char *invoice_id,
                    const char *kind,
                    const char *description,
                    gint64      quantity,
                    gint64      unit_price,
                    gint64      discount,
                    const char *tax_rate)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) item = care_billing_item_new (kind, description, quantity, unit_price, discount, tax_rate);

  care_billing_add_item (store, invoice_id, item, &error);
  g_assert_no_error (error);
}

/* The text of every page, pages separated by form feeds. */
static inline char *
care_test_pdf_text (GBytes *pdf,
                    guint  *n_pages)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CarePopplerDocument) doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  if (n_pages)
    *n_pages = poppler_document_get_n_pages (doc);
  for (int i = 0; i < poppler_document_get_n_pages (doc); i++)
    {
      g_autoptr(CarePopplerPage) page = poppler_document_get_page (doc, i);
      g_autofree char *page_text = poppler_page_get_text (page);

      if (i)
        g_string_append_c (text, '\f');
      g_string_append (text, page_text);
    }
  return g_string_free (text, FALSE);
}

/* Whether poppler finds text (in logical order) on some page. */
static inline gboolean
care_test_pdf_find (GBytes     *pdf,
                    const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CarePopplerDocument) doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  gboolean found = FALSE;

  g_assert_no_error (error);
  for (int i = 0; !found && i < poppler_document_get_n_pages (doc); i++)
    {
      g_autoptr(CarePopplerPage) page = poppler_document_get_page (doc, i);
      GList *matches = poppler_page_find_text (page, text);

      found = matches != NULL;
      g_list_free_full (matches, (GDestroyNotify) poppler_rectangle_free);
    }
  return found;
}

/* poppler_page_get_text() of poppler-glib 22.12 returns a right-to-left
 * run in visual order, each character wrapped in U+202B…U+202C. This
 * drops white space and the bidi controls; the caller looks for the name
 * both as written and reversed. */
static inline char *
care_test_compact (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
        continue;
      g_string_append_unichar (s, c);
    }
  return g_string_free (s, FALSE);
}

static inline gboolean
care_test_text_has_name (const char *text,
                         const char *name)
{
  g_autofree char *compact_text = care_test_compact (text);
  g_autofree char *compact_name = care_test_compact (name);
  g_autofree char *reversed = g_utf8_strreverse (compact_name, -1);

  return strstr (compact_text, compact_name) != NULL || strstr (compact_text, reversed) != NULL;
}

/* Keeps the PDF for a person to look at when CAREDESK_TEST_OUTPUT names a
 * directory. */
static inline void
care_test_keep_pdf (GBytes     *pdf,
                    const char *name)
{
  const char *dir = g_getenv ("CAREDESK_TEST_OUTPUT");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL);
}

/* Parses the amount after label in text ("Total £1,234.50"), in minor units
 * of a two-digit currency; -1 when not found. */
static inline gint64
care_test_find_amount (const char *text,
                       const char *label)
{
  g_autofree char *pattern = g_strdup_printf ("(?m)^\\s*%s\\s*(-?)[^0-9\\s-]*([0-9][0-9,]*)\\.([0-9]{2})\\s*$", label);
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *sign = NULL;
  g_autofree char *whole = NULL;
  g_autofree char *cents = NULL;
  gint64 value;

  g_assert_nonnull (regex);
  if (!g_regex_match (regex, text, 0, &match))
    return -1;
  sign = g_match_info_fetch (match, 1);
  whole = g_match_info_fetch (match, 2);
  cents = g_match_info_fetch (match, 3);
  g_strdelimit (whole, ",", ' ');
  {
    g_autoptr(GString) digits = g_string_new (NULL);
    for (const char *p = whole; *p; p++)
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
    value = g_ascii_strtoll (digits->str, NULL, 10) * 100 + g_ascii_strtoll (cents, NULL, 10);
  }
  return sign[0] == '-' ? -value : value;
}

/* Rows, outbox entries and counters: what a refused action must not touch. */
typedef struct {
  gint64 invoices, items, payments, outbox;
  char  *invoice_counter, *receipt_counter;
} CareTestSnapshot;

static inline void
care_test_snapshot (CareStore        *store,
                    CareTestSnapshot *s)
{
  s->invoices = care_store_count (store, care_schema_lookup ("invoice"));
  s->items = care_store_count (store, care_schema_lookup ("invoice_item"));
  s->payments = care_store_count (store, care_schema_lookup ("payment"));
  s->outbox = care_store_outbox_count (store);
  s->invoice_counter = care_store_get_meta (store, "counter.invoice");
  s->receipt_counter = care_store_get_meta (store, "counter.receipt");
}

static inline void
care_test_assert_unchanged (CareStore        *store,
                            CareTestSnapshot *before)
{
  CareTestSnapshot after;

  care_test_snapshot (store, &after);
  g_assert_cmpint (after.invoices, ==, before->invoices);
  g_assert_cmpint (after.items, ==, before->items);
  g_assert_cmpint (after.payments, ==, before->payments);
  g_assert_cmpint (after.outbox, ==, before->outbox);
  g_assert_cmpstr (after.invoice_counter, ==, before->invoice_counter);
  g_assert_cmpstr (after.receipt_counter, ==, before->receipt_counter);
  g_free (after.invoice_counter);
  g_free (after.receipt_counter);
  g_clear_pointer (&before->invoice_counter, g_free);
  g_clear_pointer (&before->receipt_counter, g_free);
}

/* test-pharmacy.c: a pharmacist receives stock, sees an expiry alert, dispenses an order from the suggested batch and counts a shelf
 *
 * Runs under Xvfb against a real store, in the real window, signed in as
 * a pharmacist. The clock stands still on Monday 7 December 2026, 10:00 UTC.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-pharmacy"

#include "config.h"

#include "care-test-utils.h"
#include "care-billing.h"
#include "care-record-form.h"
#include "care-notifications.h"
#include "notifications/care-notification-link.h"

#define TIMEOUT_MS 10000

typedef struct {
  CareStore  *store;
  CareWindow *window;
  char       *medicine;
  char       *order;
} Fixture;

static char *
add (CareStore  *store,
     const char *entity,
     ...)
{
  g_autoptr(CareRecord) record = care_record_new (care_schema_lookup (entity));
  g_autoptr(GError) error = NULL;
  va_list args;
  const char *key;

  va_start (args, entity);
  while ((key = va_arg (args, const char *)))
    care_record_set (record, key, va_arg (args, const char *));
  va_end (args);
  care_store_insert (store, record, &error);
  g_assert_no_error (error);
  return g_strdup (care_record_get_id (record));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 7, 10, 0, 0);
  g_autoptr(CareRecord) pharmacist = NULL;
  g_autoptr(CareRecord) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *patient = NULL, *rx = NULL, *item = NULL;
  g_auto(GStrv) sidebar = NULL;

  care_clock_freeze (g_date_time_to_unix (now) * G_USEC_PER_SEC);
  f->store = care_test_store_new_with_clinic ();
  pharmacist = care_test_add_staff (f->store, "phil", "Phil Pharmacist", CARE_ROLE_PHARMACIST);
  care_store_set_actor (f->store, care_record_get_id (pharmacist));
  f->medicine = add (f->store, "medicine", "name", "Amoxicillin", "form", "capsule", "strength", "500 mg",
                     "reorder_level", "20", NULL);
  /* On the shelf already: a batch that expires in ten days. */
  batch = care_record_new (care_schema_lookup ("stock_batch"));
  care_record_set (batch, "medicine_id", f->medicine);
  care_record_set (batch, "batch_number", "AMX-SOON");
  care_record_set (batch, "expiry_date", "2026-12-17");
  care_record_set (batch, "quantity", "30");
  g_assert_true (care_stock_receive (f->store, batch, &error));
  g_assert_no_error (error);
  patient = add (f->store, "patient", "given_name", "Marta", "family_name", "Quintero", "date_of_birth", "1979-06-02",
                 "sex", "female", "status", "repeat", NULL);
  rx = add (f->store, "prescription", "patient_id", patient, "prescriber_id", care_record_get_id (pharmacist),
            "issued_on", "2026-12-07", "status", "active", NULL);
  item = add (f->store, "prescription_item", "prescription_id", rx, "medicine_id", f->medicine, "medicine_name", "Amoxicillin",
              "dose", "500 mg", "frequency", "every 8 hours", "quantity", "14", NULL);
  f->order = add (f->store, "pharmacy_order", "prescription_id", rx, "patient_id", patient, "status", "pending", NULL);
  care_store_set_actor (f->store, NULL);

  f->window = care_test_window_new (f->store);
  g_assert_true (care_test_sign_in (f->window, "phil", CARE_TEST_PASSWORD));
  sidebar = care_test_sidebar_names (f->window);
  g_assert_cmpstrv (sidebar, ((const char *const[]) { "sidebar-pharmacy", "sidebar-messages", "sidebar-tasks", "sidebar-alerts", "sidebar-attendance", NULL }));
  care_test_click (care_test_must_find (GTK_WIDGET (f->window), "sidebar-pharmacy"));
  g_assert_true (care_test_wait_for ((CareTestCondition) gtk_widget_get_mapped,
                                     care_test_must_find (GTK_WIDGET (f->window), "page-pharmacy"), TIMEOUT_MS));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  care_test_window_destroy (f->window);
  g_clear_object (&f->store);
  g_free (f->medicine);
  g_free (f->order);
  care_clock_reset ();
}

static void
show_view (Fixture    *f,
           const char *name)
{
  GtkStack *stack = GTK_STACK (care_test_must_find (GTK_WIDGET (f->window), "pharmacy-stack"));

  gtk_stack_set_visible_child_name (stack, name);
  care_test_wait (50);
}

static gboolean
window_gone (gpointer name)
{
  return care_test_find_window (name) == NULL;
}

static CareRecord *
batch_numbered (Fixture    *f,
                const char *number)
{
  g_autoptr(GPtrArray) batches = care_store_list (f->store, care_schema_lookup ("stock_batch"), "batch_number", number,
                                                  NULL, 1, NULL);

  return batches && batches->len ? care_record_ref (g_ptr_array_index (batches, 0)) : NULL;
}

static gboolean
order_dispensed (gpointer data)
{
  Fixture *f = data;
  g_autoptr(CareRecord) order = care_store_get (f->store, care_schema_lookup ("pharmacy_order"), f->order, NULL);

  return g_strcmp0 (care_record_get (order, "status"), "dispensed") == 0;
}

static void
test_receive_alert_dispense (Fixture       *f,
                             gconstpointer  data)
{
  GtkWidget *dialog, *form, *row, *badge;
  g_autoptr(CareRecord) received = NULL;
  g_autoptr(CareRecord) soon = NULL;
  g_autoptr(GPtrArray) ledger = NULL;
  g_autoptr(GError) error = NULL;

  /* The expiry alert, on the batch's row. */
  show_view (f, "stock");
  row = care_test_must_find (GTK_WIDGET (f->window), "stock-row");
  badge = care_test_must_find (row, "stock-badge");
  {
    g_autofree char *ten_days = care_stock_expiry_text ("2026-12-17", "2026-12-07");

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge)), ==, ten_days);
    g_assert_nonnull (strstr (ten_days, "10"));
  }
  g_assert_true (gtk_widget_has_css_class (badge, "error"));

  /* Receive a new batch: a refusal under its field first, then saved. */
  care_test_click (care_test_must_find (GTK_WIDGET (f->window), "stock-receive"));
  dialog = care_test_find_window ("receive-dialog");
  g_assert_nonnull (dialog);
  form = care_test_must_find (dialog, "stock-dialog-form");
  care_record_form_set_text (CARE_RECORD_FORM (form), "batch_number", "AMX-NEW");
  care_record_form_set_text (CARE_RECORD_FORM (form), "expiry_date", "2028-06-30");
  care_record_form_set_text (CARE_RECORD_FORM (form), "quantity", "0");
  care_test_click (care_test_must_find (dialog, "stock-dialog-save"));
  g_assert_nonnull (care_record_form_get_error (CARE_RECORD_FORM (form), "quantity"));
  care_test_keep_screenshot (dialog, "pharmacy-receive.png");
  care_record_form_set_text (CARE_RECORD_FORM (form), "quantity", "100");
  care_record_form_set_text (CARE_RECORD_FORM (form), "supplier", "Northwind Pharma");
  care_test_click (care_test_must_find (dialog, "stock-dialog-save"));
  g_assert_true (care_test_wait_for (window_gone, "receive-dialog", TIMEOUT_MS));
  received = batch_numbered (f, "AMX-NEW");
  g_assert_nonnull (received);
  g_assert_cmpint (care_record_get_int (received, "quantity", -1), ==, 100);
  g_assert_cmpint (care_store_count_where (f->store, care_schema_lookup ("stock_movement"), "batch_id",
                                           care_record_get_id (received)), ==, 1);
  care_test_keep_screenshot (GTK_WIDGET (f->window), "pharmacy-stock.png");

  /* Dispense the order: the batch suggested is the one expiring first. */
  show_view (f, "orders");
  care_test_click (care_test_must_find (GTK_WIDGET (f->window), "queue-dispense"));
  dialog = care_test_find_window ("dispense-dialog");
  g_assert_nonnull (dialog);
  {
    AdwComboRow *batch_row = ADW_COMBO_ROW (care_test_must_find (dialog, "dispense-batch"));
    GtkStringObject *chosen = adw_combo_row_get_selected_item (batch_row);

    g_assert_nonnull (strstr (gtk_string_object_get_string (chosen), "AMX-SOON"));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (care_test_must_find (dialog, "dispense-quantity"))), ==, "14");
  }
  care_test_keep_screenshot (dialog, "pharmacy-dispense.png");

  /* Asking for more than prescribed is refused next to the medicine. */
  gtk_editable_set_text (GTK_EDITABLE (care_test_must_find (dialog, "dispense-quantity")), "15");
  care_test_click (care_test_must_find (dialog, "dispense-confirm"));
  g_assert_true (gtk_widget_get_visible (care_test_must_find (dialog, "dispense-error")));
  g_assert_true (gtk_widget_has_css_class (care_test_must_find (dialog, "dispense-quantity"), "error"));
  gtk_editable_set_text (GTK_EDITABLE (care_test_must_find (dialog, "dispense-quantity")), "14");
  care_test_click (care_test_must_find (dialog, "dispense-confirm"));
  g_assert_true (care_test_wait_for (order_dispensed, f, TIMEOUT_MS));
  g_assert_true (care_test_wait_for (window_gone, "dispense-dialog", TIMEOUT_MS));
  g_assert_null (care_test_find (GTK_WIDGET (f->window), "queue-dispense"));

  /* The batch holds 14 fewer, and its ledger says why. */
  soon = batch_numbered (f, "AMX-SOON");
  g_assert_cmpint (care_record_get_int (soon, "quantity", -1), ==, 16);
  ledger = care_stock_movements (f->store, care_record_get_id (soon), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ledger->len, ==, 2);
  g_assert_cmpstr (care_record_get (g_ptr_array_index (ledger, 0), "kind"), ==, "dispense");
  g_assert_cmpint (care_record_get_int (g_ptr_array_index (ledger, 0), "quantity", 0), ==, -14);
  g_assert_true (care_stock_check_ledger (f->store, NULL, &error));
  /* A pharmacist does not bill (the server would refuse the invoice from
   * this workstation): reception's "Add Visit Items" offers what was
   * dispensed. */
  g_assert_cmpint (care_store_count_where (f->store, care_schema_lookup ("invoice_item"), "source_id",
                                           care_record_get_id (g_ptr_array_index (ledger, 0))), ==, 0);
  {
    g_autoptr(CareRecord) order = care_store_get (f->store, care_schema_lookup ("pharmacy_order"), f->order, NULL);
    g_autoptr(GPtrArray) offered = care_billing_billable_items (f->store, care_record_get (order, "patient_id"), NULL, &error);
    gboolean medicine = FALSE;

    g_assert_no_error (error);
    for (guint i = 0; i < offered->len; i++)
      medicine |= g_strcmp0 (care_record_get (g_ptr_array_index (offered, i), "kind"), "medicine") == 0;
    g_assert_true (medicine);
  }

  /* … and so does the stock view. */
  show_view (f, "stock");
  row = care_test_must_find (GTK_WIDGET (f->window), "stock-row");
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), " 16 "));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  care_test_wait (100);
  g_assert_nonnull (care_test_must_find (row, "stock-movement"));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (care_test_must_find (row, "stock-movement"))), "-14"));
  care_test_keep_screenshot (GTK_WIDGET (f->window), "pharmacy-ledger.png");
}

static gboolean
label_visible (gpointer widget)
{
  return gtk_widget_is_visible (widget);
}

/* The pharmacist sees the expiry notification, counts the shelf, and the
 * difference becomes an adjustment with a report. */
static void
test_stock_take (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *notice, *search, *counted, *difference, *report;
  g_autoptr(CareRecord) batch = NULL;
  g_autoptr(GPtrArray) ledger = NULL;
  g_autoptr(GError) error = NULL;

  /* Opening the pharmacy wrote the batch's expiry notification. */
  show_view (f, "stock");
  notice = care_test_must_find (GTK_WIDGET (f->window), "stock-notice");
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (notice)), "AMX-SOON"));

  /* The notification, clicked from elsewhere, opens the Pharmacy page. */
  {
    g_autoptr(GPtrArray) told = care_notifications_list (f->store, care_store_get_actor (f->store), 0, &error);
    CareRecord *expiring = NULL;

    g_assert_no_error (error);
    for (guint i = 0; i < told->len; i++)
      if (g_str_has_prefix (care_record_get (told->pdata[i], "link_entity"), "stock_"))
        expiring = told->pdata[i];
    g_assert_nonnull (expiring);
    g_assert_true (care_window_show_page (f->window, "messages"));
    g_assert_true (care_notification_link_open (f->window, care_record_get (expiring, "link_entity"),
                                                care_record_get (expiring, "link_id")));
    g_assert_cmpstr (care_window_get_page_name (f->window), ==, "pharmacy");
  }

  show_view (f, "count");
  search = care_test_must_find (GTK_WIDGET (f->window), "take-search");
  gtk_editable_set_text (GTK_EDITABLE (search), "amox");
  g_assert_true (care_test_wait_for ((CareTestCondition) gtk_widget_get_mapped,
                                     care_test_must_find (GTK_WIDGET (f->window), "take-counted"), TIMEOUT_MS));
  counted = care_test_must_find (GTK_WIDGET (f->window), "take-counted");
  difference = care_test_must_find (GTK_WIDGET (f->window), "take-difference");

  /* Not a number: refused beside the field, nothing written. */
  gtk_editable_set_text (GTK_EDITABLE (counted), "2x");
  care_test_click (care_test_must_find (GTK_WIDGET (f->window), "take-confirm"));
  g_assert_true (gtk_widget_has_css_class (counted, "error"));
  g_assert_true (gtk_widget_get_visible (care_test_must_find (GTK_WIDGET (f->window), "take-error")));
  g_assert_cmpint (care_store_count (f->store, care_schema_lookup ("stock_movement")), ==, 1);

  gtk_editable_set_text (GTK_EDITABLE (counted), "27");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (difference)), ==, "-3");
  /* Correcting the count clears the refusal. */
  g_assert_false (gtk_widget_has_css_class (counted, "error"));
  g_assert_false (gtk_widget_get_visible (care_test_must_find (GTK_WIDGET (f->window), "take-error")));
  care_test_wait (100);
  care_test_keep_screenshot (GTK_WIDGET (f->window), "pharmacy-count.png");
  report = care_test_must_find (GTK_WIDGET (f->window), "take-report");
  g_assert_false (gtk_widget_is_visible (report));
  care_test_click (care_test_must_find (GTK_WIDGET (f->window), "take-confirm"));
  g_assert_true (care_test_wait_for (label_visible, report, TIMEOUT_MS));
  care_test_keep_screenshot (GTK_WIDGET (f->window), "pharmacy-count-report.png");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (report)), "expected 30, counted 27 (-3)"));
  g_assert_false (gtk_widget_get_visible (care_test_must_find (GTK_WIDGET (f->window), "take-error")));

  batch = batch_numbered (f, "AMX-SOON");
  g_assert_cmpint (care_record_get_int (batch, "quantity", -1), ==, 27);
  ledger = care_stock_movements (f->store, care_record_get_id (batch), &error);
  g_assert_cmpuint (ledger->len, ==, 2);
  g_assert_cmpstr (care_record_get (g_ptr_array_index (ledger, 0), "reason"), ==, "Stock count");
  g_assert_true (care_stock_check_ledger (f->store, NULL, &error));
  /* The list shows the new expectation, ready for the next count. */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (care_test_must_find (GTK_WIDGET (f->window), "take-row"))),
                            "27"));
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);

  g_test_add ("/pharmacy/receive-alert-dispense", Fixture, NULL, fixture_set_up, test_receive_alert_dispense,
              fixture_tear_down);
  g_test_add ("/pharmacy/stock-take", Fixture, NULL, fixture_set_up, test_stock_take, fixture_tear_down);
  return g_test_run ();
}

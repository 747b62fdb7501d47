/* test-billing-parity.c: one billing story through core and through the server, told alike
 *
 * The same story — a draft, lines with tax and discount, issuing, a part
 * payment, a payment on a draft, an over-payment, voiding — runs through
 * core's billing API on a local store and through the REST routes of a
 * real caredesk-server. Every step must leave identical invoices (the
 * same fields, the same figures) and every refusal must be the same
 * (the same field, the same message; 422 with a field, 409 without).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "care-server-fixture.h"
#include "care-billing.h"

#define STORY_NOW "2027-03-15T10:00:00Z"

/* What both sides must agree on; the ids and numbers each side makes
 * itself are compared by presence. */
static const char *const invoice_fields[] = {
  "status", "currency", "issued_on", "subtotal", "discount_total", "tax_total", "total",
  "paid_total", "void_reason", NULL };
static const char *const item_fields[] = {
  "kind", "description", "quantity", "unit_price", "discount", "tax_rate", "line_total", "position", NULL };

typedef struct {
  /* core */
  char           *dir;
  CareStore      *store;
  char           *patient;
  /* server */
  CareTestServer *server;
  char           *token;
  char           *server_patient;
} Story;

/* --- the two sides ------------------------------------------------------- */

static void
story_start (Story *s)
{
  const char *args[] = { "--now", STORY_NOW, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(CareRecord) patient = care_record_new (care_schema_lookup ("patient"));
  g_autoptr(CareRecord) admin = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (STORY_NOW, NULL);
  g_autofree char *mrn = NULL;

  care_clock_travel_to (g_date_time_to_unix (now) * G_USEC_PER_SEC);

  s->dir = care_test_tmpdir ();
  path = g_build_filename (s->dir, "local.sqlite", NULL);
  s->store = care_store_open (path, &error);
  g_assert_no_error (error);
  care_demo_populate (s->store, 0, &error);
  g_assert_no_error (error);
  admin = care_accounts_find_login (s->store, "admin");
  care_store_set_actor (s->store, care_record_get_id (admin));
  mrn = care_store_next_number (s->store, "mrn", &error);
  care_record_set (patient, "given_name", "Ada");
  care_record_set (patient, "family_name", "Parity");
  care_record_set (patient, "sex", "female");
  care_record_set (patient, "date_of_birth", "1970-01-02");
  care_record_set (patient, "status", "new");
  care_record_set (patient, "mrn", mrn);
  care_store_insert (s->store, patient, &error);
  g_assert_no_error (error);
  s->patient = g_strdup (care_record_get_id (patient));

  {
    g_autofree char *db = care_test_demo_database (s->dir);
    g_autoptr(CareTestResponse) r = NULL;

    s->server = care_test_server_start (s->dir, db, args);
    s->token = care_test_login (s->server, "reception", CARE_TEST_PASSWORD, NULL);
    r = care_test_request (s->server, "POST", "/patients", s->token,
                           "{\"given_name\": \"Ada\", \"family_name\": \"Parity\", \"sex\": \"female\", "
                           "\"date_of_birth\": \"1970-01-02\"}");
    g_assert_cmpuint (r->status, ==, 201);
    s->server_patient = g_strdup (json_object_get_string_member (care_test_data_object (r), "id"));
  }
}

static void
story_finish (Story *s)
{
  care_test_server_free (s->server);
  g_clear_object (&s->store);
  care_test_rmtree (s->dir);
  g_free (s->dir);
  g_free (s->patient);
  g_free (s->token);
  g_free (s->server_patient);
  care_clock_reset ();
}

/* One step's outcome on either side: the invoice and its lines as JSON,
 * or a refusal. */
typedef struct {
  JsonObject *invoice;
  JsonArray  *items;
  char       *field;     /* a refusal naming a field */
  char       *message;   /* any refusal */
} Outcome;

static void
outcome_clear (Outcome *o)
{
  g_clear_pointer (&o->invoice, json_object_unref);
  g_clear_pointer (&o->items, json_array_unref);
  g_clear_pointer (&o->field, g_free);
  g_clear_pointer (&o->message, g_free);
}

/* "Invoice K7QF-000001 is void": each side numbers its own invoices. */
static char *
without_number (const char *message,
                const char *number)
{
  g_autoptr(GString) s = g_string_new (message);

  if (number)
    g_string_replace (s, number, "<number>", 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
core_outcome (Story      *s,
              const char *invoice_id,
              GError     *error,
              Outcome    *o)
{
  g_autoptr(CareRecord) invoice = care_store_get (s->store, care_schema_lookup ("invoice"), invoice_id, NULL);
  g_autoptr(GPtrArray) items = care_billing_list_items (s->store, invoice_id, NULL);

  g_assert_nonnull (invoice);
  o->invoice = care_record_to_json (invoice);
  o->items = json_array_new ();
  for (guint i = 0; i < items->len; i++)
    json_array_add_object_element (o->items, care_record_to_json (g_ptr_array_index (items, i)));
  if (error)
    {
      g_assert_true (care_rule_error_is_refusal (error));
      o->field = g_strdup (care_rule_error_get_field (error));
      o->message = without_number (error->message, care_record_get (invoice, "number"));
      g_error_free (error);
    }
}

static void
server_outcome (Story            *s,
                const char       *invoice_id,
                CareTestResponse *r,
                guint             success,
                Outcome          *o)
{
  g_autofree char *path = g_strdup_printf ("/invoices/%s", invoice_id);
  g_autofree char *lines = g_strdup_printf ("/invoice_items?invoice_id=%s&sort=position&per_page=100", invoice_id);
  g_autoptr(CareTestResponse) inv = care_test_request (s->server, "GET", path, s->token, NULL);
  g_autoptr(CareTestResponse) its = care_test_request (s->server, "GET", lines, s->token, NULL);

  g_assert_cmpuint (inv->status, ==, 200);
  g_assert_cmpuint (its->status, ==, 200);
  o->invoice = json_object_ref (care_test_data_object (inv));
  o->items = json_array_ref (care_test_data_array (its));
  if (r && r->status != success)
    {
      const char *number = json_object_get_string_member_with_default (o->invoice, "number", NULL);

      care_test_assert_error (r, care_test_error_field (r) ? 422 : 409);
      o->field = g_strdup (care_test_error_field (r));
      o->message = without_number (json_object_get_string_member (json_node_get_object (r->root), "message"),
                                   number);
    }
  else if (r)
    g_assert_cmpuint (r->status, ==, success);
}

static void
assert_same_member (JsonObject *a,
                    JsonObject *b,
                    const char *name)
{
  JsonNode *x = json_object_get_member (a, name);
  JsonNode *y = json_object_get_member (b, name);
  gboolean x_null = x == NULL || JSON_NODE_HOLDS_NULL (x);
  gboolean y_null = y == NULL || JSON_NODE_HOLDS_NULL (y);

  if (x_null || y_null)
    {
      if (x_null != y_null)
        g_error ("%s: core has %s, the server %s", name, x_null ? "none" : "a value", y_null ? "none" : "a value");
      return;
    }
  if (!json_node_equal (x, y))
    {
      g_autofree char *xs = json_to_string (x, FALSE);
      g_autofree char *ys = json_to_string (y, FALSE);

      g_error ("%s: core has %s, the server %s", name, xs, ys);
    }
}

/* The two sides agree: the same invoice, lines and refusal. */
static void
assert_same (Outcome    *core,
             Outcome    *server,
             const char *step)
{
  g_test_message ("step: %s", step);
  for (guint i = 0; invoice_fields[i]; i++)
    assert_same_member (core->invoice, server->invoice, invoice_fields[i]);
  /* Numbers: given on issuing, on both sides, each its own. */
  g_assert_cmpint (json_object_get_string_member_with_default (core->invoice, "number", NULL) != NULL, ==,
                   json_object_get_string_member_with_default (server->invoice, "number", NULL) != NULL);
  g_assert_cmpuint (json_array_get_length (core->items), ==, json_array_get_length (server->items));
  for (guint i = 0; i < json_array_get_length (core->items); i++)
    for (guint k = 0; item_fields[k]; k++)
      assert_same_member (json_array_get_object_element (core->items, i),
                          json_array_get_object_element (server->items, i), item_fields[k]);
  g_assert_cmpstr (core->field, ==, server->field);
  g_assert_cmpstr (core->message, ==, server->message);
  outcome_clear (core);
  outcome_clear (server);
}

/* --- steps, each on both sides -------------------------------------------------- */

typedef struct {
  Story *s;
  char  *core_id;
  char  *server_id;
} Invoice;

static void
new_draft (Story   *s,
           Invoice *inv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) draft = care_billing_create_invoice (s->store, s->patient, NULL, &error);
  g_autofree char *body = g_strdup_printf ("{\"patient_id\": \"%s\"}", s->server_patient);
  g_autoptr(CareTestResponse) r = care_test_request (s->server, "POST", "/invoices", s->token, body);
  Outcome a = { 0 }, b = { 0 };

  g_assert_no_error (error);
  g_assert_cmpuint (r->status, ==, 201);
  inv->s = s;
  inv->core_id = g_strdup (care_record_get_id (draft));
  inv->server_id = g_strdup (json_object_get_string_member (care_test_data_object (r), "id"));
  core_outcome (s, inv->core_id, NULL, &a);
  server_outcome (s, inv->server_id, NULL, 0, &b);
  assert_same (&a, &b, "a new draft");
}

static void
add_line (Invoice    *inv,
          const char *kind,
          const char *description,
          gint64      quantity,
          gint64      unit_price,
          gint64      discount,
          const char *tax_rate,
          const char *step)
{
  Story *s = inv->s;
  GError *error = NULL;
  g_autoptr(CareRecord) item = care_billing_item_new (kind, description, quantity, unit_price, discount, tax_rate);
  g_autofree char *body = g_strdup_printf ("{\"invoice_id\": \"%s\", \"kind\": \"%s\", \"description\": \"%s\", "
                                           "\"quantity\": %" G_GINT64_FORMAT ", \"unit_price\": %" G_GINT64_FORMAT ", "
                                           "\"discount\": %" G_GINT64_FORMAT ", \"tax_rate\": %s}",
                                           inv->server_id, kind, description, quantity, unit_price, discount, tax_rate);
  g_autoptr(CareTestResponse) r = care_test_request (s->server, "POST", "/invoice_items", s->token, body);
  Outcome a = { 0 }, b = { 0 };

  care_billing_add_item (s->store, inv->core_id, item, &error);
  core_outcome (s, inv->core_id, error, &a);
  server_outcome (s, inv->server_id, r, 201, &b);
  assert_same (&a, &b, step);
}

static void
pay (Invoice    *inv,
     gint64      amount,
     const char *method,
     const char *step)
{
  Story *s = inv->s;
  GError *error = NULL;
  g_autoptr(CareRecord) payment = care_billing_record_payment (s->store, inv->core_id, amount, method, NULL, &error);
  g_autofree char *path = g_strdup_printf ("/invoices/%s/payments", inv->server_id);
  g_autofree char *body = g_strdup_printf ("{\"amount\": %" G_GINT64_FORMAT ", \"method\": \"%s\"}", amount, method);
  g_autoptr(CareTestResponse) r = care_test_request (s->server, "POST", path, s->token, body);
  Outcome a = { 0 }, b = { 0 };

  core_outcome (s, inv->core_id, error, &a);
  server_outcome (s, inv->server_id, r, 201, &b);
  if (payment)
    g_assert_nonnull (json_object_get_string_member (care_test_data_object (r), "receipt_number"));
  assert_same (&a, &b, step);
}

static void
issue (Invoice    *inv,
       const char *step)
{
  Story *s = inv->s;
  GError *error = NULL;
  g_autofree char *path = g_strdup_printf ("/invoices/%s/issue", inv->server_id);
  g_autoptr(CareTestResponse) r = care_test_request (s->server, "POST", path, s->token, NULL);
  Outcome a = { 0 }, b = { 0 };

  care_billing_issue (s->store, inv->core_id, NULL, NULL, &error);
  core_outcome (s, inv->core_id, error, &a);
  server_outcome (s, inv->server_id, r, 200, &b);
  assert_same (&a, &b, step);
}

static void
void_invoice (Invoice    *inv,
              const char *reason,
              const char *step)
{
  Story *s = inv->s;
  GError *error = NULL;
  g_autofree char *path = g_strdup_printf ("/invoices/%s/void", inv->server_id);
  g_autofree char *body = g_strdup_printf ("{\"reason\": \"%s\"}", reason);
  g_autoptr(CareTestResponse) r = care_test_request (s->server, "POST", path, s->token, body);
  Outcome a = { 0 }, b = { 0 };

  care_billing_void (s->store, inv->core_id, reason, &error);
  core_outcome (s, inv->core_id, error, &a);
  server_outcome (s, inv->server_id, r, 200, &b);
  assert_same (&a, &b, step);
}

static void
invoice_clear (Invoice *inv)
{
  g_free (inv->core_id);
  g_free (inv->server_id);
}

/* --- the story ------------------------------------------------------------------- */

static void
test_billing_story (void)
{
  Story s = { 0 };
  Invoice first = { 0 }, second = { 0 }, empty = { 0 };

  story_start (&s);

  new_draft (&s, &first);
  /* 100.00 at 20 %: line_total is net, 10000; the tax goes to tax_total. */
  add_line (&first, "consultation", "Consultation", 1, 10000, 0, "20", "a line with tax");
  /* 3 × 12.50 − 5.00 at 7.5 %: net 32.50, tax 2.4375 → 2.44. */
  add_line (&first, "medicine", "Amoxicillin", 3, 1250, 500, "7.5", "a line with tax and discount");
  add_line (&first, "other", "Certificate", 1, 1000, 1500, "0", "a discount above the line");
  add_line (&first, "other", "Nothing", 0, 1000, 0, "0", "a quantity of nothing");
  add_line (&first, "other", "Certificate", 1, 1000, 0, "120", "a rate above 100 %");
  pay (&first, 1000, "cash", "a payment on a draft");
  issue (&first, "issuing");
  {
    /* The figures themselves, not only their agreement. */
    g_autoptr(CareRecord) core = care_store_get (s.store, care_schema_lookup ("invoice"), first.core_id, NULL);

    g_assert_cmpint (care_record_get_int (core, "subtotal", 0), ==, 10000 + 3750);
    g_assert_cmpint (care_record_get_int (core, "discount_total", 0), ==, 500);
    g_assert_cmpint (care_record_get_int (core, "tax_total", 0), ==, 2000 + 244);
    g_assert_cmpint (care_record_get_int (core, "total", 0), ==, 10000 + 2000 + 3250 + 244);
  }
  issue (&first, "issuing twice");
  add_line (&first, "other", "Late", 1, 100, 0, "0", "a line on an issued invoice");
  pay (&first, 5000, "cash", "a part payment");
  pay (&first, 20000, "card", "an over-payment");
  pay (&first, 0, "card", "a payment of nothing");
  pay (&first, 100, "cheque", "an unknown way to pay");
  void_invoice (&first, "Wrong patient", "voiding a part-paid invoice");
  pay (&first, 10494, "card", "paying the rest");
  pay (&first, 1, "card", "paying a paid invoice");

  new_draft (&s, &second);
  add_line (&second, "lab_test", "Full blood count", 2, 2500, 0, "5.5", "a second invoice's line");
  void_invoice (&second, "Wrong patient", "voiding a draft");
  issue (&second, "issuing the second");
  void_invoice (&second, "   ", "voiding without a reason");
  void_invoice (&second, "  Wrong patient ", "voiding");
  void_invoice (&second, "Again", "voiding twice");
  pay (&second, 100, "cash", "paying a void invoice");
  issue (&second, "issuing a void invoice");

  new_draft (&s, &empty);
  issue (&empty, "issuing an empty draft");

  invoice_clear (&first);
  invoice_clear (&second);
  invoice_clear (&empty);
  story_finish (&s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/billing-parity/story", test_billing_story);
  return g_test_run ();
}

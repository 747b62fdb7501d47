/* test-server-workflows.c: SCOPE.md's three workflows and the named actions, over HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "care-server-fixture.h"

static CareTestServer *server;
static char *admin, *reception, *nurse, *doctor, *lab, *pharmacy;
static char *doctor_id, *nurse_id;

static JsonObject *
ok (CareTestResponse *r,
    guint             status)
{
  if (r->status != status)
    g_error ("expected %u, got %u: %s", status, r->status, r->body);
  return care_test_data_object (r);
}

static char *
post_id (const char *path,
         const char *token,
         const char *body)
{
  g_autoptr(CareTestResponse) r = care_test_request (server, "POST", path, token, body);
  return g_strdup (json_object_get_string_member (ok (r, 201), "id"));
}

static gint64
unread_notifications (const char *token)
{
  g_autoptr(CareTestResponse) r = care_test_request (server, "GET", "/notifications?read=false&per_page=100", token, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return json_object_get_int_member (json_object_get_object_member (json_node_get_object (r->root), "meta"), "total");
}

static void
test_appointment_to_payment (void)
{
  g_autofree char *patient = post_id ("/patients", reception,
                                      "{\"given_name\": \"Walter\", \"family_name\": \"Flow\", \"sex\": \"male\", \"date_of_birth\": \"1958-02-03\", "
                                      "\"conditions\": [\"hypertension\"], \"country\": \"Ghana\"}");
  gint64 doctor_unread = unread_notifications (doctor);
  g_autofree char *body = g_strdup_printf ("{\"patient_id\": \"%s\", \"provider_id\": \"%s\", \"starts_at\": \"2030-05-06T11:00:00+02:00\", "
                                           "\"duration_minutes\": 20, \"type\": \"consultation\", \"reason\": \"Headaches\"}", patient, doctor_id);
  g_autofree char *appt = NULL;
  g_autofree char *path = NULL;

  {
    g_autoptr(CareTestResponse) r = care_test_request (server, "POST", "/appointments", reception, body);
    JsonObject *o = ok (r, 201);

    appt = g_strdup (json_object_get_string_member (o, "id"));
    /* Offsets become UTC (09:00, when the doctor's consulting hours begin). */
    g_assert_cmpstr (json_object_get_string_member (o, "starts_at"), ==, "2030-05-06T09:00:00Z");
    g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "scheduled");
  }
  /* The doctor was told. */
  g_assert_cmpint (unread_notifications (doctor), ==, doctor_unread + 1);

  path = g_strdup_printf ("/appointments/%s/accept", appt);
  {
    g_autoptr(CareTestResponse) by_nurse = care_test_request (server, "POST", path, nurse, NULL);
    g_autoptr(CareTestResponse) r = care_test_request (server, "POST", path, doctor, NULL);
    care_test_assert_error (by_nurse, 403);
    g_assert_cmpstr (json_object_get_string_member (ok (r, 200), "status"), ==, "accepted");
  }
  g_free (path);
  path = g_strdup_printf ("/appointments/%s/check-in", appt);
  {
    g_autoptr(CareTestResponse) r = care_test_request (server, "POST", path, reception, NULL);
    g_autoptr(CareTestResponse) again = care_test_request (server, "POST", path, reception, NULL);
    JsonObject *o = ok (r, 200);

    g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "checked_in");
    g_assert_nonnull (json_object_get_string_member (o, "checked_in_at"));
    care_test_assert_error (again, 409);
    g_assert_cmpstr (care_test_error_field (again), ==, "status");
  }
  /* PATCH follows core's machine too: into the consulting room, never back. */
  {
    g_autofree char *item = g_strdup_printf ("/appointments/%s", appt);
    g_autoptr(CareTestResponse) back = care_test_request (server, "PATCH", item, reception, "{\"status\": \"accepted\"}");
    g_autoptr(CareTestResponse) in = care_test_request (server, "PATCH", item, doctor, "{\"status\": \"in_consultation\"}");

    care_test_assert_error (back, 409);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (back->root), "message"), ==,
                     "Status: An appointment that is “Checked in” cannot become “Accepted”.");
    g_assert_cmpstr (json_object_get_string_member (ok (in, 200), "status"), ==, "in_consultation");
  }

  /* Vitals: BMI computed, append-only. */
  {
    g_autofree char *v = g_strdup_printf ("{\"patient_id\": \"%s\", \"systolic\": 150, \"diastolic\": 95, \"pulse\": 80, "
                                          "\"weight_kg\": 80, \"height_cm\": 175.5}", patient);
    g_autoptr(CareTestResponse) r = care_test_request (server, "POST", "/vitals", nurse, v);
    JsonObject *o = ok (r, 201);
    g_autofree char *item = g_strdup_printf ("/vitals/%s", json_object_get_string_member (o, "id"));
    g_autoptr(CareTestResponse) patch = care_test_request (server, "PATCH", item, nurse, "{\"pulse\": 81}");

    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "bmi"), 26.0, 0.05);
    g_assert_cmpstr (json_object_get_string_member (o, "recorded_by"), ==, nurse_id);
    care_test_assert_error (patch, 405);
  }

  /* Note, prescription, pharmacy order, dispensing from stock. */
  {
    g_autofree char *note = g_strdup_printf ("{\"patient_id\": \"%s\", \"appointment_id\": \"%s\", \"note_type\": \"consultation\", "
                                             "\"title\": \"Headaches\", \"content\": \"Tension type.\", \"diagnosis\": \"Tension headache\"}",
                                             patient, appt);
    g_autofree char *note_id = post_id ("/clinical_notes", doctor, note);
    g_autofree char *medicine = care_test_first_id (server, pharmacy, "/medicines?q=Paracetamol");
    g_autofree char *stock_path = g_strdup_printf ("/stock_batches?medicine_id=%s&per_page=100", medicine);
    g_autofree char *rx_body = g_strdup_printf ("{\"patient_id\": \"%s\", \"issued_on\": \"2026-01-02\", \"refills_allowed\": 1}", patient);
    g_autofree char *rx = post_id ("/prescriptions", doctor, rx_body);
    g_autofree char *item = g_strdup_printf ("{\"prescription_id\": \"%s\", \"medicine_id\": \"%s\", \"medicine_name\": \"Paracetamol\", "
                                             "\"dose\": \"500 mg\", \"frequency\": \"every 6 hours\", \"quantity\": 20}", rx, medicine);
    g_autofree char *item_id = post_id ("/prescription_items", doctor, item);
    g_autofree char *order_body = g_strdup_printf ("{\"prescription_id\": \"%s\", \"patient_id\": \"%s\"}", rx, patient);
    g_autofree char *order = post_id ("/pharmacy_orders", doctor, order_body);
    g_autofree char *dispense = g_strdup_printf ("/pharmacy_orders/%s/dispense", order);
    gint64 before = 0, after = 0;

    g_assert_nonnull (note_id);
    g_assert_nonnull (item_id);
    {
      g_autoptr(CareTestResponse) s = care_test_request (server, "GET", stock_path, pharmacy, NULL);
      JsonArray *rows = care_test_data_array (s);
      for (guint i = 0; i < json_array_get_length (rows); i++)
        before += json_object_get_int_member (json_array_get_object_element (rows, i), "quantity");
    }
    {
      g_autoptr(CareTestResponse) denied = care_test_request (server, "POST", dispense, nurse, NULL);
      g_autoptr(CareTestResponse) r = care_test_request (server, "POST", dispense, pharmacy, NULL);
      g_autoptr(CareTestResponse) twice = care_test_request (server, "POST", dispense, pharmacy, NULL);

      care_test_assert_error (denied, 403);
      g_assert_cmpstr (json_object_get_string_member (ok (r, 200), "status"), ==, "dispensed");
      care_test_assert_error (twice, 409);
    }
    {
      g_autoptr(CareTestResponse) s = care_test_request (server, "GET", stock_path, pharmacy, NULL);
      JsonArray *rows = care_test_data_array (s);
      for (guint i = 0; i < json_array_get_length (rows); i++)
        after += json_object_get_int_member (json_array_get_object_element (rows, i), "quantity");
    }
    g_assert_cmpint (after, ==, before - 20);

    /* The patient asks for a refill (the pharmacist on their behalf here:
     * reception may not, issue 20); approval opens an order. */
    {
      g_autofree char *refill_body = g_strdup_printf ("{\"prescription_id\": \"%s\", \"patient_id\": \"%s\"}", rx, patient);
      g_autofree char *refill = post_id ("/refill_requests", pharmacy, refill_body);
      g_autofree char *approve = g_strdup_printf ("/refill_requests/%s/approve", refill);
      g_autoptr(CareTestResponse) r = care_test_request (server, "POST", approve, doctor, NULL);
      g_autofree char *orders = g_strdup_printf ("/pharmacy_orders?prescription_id=%s", rx);
      g_autoptr(CareTestResponse) list = care_test_request (server, "GET", orders, pharmacy, NULL);

      g_assert_cmpstr (json_object_get_string_member (ok (r, 200), "status"), ==, "approved");
      g_assert_cmpuint (json_array_get_length (care_test_data_array (list)), ==, 2);
    }
  }

  /* Invoice, lines, payment: totals and status follow. */
  {
    g_autofree char *inv_body = g_strdup_printf ("{\"patient_id\": \"%s\", \"appointment_id\": \"%s\"}", patient, appt);
    g_autoptr(CareTestResponse) inv = care_test_request (server, "POST", "/invoices", reception, inv_body);
    JsonObject *o = ok (inv, 201);
    g_autofree char *invoice = g_strdup (json_object_get_string_member (o, "id"));
    g_autofree char *line1 = g_strdup_printf ("{\"invoice_id\": \"%s\", \"kind\": \"consultation\", \"description\": \"Consultation\", "
                                              "\"quantity\": 1, \"unit_price\": 6000}", invoice);
    g_autofree char *line2 = g_strdup_printf ("{\"invoice_id\": \"%s\", \"kind\": \"medicine\", \"description\": \"Paracetamol\", "
                                              "\"quantity\": 20, \"unit_price\": 5, \"discount\": 20, \"tax_rate\": 10}", invoice);
    g_autofree char *issue = g_strdup_printf ("/invoices/%s/issue", invoice);
    g_autofree char *pay = g_strdup_printf ("/invoices/%s/payments", invoice);
    g_autofree char *get = g_strdup_printf ("/invoices/%s", invoice);

    g_assert_cmpstr (json_object_get_string_member (o, "currency"), ==, "GBP");
    /* A draft has no number yet (core's rule): issuing gives it one. */
    g_assert_null (json_object_get_string_member_with_default (o, "number", NULL));
    g_free (post_id ("/invoice_items", reception, line1));
    g_free (post_id ("/invoice_items", reception, line2));
    {
      g_autoptr(CareTestResponse) r = care_test_request (server, "POST", issue, reception, NULL);
      JsonObject *i = ok (r, 200);
      /* 6000 + (100 - 20) * 1.10 = 6088 */
      g_assert_cmpint (json_object_get_int_member (i, "total"), ==, 6088);
      g_assert_cmpstr (json_object_get_string_member (i, "status"), ==, "issued");
      g_assert_nonnull (json_object_get_string_member (i, "number"));
    }
    {
      g_autoptr(CareTestResponse) part = care_test_request (server, "POST", pay, reception, "{\"amount\": 2000, \"method\": \"cash\"}");
      g_autoptr(CareTestResponse) too_much = care_test_request (server, "POST", pay, reception, "{\"amount\": 9000, \"method\": \"card\"}");
      g_autoptr(CareTestResponse) rest = care_test_request (server, "POST", pay, reception, "{\"amount\": 4088, \"method\": \"card\"}");
      g_autoptr(CareTestResponse) by_nurse = care_test_request (server, "POST", pay, nurse, "{\"amount\": 1, \"method\": \"card\"}");
      g_autoptr(CareTestResponse) final = care_test_request (server, "GET", get, reception, NULL);

      g_assert_nonnull (json_object_get_string_member (ok (part, 201), "receipt_number"));
      care_test_assert_error (too_much, 422);
      g_assert_cmpstr (care_test_error_field (too_much), ==, "amount");
      ok (rest, 201);
      care_test_assert_error (by_nurse, 403);
      g_assert_cmpstr (json_object_get_string_member (ok (final, 200), "status"), ==, "paid");
      g_assert_cmpint (json_object_get_int_member (care_test_data_object (final), "paid_total"), ==, 6088);
    }
  }

  /* It all shows in the timeline and the reports. */
  {
    g_autofree char *timeline = g_strdup_printf ("/patients/%s/timeline", patient);
    g_autoptr(CareTestResponse) t = care_test_request (server, "GET", timeline, doctor, NULL);
    g_autoptr(CareTestResponse) cond = care_test_request (server, "GET", "/reports/patients?by=condition", admin, NULL);
    g_autoptr(CareTestResponse) earn = care_test_request (server, "GET", "/reports/earnings?period=year", admin, NULL);
    g_autoptr(CareTestResponse) appts = care_test_request (server, "GET", "/reports/appointments", admin, NULL);
    g_autoptr(CareTestResponse) docs = care_test_request (server, "GET", "/reports/doctors", admin, NULL);
    g_autoptr(CareTestResponse) dash = care_test_request (server, "GET", "/reports/dashboard", admin, NULL);
    g_autoptr(CareTestResponse) denied = care_test_request (server, "GET", "/reports/dashboard", nurse, NULL);

    g_assert_cmpuint (t->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (care_test_data_array (t)), >=, 4);
    g_assert_nonnull (strstr (cond->body, "hypertension"));
    g_assert_cmpuint (json_array_get_length (care_test_data_array (earn)), >=, 1);
    g_assert_true (json_object_has_member (ok (appts, 200), "by_doctor"));
    g_assert_cmpuint (json_array_get_length (care_test_data_array (docs)), >=, 2);
    g_assert_cmpint (json_object_get_int_member (ok (dash, 200), "patients"), >, 100);
    care_test_assert_error (denied, 403);
  }
}

static void
test_admission (void)
{
  g_autofree char *patient = care_test_first_id (server, nurse, "/patients?per_page=1&sort=-mrn");
  g_autofree char *bed = care_test_first_id (server, nurse, "/beds?status=available");
  g_autofree char *other = NULL;
  g_autofree char *allocate = g_strdup_printf ("/beds/%s/allocate", bed);
  g_autofree char *body = g_strdup_printf ("{\"patient_id\": \"%s\", \"reason\": \"Pneumonia\"}", patient);
  g_autofree char *transfer = g_strdup_printf ("/beds/%s/transfer", bed);
  g_autofree char *bed_path = g_strdup_printf ("/beds/%s", bed);

  {
    g_autoptr(CareTestResponse) denied = care_test_request (server, "POST", allocate, reception, body);
    g_autoptr(CareTestResponse) r = care_test_request (server, "POST", allocate, nurse, body);
    g_autoptr(CareTestResponse) twice = care_test_request (server, "POST", allocate, nurse, body);
    g_autoptr(CareTestResponse) b = care_test_request (server, "GET", bed_path, nurse, NULL);

    care_test_assert_error (denied, 403);
    g_assert_cmpstr (json_object_get_string_member (ok (r, 201), "status"), ==, "active");
    care_test_assert_error (twice, 409);
    g_assert_cmpstr (json_object_get_string_member (ok (b, 200), "status"), ==, "occupied");
  }
  other = care_test_first_id (server, nurse, "/beds?status=available");
  {
    g_autofree char *tbody = g_strdup_printf ("{\"to_bed_id\": \"%s\"}", other);
    g_autoptr(CareTestResponse) r = care_test_request (server, "POST", transfer, nurse, tbody);
    JsonObject *o = ok (r, 201);
    g_autofree char *release = g_strdup_printf ("/beds/%s/release", other);
    g_autoptr(CareTestResponse) out = NULL;
    g_autoptr(CareTestResponse) b = care_test_request (server, "GET", bed_path, nurse, NULL);

    g_assert_cmpstr (json_object_get_string_member (o, "bed_id"), ==, other);
    g_assert_nonnull (json_object_get_string_member (o, "transferred_from_id"));
    g_assert_cmpstr (json_object_get_string_member (ok (b, 200), "status"), ==, "cleaning");
    out = care_test_request (server, "POST", release, nurse, NULL);
    g_assert_cmpstr (json_object_get_string_member (ok (out, 200), "status"), ==, "discharged");
  }
}

static void
test_lab (void)
{
  g_autofree char *patient = care_test_first_id (server, doctor, "/patients?per_page=1");
  g_autofree char *body = g_strdup_printf ("{\"patient_id\": \"%s\", \"test_name\": \"Full blood count\", \"priority\": \"urgent\"}", patient);
  g_autofree char *test = post_id ("/lab_tests", doctor, body);
  g_autofree char *status = g_strdup_printf ("/lab_tests/%s/status", test);
  g_autofree char *results = g_strdup_printf ("/lab_tests/%s/results", test);
  g_autofree char *review = g_strdup_printf ("/lab_tests/%s/review", test);
  gint64 doctor_unread = unread_notifications (doctor);

  {
    g_autoptr(CareTestResponse) by_doctor = care_test_request (server, "POST", status, doctor, "{\"status\": \"collected\"}");
    g_autoptr(CareTestResponse) r = care_test_request (server, "POST", status, lab, "{\"status\": \"collected\"}");
    g_autoptr(CareTestResponse) bad = care_test_request (server, "POST", status, lab, "{\"status\": \"reviewed\"}");
    care_test_assert_error (by_doctor, 403);
    g_assert_cmpstr (json_object_get_string_member (ok (r, 200), "status"), ==, "collected");
    care_test_assert_error (bad, 422);
  }
  {
    g_autoptr(CareTestResponse) early = care_test_request (server, "POST", review, doctor, NULL);
    g_autoptr(CareTestResponse) r = care_test_request (server, "POST", results, lab,
                                                       "{\"results\": ["
                                                       "{\"analyte\": \"Haemoglobin\", \"value\": \"7.9\", \"unit\": \"g/dL\", \"reference_low\": 12, \"reference_high\": 16},"
                                                       "{\"analyte\": \"Platelets\", \"value\": \"250\", \"unit\": \"10^9/L\", \"reference_low\": 150, \"reference_high\": 400},"
                                                       "{\"analyte\": \"Glucose\", \"value\": \"6.4\", \"unit\": \"mmol/L\", \"reference_low\": 3.9, \"reference_high\": 5.6}]}");
    g_autoptr(CareTestResponse) bad = care_test_request (server, "POST", results, lab, "{\"results\": [{\"analyte\": \"X\", \"value\": \"1\", \"flag\": \"normal\"}]}");
    JsonArray *rows;

    care_test_assert_error (early, 409);
    g_assert_cmpuint (r->status, ==, 201);
    rows = care_test_data_array (r);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "flag"), ==, "critical_low");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 1), "flag"), ==, "normal");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 2), "flag"), ==, "high");
    care_test_assert_error (bad, 422);
  }
  /* One for the critical haemoglobin, at once; one for the results. */
  g_assert_cmpint (unread_notifications (doctor), ==, doctor_unread + 2);
  {
    g_autoptr(CareTestResponse) r = care_test_request (server, "POST", review, doctor, NULL);
    g_assert_cmpstr (json_object_get_string_member (ok (r, 200), "status"), ==, "reviewed");
  }
}

static void
test_everyday_actions (void)
{
  /* Emergency alert: every active staff member is told. */
  {
    gint64 before = unread_notifications (lab);
    g_autofree char *alert = post_id ("/emergency_alerts", nurse, "{\"kind\": \"code_blue\", \"location\": \"Ward A, bed A1-2\"}");
    g_autofree char *ack = g_strdup_printf ("/emergency_alerts/%s/acknowledge", alert);
    g_autofree char *resolve = g_strdup_printf ("/emergency_alerts/%s/resolve", alert);
    g_autoptr(CareTestResponse) a = care_test_request (server, "POST", ack, doctor, NULL);
    g_autoptr(CareTestResponse) bare = care_test_request (server, "POST", resolve, doctor, "{}");
    g_autoptr(CareTestResponse) r = care_test_request (server, "POST", resolve, doctor,
                                                       "{\"outcome\": \"Stabilised, moved to intensive care\"}");

    g_assert_cmpint (unread_notifications (lab), ==, before + 1);
    g_assert_cmpstr (json_object_get_string_member (ok (a, 200), "acknowledged_by"), ==, doctor_id);
    /* Resolved only with how it ended, and by whoever says so. */
    g_assert_cmpint (bare->status, ==, 422);
    g_assert_nonnull (strstr (bare->body, "\"outcome\""));
    g_assert_cmpstr (json_object_get_string_member (ok (r, 200), "status"), ==, "resolved");
    g_assert_cmpstr (json_object_get_string_member (ok (r, 200), "resolved_by"), ==, doctor_id);
    g_assert_cmpstr (json_object_get_string_member (ok (r, 200), "outcome"), ==, "Stabilised, moved to intensive care");
  }
  /* Notifications are one's own; read and unread. */
  {
    g_autofree char *mine = care_test_first_id (server, lab, "/notifications?read=false");
    g_autofree char *read = g_strdup_printf ("/notifications/%s/read", mine);
    g_autofree char *unread = g_strdup_printf ("/notifications/%s/unread", mine);
    g_autoptr(CareTestResponse) other = care_test_request (server, "POST", read, nurse, NULL);
    g_autoptr(CareTestResponse) r = care_test_request (server, "POST", read, lab, NULL);
    g_autoptr(CareTestResponse) u = care_test_request (server, "POST", unread, lab, NULL);
    g_autoptr(CareTestResponse) all = care_test_request (server, "POST", "/notifications/read-all", lab, NULL);

    care_test_assert_error (other, 404);
    g_assert_true (json_object_get_boolean_member (ok (r, 200), "read"));
    g_assert_false (json_object_get_boolean_member (ok (u, 200), "read"));
    ok (all, 200);
    g_assert_cmpint (unread_notifications (lab), ==, 0);
  }
  /* Messages: the sender is the caller; only the recipient marks read. */
  {
    g_autofree char *body = g_strdup_printf ("{\"recipient_id\": \"%s\", \"subject\": \"Bay 3\", \"body\": \"Please recheck BP.\", "
                                             "\"sender_id\": \"%s\"}", nurse_id, nurse_id);
    g_autoptr(CareTestResponse) m = care_test_request (server, "POST", "/messages", doctor, body);
    JsonObject *o = ok (m, 201);
    g_autofree char *read = g_strdup_printf ("/messages/%s/read", json_object_get_string_member (o, "id"));
    g_autoptr(CareTestResponse) by_sender = care_test_request (server, "POST", read, doctor, NULL);
    g_autoptr(CareTestResponse) r = care_test_request (server, "POST", read, nurse, NULL);
    g_autoptr(CareTestResponse) lab_view = care_test_request (server, "GET", "/messages", lab, NULL);

    g_assert_cmpstr (json_object_get_string_member (o, "sender_id"), ==, doctor_id);
    care_test_assert_error (by_sender, 403);
    g_assert_nonnull (json_object_get_string_member (ok (r, 200), "read_at"));
    for (guint i = 0; i < json_array_get_length (care_test_data_array (lab_view)); i++)
      g_assert_not_reached ();
  }
  /* Forms: reviewed by reception. */
  {
    g_autofree char *form = care_test_first_id (server, reception, "/form_submissions?status=pending");
    g_autofree char *review = g_strdup_printf ("/form_submissions/%s/review", form);
    g_autoptr(CareTestResponse) bad = care_test_request (server, "POST", review, reception, "{\"status\": \"lost\"}");
    g_autoptr(CareTestResponse) r = care_test_request (server, "POST", review, reception, "{\"status\": \"approved\", \"review_notes\": \"Complete\"}");

    care_test_assert_error (bad, 422);
    g_assert_cmpstr (json_object_get_string_member (ok (r, 200), "status"), ==, "approved");
  }
}

static void
test_attendance (void)
{
  g_autoptr(CareTestResponse) in = care_test_request (server, "POST", "/attendance/check-in", lab, NULL);
  g_autoptr(CareTestResponse) twice = care_test_request (server, "POST", "/attendance/check-in", lab, NULL);
  g_autoptr(CareTestResponse) out = care_test_request (server, "POST", "/attendance/check-out", lab, NULL);
  g_autoptr(CareTestResponse) again = care_test_request (server, "POST", "/attendance/check-out", lab, NULL);

  g_assert_nonnull (json_object_get_string_member (ok (in, 201), "check_in"));
  care_test_assert_error (twice, 409);
  g_assert_nonnull (json_object_get_string_member (ok (out, 200), "check_out"));
  care_test_assert_error (again, 409);
}

/* A facility a ward names is kept, by core's rule, over REST too. */
static void
test_facility_kept (void)
{
  g_autofree char *facility = post_id ("/facilities", admin, "{\"name\": \"North Annex\", \"kind\": \"department\"}");
  g_autofree char *ward_body = g_strdup_printf ("{\"name\": \"Birch\", \"kind\": \"general\", \"facility_id\": \"%s\"}", facility);
  g_autofree char *ward = post_id ("/wards", admin, ward_body);
  g_autofree char *facility_path = g_strdup_printf ("/facilities/%s", facility);
  g_autofree char *ward_path = g_strdup_printf ("/wards/%s", ward);
  g_autoptr(CareTestResponse) refused = care_test_request (server, "DELETE", facility_path, admin, NULL);
  g_autoptr(CareTestResponse) kept = care_test_request (server, "GET", facility_path, admin, NULL);
  g_autoptr(CareTestResponse) moved = care_test_request (server, "DELETE", ward_path, admin, NULL);
  g_autoptr(CareTestResponse) removed = care_test_request (server, "DELETE", facility_path, admin, NULL);
  g_autoptr(CareTestResponse) gone = care_test_request (server, "GET", facility_path, admin, NULL);

  care_test_assert_error (refused, 409);
  g_assert_nonnull (strstr (refused->body, "Wards: 1"));
  ok (kept, 200);
  g_assert_cmpuint (moved->status / 100, ==, 2);
  g_assert_cmpuint (removed->status / 100, ==, 2);
  care_test_assert_error (gone, 404);
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  int status;

  /* The clinic's wall clock, which the doctors' consulting hours follow. */
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  dir = care_test_tmpdir ();
  db = care_test_demo_database (dir);
  server = care_test_server_start (dir, db, NULL);
  admin = care_test_login (server, "admin", CARE_TEST_PASSWORD, NULL);
  reception = care_test_login (server, "reception", CARE_TEST_PASSWORD, NULL);
  nurse = care_test_login (server, "nurse", CARE_TEST_PASSWORD, NULL);
  doctor = care_test_login (server, "doctor", CARE_TEST_PASSWORD, NULL);
  lab = care_test_login (server, "lab", CARE_TEST_PASSWORD, NULL);
  pharmacy = care_test_login (server, "pharmacy", CARE_TEST_PASSWORD, NULL);
  {
    g_autoptr(CareTestResponse) d = care_test_request (server, "GET", "/auth/me", doctor, NULL);
    g_autoptr(CareTestResponse) n = care_test_request (server, "GET", "/auth/me", nurse, NULL);
    doctor_id = g_strdup (json_object_get_string_member (care_test_data_object (d), "id"));
    nurse_id = g_strdup (json_object_get_string_member (care_test_data_object (n), "id"));
  }

  g_test_add_func ("/server/workflows/appointment-to-payment", test_appointment_to_payment);
  g_test_add_func ("/server/workflows/admission", test_admission);
  g_test_add_func ("/server/workflows/lab", test_lab);
  g_test_add_func ("/server/workflows/everyday-actions", test_everyday_actions);
  g_test_add_func ("/server/workflows/attendance", test_attendance);
  g_test_add_func ("/server/workflows/facility-kept", test_facility_kept);
  status = g_test_run ();
  care_test_server_free (server);
  return status;
}

/* care-schema.c: the data model of SCOPE.md, described once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-schema"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-schema.h"

/* Version 1: every entity of the clinic.
 * Version 2: patient preferred name; patient full-text search index.
 * Version 3: possible duplicate patients (sync); the workstation's sync tables.
 * Version 4: appointments' "in_consultation" status and beds' "reserved"
 *            (no table changes); admission requests; the pharmacy's stock
 *            ledger (stock movements); lab tests' "sent_out" status (no
 *            table change) and lab reports (every issued version of a
 *            test's report, and outside laboratories' reports).
 * Version 5: the search index as people type; patients' collation key;
 *            imaging studies' attached file.
 * Version 6: being built; each addition says what it is for where it is.
 * A new version adds entities or fields with .since = N (the migration is
 * derived from that) and, where needed, SQL in care-store-migrations.c. */
#define SCHEMA_VERSION 6

#define REQ     CARE_FIELD_REQUIRED
#define UNIQUE  CARE_FIELD_UNIQUE
#define INDEXED CARE_FIELD_INDEXED
#define SECRET  CARE_FIELD_SECRET
#define SYSTEM  CARE_FIELD_SYSTEM
#define PAST    CARE_FIELD_PAST
#define SEARCH  CARE_FIELD_SEARCH
#define SUMMARY CARE_FIELD_SUMMARY
#define ACTOR   CARE_FIELD_ACTOR
#define SIGNED  CARE_FIELD_SIGNED

#define T_TEXT     CARE_FIELD_TEXT
#define T_LONG     CARE_FIELD_LONG_TEXT
#define T_INT      CARE_FIELD_INT
#define T_DECIMAL  CARE_FIELD_DECIMAL
#define T_BOOL     CARE_FIELD_BOOL
#define T_DATE     CARE_FIELD_DATE
#define T_DATETIME CARE_FIELD_DATETIME
#define T_TIME     CARE_FIELD_TIME
#define T_ENUM     CARE_FIELD_ENUM
#define T_REF      CARE_FIELD_REF
#define T_MONEY    CARE_FIELD_MONEY
#define T_EMAIL    CARE_FIELD_EMAIL
#define T_PHONE    CARE_FIELD_PHONE
#define T_LIST     CARE_FIELD_LIST
#define T_BLOB     CARE_FIELD_BLOB

#define CHOICES(v) .choices = v, .choice_labels = v##_labels
#define REF(e) .type = T_REF, .ref = e
#define ENTITY_FIELDS(f) .fields = f, .n_fields = G_N_ELEMENTS (f)

/* Form sections */
#define G_IDENTITY   N_("Identity")
#define G_CONTACT    N_("Contact")
#define G_ADDRESS    N_("Address")
#define G_EMERGENCY  N_("Emergency contact")
#define G_INSURANCE  N_("Insurance")
#define G_MEDICAL    N_("Medical background")
#define G_CARE       N_("Care")
#define G_ACCOUNT    N_("Account")
#define G_DETAILS    N_("Details")
#define G_CLINIC     N_("Clinic")
#define G_BILLING    N_("Billing")

/* --- choices ------------------------------------------------------------ */

static const char *const roles[] = {
  CARE_ROLE_ADMIN, CARE_ROLE_RECEPTIONIST, CARE_ROLE_NURSE, CARE_ROLE_DOCTOR,
  CARE_ROLE_LAB, CARE_ROLE_PHARMACIST, NULL };
static const char *const roles_labels[] = {
  N_("Administrator"), N_("Receptionist"), N_("Nurse"), N_("Doctor"),
  N_("Lab technician"), N_("Pharmacist"), NULL };

static const char *const permissions[] = {
  CARE_PERM_PATIENT_REGISTRATION, CARE_PERM_APPOINTMENT_MANAGEMENT,
  CARE_PERM_BILLING, CARE_PERM_VITALS_ENTRY, CARE_PERM_BED_ALLOCATION,
  CARE_PERM_LAB_TEST_REQUESTS, CARE_PERM_LAB_REPORT_UPLOAD,
  CARE_PERM_PHARMACY_STOCK, CARE_PERM_PRESCRIPTION_ORDERS,
  CARE_PERM_STAFF_MANAGEMENT, CARE_PERM_ROLE_PERMISSIONS,
  CARE_PERM_ATTENDANCE, CARE_PERM_CLINIC_SETTINGS, CARE_PERM_REPORTS,
  CARE_PERM_AUDIT_LOG, CARE_PERM_CLINICAL_RECORDS, CARE_PERM_LAB_RESULTS, CARE_PERM_PRESCRIBING, NULL };
static const char *const permissions_labels[] = {
  N_("Patient registration"), N_("Appointment management"),
  N_("Billing and invoices"), N_("Vitals entry"), N_("Bed allocation"),
  N_("Lab test requests"), N_("Lab report upload"), N_("Pharmacy stock"),
  N_("Prescription orders"), N_("Staff management"), N_("Role permissions"),
  N_("Attendance"), N_("Clinic settings and inventory"), N_("Reports"),
  N_("Audit log"), N_("Clinical notes and vital signs"), N_("Lab results"),
  N_("Prescribing and refill decisions"), NULL };

/* Seed 001's matrix; columns in the order of roles[]. */
static const struct {
  const char *permission;
  gboolean    allowed[6];
} default_matrix[] = {
  /*                                  admin  recep  nurse  doctor lab    pharm */
  { CARE_PERM_PATIENT_REGISTRATION,   { TRUE,  TRUE,  FALSE, FALSE, FALSE, FALSE } },
  { CARE_PERM_APPOINTMENT_MANAGEMENT, { TRUE,  TRUE,  FALSE, TRUE,  FALSE, FALSE } },
  { CARE_PERM_BILLING,                { TRUE,  TRUE,  FALSE, FALSE, FALSE, FALSE } },
  { CARE_PERM_VITALS_ENTRY,           { TRUE,  FALSE, TRUE,  TRUE,  FALSE, FALSE } },
  { CARE_PERM_BED_ALLOCATION,         { TRUE,  FALSE, TRUE,  FALSE, FALSE, FALSE } },
  { CARE_PERM_LAB_TEST_REQUESTS,      { TRUE,  FALSE, FALSE, TRUE,  TRUE,  FALSE } },
  { CARE_PERM_LAB_REPORT_UPLOAD,      { TRUE,  FALSE, FALSE, FALSE, TRUE,  FALSE } },
  { CARE_PERM_PHARMACY_STOCK,         { TRUE,  FALSE, FALSE, FALSE, FALSE, TRUE  } },
  { CARE_PERM_PRESCRIPTION_ORDERS,    { TRUE,  FALSE, FALSE, TRUE,  FALSE, TRUE  } },
  { CARE_PERM_STAFF_MANAGEMENT,       { TRUE,  FALSE, FALSE, FALSE, FALSE, FALSE } },
  { CARE_PERM_ROLE_PERMISSIONS,       { TRUE,  FALSE, FALSE, FALSE, FALSE, FALSE } },
  { CARE_PERM_ATTENDANCE,             { TRUE,  TRUE,  TRUE,  TRUE,  TRUE,  TRUE  } },
  { CARE_PERM_CLINIC_SETTINGS,        { TRUE,  FALSE, FALSE, FALSE, FALSE, FALSE } },
  { CARE_PERM_REPORTS,                { TRUE,  FALSE, FALSE, FALSE, FALSE, FALSE } },
  { CARE_PERM_AUDIT_LOG,              { TRUE,  FALSE, FALSE, FALSE, FALSE, FALSE } },
  /* Reading, as a privacy officer would set it: the clinicians read the
   * record; the lab reads the results it makes; reception, the lab and
   * the pharmacy do not read notes or vitals. */
  { CARE_PERM_CLINICAL_RECORDS,       { TRUE,  FALSE, TRUE,  TRUE,  FALSE, FALSE } },
  { CARE_PERM_LAB_RESULTS,            { TRUE,  FALSE, TRUE,  TRUE,  TRUE,  FALSE } },
  /* The doctor prescribes and decides refills; the pharmacy dispenses
   * (prescription_orders) but writes no prescription of its own. */
  { CARE_PERM_PRESCRIBING,            { TRUE,  FALSE, FALSE, TRUE,  FALSE, FALSE } },
};

static const char *const sexes[] = { "female", "male", "intersex", "unknown", NULL };
static const char *const sexes_labels[] = { N_("Female"), N_("Male"), N_("Intersex"), N_("Unknown"), NULL };

static const char *const patient_statuses[] = { "new", "repeat", NULL };
static const char *const patient_statuses_labels[] = { N_("New"), N_("Repeat"), NULL };

static const char *const treatment_statuses[] = { "coming", "ready", "in_treatment", "completed", "denied", NULL };
static const char *const treatment_statuses_labels[] = { N_("Coming"), N_("Ready"), N_("In treatment"), N_("Completed"), N_("Denied"), NULL };

static const char *const blood_types[] = { "a_pos", "a_neg", "b_pos", "b_neg", "ab_pos", "ab_neg", "o_pos", "o_neg", NULL };
static const char *const blood_types_labels[] = { "A+", "A−", "B+", "B−", "AB+", "AB−", "O+", "O−", NULL };

static const char *const facility_kinds[] = { "hospital", "clinic", "laboratory", "pharmacy", "department", NULL };
static const char *const facility_kinds_labels[] = { N_("Hospital"), N_("Clinic"), N_("Laboratory"), N_("Pharmacy"), N_("Department"), NULL };

static const char *const request_statuses[] = { "pending", "approved", "rejected", NULL };
static const char *const request_statuses_labels[] = { N_("Pending"), N_("Approved"), N_("Rejected"), NULL };

static const char *const spo2_scales[] = { "1", "2", NULL };
static const char *const spo2_scales_labels[] = { N_("Scale 1"), N_("Scale 2 (target 88-92 %)"), NULL };
static const char *const acvpu[] = { "alert", "confusion", "voice", "pain", "unresponsive", NULL };
static const char *const acvpu_labels[] = { N_("Alert"), N_("New confusion"), N_("Responds to voice"), N_("Responds to pain"), N_("Unresponsive"), NULL };
static const char *const weekdays[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL };
static const char *const weekdays_labels[] = { N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday"), NULL };

static const char *const appointment_types[] = { "consultation", "follow_up", "procedure", "lab", "vaccination", "telehealth", NULL };
static const char *const appointment_types_labels[] = { N_("Consultation"), N_("Follow-up"), N_("Procedure"), N_("Lab visit"), N_("Vaccination"), N_("Telehealth"), NULL };

static const char *const consultation_types[] = { "general", "specialty", NULL };
static const char *const consultation_types_labels[] = { N_("General"), N_("Specialty"), NULL };

/* "in_consultation" came with version 4: choices are checked by the code,
 * not by the table, so the step needs no SQL. */
static const char *const appointment_statuses[] = { "requested", "scheduled", "accepted", "rejected", "checked_in", "in_consultation", "completed", "cancelled", "no_show", NULL };
static const char *const appointment_statuses_labels[] = { N_("Requested"), N_("Scheduled"), N_("Accepted"), N_("Rejected"), N_("Checked in"), N_("In consultation"), N_("Completed"), N_("Cancelled"), N_("No-show"), NULL };

static const char *const follow_up_kinds[] = { "call", "lab_test", "medication", "visit", NULL };
static const char *const follow_up_kinds_labels[] = { N_("Call"), N_("Lab test"), N_("Medication"), N_("Visit"), NULL };

static const char *const task_statuses[] = { "open", "in_progress", "done", "cancelled", NULL };
static const char *const task_statuses_labels[] = { N_("Open"), N_("In progress"), N_("Done"), N_("Cancelled"), NULL };

static const char *const priorities[] = { "low", "normal", "high", NULL };
static const char *const priorities_labels[] = { N_("Low"), N_("Normal"), N_("High"), NULL };

static const char *const note_types[] = { "progress", "consultation", "admission", "discharge", "procedure", NULL };
static const char *const note_types_labels[] = { N_("Progress note"), N_("Consultation"), N_("Admission"), N_("Discharge summary"), N_("Procedure"), NULL };

static const char *const medication_statuses[] = { "active", "discontinued", "historical", NULL };
static const char *const medication_statuses_labels[] = { N_("Active"), N_("Discontinued"), N_("Historical"), NULL };

static const char *const prescription_statuses[] = { "draft", "active", "completed", "cancelled", NULL };
static const char *const prescription_statuses_labels[] = { N_("Draft"), N_("Active"), N_("Completed"), N_("Cancelled"), NULL };

static const char *const order_statuses[] = { "pending", "in_progress", "ready", "dispensed", "cancelled", NULL };
static const char *const order_statuses_labels[] = { N_("Pending"), N_("In progress"), N_("Ready"), N_("Dispensed"), N_("Cancelled"), NULL };

static const char *const administration_statuses[] = { "scheduled", "given", "missed", "refused", "held", NULL };
static const char *const administration_statuses_labels[] = { N_("Scheduled"), N_("Given"), N_("Missed"), N_("Refused"), N_("Held"), NULL };

static const char *const routes[] = { "oral", "iv", "im", "sc", "topical", "inhaled", "rectal", "other", NULL };
static const char *const routes_labels[] = { N_("By mouth"), N_("Intravenous"), N_("Intramuscular"), N_("Subcutaneous"), N_("Topical"), N_("Inhaled"), N_("Rectal"), N_("Other"), NULL };

static const char *const lab_priorities[] = { "routine", "urgent", "stat", NULL };
static const char *const lab_priorities_labels[] = { N_("Routine"), N_("Urgent"), N_("STAT"), NULL };

/* "completed" is the lab's "resulted": the values are in, not yet
 * verified (care-lab.h has the steps). */
static const char *const lab_statuses[] = { "requested", "assigned", "collected", "in_progress", "completed", "reviewed", "cancelled", "verified", "sent_out", NULL };
static const char *const lab_statuses_labels[] = { N_("Requested"), N_("Assigned"), N_("Collected"), N_("In progress"), N_("Resulted"), N_("Reviewed"), N_("Cancelled"), N_("Verified"), N_("Sent out"), NULL };
static const char *const lab_report_kinds[] = { "report", "outside", NULL };
static const char *const lab_report_kinds_labels[] = { N_("Laboratory report"), N_("Outside laboratory’s report"), NULL };

/* A reference band's sex: empty for both. */
static const char *const band_sexes[] = { "female", "male", NULL };
static const char *const band_sexes_labels[] = { N_("Female"), N_("Male"), NULL };

static const char *const result_flags[] = { "normal", "low", "high", "critical_low", "critical_high", "abnormal", NULL };
static const char *const result_flags_labels[] = { N_("Normal"), N_("Low"), N_("High"), N_("Critically low"), N_("Critically high"), N_("Abnormal"), NULL };

static const char *const modalities[] = { "xray", "ct", "mri", "ultrasound", "other", NULL };
static const char *const modalities_labels[] = { N_("X-ray"), N_("CT"), N_("MRI"), N_("Ultrasound"), N_("Other"), NULL };

static const char *const imaging_statuses[] = { "requested", "scheduled", "completed", "reported", NULL };
static const char *const imaging_statuses_labels[] = { N_("Requested"), N_("Scheduled"), N_("Completed"), N_("Reported"), NULL };

static const char *const plan_statuses[] = { "planned", "in_progress", "completed", "cancelled", NULL };
static const char *const plan_statuses_labels[] = { N_("Planned"), N_("In progress"), N_("Completed"), N_("Cancelled"), NULL };

static const char *const invoice_statuses[] = { "draft", "issued", "partially_paid", "paid", "void", NULL };
/* An invoice's status qualifies "the invoice": a context (choice_contexts
 * below), since Spanish gives it the feminine ("Pagada", "Emitida") where
 * other records take the masculine. */
static const char *const invoice_statuses_labels[] = {
  NC_("invoice status", "Draft"), NC_("invoice status", "Issued"), NC_("invoice status", "Partially paid"),
  NC_("invoice status", "Paid"), NC_("invoice status", "Void"), NULL
};

static const char *const item_kinds[] = { "consultation", "procedure", "medicine", "lab_test", "bed_day", "other", NULL };
static const char *const item_kinds_labels[] = { N_("Consultation"), N_("Procedure"), N_("Medicine"), N_("Lab test"), N_("Bed day"), N_("Other"), NULL };

static const char *const payment_methods[] = { "cash", "card", "insurance", "transfer", NULL };
static const char *const payment_methods_labels[] = { N_("Cash"), N_("Card"), N_("Insurance"), N_("Bank transfer"), NULL };

static const char *const ward_kinds[] = { "general", "icu", "maternity", "pediatric", "surgical", "emergency", NULL };
static const char *const ward_kinds_labels[] = { N_("General"), N_("Intensive care"), N_("Maternity"), N_("Paediatric"), N_("Surgical"), N_("Emergency"), NULL };

static const char *const bed_statuses[] = { "available", "occupied", "cleaning", "out_of_service", "reserved", NULL };
static const char *const bed_statuses_labels[] = { N_("Available"), N_("Occupied"), N_("Being cleaned"), N_("Out of service"), N_("Reserved"), NULL };

static const char *const allocation_statuses[] = { "active", "transferred", "discharged", NULL };
static const char *const allocation_statuses_labels[] = { N_("Admitted"), N_("Transferred"), N_("Discharged"), NULL };

static const char *const medicine_forms[] = { "tablet", "capsule", "syrup", "injection", "ointment", "drops", "inhaler", "other", NULL };
static const char *const medicine_forms_labels[] = { N_("Tablet"), N_("Capsule"), N_("Syrup"), N_("Injection"), N_("Ointment"), N_("Drops"), N_("Inhaler"), N_("Other"), NULL };

static const char *const asset_categories[] = { "equipment", "furniture", "it", "vehicle", "other", NULL };
static const char *const asset_categories_labels[] = { N_("Medical equipment"), N_("Furniture"), N_("IT"), N_("Vehicle"), N_("Other"), NULL };

static const char *const asset_statuses[] = { "in_service", "maintenance", "retired", NULL };
static const char *const asset_statuses_labels[] = { N_("In service"), N_("In maintenance"), N_("Retired"), NULL };

static const char *const movement_kinds[] = { "receipt", "dispense", "adjustment", "return", "write_off", NULL };
static const char *const movement_kinds_labels[] = { N_("Received"), N_("Dispensed"), N_("Adjustment"), N_("Returned"), N_("Written off"), NULL };
static const char *const notification_kinds[] = { "appointment", "prescription", "lab_result", "emergency", "message", "system", NULL };
static const char *const notification_kinds_labels[] = { N_("Appointment"), N_("Prescription"), N_("Lab result"), N_("Emergency"), N_("Message"), N_("System"), NULL };

/* "fall" came with version 4 (appended: choices are checked by the code). */
static const char *const alert_kinds[] = { "code_blue", "rapid_response", "fire", "security", "other", "fall", NULL };
static const char *const alert_kinds_labels[] = { N_("Code blue"), N_("Rapid response"), N_("Fire"), N_("Security"), N_("Other"), N_("Fall"), NULL };

static const char *const alert_statuses[] = { "active", "acknowledged", "resolved", NULL };
static const char *const alert_statuses_labels[] = { N_("Active"), N_("Acknowledged"), N_("Resolved"), NULL };

static const char *const form_types[] = { "intake", "consent", "feedback", "other", NULL };
static const char *const form_types_labels[] = { N_("Intake"), N_("Consent"), N_("Feedback"), N_("Other"), NULL };

static const char *const review_statuses[] = { "pending", "reviewed", "approved", "rejected", NULL };
/* Stored as "pending" and "approved" since version 1; staff read them as
 * submitted and accepted. */
static const char *const review_statuses_labels[] = { N_("Submitted"), N_("Reviewed"), N_("Accepted"), N_("Rejected"), NULL };

static const char *const audit_actions[] = { "read", "create", "update", "delete", "sign_in", "sign_out", "print", "export", "denied", "refused", NULL };
static const char *const audit_actions_labels[] = { N_("Read"), N_("Created"), N_("Updated"), N_("Deleted"), N_("Signed in"), N_("Signed out"), N_("Printed"), N_("Exported"), N_("Denied"), N_("Refused"), NULL };

/* --- entities ------------------------------------------------------------ */

static const CareField tenant_fields[] = {
  { .name = "name", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Clinic name"), .group = G_CLINIC, .hint = N_("e.g. Riverside Family Clinic"), .min = 2, .max = 120 },
  { .name = "address", .type = T_LONG, .label = N_("Address"), .group = G_CLINIC, .max = 400 },
  { .name = "phone", .type = T_PHONE, .label = N_("Phone"), .group = G_CLINIC, .hint = N_("e.g. +44 20 7946 0958") },
  { .name = "email", .type = T_EMAIL, .label = N_("Email"), .group = G_CLINIC },
  { .name = "currency", .type = T_TEXT, .flags = REQ, .label = N_("Currency"), .group = G_BILLING, .hint = N_("Three-letter code, e.g. EUR"), .min = 3, .max = 3 },
  { .name = "tax_rate", .type = T_DECIMAL, .label = N_("Tax rate (%)"), .group = G_BILLING, .hint = N_("e.g. 7.5"), .min = 0, .max = 100 },
  { .name = "logo", .type = T_BLOB, .label = N_("Logo"), .group = G_CLINIC },
  { .name = "tax_number", .type = T_TEXT, .label = N_("Tax registration number"), .group = G_BILLING,
    .hint = N_("As registered, e.g. GB123456789; printed on invoices"), .min = 2, .max = 40, .since = 6 },
  { .name = "lab_second_verifier", .type = T_BOOL, .label = N_("Lab results verified by a second person"), .since = 4 },
};

static const CareField facility_fields[] = {
  { .name = "name", .type = T_TEXT, .flags = REQ | UNIQUE | SUMMARY, .label = N_("Name"), .group = G_DETAILS, .min = 2, .max = 120 },
  { .name = "kind", .type = T_ENUM, .flags = REQ, .label = N_("Kind"), .group = G_DETAILS, CHOICES (facility_kinds) },
  { .name = "address", .type = T_LONG, .label = N_("Address"), .group = G_DETAILS, .max = 400 },
  { .name = "phone", .type = T_PHONE, .label = N_("Phone"), .group = G_DETAILS },
};

static const CareField user_fields[] = {
  { .name = "full_name", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Full name"), .group = G_ACCOUNT, .hint = N_("e.g. Amira Haddad"), .min = 2, .max = 120 },
  { .name = "username", .type = T_TEXT, .flags = REQ | UNIQUE | SUMMARY, .label = N_("Username"), .group = G_ACCOUNT, .hint = N_("Lowercase letters, digits, dots"), .min = 3, .max = 32 },
  { .name = "email", .type = T_EMAIL, .flags = UNIQUE | SUMMARY, .label = N_("Email"), .group = G_ACCOUNT },
  { .name = "role", .type = T_ENUM, .flags = REQ | INDEXED | SUMMARY, .label = N_("Role"), .group = G_ACCOUNT, CHOICES (roles) },
  { .name = "specialty", .type = T_TEXT, .label = N_("Specialty"), .group = G_DETAILS, .hint = N_("e.g. Cardiology"), .max = 80 },
  { .name = "department", .type = T_TEXT, .label = N_("Department"), .group = G_DETAILS, .max = 80 },
  { .name = "phone", .type = T_PHONE, .label = N_("Phone"), .group = G_DETAILS },
  { .name = "facility_id", REF ("facility"), .label = N_("Facility") },
  { .name = "active", .type = T_BOOL, .flags = SYSTEM | SUMMARY, .label = N_("Active") },
  { .name = "last_login", .type = T_DATETIME, .flags = SYSTEM, .label = N_("Last sign-in") },
  { .name = "password_hash", .type = T_TEXT, .flags = SECRET | SYSTEM, .label = N_("Password") },
  { .name = "failed_logins", .type = T_INT, .flags = SECRET | SYSTEM, .label = N_("Failed sign-ins") },
  { .name = "last_failed_login", .type = T_DATETIME, .flags = SECRET | SYSTEM, .label = N_("Last failed sign-in") },
};

static const CareField doctor_schedule_fields[] = {
  { .name = "doctor_id", REF ("user"), .flags = REQ | INDEXED, .label = N_("Doctor") },
  { .name = "weekday", .type = T_ENUM, .flags = REQ, .label = N_("Day"), .group = G_DETAILS, CHOICES (weekdays) },
  { .name = "start_time", .type = T_TIME, .flags = REQ, .label = N_("From"), .group = G_DETAILS, .hint = N_("e.g. 09:00") },
  { .name = "end_time", .type = T_TIME, .flags = REQ, .label = N_("Until"), .group = G_DETAILS, .hint = N_("e.g. 17:00") },
  { .name = "location", .type = T_TEXT, .label = N_("Room"), .group = G_DETAILS, .max = 80 },
  { .name = "slot_minutes", .type = T_INT, .label = N_("Slot length (minutes)"), .group = G_DETAILS, .hint = N_("e.g. 20"), .min = 5, .max = 240, .since = 4 },
  { .name = "break_start", .type = T_TIME, .label = N_("Break from"), .group = G_DETAILS, .hint = N_("e.g. 12:30"), .since = 4 },
  { .name = "break_end", .type = T_TIME, .label = N_("Break until"), .group = G_DETAILS, .hint = N_("e.g. 13:30"), .since = 4 },
};

static const CareField doctor_leave_fields[] = {
  { .name = "doctor_id", REF ("user"), .flags = REQ | INDEXED, .label = N_("Doctor"), .since = 4 },
  { .name = "starts_on", .type = T_DATE, .flags = REQ, .label = N_("First day"), .group = G_DETAILS, .hint = N_("YYYY-MM-DD"), .since = 4 },
  { .name = "ends_on", .type = T_DATE, .flags = REQ, .label = N_("Last day"), .group = G_DETAILS, .hint = N_("YYYY-MM-DD"), .since = 4 },
  { .name = "reason", .type = T_TEXT, .label = N_("Reason"), .group = G_DETAILS, .hint = N_("e.g. Annual leave"), .max = 200, .since = 4 },
};

static const CareField role_permission_fields[] = {
  { .name = "role", .type = T_ENUM, .flags = REQ | INDEXED, .label = N_("Role"), CHOICES (roles) },
  { .name = "permission", .type = T_ENUM, .flags = REQ, .label = N_("Permission"), CHOICES (permissions) },
  { .name = "allowed", .type = T_BOOL, .flags = REQ, .label = N_("Allowed") },
};

static const CareField role_upgrade_request_fields[] = {
  { .name = "user_id", REF ("user"), .flags = ACTOR | REQ | INDEXED, .label = N_("Staff member") },
  { .name = "requested_role", .type = T_ENUM, .flags = REQ, .label = N_("Requested role"), .group = G_DETAILS, CHOICES (roles) },
  { .name = "reason", .type = T_LONG, .label = N_("Reason"), .group = G_DETAILS, .max = 1000 },
  { .name = "status", .type = T_ENUM, .flags = REQ | INDEXED, .label = N_("Status"), CHOICES (request_statuses) },
  { .name = "decided_by", REF ("user"), .label = N_("Decided by") },
  { .name = "decided_at", .type = T_DATETIME, .label = N_("Decided") },
  { .name = "decision_reason", .type = T_LONG, .label = N_("Why refused"), .group = G_DETAILS,
    .hint = N_("e.g. Needs a review appointment first"), .max = 1000, .since = 4 },
};

static const CareField patient_fields[] = {
  { .name = "mrn", .type = T_TEXT, .flags = UNIQUE | SYSTEM | SEARCH | SUMMARY, .label = N_("Medical record number"), .max = 32 },
  { .name = "given_name", .type = T_TEXT, .flags = REQ | SEARCH | SUMMARY, .label = N_("Given name"), .group = G_IDENTITY, .hint = N_("e.g. María"), .min = 1, .max = 100 },
  { .name = "family_name", .type = T_TEXT, .flags = REQ | SEARCH | SUMMARY, .label = N_("Family name"), .group = G_IDENTITY, .hint = N_("e.g. López García"), .min = 1, .max = 100 },
  { .name = "preferred_name", .type = T_TEXT, .flags = SEARCH, .label = N_("Preferred name"), .group = G_IDENTITY, .max = 100, .since = 2 },
  { .name = "date_of_birth", .type = T_DATE, .flags = REQ | PAST | SUMMARY, .label = N_("Date of birth"), .group = G_IDENTITY, .hint = N_("YYYY-MM-DD, e.g. 1984-03-27") },
  { .name = "sex", .type = T_ENUM, .flags = REQ | SUMMARY, .label = N_("Sex"), .group = G_IDENTITY, CHOICES (sexes) },
  { .name = "blood_type", .type = T_ENUM, .label = N_("Blood type"), .group = G_IDENTITY, CHOICES (blood_types) },
  { .name = "phone", .type = T_PHONE, .flags = SEARCH | SUMMARY, .label = N_("Phone"), .group = G_CONTACT, .hint = N_("e.g. +44 20 7946 0958") },
  { .name = "email", .type = T_EMAIL, .flags = SEARCH, .label = N_("Email"), .group = G_CONTACT, .hint = N_("e.g. maria@example.org") },
  { .name = "preferred_language", .type = T_TEXT, .label = N_("Preferred language"), .group = G_CONTACT, .hint = N_("e.g. Spanish"), .max = 40 },
  { .name = "address_line", .type = T_TEXT, .label = N_("Street address"), .group = G_ADDRESS, .max = 200 },
  { .name = "city", .type = T_TEXT, .label = N_("City"), .group = G_ADDRESS, .max = 80 },
  { .name = "region", .type = T_TEXT, .label = N_("State or region"), .group = G_ADDRESS, .max = 80 },
  { .name = "postal_code", .type = T_TEXT, .label = N_("Postal code"), .group = G_ADDRESS, .max = 16 },
  /* INDEXED for the PostgreSQL schema; the local store drops it (version 6). */
  { .name = "country", .type = T_TEXT, .flags = INDEXED, .label = N_("Country"), .group = G_ADDRESS, .max = 60 },
  { .name = "emergency_contact_name", .type = T_TEXT, .label = N_("Name"), .group = G_EMERGENCY, .max = 120 },
  { .name = "emergency_contact_relationship", .type = T_TEXT, .label = N_("Relationship"), .group = G_EMERGENCY, .hint = N_("e.g. Daughter"), .max = 40 },
  { .name = "emergency_contact_phone", .type = T_PHONE, .label = N_("Phone"), .group = G_EMERGENCY },
  { .name = "insurance_provider", .type = T_TEXT, .label = N_("Insurer"), .group = G_INSURANCE, .max = 120 },
  { .name = "insurance_policy_number", .type = T_TEXT, .label = N_("Policy number"), .group = G_INSURANCE, .max = 40 },
  { .name = "insurance_group_number", .type = T_TEXT, .label = N_("Group number"), .group = G_INSURANCE, .max = 40 },
  { .name = "insurance_valid_until", .type = T_DATE, .label = N_("Valid until"), .group = G_INSURANCE, .hint = N_("YYYY-MM-DD") },
  { .name = "allergies", .type = T_LIST, .label = N_("Allergies"), .group = G_MEDICAL, .hint = N_("Separate with commas, e.g. penicillin, latex") },
  { .name = "conditions", .type = T_LIST, .label = N_("Conditions"), .group = G_MEDICAL, .hint = N_("Separate with commas, e.g. diabetes, asthma") },
  { .name = "family_history", .type = T_LIST, .label = N_("Family history"), .group = G_MEDICAL, .hint = N_("Separate with commas") },
  { .name = "immunizations", .type = T_LIST, .label = N_("Immunizations"), .group = G_MEDICAL, .hint = N_("Separate with commas, e.g. MMR 1990, tetanus 2021") },
  { .name = "lifestyle", .type = T_LONG, .label = N_("Lifestyle"), .group = G_MEDICAL, .hint = N_("Smoking, alcohol, exercise, diet"), .max = 2000 },
  { .name = "social_notes", .type = T_LONG, .label = N_("Social circumstances"), .group = G_MEDICAL, .max = 2000 },
  { .name = "advance_directives", .type = T_LONG, .label = N_("Advance directives"), .group = G_MEDICAL, .max = 2000 },
  { .name = "risk_score", .type = T_INT, .label = N_("Risk score (0 low, 100 high)"), .group = G_CARE, .hint = N_("0 to 100"), .min = 0, .max = 100 },
  { .name = "status", .type = T_ENUM, .flags = REQ | INDEXED, .label = N_("Patient status"), .group = G_CARE, CHOICES (patient_statuses) },
  { .name = "treatment_status", .type = T_ENUM, .label = N_("Treatment status"), .group = G_CARE, CHOICES (treatment_statuses) },
  { .name = "facility_id", REF ("facility"), .label = N_("Facility") },
  { .name = "notes", .type = T_LONG, .label = N_("Notes"), .group = G_CARE, .max = 4000 },
  { .name = "portal_invite_token", .type = T_TEXT, .flags = SECRET | SYSTEM, .label = N_("Portal invitation") },
  { .name = "portal_invite_expires", .type = T_DATETIME, .flags = SYSTEM, .label = N_("Invitation expires") },
  { .name = "portal_active", .type = T_BOOL, .flags = SYSTEM, .label = N_("Portal account active") },
};

/* The local store drops the first (store version 6: no query of its
 * uses it) and has the second as (mrn), the rowid ending it; the
 * PostgreSQL schema keeps both. */
static const char *const patient_indexes[] = {
  "family_name COLLATE NOCASE, given_name COLLATE NOCASE, id",
  "mrn, id",
  NULL };

static const CareField appointment_fields[] = {
  { .name = "patient_id", REF ("patient"), .flags = REQ | INDEXED | SUMMARY, .label = N_("Patient") },
  { .name = "provider_id", REF ("user"), .flags = REQ | INDEXED | SUMMARY, .label = N_("Doctor") },
  { .name = "starts_at", .type = T_DATETIME, .flags = REQ | INDEXED | SUMMARY, .label = N_("Date and time"), .group = G_DETAILS },
  { .name = "duration_minutes", .type = T_INT, .flags = REQ, .label = N_("Duration (minutes)"), .group = G_DETAILS, .min = 5, .max = 480 },
  { .name = "type", .type = T_ENUM, .flags = REQ, .label = N_("Type"), .group = G_DETAILS, CHOICES (appointment_types) },
  { .name = "consultation_type", .type = T_ENUM, .label = N_("Consultation"), .group = G_DETAILS, CHOICES (consultation_types) },
  { .name = "specialty", .type = T_TEXT, .label = N_("Specialty"), .group = G_DETAILS, .max = 80 },
  { .name = "reason", .type = T_LONG, .label = N_("Reason for visit"), .group = G_DETAILS, .max = 1000 },
  { .name = "location", .type = T_TEXT, .label = N_("Room"), .group = G_DETAILS, .max = 80 },
  { .name = "referral_required", .type = T_BOOL, .label = N_("Referral needed"), .group = G_DETAILS },
  { .name = "status", .type = T_ENUM, .flags = REQ | INDEXED | SUMMARY, .label = N_("Status"), CHOICES (appointment_statuses) },
  { .name = "notes", .type = T_LONG, .label = N_("Discussion notes"), .group = G_DETAILS, .max = 4000 },
  { .name = "next_follow_up", .type = T_DATE, .label = N_("Next follow-up"), .group = G_DETAILS },
  { .name = "checked_in_at", .type = T_DATETIME, .flags = SYSTEM, .label = N_("Checked in") },
  { .name = "facility_id", REF ("facility"), .label = N_("Facility") },
  { .name = "status_reason", .type = T_TEXT, .label = N_("Why cancelled or rejected"), .group = G_DETAILS,
    .hint = N_("e.g. The patient called to cancel"), .max = 500, .since = 4 },
};

static const CareField follow_up_fields[] = {
  { .name = "patient_id", REF ("patient"), .flags = REQ | INDEXED, .label = N_("Patient") },
  { .name = "assigned_to", REF ("user"), .flags = INDEXED, .label = N_("Assigned to") },
  { .name = "kind", .type = T_ENUM, .flags = REQ, .label = N_("Kind"), .group = G_DETAILS, CHOICES (follow_up_kinds) },
  { .name = "due_on", .type = T_DATE, .flags = REQ | INDEXED, .label = N_("Due"), .group = G_DETAILS },
  { .name = "status", .type = T_ENUM, .flags = REQ, .label = N_("Status"), CHOICES (task_statuses) },
  { .name = "notes", .type = T_LONG, .label = N_("Notes"), .group = G_DETAILS, .max = 2000 },
};

static const CareField clinical_note_fields[] = {
  { .name = "patient_id", REF ("patient"), .flags = REQ | INDEXED, .label = N_("Patient") },
  { .name = "appointment_id", REF ("appointment"), .label = N_("Appointment") },
  { .name = "author_id", REF ("user"), .flags = ACTOR | REQ | INDEXED, .label = N_("Author") },
  { .name = "note_type", .type = T_ENUM, .flags = REQ, .label = N_("Kind"), .group = G_DETAILS, CHOICES (note_types) },
  { .name = "title", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Title"), .group = G_DETAILS, .max = 200 },
  { .name = "content", .type = T_LONG, .flags = REQ, .label = N_("Note"), .group = G_DETAILS, .max = 20000 },
  { .name = "diagnosis", .type = T_TEXT, .label = N_("Diagnosis"), .group = G_DETAILS, .max = 200 },
  { .name = "diagnosis_code", .type = T_TEXT, .label = N_("ICD-10 code"), .group = G_DETAILS, .hint = N_("e.g. E11.9"), .max = 10 },
  { .name = "treatment", .type = T_LONG, .label = N_("Treatment"), .group = G_DETAILS, .max = 4000 },
  { .name = "amends_id", REF ("clinical_note"), .label = N_("Amends") },
};

static const CareField medication_fields[] = {
  { .name = "patient_id", REF ("patient"), .flags = REQ | INDEXED, .label = N_("Patient") },
  { .name = "name", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Medicine"), .group = G_DETAILS, .max = 120 },
  { .name = "dose", .type = T_TEXT, .label = N_("Dose"), .group = G_DETAILS, .hint = N_("e.g. 500 mg"), .max = 40 },
  { .name = "route", .type = T_ENUM, .label = N_("Route"), .group = G_DETAILS, CHOICES (routes) },
  { .name = "frequency", .type = T_TEXT, .label = N_("Frequency"), .group = G_DETAILS, .hint = N_("e.g. twice a day"), .max = 60 },
  { .name = "status", .type = T_ENUM, .flags = REQ | INDEXED, .label = N_("Status"), .group = G_DETAILS, CHOICES (medication_statuses) },
  { .name = "started_on", .type = T_DATE, .label = N_("Started"), .group = G_DETAILS },
  { .name = "stopped_on", .type = T_DATE, .label = N_("Stopped"), .group = G_DETAILS },
  { .name = "instructions", .type = T_LONG, .label = N_("Instructions"), .group = G_DETAILS, .max = 1000 },
  { .name = "prescribed_by", REF ("user"), .label = N_("Prescribed by") },
};

static const CareField prescription_fields[] = {
  { .name = "patient_id", REF ("patient"), .flags = REQ | INDEXED, .label = N_("Patient") },
  { .name = "prescriber_id", REF ("user"), .flags = ACTOR | REQ | INDEXED, .label = N_("Prescriber") },
  { .name = "appointment_id", REF ("appointment"), .label = N_("Appointment") },
  { .name = "issued_on", .type = T_DATE, .flags = REQ, .label = N_("Issued"), .group = G_DETAILS },
  { .name = "status", .type = T_ENUM, .flags = REQ | INDEXED, .label = N_("Status"), CHOICES (prescription_statuses) },
  { .name = "refills_allowed", .type = T_INT, .label = N_("Refills allowed"), .group = G_DETAILS, .min = 0, .max = 12 },
  { .name = "refills_used", .type = T_INT, .flags = SYSTEM, .label = N_("Refills used"), .min = 0, .max = 12 },
  { .name = "notes", .type = T_LONG, .label = N_("Notes"), .group = G_DETAILS, .max = 2000 },
  { .name = "override_reason", .type = T_LONG, .label = N_("Why prescribed despite a warning"), .group = G_DETAILS,
    .hint = N_("e.g. Tolerated amoxicillin last year without reaction"), .max = 1000, .since = 4 },
};

static const CareField prescription_item_fields[] = {
  { .name = "prescription_id", REF ("prescription"), .flags = REQ | INDEXED, .label = N_("Prescription") },
  { .name = "medicine_id", REF ("medicine"), .label = N_("Stocked medicine") },
  { .name = "medicine_name", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Medicine"), .group = G_DETAILS, .max = 120 },
  { .name = "dose", .type = T_TEXT, .flags = REQ, .label = N_("Dose"), .group = G_DETAILS, .hint = N_("e.g. 500 mg"), .max = 40 },
  { .name = "route", .type = T_ENUM, .label = N_("Route"), .group = G_DETAILS, CHOICES (routes) },
  { .name = "frequency", .type = T_TEXT, .flags = REQ, .label = N_("Frequency"), .group = G_DETAILS, .hint = N_("e.g. every 8 hours"), .max = 60 },
  { .name = "duration_days", .type = T_INT, .label = N_("Days"), .group = G_DETAILS, .min = 1, .max = 365 },
  { .name = "quantity", .type = T_INT, .flags = REQ, .label = N_("Quantity"), .group = G_DETAILS, .min = 1, .max = 10000 },
  { .name = "instructions", .type = T_LONG, .label = N_("Instructions"), .group = G_DETAILS, .max = 1000 },
};

static const CareField refill_request_fields[] = {
  { .name = "prescription_id", REF ("prescription"), .flags = REQ | INDEXED, .label = N_("Prescription") },
  { .name = "patient_id", REF ("patient"), .flags = REQ | INDEXED, .label = N_("Patient") },
  { .name = "status", .type = T_ENUM, .flags = REQ, .label = N_("Status"), CHOICES (request_statuses) },
  { .name = "reason", .type = T_LONG, .label = N_("Reason"), .group = G_DETAILS, .max = 1000 },
  { .name = "decided_by", REF ("user"), .label = N_("Decided by") },
  { .name = "decided_at", .type = T_DATETIME, .label = N_("Decided") },
  { .name = "decision_reason", .type = T_LONG, .label = N_("Why refused"), .group = G_DETAILS,
    .hint = N_("e.g. Needs a review appointment first"), .max = 1000, .since = 4 },
};

static const CareField pharmacy_order_fields[] = {
  { .name = "prescription_id", REF ("prescription"), .flags = REQ | INDEXED, .label = N_("Prescription") },
  { .name = "patient_id", REF ("patient"), .flags = REQ | INDEXED, .label = N_("Patient") },
  { .name = "status", .type = T_ENUM, .flags = REQ | INDEXED, .label = N_("Status"), CHOICES (order_statuses) },
  { .name = "dispensed_by", REF ("user"), .label = N_("Dispensed by") },
  { .name = "dispensed_at", .type = T_DATETIME, .label = N_("Dispensed") },
  { .name = "notes", .type = T_LONG, .label = N_("Notes"), .group = G_DETAILS, .max = 2000 },
};

static const CareField medication_administration_fields[] = {
  { .name = "patient_id", REF ("patient"), .flags = REQ | INDEXED, .label = N_("Patient") },
  { .name = "medication_id", REF ("medication"), .label = N_("Medication") },
  { .name = "medicine_name", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Medicine"), .group = G_DETAILS, .max = 120 },
  { .name = "dose", .type = T_TEXT, .flags = REQ, .label = N_("Dose"), .group = G_DETAILS, .max = 40 },
  { .name = "route", .type = T_ENUM, .label = N_("Route"), .group = G_DETAILS, CHOICES (routes) },
  { .name = "scheduled_at", .type = T_DATETIME, .flags = REQ | INDEXED, .label = N_("Scheduled"), .group = G_DETAILS },
  { .name = "administered_at", .type = T_DATETIME, .flags = PAST, .label = N_("Given at") },
  { .name = "administered_by", REF ("user"), .flags = ACTOR, .label = N_("Given by") },
  { .name = "status", .type = T_ENUM, .flags = REQ, .label = N_("Status"), CHOICES (administration_statuses) },
  { .name = "notes", .type = T_LONG, .label = N_("Notes"), .group = G_DETAILS, .max = 1000 },
  { .name = "prescription_item_id", REF ("prescription_item"), .flags = INDEXED, .label = N_("Prescribed medicine"), .since = 4 },
  { .name = "amends_id", REF ("medication_administration"), .label = N_("Amends"), .since = 4 },
};

static const CareField vitals_fields[] = {
  { .name = "patient_id", REF ("patient"), .flags = REQ | INDEXED, .label = N_("Patient") },
  { .name = "recorded_at", .type = T_DATETIME, .flags = REQ | PAST | INDEXED, .label = N_("Taken at"), .group = G_DETAILS },
  { .name = "recorded_by", REF ("user"), .flags = ACTOR, .label = N_("Taken by") },
  { .name = "systolic", .type = T_INT, .label = N_("Systolic (mmHg)"), .group = G_DETAILS, .min = 40, .max = 300 },
  { .name = "diastolic", .type = T_INT, .label = N_("Diastolic (mmHg)"), .group = G_DETAILS, .min = 20, .max = 200 },
  { .name = "pulse", .type = T_INT, .label = N_("Pulse (beats/min)"), .group = G_DETAILS, .min = 20, .max = 250 },
  { .name = "temperature_c", .type = T_DECIMAL, .label = N_("Temperature (°C)"), .group = G_DETAILS, .min = 30, .max = 45 },
  { .name = "respiratory_rate", .type = T_INT, .label = N_("Respiratory rate (breaths/min)"), .group = G_DETAILS, .min = 4, .max = 80 },
  { .name = "spo2", .type = T_INT, .label = N_("SpO₂ (%)"), .group = G_DETAILS, .min = 50, .max = 100 },
  { .name = "weight_kg", .type = T_DECIMAL, .label = N_("Weight (kg)"), .group = G_DETAILS, .min = 0, .max = 500 },
  { .name = "height_cm", .type = T_DECIMAL, .label = N_("Height (cm)"), .group = G_DETAILS, .min = 20, .max = 260 },
  { .name = "bmi", .type = T_DECIMAL, .flags = SYSTEM, .label = N_("BMI") },
  { .name = "notes", .type = T_LONG, .label = N_("Notes"), .group = G_DETAILS, .max = 1000 },
  { .name = "amends_id", REF ("vitals"), .label = N_("Amends") },
  { .name = "on_oxygen", .type = T_BOOL, .label = N_("On oxygen"), .group = G_DETAILS, .since = 4 },
  { .name = "spo2_scale", .type = T_ENUM, .label = N_("SpO₂ scale"), .group = G_DETAILS, CHOICES (spo2_scales), .since = 4 },
  { .name = "consciousness", .type = T_ENUM, .label = N_("Consciousness (ACVPU)"), .group = G_DETAILS, CHOICES (acvpu), .since = 4 },
  { .name = "pain_score", .type = T_INT, .label = N_("Pain (0-10)"), .group = G_DETAILS, .min = 0, .max = 10, .since = 4 },
};

static const CareField lab_test_fields[] = {
  { .name = "patient_id", REF ("patient"), .flags = REQ | INDEXED, .label = N_("Patient") },
  { .name = "requested_by", REF ("user"), .flags = ACTOR | REQ, .label = N_("Requested by") },
  { .name = "appointment_id", REF ("appointment"), .label = N_("Appointment") },
  { .name = "test_name", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Test"), .group = G_DETAILS, .hint = N_("e.g. Full blood count"), .max = 120 },
  { .name = "test_code", .type = T_TEXT, .label = N_("Code"), .group = G_DETAILS, .hint = N_("e.g. LOINC 58410-2"), .max = 20 },
  { .name = "specimen", .type = T_TEXT, .label = N_("Specimen"), .group = G_DETAILS, .hint = N_("e.g. Venous blood"), .max = 60 },
  { .name = "priority", .type = T_ENUM, .flags = REQ, .label = N_("Priority"), .group = G_DETAILS, CHOICES (lab_priorities) },
  { .name = "status", .type = T_ENUM, .flags = REQ | INDEXED | SUMMARY, .label = N_("Status"), CHOICES (lab_statuses) },
  { .name = "technician_id", REF ("user"), .label = N_("Technician") },
  { .name = "method", .type = T_TEXT, .label = N_("Method"), .group = G_DETAILS, .max = 120 },
  { .name = "collected_at", .type = T_DATETIME, .flags = PAST, .label = N_("Collected") },
  { .name = "completed_at", .type = T_DATETIME, .flags = PAST, .label = N_("Completed") },
  { .name = "reviewed_by", REF ("user"), .label = N_("Reviewed by") },
  { .name = "reviewed_at", .type = T_DATETIME, .flags = PAST, .label = N_("Reviewed") },
  { .name = "notes", .type = T_LONG, .label = N_("Notes"), .group = G_DETAILS, .max = 2000 },
  { .name = "report_pdf", .type = T_BLOB, .flags = SYSTEM, .label = N_("Report") },
  { .name = "report_sha256", .type = T_TEXT, .flags = SYSTEM, .label = N_("Report checksum") },
  { .name = "verified_by", REF ("user"), .label = N_("Verified by"), .since = 4 },
  { .name = "verified_at", .type = T_DATETIME, .flags = PAST, .label = N_("Verified"), .since = 4 },
  { .name = "cancel_reason", .type = T_TEXT, .label = N_("Reason for cancelling"), .group = G_DETAILS,
    .hint = N_("e.g. Specimen haemolysed"), .max = 200, .since = 4 },
};

static const CareField lab_result_fields[] = {
  { .name = "lab_test_id", REF ("lab_test"), .flags = REQ | INDEXED, .label = N_("Lab test") },
  { .name = "analyte", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Analyte"), .group = G_DETAILS, .hint = N_("e.g. Haemoglobin"), .max = 120 },
  { .name = "value", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Value"), .group = G_DETAILS, .max = 60 },
  { .name = "unit", .type = T_TEXT, .label = N_("Unit"), .group = G_DETAILS, .hint = N_("e.g. g/dL"), .max = 20 },
  { .name = "reference_low", .type = T_DECIMAL, .label = N_("Reference low"), .group = G_DETAILS },
  { .name = "reference_high", .type = T_DECIMAL, .label = N_("Reference high"), .group = G_DETAILS },
  { .name = "reference_text", .type = T_TEXT, .label = N_("Reference range"), .group = G_DETAILS, .hint = N_("For non-numeric results, e.g. Negative"), .max = 60 },
  { .name = "flag", .type = T_ENUM, .flags = SYSTEM | SUMMARY, .label = N_("Flag"), CHOICES (result_flags) },
  { .name = "method", .type = T_TEXT, .label = N_("Method"), .group = G_DETAILS, .max = 120 },
  { .name = "amends_id", REF ("lab_result"), .label = N_("Amends") },
  { .name = "critical_low", .type = T_DECIMAL, .label = N_("Critical low"), .group = G_DETAILS, .since = 4 },
  { .name = "critical_high", .type = T_DECIMAL, .label = N_("Critical high"), .group = G_DETAILS, .since = 4 },
};

/* Every issued version of a test's report (the latest is also the test's
 * report_pdf), and the reports of outside laboratories for tests sent out. */
static const CareField lab_report_fields[] = {
  { .name = "lab_test_id", REF ("lab_test"), .flags = REQ | INDEXED, .label = N_("Lab test"), .since = 4 },
  { .name = "kind", .type = T_ENUM, .flags = REQ, .label = N_("Kind"), CHOICES (lab_report_kinds), .since = 4 },
  { .name = "version", .type = T_INT, .flags = REQ, .label = N_("Version"), .min = 1, .max = 1000, .since = 4 },
  { .name = "issued_at", .type = T_DATETIME, .flags = REQ | PAST, .label = N_("Issued"), .since = 4 },
  { .name = "pdf", .type = T_BLOB, .flags = SYSTEM, .label = N_("Report"), .since = 4 },
  { .name = "sha256", .type = T_TEXT, .flags = SYSTEM, .label = N_("Report checksum"), .max = 64, .since = 4 },
  { .name = "outside_lab", .type = T_TEXT, .label = N_("Outside laboratory"), .group = G_DETAILS,
    .hint = N_("e.g. Central Reference Laboratory"), .max = 120, .since = 4 },
  { .name = "file_name", .type = T_TEXT, .label = N_("File"), .max = 200, .since = 4 },
};

/* Version 6: the laboratory's catalogue as clinic data, edited by the lab
 * and the administrator (care-lab-catalogue-store.c); every clinic starts
 * from the built-in one (care-lab-catalogue.c). */
static const CareField lab_panel_fields[] = {
  { .name = "code", .type = T_TEXT, .flags = REQ | UNIQUE, .label = N_("Short code"), .group = G_DETAILS,
    .hint = N_("e.g. CBC"), .max = 20, .since = 6 },
  { .name = "name", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Name"), .group = G_DETAILS,
    .hint = N_("e.g. Complete blood count"), .max = 120, .since = 6 },
  { .name = "loinc", .type = T_TEXT, .label = N_("LOINC code"), .group = G_DETAILS, .hint = N_("e.g. 58410-2"), .max = 20, .since = 6 },
  { .name = "specimen", .type = T_TEXT, .label = N_("Specimen"), .group = G_DETAILS, .hint = N_("e.g. Venous blood (EDTA)"), .max = 60, .since = 6 },
  { .name = "method", .type = T_TEXT, .label = N_("Method"), .group = G_DETAILS, .max = 120, .since = 6 },
  { .name = "position", .type = T_INT, .label = N_("Position"), .min = 0, .max = 10000, .since = 6 },
};

static const CareField lab_analyte_fields[] = {
  { .name = "panel_id", REF ("lab_panel"), .flags = REQ | INDEXED, .label = N_("Panel"), .since = 6 },
  { .name = "name", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Analyte"), .group = G_DETAILS,
    .hint = N_("e.g. Haemoglobin"), .max = 120, .since = 6 },
  { .name = "unit", .type = T_TEXT, .label = N_("Unit"), .group = G_DETAILS, .hint = N_("e.g. g/dL"), .max = 20, .since = 6 },
  { .name = "position", .type = T_INT, .label = N_("Position"), .min = 0, .max = 10000, .since = 6 },
  { .name = "female_low", .type = T_DECIMAL, .label = N_("Women: low"), .group = G_DETAILS, .since = 6 },
  { .name = "female_high", .type = T_DECIMAL, .label = N_("Women: high"), .group = G_DETAILS, .since = 6 },
  { .name = "male_low", .type = T_DECIMAL, .label = N_("Men: low"), .group = G_DETAILS, .since = 6 },
  { .name = "male_high", .type = T_DECIMAL, .label = N_("Men: high"), .group = G_DETAILS, .since = 6 },
  { .name = "critical_low", .type = T_DECIMAL, .label = N_("Critical low"), .group = G_DETAILS, .since = 6 },
  { .name = "critical_high", .type = T_DECIMAL, .label = N_("Critical high"), .group = G_DETAILS, .since = 6 },
  { .name = "reference_text", .type = T_TEXT, .label = N_("Expected result"), .group = G_DETAILS,
    .hint = N_("For non-numeric results, e.g. Negative"), .max = 60, .since = 6 },
  { .name = "delta_percent", .type = T_DECIMAL, .label = N_("Delta check (%)"), .group = G_DETAILS, .min = 0, .max = 1000, .since = 6 },
};

/* A reference range for an age band (and a sex, or both) that replaces
 * the analyte's adult range; ages in days, max_days empty: no upper. */
static const CareField lab_band_fields[] = {
  { .name = "analyte_id", REF ("lab_analyte"), .flags = REQ | INDEXED, .label = N_("Analyte"), .since = 6 },
  { .name = "sex", .type = T_ENUM, .label = N_("Sex"), .group = G_DETAILS, CHOICES (band_sexes), .since = 6 },
  { .name = "min_days", .type = T_INT, .flags = REQ, .label = N_("From age"), .group = G_DETAILS, .min = 0, .max = 60000, .since = 6 },
  { .name = "max_days", .type = T_INT, .label = N_("Up to age"), .group = G_DETAILS, .min = 1, .max = 60000, .since = 6 },
  { .name = "low", .type = T_DECIMAL, .label = N_("Low"), .group = G_DETAILS, .since = 6 },
  { .name = "high", .type = T_DECIMAL, .label = N_("High"), .group = G_DETAILS, .since = 6 },
};

static const CareField imaging_study_fields[] = {
  { .name = "patient_id", REF ("patient"), .flags = REQ | INDEXED, .label = N_("Patient") },
  { .name = "requested_by", REF ("user"), .flags = ACTOR | REQ, .label = N_("Requested by") },
  { .name = "modality", .type = T_ENUM, .flags = REQ, .label = N_("Modality"), .group = G_DETAILS, CHOICES (modalities) },
  { .name = "body_part", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Body part"), .group = G_DETAILS, .max = 80 },
  { .name = "status", .type = T_ENUM, .flags = REQ, .label = N_("Status"), CHOICES (imaging_statuses) },
  { .name = "performed_at", .type = T_DATETIME, .flags = PAST, .label = N_("Performed") },
  { .name = "findings", .type = T_LONG, .label = N_("Findings"), .group = G_DETAILS, .max = 8000 },
  { .name = "impression", .type = T_LONG, .label = N_("Impression"), .group = G_DETAILS, .max = 4000 },
  /* The images or the radiologist's report as a file (care-orders.c). */
  { .name = "attachment", .type = T_BLOB, .label = N_("Attachment"), .since = 5 },
  { .name = "attachment_name", .type = T_TEXT, .label = N_("Attached file"), .max = 200, .since = 5 },
};

static const CareField treatment_fields[] = {
  { .name = "patient_id", REF ("patient"), .flags = REQ | INDEXED, .label = N_("Patient") },
  { .name = "treatment_type", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Treatment"), .group = G_DETAILS, .hint = N_("e.g. Cataract surgery"), .max = 120 },
  { .name = "disease", .type = T_TEXT, .flags = INDEXED, .label = N_("Condition treated"), .group = G_DETAILS, .max = 120 },
  { .name = "facility_id", REF ("facility"), .label = N_("Facility") },
  { .name = "status", .type = T_ENUM, .flags = REQ, .label = N_("Status"), CHOICES (plan_statuses) },
  { .name = "cost", .type = T_MONEY, .label = N_("Cost"), .group = G_DETAILS, .min = 0, .max = G_GINT64_CONSTANT (100000000000) },
  { .name = "earnings", .type = T_MONEY, .label = N_("Earnings"), .group = G_DETAILS, .min = 0, .max = G_GINT64_CONSTANT (100000000000) },
  { .name = "started_on", .type = T_DATE, .label = N_("Started"), .group = G_DETAILS },
  { .name = "completed_on", .type = T_DATE, .label = N_("Completed"), .group = G_DETAILS },
  /* Given at a visit and written in its note (care-treatments.c): billed for the visit. */
  { .name = "note_id", REF ("clinical_note"), .flags = INDEXED, .label = N_("Note"), .since = 6 },
  { .name = "appointment_id", REF ("appointment"), .label = N_("Visit"), .since = 6 },
};

static const CareField invoice_fields[] = {
  { .name = "patient_id", REF ("patient"), .flags = REQ | INDEXED | SUMMARY, .label = N_("Patient") },
  { .name = "number", .type = T_TEXT, .flags = UNIQUE | SYSTEM | SUMMARY, .label = N_("Invoice number"), .max = 32 },
  { .name = "status", .type = T_ENUM, .flags = REQ | INDEXED | SUMMARY, .label = N_("Status"), CHOICES (invoice_statuses) },
  { .name = "issued_on", .type = T_DATE, .flags = INDEXED | SUMMARY, .label = N_("Issued") },
  { .name = "due_on", .type = T_DATE, .label = N_("Due"), .group = G_BILLING },
  { .name = "currency", .type = T_TEXT, .flags = REQ, .label = N_("Currency"), .min = 3, .max = 3 },
  { .name = "subtotal", .type = T_MONEY, .flags = SYSTEM, .label = N_("Subtotal") },
  { .name = "discount_total", .type = T_MONEY, .flags = SYSTEM, .label = N_("Discounts") },
  { .name = "tax_total", .type = T_MONEY, .flags = SYSTEM, .label = N_("Tax") },
  { .name = "total", .type = T_MONEY, .flags = SYSTEM | SUMMARY, .label = N_("Total") },
  { .name = "paid_total", .type = T_MONEY, .flags = SYSTEM, .label = N_("Paid") },
  { .name = "void_reason", .type = T_TEXT, .label = N_("Reason for voiding"), .max = 400 },
  { .name = "replaces_id", REF ("invoice"), .label = N_("Replaces invoice") },
  { .name = "appointment_id", REF ("appointment"), .label = N_("Visit") },
  { .name = "notes", .type = T_LONG, .label = N_("Notes"), .group = G_BILLING, .max = 2000 },
  { .name = "pdf", .type = T_BLOB, .flags = SYSTEM, .label = N_("Issued document") },
  { .name = "pdf_sha256", .type = T_TEXT, .flags = SYSTEM, .label = N_("Document checksum") },
};

static const CareField invoice_item_fields[] = {
  { .name = "invoice_id", REF ("invoice"), .flags = REQ | INDEXED, .label = N_("Invoice") },
  { .name = "kind", .type = T_ENUM, .flags = REQ, .label = N_("Kind"), .group = G_BILLING, CHOICES (item_kinds) },
  { .name = "description", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Description"), .group = G_BILLING, .max = 200 },
  { .name = "quantity", .type = T_INT, .flags = REQ, .label = N_("Quantity"), .group = G_BILLING, .min = 1, .max = 10000 },
  { .name = "unit_price", .type = T_MONEY, .flags = REQ, .label = N_("Unit price"), .group = G_BILLING, .min = 0, .max = G_GINT64_CONSTANT (10000000000) },
  { .name = "discount", .type = T_MONEY, .label = N_("Discount"), .group = G_BILLING, .min = 0, .max = G_GINT64_CONSTANT (100000000000000) },
  { .name = "tax_rate", .type = T_DECIMAL, .label = N_("Tax rate (%)"), .group = G_BILLING, .min = 0, .max = 100 },
  { .name = "source_entity", .type = T_TEXT, .flags = SYSTEM, .label = N_("Billed record kind"), .max = 40 },
  { .name = "source_id", .type = T_TEXT, .flags = SYSTEM, .label = N_("Billed record"), .max = 36 },
  { .name = "line_total", .type = T_MONEY, .flags = SYSTEM, .label = N_("Line total") },
  { .name = "position", .type = T_INT, .flags = SYSTEM, .label = N_("Position"), .min = 0, .max = 100000 },
};

static const CareField payment_fields[] = {
  { .name = "invoice_id", REF ("invoice"), .flags = REQ | INDEXED, .label = N_("Invoice") },
  { .name = "amount", .type = T_MONEY, .flags = REQ | SUMMARY, .label = N_("Amount"), .group = G_BILLING, .min = 1, .max = G_GINT64_CONSTANT (100000000000000) },
  { .name = "method", .type = T_ENUM, .flags = REQ | SUMMARY, .label = N_("Method"), .group = G_BILLING, CHOICES (payment_methods) },
  { .name = "received_at", .type = T_DATETIME, .flags = REQ | PAST | INDEXED, .label = N_("Received"), .group = G_BILLING },
  { .name = "received_by", REF ("user"), .flags = ACTOR, .label = N_("Received by") },
  { .name = "reference", .type = T_TEXT, .label = N_("Reference"), .group = G_BILLING, .hint = N_("Card slip, transfer or claim number"), .max = 60 },
  { .name = "receipt_number", .type = T_TEXT, .flags = UNIQUE | SYSTEM, .label = N_("Receipt number"), .max = 32 },
  { .name = "notes", .type = T_LONG, .label = N_("Notes"), .group = G_BILLING, .max = 1000 },
};

static const CareField ward_fields[] = {
  { .name = "name", .type = T_TEXT, .flags = REQ | UNIQUE | SUMMARY, .label = N_("Ward"), .group = G_DETAILS, .max = 80 },
  { .name = "kind", .type = T_ENUM, .flags = REQ, .label = N_("Kind"), .group = G_DETAILS, CHOICES (ward_kinds) },
  { .name = "facility_id", REF ("facility"), .label = N_("Facility") },
};

static const CareField room_fields[] = {
  { .name = "ward_id", REF ("ward"), .flags = REQ | INDEXED, .label = N_("Ward") },
  { .name = "name", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Room"), .group = G_DETAILS, .max = 40 },
};
static const char *const room_unique[] = { "ward_id, name", NULL };

static const CareField bed_fields[] = {
  { .name = "room_id", REF ("room"), .flags = REQ | INDEXED, .label = N_("Room") },
  { .name = "label", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Bed"), .group = G_DETAILS, .hint = N_("e.g. B2"), .max = 20 },
  { .name = "status", .type = T_ENUM, .flags = REQ | INDEXED | SUMMARY, .label = N_("Status"), CHOICES (bed_statuses) },
};
static const char *const bed_unique[] = { "room_id, label", NULL };

static const CareField bed_allocation_fields[] = {
  { .name = "bed_id", REF ("bed"), .flags = REQ | INDEXED, .label = N_("Bed") },
  { .name = "patient_id", REF ("patient"), .flags = REQ | INDEXED, .label = N_("Patient") },
  { .name = "admitted_at", .type = T_DATETIME, .flags = REQ | PAST, .label = N_("Admitted"), .group = G_DETAILS },
  { .name = "admitted_by", REF ("user"), .flags = ACTOR, .label = N_("Admitted by") },
  { .name = "reason", .type = T_LONG, .label = N_("Reason for admission"), .group = G_DETAILS, .max = 1000 },
  { .name = "released_at", .type = T_DATETIME, .flags = PAST, .label = N_("Released") },
  { .name = "transferred_from_id", REF ("bed_allocation"), .label = N_("Transferred from") },
  { .name = "status", .type = T_ENUM, .flags = REQ | INDEXED, .label = N_("Status"), CHOICES (allocation_statuses) },
};

/* A doctor's recommendation that a patient be admitted, for the ward's
 * nurses to act on: it ends admitted (with the admission) or cancelled. */
static const char *const admission_request_statuses[] = { "pending", "admitted", "cancelled", NULL };
static const char *const admission_request_statuses_labels[] = { N_("Waiting for a bed"), N_("Admitted"), N_("Cancelled"), NULL };

static const CareField admission_request_fields[] = {
  { .name = "patient_id", REF ("patient"), .flags = REQ | INDEXED, .label = N_("Patient"), .since = 4 },
  { .name = "requested_by", REF ("user"), .flags = ACTOR, .label = N_("Recommended by"), .since = 4 },
  { .name = "ward_id", REF ("ward"), .label = N_("Ward"), .group = G_DETAILS, .since = 4 },
  { .name = "reason", .type = T_LONG, .label = N_("Reason for admission"), .group = G_DETAILS, .max = 1000, .since = 4 },
  { .name = "status", .type = T_ENUM, .flags = REQ | INDEXED | SUMMARY, .label = N_("Status"), CHOICES (admission_request_statuses), .since = 4 },
  { .name = "bed_allocation_id", REF ("bed_allocation"), .label = N_("Admission"), .since = 4 },
};

static const CareField medicine_fields[] = {
  { .name = "name", .type = T_TEXT, .flags = REQ | UNIQUE | SUMMARY, .label = N_("Name"), .group = G_DETAILS, .max = 120 },
  { .name = "generic_name", .type = T_TEXT, .label = N_("Generic name"), .group = G_DETAILS, .max = 120 },
  { .name = "form", .type = T_ENUM, .flags = REQ, .label = N_("Dosage form"), .group = G_DETAILS, CHOICES (medicine_forms) },
  { .name = "strength", .type = T_TEXT, .label = N_("Strength"), .group = G_DETAILS, .hint = N_("e.g. 500 mg"), .max = 40 },
  { .name = "reorder_level", .type = T_INT, .label = N_("Reorder level"), .group = G_DETAILS, .min = 0, .max = 1000000 },
  { .name = "unit_price", .type = T_MONEY, .label = N_("Unit price"), .group = G_DETAILS, .min = 0, .max = G_GINT64_CONSTANT (10000000000) },
};

static const CareField stock_batch_fields[] = {
  { .name = "medicine_id", REF ("medicine"), .flags = REQ | INDEXED, .label = N_("Medicine") },
  { .name = "batch_number", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Batch"), .group = G_DETAILS, .max = 40 },
  { .name = "expiry_date", .type = T_DATE, .flags = REQ | INDEXED | SUMMARY, .label = N_("Expires"), .group = G_DETAILS },
  /* Below zero only after two offline workstations took the same last
   * units: a discrepancy for the pharmacist to count (care-stock.h). */
  { .name = "quantity", .type = T_INT, .flags = REQ | SUMMARY, .label = N_("Quantity"), .group = G_DETAILS, .min = -10000000, .max = 10000000 },
  { .name = "received_on", .type = T_DATE, .flags = PAST, .label = N_("Received"), .group = G_DETAILS },
  { .name = "supplier", .type = T_TEXT, .label = N_("Supplier"), .group = G_DETAILS, .max = 120 },
  { .name = "cost", .type = T_MONEY, .label = N_("Cost"), .group = G_DETAILS, .min = 0, .max = G_GINT64_CONSTANT (100000000000) },
};
static const char *const stock_batch_unique[] = { "medicine_id, batch_number", NULL };

/* The stock ledger: a batch's quantity is the sum of its movements
 * (care-stock.h); quantity is signed, taken stock below zero. */
static const CareField stock_movement_fields[] = {
  { .name = "batch_id", REF ("stock_batch"), .flags = REQ | INDEXED, .label = N_("Batch"), .since = 4 },
  { .name = "medicine_id", REF ("medicine"), .flags = REQ | INDEXED, .label = N_("Medicine"), .since = 4 },
  { .name = "kind", .type = T_ENUM, .flags = REQ | SUMMARY, .label = N_("Movement"), .group = G_DETAILS, CHOICES (movement_kinds), .since = 4 },
  { .name = "quantity", .type = T_INT, .flags = REQ | SUMMARY, .label = N_("Quantity"), .group = G_DETAILS, .hint = N_("e.g. -2 for two units fewer"), .min = -10000000, .max = 10000000, .since = 4 },
  { .name = "reason", .type = T_TEXT, .label = N_("Reason"), .group = G_DETAILS, .hint = N_("e.g. broken in the fridge"), .max = 200, .since = 4 },
  { .name = "pharmacy_order_id", REF ("pharmacy_order"), .flags = INDEXED, .label = N_("Pharmacy order"), .since = 4 },
  { .name = "prescription_item_id", REF ("prescription_item"), .flags = INDEXED, .label = N_("Prescribed medicine"), .since = 4 },
  { .name = "actor_id", REF ("user"), .flags = ACTOR | REQ, .label = N_("By"), .since = 4 },
  { .name = "at", .type = T_DATETIME, .flags = REQ | INDEXED, .label = N_("When"), .since = 4 },
};

static const CareField asset_fields[] = {
  { .name = "name", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Name"), .group = G_DETAILS, .max = 120 },
  { .name = "category", .type = T_ENUM, .flags = REQ, .label = N_("Category"), .group = G_DETAILS, CHOICES (asset_categories) },
  { .name = "serial_number", .type = T_TEXT, .flags = UNIQUE, .label = N_("Serial number"), .group = G_DETAILS, .max = 60 },
  { .name = "location", .type = T_TEXT, .label = N_("Location"), .group = G_DETAILS, .max = 80 },
  { .name = "status", .type = T_ENUM, .flags = REQ, .label = N_("Status"), .group = G_DETAILS, CHOICES (asset_statuses) },
  { .name = "purchased_on", .type = T_DATE, .flags = PAST, .label = N_("Purchased"), .group = G_DETAILS },
  { .name = "cost", .type = T_MONEY, .label = N_("Cost"), .group = G_DETAILS, .min = 0, .max = G_GINT64_CONSTANT (100000000000) },
  { .name = "next_service_on", .type = T_DATE, .label = N_("Next service"), .group = G_DETAILS },
};

static const CareField attendance_fields[] = {
  { .name = "user_id", REF ("user"), .flags = ACTOR | REQ | INDEXED, .label = N_("Staff member") },
  { .name = "day", .type = T_DATE, .flags = REQ | INDEXED | SUMMARY, .label = N_("Day") },
  { .name = "check_in", .type = T_DATETIME, .flags = REQ | SUMMARY, .label = N_("Checked in") },
  { .name = "check_out", .type = T_DATETIME, .flags = SUMMARY, .label = N_("Checked out") },
  { .name = "notes", .type = T_TEXT, .label = N_("Notes"), .max = 200 },
};

static const CareField shift_fields[] = {
  { .name = "user_id", REF ("user"), .flags = REQ | INDEXED, .label = N_("Staff member") },
  { .name = "starts_at", .type = T_DATETIME, .flags = REQ | INDEXED, .label = N_("Starts"), .group = G_DETAILS },
  { .name = "ends_at", .type = T_DATETIME, .flags = REQ, .label = N_("Ends"), .group = G_DETAILS },
  { .name = "ward_id", REF ("ward"), .label = N_("Ward") },
  { .name = "notes", .type = T_TEXT, .label = N_("Notes"), .group = G_DETAILS, .max = 200 },
};

static const CareField task_fields[] = {
  { .name = "assigned_to", REF ("user"), .flags = REQ | INDEXED, .label = N_("Assigned to") },
  { .name = "assigned_by", REF ("user"), .flags = ACTOR, .label = N_("Assigned by") },
  { .name = "patient_id", REF ("patient"), .label = N_("Patient") },
  { .name = "title", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Task"), .group = G_DETAILS, .max = 200 },
  { .name = "description", .type = T_LONG, .label = N_("Details"), .group = G_DETAILS, .max = 2000 },
  { .name = "due_at", .type = T_DATETIME, .label = N_("Due"), .group = G_DETAILS },
  { .name = "priority", .type = T_ENUM, .flags = REQ, .label = N_("Priority"), .group = G_DETAILS, CHOICES (priorities) },
  { .name = "status", .type = T_ENUM, .flags = REQ | INDEXED, .label = N_("Status"), CHOICES (task_statuses) },
  /* Version 6 (issue 16): a task for everyone of a role (assigned_to is
   * then whoever assigned it, until one of the role does it), and what
   * was done, said when it is completed. */
  { .name = "assigned_role", .type = T_ENUM, .flags = INDEXED, .label = N_("For everyone who is"), .group = G_DETAILS, CHOICES (roles), .since = 6 },
  { .name = "completion_note", .type = T_LONG, .label = N_("What was done"), .max = 2000, .since = 6 },
  { .name = "completed_at", .type = T_DATETIME, .label = N_("Completed"), .since = 6 },
  { .name = "completed_by", REF ("user"), .label = N_("Completed by"), .since = 6 },
};

static const CareField notification_fields[] = {
  { .name = "user_id", REF ("user"), .flags = ACTOR | REQ | INDEXED, .label = N_("For") },
  { .name = "kind", .type = T_ENUM, .flags = REQ, .label = N_("Kind"), CHOICES (notification_kinds) },
  { .name = "message", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Message"), .max = 400 },
  { .name = "link_entity", .type = T_TEXT, .label = N_("About"), .max = 40 },
  { .name = "link_id", .type = T_TEXT, .label = N_("Record"), .max = 36 },
  { .name = "read", .type = T_BOOL, .label = N_("Read") },
  /* A notification for a patient (their portal or kiosk): user_id holds
   * the patient's id too, as a signed-in patient's account id does. */
  { .name = "patient_id", REF ("patient"), .label = N_("Patient"), .since = 6 },
};

static const CareField emergency_alert_fields[] = {
  { .name = "patient_id", REF ("patient"), .label = N_("Patient") },
  { .name = "raised_by", REF ("user"), .flags = ACTOR | REQ, .label = N_("Raised by") },
  { .name = "kind", .type = T_ENUM, .flags = REQ | SUMMARY, .label = N_("Kind of alert"), .group = G_DETAILS, CHOICES (alert_kinds) },
  { .name = "location", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Location"), .group = G_DETAILS, .hint = N_("e.g. Ward 3, bed 12"), .max = 120 },
  { .name = "message", .type = T_TEXT, .label = N_("Message"), .group = G_DETAILS, .max = 400 },
  { .name = "status", .type = T_ENUM, .flags = REQ | INDEXED, .label = N_("Status"), CHOICES (alert_statuses) },
  { .name = "acknowledged_by", REF ("user"), .label = N_("Acknowledged by") },
  { .name = "resolved_at", .type = T_DATETIME, .label = N_("Resolved") },
  { .name = "acknowledged_at", .type = T_DATETIME, .label = N_("Acknowledged"), .since = 4 },
  { .name = "resolved_by", REF ("user"), .label = N_("Resolved by"), .since = 4 },
  { .name = "outcome", .type = T_LONG, .label = N_("How it ended"), .group = G_DETAILS,
    .hint = N_("e.g. Patient stabilised, moved to intensive care"), .max = 1000, .since = 4 },
};

static const CareField message_fields[] = {
  { .name = "sender_id", .type = T_TEXT, .flags = SIGNED | REQ | INDEXED, .label = N_("From"), .max = 36 },
  { .name = "recipient_id", .type = T_TEXT, .flags = REQ | INDEXED, .label = N_("To"), .max = 36 },
  { .name = "patient_id", REF ("patient"), .label = N_("Patient") },
  { .name = "subject", .type = T_TEXT, .flags = SUMMARY, .label = N_("Subject"), .group = G_DETAILS, .max = 200 },
  { .name = "body", .type = T_LONG, .flags = REQ, .label = N_("Message"), .group = G_DETAILS, .max = 10000 },
  { .name = "read_at", .type = T_DATETIME, .label = N_("Read") },
  /* The first message of the conversation this one answers (care-messages.c);
   * NULL on a first message. */
  { .name = "thread_id", .type = T_TEXT, .flags = INDEXED, .label = N_("Conversation"), .max = 36, .since = 6 },
  /* A PDF, PNG or JPEG file, at most CARE_MESSAGES_ATTACHMENT_MAX. */
  { .name = "attachment", .type = T_BLOB, .label = N_("Attachment"), .since = 6 },
  { .name = "attachment_name", .type = T_TEXT, .label = N_("Attached file"), .max = 200, .since = 6 },
};

static const CareField form_submission_fields[] = {
  { .name = "patient_id", REF ("patient"), .flags = REQ | INDEXED, .label = N_("Patient") },
  { .name = "form_type", .type = T_ENUM, .flags = REQ | SUMMARY, .label = N_("Form"), .group = G_DETAILS, CHOICES (form_types) },
  { .name = "submitted_by", .type = T_TEXT, .flags = SIGNED, .label = N_("Submitted by"), .max = 36 },
  { .name = "answers", .type = T_LONG, .flags = REQ, .label = N_("Answers"), .group = G_DETAILS, .max = 100000 },
  { .name = "status", .type = T_ENUM, .flags = REQ | INDEXED | SUMMARY, .label = N_("Review"), CHOICES (review_statuses) },
  { .name = "reviewed_by", REF ("user"), .label = N_("Reviewed by") },
  { .name = "reviewed_at", .type = T_DATETIME, .label = N_("Reviewed") },
  { .name = "review_notes", .type = T_LONG, .label = N_("Review notes"), .max = 2000 },
  /* Version 6: the template the answers follow, and a consent's drawn
   * signature (PNG, at most CARE_FORMS_SIGNATURE_MAX bytes: care-forms.c). */
  { .name = "template_id", REF ("form_template"), .flags = INDEXED, .label = N_("Form template"), .since = 6 },
  { .name = "signature", .type = T_BLOB, .label = N_("Signature"), .since = 6 },
};

/* Version 6: the forms an administrator defines; fields is a JSON array of
 * {name, label, type (text, number, date, choice, yes_no, signature),
 * required, choices} (care_form_template_parse()). */
static const CareField form_template_fields[] = {
  { .name = "name", .type = T_TEXT, .flags = REQ | SUMMARY | UNIQUE, .label = N_("Form name"), .group = G_DETAILS,
    .hint = N_("e.g. New patient questionnaire"), .min = 2, .max = 120, .since = 6 },
  { .name = "form_type", .type = T_ENUM, .flags = REQ | SUMMARY, .label = N_("Kind of form"), .group = G_DETAILS,
    CHOICES (form_types), .since = 6 },
  { .name = "description", .type = T_LONG, .label = N_("Instructions"), .group = G_DETAILS, .max = 2000, .since = 6 },
  { .name = "fields", .type = T_LONG, .flags = REQ, .label = N_("Questions"), .max = 50000, .since = 6 },
  { .name = "active", .type = T_BOOL, .label = N_("Offered to patients"), .since = 6 },
};

/* Version 6: the chart's allergy list (what, the reaction, how severe)
 * and problem list (a condition active or resolved). The patient's
 * allergies and conditions lists stay what registration records. */
static const char *const allergy_severities[] = { "mild", "moderate", "severe", "life_threatening", NULL };
static const char *const allergy_severities_labels[] = { N_("Mild"), N_("Moderate"), N_("Severe"), N_("Life-threatening"), NULL };

static const CareField allergy_fields[] = {
  { .name = "patient_id", REF ("patient"), .flags = REQ | INDEXED, .label = N_("Patient"), .since = 6 },
  { .name = "substance", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Substance"), .group = G_DETAILS,
    .hint = N_("e.g. Penicillin"), .min = 1, .max = 120, .since = 6 },
  { .name = "reaction", .type = T_TEXT, .label = N_("Reaction"), .group = G_DETAILS,
    .hint = N_("e.g. Hives, swollen lips"), .max = 200, .since = 6 },
  { .name = "severity", .type = T_ENUM, .label = N_("Severity"), .group = G_DETAILS, CHOICES (allergy_severities), .since = 6 },
  { .name = "noted_on", .type = T_DATE, .flags = PAST, .label = N_("Noted"), .group = G_DETAILS, .since = 6 },
};

static const char *const problem_statuses[] = { "active", "resolved", NULL };
static const char *const problem_statuses_labels[] = { N_("Active"), N_("Resolved"), NULL };

static const CareField problem_fields[] = {
  { .name = "patient_id", REF ("patient"), .flags = REQ | INDEXED, .label = N_("Patient"), .since = 6 },
  { .name = "name", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Problem"), .group = G_DETAILS,
    .hint = N_("e.g. Type 2 diabetes"), .min = 1, .max = 200, .since = 6 },
  { .name = "code", .type = T_TEXT, .label = N_("ICD-10 code"), .group = G_DETAILS, .hint = N_("e.g. E11.9"), .max = 10, .since = 6 },
  { .name = "status", .type = T_ENUM, .flags = REQ | INDEXED | SUMMARY, .label = N_("Status"), CHOICES (problem_statuses), .since = 6 },
  { .name = "onset_on", .type = T_DATE, .label = N_("Since"), .group = G_DETAILS, .since = 6 },
  { .name = "resolved_on", .type = T_DATE, .label = N_("Resolved"), .group = G_DETAILS, .since = 6 },
};

/* The clinic's list of diagnosis codes (ICD-10 or its own), imported
 * from a CSV of code,title and searched from the note (care-code-list.c). */
static const CareField diagnosis_code_fields[] = {
  { .name = "code", .type = T_TEXT, .flags = REQ | UNIQUE | SUMMARY, .label = N_("Code"), .group = G_DETAILS,
    .hint = N_("e.g. J20.9"), .max = 10, .since = 6 },
  { .name = "title", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Title"), .group = G_DETAILS,
    .hint = N_("e.g. Acute bronchitis, unspecified"), .max = 200, .since = 6 },
};

static const CareField care_team_member_fields[] = {
  { .name = "patient_id", REF ("patient"), .flags = REQ | INDEXED, .label = N_("Patient") },
  { .name = "user_id", REF ("user"), .flags = REQ | INDEXED, .label = N_("Staff member") },
  { .name = "team_role", .type = T_TEXT, .flags = REQ | SUMMARY, .label = N_("Role in care"), .group = G_DETAILS, .hint = N_("e.g. Primary physician"), .max = 60 },
  { .name = "since", .type = T_DATE, .label = N_("Since"), .group = G_DETAILS },
};
static const char *const care_team_unique[] = { "patient_id, user_id", NULL };

/* Two patient records that may be one person: registered on two offline
 * workstations, flagged when the second reached the server. */
static const char *const duplicate_statuses[] = { "open", "merged", "dismissed", NULL };
static const char *const duplicate_statuses_labels[] = { N_("To review"), N_("Merged"), N_("Not the same person"), NULL };

static const CareField patient_duplicate_fields[] = {
  { .name = "patient_id", REF ("patient"), .flags = REQ | INDEXED, .label = N_("Patient"), .since = 3 },
  { .name = "duplicate_of", REF ("patient"), .flags = REQ | INDEXED, .label = N_("Possible duplicate of"), .since = 3 },
  { .name = "status", .type = T_ENUM, .flags = REQ | SUMMARY, .label = N_("Status"), CHOICES (duplicate_statuses), .since = 3 },
  { .name = "reason", .type = T_TEXT, .label = N_("Why"), .max = 200, .since = 3 },
};

static const CareField audit_entry_fields[] = {
  { .name = "actor_id", .type = T_TEXT, .flags = INDEXED, .label = N_("Who"), .max = 36 },
  { .name = "actor_role", .type = T_TEXT, .label = N_("Role"), .max = 20 },
  { .name = "action", .type = T_ENUM, .flags = REQ, .label = N_("Action"), CHOICES (audit_actions) },
  { .name = "entity", .type = T_TEXT, .flags = REQ, .label = N_("What"), .max = 40 },
  { .name = "record_id", .type = T_TEXT, .flags = INDEXED, .label = N_("Record"), .max = 36 },
  { .name = "workstation", .type = T_TEXT, .label = N_("Workstation"), .max = 80 },
  { .name = "at", .type = T_DATETIME, .flags = REQ | INDEXED, .label = N_("When") },
  { .name = "prev_hash", .type = T_TEXT, .label = N_("Previous entry"), .max = 64 },
  { .name = "hash", .type = T_TEXT, .label = N_("Checksum"), .max = 64 },
  /* The patient the entry concerns (care_audit_patient_id); what its hash
   * covers depends on hash_version: none (entries written before version 6)
   * or 2 (docs/server.md, "Audit log"). */
  { .name = "patient_id", .type = T_TEXT, .flags = INDEXED, .label = N_("Patient"), .max = 36, .since = 6 },
  { .name = "hash_version", .type = T_INT, .label = N_("Checksum version"), .since = 6 },
};

static const char *const role_permission_unique[] = { "role, permission", NULL };

/* Whose rows: see CareEntity.patient_fields and owner_fields. */
static const char *const own_id[] = { "id", NULL };
static const char *const own_patient[] = { "patient_id", NULL };
static const char *const own_prescription[] = { "prescription_id", NULL };
static const char *const own_lab_test[] = { "lab_test_id", NULL };
static const char *const own_invoice[] = { "invoice_id", NULL };
static const char *const own_parties[] = { "sender_id", "recipient_id", NULL };
static const char *const own_user[] = { "user_id", NULL };
/* Who may change a row besides the admin: see CareEntity.writer_fields. */
static const char *const writer_task[] = { "assigned_to", "assigned_by", NULL };
static const char *const writer_role_task[] = { "assigned_role", NULL };
static const char *const writer_alert[] = { "raised_by", NULL };
static const char *const answer_alert[] = { "status", "acknowledged_by", "acknowledged_at", "resolved_at", "resolved_by",
                                            "outcome", NULL };

#define E(n, t, l, p, wp, rp, fl, f, ...) \
  { .name = n, .table = t, .label = l, .plural = p, .write_permission = wp, \
    .read_permission = rp, .flags = fl, ENTITY_FIELDS (f), .since = 1, __VA_ARGS__ }

static const CareEntity tenant_entity = E ("tenant", "tenants", N_("Clinic"), N_("Clinics"), CARE_PERM_CLINIC_SETTINGS, NULL, CARE_ENTITY_GLOBAL, tenant_fields);
static const CareEntity facility_entity = E ("facility", "facilities", N_("Facility"), N_("Facilities"), CARE_PERM_CLINIC_SETTINGS, NULL, 0, facility_fields);
static const CareEntity user_entity = E ("user", "users", N_("Staff member"), N_("Staff"), CARE_PERM_STAFF_MANAGEMENT, NULL, 0, user_fields);
static const CareEntity doctor_schedule_entity = E ("doctor_schedule", "doctor_schedules", N_("Consulting hours"), N_("Consulting hours"), CARE_PERM_APPOINTMENT_MANAGEMENT, NULL, 0, doctor_schedule_fields);
static const CareEntity doctor_leave_entity = {
  .name = "doctor_leave", .table = "doctor_leave", .label = N_("Leave"), .plural = N_("Leave"),
  .write_permission = CARE_PERM_APPOINTMENT_MANAGEMENT, ENTITY_FIELDS (doctor_leave_fields), .since = 4 };
static const CareEntity role_permission_entity = E ("role_permission", "role_permissions", N_("Permission"), N_("Permissions"), CARE_PERM_ROLE_PERMISSIONS, NULL, 0, role_permission_fields, .unique = role_permission_unique);
static const CareEntity role_upgrade_request_entity = E ("role_upgrade_request", "role_upgrade_requests", N_("Role request"), N_("Role requests"), CARE_PERM_STAFF_MANAGEMENT, NULL, CARE_ENTITY_STAFF_NEW, role_upgrade_request_fields, .owner_fields = own_user);
static const CareEntity patient_entity = E ("patient", "patients", N_("Patient"), N_("Patients"), CARE_PERM_PATIENT_REGISTRATION, NULL, 0, patient_fields, .indexes = patient_indexes, .patient_fields = own_id);
static const CareEntity appointment_entity = E ("appointment", "appointments", N_("Appointment"), N_("Appointments"), CARE_PERM_APPOINTMENT_MANAGEMENT, NULL, CARE_ENTITY_PORTAL_NEW, appointment_fields, .patient_fields = own_patient);
static const CareEntity follow_up_entity = E ("follow_up", "follow_ups", N_("Follow-up"), N_("Follow-ups"), CARE_PERM_APPOINTMENT_MANAGEMENT, NULL, 0, follow_up_fields);
static const CareEntity clinical_note_entity = E ("clinical_note", "clinical_notes", N_("Clinical note"), N_("Clinical notes"), CARE_PERM_VITALS_ENTRY, CARE_PERM_CLINICAL_RECORDS, CARE_ENTITY_APPEND_ONLY, clinical_note_fields, .patient_fields = own_patient);
static const CareEntity medication_entity = E ("medication", "medications", N_("Medication"), N_("Medications"), CARE_PERM_VITALS_ENTRY, NULL, 0, medication_fields, .patient_fields = own_patient);
static const CareEntity prescription_entity = E ("prescription", "prescriptions", N_("Prescription"), N_("Prescriptions"), CARE_PERM_PRESCRIBING, NULL, 0, prescription_fields, .patient_fields = own_patient);
static const CareEntity prescription_item_entity = E ("prescription_item", "prescription_items", N_("Prescribed medicine"), N_("Prescribed medicines"), CARE_PERM_PRESCRIBING, NULL, 0, prescription_item_fields, .patient_fields = own_prescription);
static const CareEntity refill_request_entity = E ("refill_request", "refill_requests", N_("Refill request"), N_("Refill requests"), CARE_PERM_PRESCRIPTION_ORDERS, NULL, CARE_ENTITY_PORTAL_NEW, refill_request_fields, .patient_fields = own_patient);
static const CareEntity pharmacy_order_entity = E ("pharmacy_order", "pharmacy_orders", N_("Pharmacy order"), N_("Pharmacy orders"), CARE_PERM_PRESCRIPTION_ORDERS, NULL, 0, pharmacy_order_fields);
static const CareEntity medication_administration_entity = E ("medication_administration", "medication_administrations", N_("Medication round"), N_("Medication rounds"), CARE_PERM_VITALS_ENTRY, NULL, CARE_ENTITY_APPEND_ONLY, medication_administration_fields);
static const CareEntity vitals_entity = E ("vitals", "vitals", N_("Vital signs"), N_("Vital signs"), CARE_PERM_VITALS_ENTRY, CARE_PERM_CLINICAL_RECORDS, CARE_ENTITY_APPEND_ONLY, vitals_fields, .patient_fields = own_patient);
static const CareEntity lab_test_entity = E ("lab_test", "lab_tests", N_("Lab test"), N_("Lab tests"), CARE_PERM_LAB_TEST_REQUESTS, NULL, 0, lab_test_fields, .patient_fields = own_patient);
static const CareEntity lab_result_entity = E ("lab_result", "lab_results", N_("Lab result"), N_("Lab results"), CARE_PERM_LAB_REPORT_UPLOAD, CARE_PERM_LAB_RESULTS, CARE_ENTITY_APPEND_ONLY, lab_result_fields, .patient_fields = own_lab_test);
static const CareEntity lab_report_entity = {
  .name = "lab_report", .table = "lab_reports", .label = N_("Lab report"), .plural = N_("Lab reports"),
  .write_permission = CARE_PERM_LAB_REPORT_UPLOAD, .read_permission = CARE_PERM_LAB_RESULTS,
  .flags = CARE_ENTITY_APPEND_ONLY, ENTITY_FIELDS (lab_report_fields), .patient_fields = own_lab_test, .since = 4 };
static const CareEntity lab_panel_entity = {
  .name = "lab_panel", .table = "lab_panels", .label = N_("Lab panel"), .plural = N_("Lab panels"),
  .write_permission = CARE_PERM_LAB_REPORT_UPLOAD, ENTITY_FIELDS (lab_panel_fields), .since = 6 };
static const CareEntity lab_analyte_entity = {
  .name = "lab_analyte", .table = "lab_analytes", .label = N_("Analyte"), .plural = N_("Analytes"),
  .write_permission = CARE_PERM_LAB_REPORT_UPLOAD, ENTITY_FIELDS (lab_analyte_fields), .since = 6 };
static const CareEntity lab_band_entity = {
  .name = "lab_band", .table = "lab_bands", .label = N_("Age band"), .plural = N_("Age bands"),
  .write_permission = CARE_PERM_LAB_REPORT_UPLOAD, ENTITY_FIELDS (lab_band_fields), .since = 6 };
static const CareEntity imaging_study_entity = E ("imaging_study", "imaging_studies", N_("Imaging study"), N_("Imaging studies"), CARE_PERM_LAB_TEST_REQUESTS, NULL, 0, imaging_study_fields);
static const CareEntity treatment_entity = E ("treatment", "treatments", N_("Treatment"), N_("Treatments"), CARE_PERM_VITALS_ENTRY, NULL, 0, treatment_fields);
static const CareEntity invoice_entity = E ("invoice", "invoices", N_("Invoice"), N_("Invoices"), CARE_PERM_BILLING, CARE_PERM_BILLING, 0, invoice_fields, .patient_fields = own_patient);
static const CareEntity invoice_item_entity = E ("invoice_item", "invoice_items", N_("Invoice line"), N_("Invoice lines"), CARE_PERM_BILLING, CARE_PERM_BILLING, 0, invoice_item_fields, .patient_fields = own_invoice);
static const CareEntity payment_entity = E ("payment", "payments", N_("Payment"), N_("Payments"), CARE_PERM_BILLING, CARE_PERM_BILLING, CARE_ENTITY_APPEND_ONLY, payment_fields, .patient_fields = own_invoice);
static const CareEntity ward_entity = E ("ward", "wards", N_("Ward"), N_("Wards"), CARE_PERM_CLINIC_SETTINGS, NULL, 0, ward_fields);
static const CareEntity room_entity = E ("room", "rooms", N_("Room"), N_("Rooms"), CARE_PERM_CLINIC_SETTINGS, NULL, 0, room_fields, .unique = room_unique);
static const CareEntity bed_entity = E ("bed", "beds", N_("Bed"), N_("Beds"), CARE_PERM_BED_ALLOCATION, NULL, 0, bed_fields, .unique = bed_unique);
static const CareEntity bed_allocation_entity = E ("bed_allocation", "bed_allocations", N_("Admission"), N_("Admissions"), CARE_PERM_BED_ALLOCATION, NULL, 0, bed_allocation_fields);
static const CareEntity admission_request_entity = {
  .name = "admission_request", .table = "admission_requests", .label = N_("Admission request"),
  .plural = N_("Admission requests"), .write_permission = CARE_PERM_VITALS_ENTRY,
  ENTITY_FIELDS (admission_request_fields), .patient_fields = own_patient, .since = 4 };
static const CareEntity medicine_entity = E ("medicine", "medicines", N_("Medicine"), N_("Medicines"), CARE_PERM_PHARMACY_STOCK, NULL, 0, medicine_fields);
static const CareEntity stock_batch_entity = E ("stock_batch", "stock_batches", N_("Stock batch"), N_("Stock batches"), CARE_PERM_PHARMACY_STOCK, NULL, 0, stock_batch_fields, .unique = stock_batch_unique);
static const CareEntity stock_movement_entity = {
  .name = "stock_movement", .table = "stock_movements", .label = N_("Stock movement"),
  .plural = N_("Stock movements"), .write_permission = CARE_PERM_PHARMACY_STOCK,
  .flags = CARE_ENTITY_APPEND_ONLY, ENTITY_FIELDS (stock_movement_fields), .since = 4 };
static const CareEntity asset_entity = E ("asset", "assets", N_("Asset"), N_("Assets"), CARE_PERM_CLINIC_SETTINGS, NULL, 0, asset_fields);
static const CareEntity attendance_entity = E ("attendance", "attendance", N_("Attendance"), N_("Attendance"), CARE_PERM_ATTENDANCE, NULL, 0, attendance_fields, .writer_fields = own_user);
static const CareEntity shift_entity = E ("shift", "shifts", N_("Shift"), N_("Shifts"), CARE_PERM_STAFF_MANAGEMENT, NULL, 0, shift_fields);
static const CareEntity task_entity = E ("task", "tasks", N_("Task"), N_("Tasks"), NULL, NULL, 0, task_fields, .writer_fields = writer_task, .writer_role_fields = writer_role_task);
static const CareEntity notification_entity = E ("notification", "notifications", N_("Notification"), N_("Notifications"), NULL, NULL, 0, notification_fields, .owner_fields = own_user, .patient_fields = own_patient);
static const CareEntity emergency_alert_entity = E ("emergency_alert", "emergency_alerts", N_("Emergency alert"), N_("Emergency alerts"), NULL, NULL, 0, emergency_alert_fields, .writer_fields = writer_alert, .answer_fields = answer_alert);
static const CareEntity message_entity = E ("message", "messages", N_("Message"), N_("Messages"), NULL, NULL, CARE_ENTITY_PORTAL_NEW, message_fields, .patient_fields = own_parties, .owner_fields = own_parties);
static const CareEntity form_submission_entity = E ("form_submission", "form_submissions", N_("Form"), N_("Forms"), CARE_PERM_PATIENT_REGISTRATION, NULL, CARE_ENTITY_PORTAL_NEW, form_submission_fields, .patient_fields = own_patient);
static const CareEntity form_template_entity = {
  .name = "form_template", .table = "form_templates", .label = N_("Form template"), .plural = N_("Form templates"),
  .write_permission = CARE_PERM_CLINIC_SETTINGS, ENTITY_FIELDS (form_template_fields), .since = 6 };
static const CareEntity care_team_member_entity = E ("care_team_member", "care_team_members", N_("Care team member"), N_("Care team"), CARE_PERM_VITALS_ENTRY, NULL, 0, care_team_member_fields, .unique = care_team_unique);
static const CareEntity allergy_entity = {
  .name = "allergy", .table = "allergies", .label = N_("Allergy"), .plural = N_("Allergies"),
  .write_permission = CARE_PERM_VITALS_ENTRY, ENTITY_FIELDS (allergy_fields), .patient_fields = own_patient, .since = 6 };
static const CareEntity problem_entity = {
  .name = "problem", .table = "problems", .label = N_("Problem"), .plural = N_("Problem list"),
  .write_permission = CARE_PERM_VITALS_ENTRY, .read_permission = CARE_PERM_CLINICAL_RECORDS,
  ENTITY_FIELDS (problem_fields), .patient_fields = own_patient, .since = 6 };
static const CareEntity diagnosis_code_entity = {
  .name = "diagnosis_code", .table = "diagnosis_codes", .label = N_("Diagnosis code"), .plural = N_("Diagnosis codes"),
  .write_permission = CARE_PERM_CLINIC_SETTINGS, .read_permission = CARE_PERM_CLINICAL_RECORDS,
  ENTITY_FIELDS (diagnosis_code_fields), .since = 6 };
static const CareEntity patient_duplicate_entity = {
  .name = "patient_duplicate", .table = "patient_duplicates", .label = N_("Possible duplicate"),
  .plural = N_("Possible duplicates"), .write_permission = CARE_PERM_PATIENT_REGISTRATION,
  ENTITY_FIELDS (patient_duplicate_fields), .since = 3 };
static const CareEntity audit_entry_entity = E ("audit_entry", "audit_log", N_("Audit entry"), N_("Audit log"), NULL, CARE_PERM_AUDIT_LOG, CARE_ENTITY_APPEND_ONLY, audit_entry_fields);

static const CareEntity *entities[] = {
  &tenant_entity, &facility_entity, &user_entity, &doctor_schedule_entity,
  &role_permission_entity, &role_upgrade_request_entity, &patient_entity,
  &appointment_entity, &follow_up_entity, &clinical_note_entity,
  &medication_entity, &prescription_entity, &prescription_item_entity,
  &refill_request_entity, &pharmacy_order_entity,
  &medication_administration_entity, &vitals_entity, &lab_test_entity,
  &lab_result_entity, &imaging_study_entity, &treatment_entity,
  &invoice_entity, &invoice_item_entity, &payment_entity, &ward_entity,
  &room_entity, &bed_entity, &bed_allocation_entity, &medicine_entity,
  &stock_batch_entity, &asset_entity, &attendance_entity, &shift_entity,
  &task_entity, &notification_entity, &emergency_alert_entity,
  &message_entity, &form_submission_entity, &care_team_member_entity,
  &audit_entry_entity, &patient_duplicate_entity, &doctor_leave_entity,
  &admission_request_entity, &stock_movement_entity, &lab_report_entity,
  &form_template_entity,
  &lab_panel_entity, &lab_analyte_entity, &lab_band_entity,
  &allergy_entity, &problem_entity, &diagnosis_code_entity,
};

static const char *const system_columns[CARE_N_SYSTEM_COLUMNS] = {
  CARE_COLUMN_ID, CARE_COLUMN_TENANT, CARE_COLUMN_CREATED_AT,
  CARE_COLUMN_CREATED_BY, CARE_COLUMN_UPDATED_AT, CARE_COLUMN_UPDATED_BY,
};

guint
care_schema_version (void)
{
  return SCHEMA_VERSION;
}

const CareEntity *const *
care_schema_entities (guint *n_entities)
{
  if (n_entities)
    *n_entities = G_N_ELEMENTS (entities);
  return entities;
}

const CareEntity *
care_schema_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    if (g_str_equal (entities[i]->name, name))
      return entities[i];
  return NULL;
}

const CareEntity *
care_schema_lookup_table (const char *table)
{
  g_return_val_if_fail (table != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    if (g_str_equal (entities[i]->table, table))
      return entities[i];
  return NULL;
}

int
care_entity_field_index (const CareEntity *entity,
                         const char       *name)
{
  g_return_val_if_fail (entity != NULL, -1);
  g_return_val_if_fail (name != NULL, -1);

  /* Called for every value a record sets or reads (an import: twenty
   * times a row, among 40 fields): the first letter before the rest. */
  for (guint i = 0; i < entity->n_fields; i++)
    if (entity->fields[i].name[0] == name[0] && g_str_equal (entity->fields[i].name, name))
      return i;
  for (guint i = 0; i < CARE_N_SYSTEM_COLUMNS; i++)
    if (system_columns[i][0] == name[0] && g_str_equal (system_columns[i], name))
      return entity->n_fields + i;
  return -1;
}

const CareField *
care_entity_field (const CareEntity *entity,
                   const char       *name)
{
  int i = care_entity_field_index (entity, name);

  if (i < 0 || (guint) i >= entity->n_fields)
    return NULL;
  return &entity->fields[i];
}

gboolean
care_entity_is_searchable (const CareEntity *entity)
{
  g_return_val_if_fail (entity != NULL, FALSE);

  for (guint i = 0; i < entity->n_fields; i++)
    if (entity->fields[i].flags & CARE_FIELD_SEARCH)
      return TRUE;
  return FALSE;
}

const char *
care_system_column_name (guint i)
{
  g_return_val_if_fail (i < CARE_N_SYSTEM_COLUMNS, NULL);
  return system_columns[i];
}

const CareField *
care_entity_patient_parent (const CareEntity *entity)
{
  for (guint i = 0; entity->patient_fields && entity->patient_fields[i]; i++)
    {
      const CareField *field = care_entity_field (entity, entity->patient_fields[i]);

      if (field && field->type == CARE_FIELD_REF && !g_str_equal (field->ref, "patient"))
        return field;
    }
  return NULL;
}

const CareField *
care_entity_patient_ref (const CareEntity *entity)
{
  g_return_val_if_fail (entity != NULL, NULL);

  for (guint i = 0; i < entity->n_fields; i++)
    if (entity->fields[i].type == CARE_FIELD_REF && g_strcmp0 (entity->fields[i].ref, "patient") == 0)
      return &entity->fields[i];
  return NULL;
}

/* Choice labels marked with NC_(): their message context. */
static const struct {
  const char *const *labels;
  const char        *context;
} choice_contexts[] = {
  { invoice_statuses_labels, "invoice status" },
};

static const char *
choice_context (const CareField *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (choice_contexts); i++)
    if (field->choice_labels == choice_contexts[i].labels)
      return choice_contexts[i].context;
  return NULL;
}

const char *
care_field_choice_label (const CareField *field,
                         const char      *value)
{
  g_return_val_if_fail (field != NULL, NULL);

  if (value == NULL || field->choices == NULL)
    return value;
  for (guint i = 0; field->choices[i]; i++)
    if (g_str_equal (field->choices[i], value))
      return choice_context (field)
             ? g_dpgettext2 (GETTEXT_PACKAGE, choice_context (field), field->choice_labels[i])
             : g_dgettext (GETTEXT_PACKAGE, field->choice_labels[i]);
  return value;
}

const char *const *
care_schema_roles (void)
{
  return roles;
}

static const char *
label_for (const char *const *values,
           const char *const *labels,
           const char        *value)
{
  for (guint i = 0; values[i]; i++)
    if (g_strcmp0 (values[i], value) == 0)
      return g_dgettext (GETTEXT_PACKAGE, labels[i]);
  return value;
}

const char *
care_role_label (const char *role)
{
  if (g_strcmp0 (role, CARE_ROLE_PATIENT) == 0)
    return g_dgettext (GETTEXT_PACKAGE, N_("Patient"));
  return label_for (roles, roles_labels, role);
}

const char *const *
care_schema_permissions (void)
{
  return permissions;
}

const char *
care_permission_label (const char *permission)
{
  return label_for (permissions, permissions_labels, permission);
}

gboolean
care_default_permission (const char *role,
                         const char *permission)
{
  int column = -1;

  for (guint i = 0; roles[i]; i++)
    if (g_strcmp0 (roles[i], role) == 0)
      column = i;
  if (column < 0)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (default_matrix); i++)
    if (g_strcmp0 (default_matrix[i].permission, permission) == 0)
      return default_matrix[i].allowed[column];
  return FALSE;
}

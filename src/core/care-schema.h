/* care-schema.h: the data model, described once
 *
 * Every entity of the clinic (patients, staff, appointments, invoices…) is
 * described by a static CareEntity table. The description drives the SQLite
 * schema and its migrations, validation and its messages, the generated
 * forms of the app, JSON (de)serialisation and the permission each write
 * needs. Nothing else in the code base restates a column list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-types.h"

G_BEGIN_DECLS

typedef enum {
  CARE_FIELD_TEXT,       /* one line; min/max bound the length in characters */
  CARE_FIELD_LONG_TEXT,  /* several lines */
  CARE_FIELD_INT,        /* whole number; min/max bound the value */
  CARE_FIELD_DECIMAL,    /* number with a fraction (temperature, weight); min/max bound the value */
  CARE_FIELD_BOOL,       /* "1" or "0" */
  CARE_FIELD_DATE,       /* YYYY-MM-DD */
  CARE_FIELD_DATETIME,   /* ISO 8601 in UTC: 2026-11-21T16:35:08Z */
  CARE_FIELD_TIME,       /* HH:MM, 24-hour clock */
  CARE_FIELD_ENUM,       /* one of choices[] */
  CARE_FIELD_REF,        /* the id of a record of entity `ref` */
  CARE_FIELD_MONEY,      /* integer minor units (cents); never floating point */
  CARE_FIELD_EMAIL,
  CARE_FIELD_PHONE,
  CARE_FIELD_LIST,       /* a list of short texts, stored as a JSON array */
  CARE_FIELD_BLOB,       /* bytes: a logo, an archived PDF */
} CareFieldType;

typedef enum {
  CARE_FIELD_REQUIRED = 1 << 0,  /* must have a value */
  CARE_FIELD_UNIQUE   = 1 << 1,  /* unique within the tenant (case-insensitive for text) */
  CARE_FIELD_INDEXED  = 1 << 2,  /* gets an index */
  CARE_FIELD_SECRET   = 1 << 3,  /* never serialised, never shown (password hashes) */
  CARE_FIELD_SYSTEM   = 1 << 4,  /* set by the code, not by a form (MRN, last login) */
  CARE_FIELD_PAST     = 1 << 5,  /* date/datetime may not lie in the future */
  CARE_FIELD_SEARCH   = 1 << 6,  /* part of the entity's full-text index */
  CARE_FIELD_SUMMARY  = 1 << 7,  /* shown in list rows */
  CARE_FIELD_ACTOR    = 1 << 8,  /* a new record's staff member who writes it, unless given */
  CARE_FIELD_SIGNED   = 1 << 9,  /* always whoever creates the record (staff or patient) */
} CareFieldFlags;

typedef enum {
  CARE_ENTITY_APPEND_ONLY = 1 << 0, /* clinical facts: amended, never edited in place */
  CARE_ENTITY_GLOBAL      = 1 << 1, /* has no tenant_id (the tenant table itself) */
  CARE_ENTITY_LOCAL       = 1 << 2, /* never leaves this workstation (no outbox) */
  CARE_ENTITY_PORTAL_NEW  = 1 << 3, /* a signed-in patient may create one (for themselves) */
  CARE_ENTITY_STAFF_NEW   = 1 << 4, /* any staff member may create one for themselves, without write_permission */
} CareEntityFlags;

struct _CareField {
  const char         *name;          /* column name and JSON key */
  CareFieldType       type;
  guint               flags;         /* CareFieldFlags */
  const char         *label;         /* N_() — shown next to the field */
  const char         *group;         /* N_() — form section; NULL: not in forms */
  const char         *hint;          /* N_() — example shown in an empty field */
  const char *const  *choices;       /* ENUM: stored values */
  const char *const  *choice_labels; /* ENUM: N_() labels, same order */
  const char         *ref;           /* REF: name of the referenced entity */
  gint64              min;           /* see CareFieldType; min == max == 0: unbounded */
  gint64              max;
  guint               since;         /* schema version that added the field */
};

struct _CareEntity {
  const char         *name;            /* "patient": JSON type, REF target */
  const char         *table;           /* "patients" */
  const char         *label;           /* N_("Patient") */
  const char         *plural;          /* N_("Patients") */
  const char         *write_permission;/* needed to create/update/delete; NULL: any staff */
  const char         *read_permission; /* needed to read; NULL: any staff */
  guint               flags;           /* CareEntityFlags */
  const CareField    *fields;
  guint               n_fields;
  const char *const  *indexes;         /* extra composite indexes: "family_name, given_name" */
  const char *const  *unique;          /* composite unique keys within a tenant: "role, permission" */
  guint               since;           /* schema version that added the entity */
  /* Whose rows these are, declared once for the server's lists, reads and
   * sync pages. The portal shows a patient the rows where one of
   * patient_fields names them: "id" (the patient record), a field holding
   * the patient's id, or a REF to a record that has patient_fields itself
   * (a lab result through its lab test). NULL: never shown to patients. */
  const char *const  *patient_fields;
  /* Staff other than the admin see only the rows where one of these
   * names them (a notification's user_id). NULL: everyone's. */
  const char *const  *owner_fields;
  /* Staff other than the admin change or delete only the rows where one
   * of these names them (a task's assignee or whoever assigned it), and
   * create only rows that name them. NULL: any row write_permission
   * allows. See care-access.h. */
  const char *const  *writer_fields;
  /* Staff whose role one of these fields names may change the row as
   * writer_fields' staff may (a task for every nurse). NULL: none. */
  const char *const  *writer_role_fields;
  /* The fields any staff member with write_permission may change on a row
   * writer_fields would keep from them: answering an emergency alert
   * (status, acknowledged, resolved) is everyone's job, rewriting it is
   * not. NULL: none. */
  const char *const  *answer_fields;
};

/* Columns every entity carries besides its own fields. */
#define CARE_COLUMN_ID         "id"          /* UUIDv7, generated where the record is created */
#define CARE_COLUMN_TENANT     "tenant_id"
#define CARE_COLUMN_CREATED_AT "created_at"
#define CARE_COLUMN_CREATED_BY "created_by"
#define CARE_COLUMN_UPDATED_AT "updated_at"
#define CARE_COLUMN_UPDATED_BY "updated_by"
#define CARE_N_SYSTEM_COLUMNS  6

guint               care_schema_version          (void);
const CareEntity   *const *care_schema_entities  (guint            *n_entities);
const CareEntity   *care_schema_lookup           (const char       *name);
const CareEntity   *care_schema_lookup_table     (const char       *table);

int                 care_entity_field_index      (const CareEntity *entity,
                                                  const char       *name);
const CareField    *care_entity_field            (const CareEntity *entity,
                                                  const char       *name);
const char         *care_system_column_name      (guint             i);
/* Whether the entity's CARE_FIELD_SEARCH fields make a full-text index,
 * `<name>_search` (care-search.c): the patients'. */
gboolean            care_entity_is_searchable    (const CareEntity *entity);

const char         *care_field_choice_label      (const CareField  *field,
                                                  const char       *value);

/* The REF field of patient_fields through which the entity's rows belong
 * to a patient (lab_result: lab_test_id), or NULL when a field names the
 * patient directly. */
const CareField    *care_entity_patient_parent   (const CareEntity *entity);
/* The entity's first field referring to a patient (`REF ("patient")`:
 * vitals, lab_test: patient_id), or NULL when it has none. */
const CareField    *care_entity_patient_ref      (const CareEntity *entity);

/* Names used by the schema, the permission matrix and the pages. */
#define CARE_ROLE_ADMIN        "admin"
#define CARE_ROLE_RECEPTIONIST "receptionist"
#define CARE_ROLE_NURSE        "nurse"
#define CARE_ROLE_DOCTOR       "doctor"
#define CARE_ROLE_LAB          "lab_technician"
#define CARE_ROLE_PHARMACIST   "pharmacist"
#define CARE_ROLE_PATIENT      "patient"

#define CARE_PERM_PATIENT_REGISTRATION   "patient_registration"
#define CARE_PERM_APPOINTMENT_MANAGEMENT "appointment_management"
#define CARE_PERM_BILLING                "billing"
#define CARE_PERM_VITALS_ENTRY           "vitals_entry"
#define CARE_PERM_BED_ALLOCATION         "bed_allocation"
#define CARE_PERM_LAB_TEST_REQUESTS      "lab_test_requests"
#define CARE_PERM_LAB_REPORT_UPLOAD      "lab_report_upload"
#define CARE_PERM_PHARMACY_STOCK         "pharmacy_stock"
#define CARE_PERM_PRESCRIPTION_ORDERS    "prescription_orders"
/* Writing prescriptions and deciding refills: the prescriber's, not the
 * pharmacy's, which dispenses them (prescription_orders). */
#define CARE_PERM_PRESCRIBING            "prescribing"
#define CARE_PERM_STAFF_MANAGEMENT       "staff_management"
#define CARE_PERM_ROLE_PERMISSIONS       "role_permissions"
#define CARE_PERM_ATTENDANCE             "attendance"
/* Admin-only features beyond seed 001's table (inventory, settings, audit). */
#define CARE_PERM_CLINIC_SETTINGS        "clinic_settings"
#define CARE_PERM_REPORTS                "reports"
#define CARE_PERM_AUDIT_LOG              "audit_log"
/* Read scopes (issue 20): who reads clinical notes and vital signs, and
 * who reads lab results — the minimum each job needs. */
#define CARE_PERM_CLINICAL_RECORDS       "clinical_records"
#define CARE_PERM_LAB_RESULTS            "lab_results"

const char *const  *care_schema_roles            (void); /* staff roles, NULL-terminated */
const char         *care_role_label              (const char *role); /* translated */
const char *const  *care_schema_permissions      (void); /* NULL-terminated */
const char         *care_permission_label        (const char *permission); /* translated */
gboolean            care_default_permission      (const char *role,
                                                  const char *permission);

G_END_DECLS

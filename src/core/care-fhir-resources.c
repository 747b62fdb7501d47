/* care-fhir-resources.c: the FHIR resources of who the patient is and what they have: Patient, Practitioner, Encounter, Condition, AllergyIntolerance, Immunization, medications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-fhir"

#include "config.h"

#include "care-fhir-private.h"

#define V2_0203        "http://terminology.hl7.org/CodeSystem/v2-0203"
#define ACT_CODE       "http://terminology.hl7.org/CodeSystem/v3-ActCode"
#define COND_CLINICAL  "http://terminology.hl7.org/CodeSystem/condition-clinical"
#define COND_CATEGORY  "http://terminology.hl7.org/CodeSystem/condition-category"
#define ALLERGY_CLIN   "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"

static void
add_to_array (JsonObject *o,
              const char *member,
              JsonObject *element)
{
  JsonArray *array = json_object_has_member (o, member) ? json_object_get_array_member (o, member) : NULL;

  if (array == NULL)
    {
      array = json_array_new ();
      json_object_set_array_member (o, member, array);
    }
  json_array_add_object_element (array, element);
}

static JsonObject *
text_concept (const char *text)
{
  return care_fhir_concept (NULL, NULL, NULL, text);
}

static void
set_patient (CareFhirWriter *w,
             JsonObject     *o,
             const char     *member)
{
  care_fhir_set_ref (w, o, member, care_record_get_id (w->records->patient));
}

/* --- Patient, Practitioner ------------------------------------------------ */

static JsonObject *
contact_point (const char *system,
               const char *value)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "system", system);
  json_object_set_string_member (o, "value", value);
  return o;
}

static const char *
gender (const char *sex)
{
  if (g_strcmp0 (sex, "female") == 0 || g_strcmp0 (sex, "male") == 0)
    return sex;
  return g_strcmp0 (sex, "intersex") == 0 ? "other" : "unknown";
}

static void
write_names (JsonObject       *r,
             const CareRecord *p)
{
  JsonObject *official = json_object_new ();
  JsonArray *given = json_array_new ();

  json_object_set_string_member (official, "use", "official");
  care_fhir_set_text (official, "family", care_fhir_value (p, "family_name"));
  json_array_add_string_element (given, care_fhir_value (p, "given_name") ?: "");
  json_object_set_array_member (official, "given", given);
  add_to_array (r, "name", official);
  if (care_fhir_value (p, "preferred_name"))
    {
      JsonObject *usual = json_object_new ();
      JsonArray *usual_given = json_array_new ();

      json_object_set_string_member (usual, "use", "usual");
      json_array_add_string_element (usual_given, care_fhir_value (p, "preferred_name"));
      json_object_set_array_member (usual, "given", usual_given);
      add_to_array (r, "name", usual);
    }
}

static void
write_address (JsonObject       *r,
               const CareRecord *p)
{
  JsonObject *a = json_object_new ();

  if (care_fhir_value (p, "address_line"))
    {
      JsonArray *lines = json_array_new ();

      json_array_add_string_element (lines, care_fhir_value (p, "address_line"));
      json_object_set_array_member (a, "line", lines);
    }
  care_fhir_set_text (a, "city", care_fhir_value (p, "city"));
  care_fhir_set_text (a, "state", care_fhir_value (p, "region"));
  care_fhir_set_text (a, "postalCode", care_fhir_value (p, "postal_code"));
  care_fhir_set_text (a, "country", care_fhir_value (p, "country"));
  if (json_object_get_size (a))
    add_to_array (r, "address", a);
  else
    json_object_unref (a);
}

static void
write_emergency_contact (JsonObject       *r,
                         const CareRecord *p)
{
  JsonObject *c;

  if (!care_fhir_value (p, "emergency_contact_name") && !care_fhir_value (p, "emergency_contact_phone"))
    return;
  c = json_object_new ();
  if (care_fhir_value (p, "emergency_contact_relationship"))
    add_to_array (c, "relationship", text_concept (care_fhir_value (p, "emergency_contact_relationship")));
  if (care_fhir_value (p, "emergency_contact_name"))
    {
      JsonObject *name = json_object_new ();

      json_object_set_string_member (name, "text", care_fhir_value (p, "emergency_contact_name"));
      json_object_set_object_member (c, "name", name);
    }
  if (care_fhir_value (p, "emergency_contact_phone"))
    add_to_array (c, "telecom", contact_point ("phone", care_fhir_value (p, "emergency_contact_phone")));
  add_to_array (r, "contact", c);
}

void
care_fhir_write_patient (CareFhirWriter *w)
{
  const CareRecord *p = w->records->patient;
  JsonObject *r = care_fhir_add (w, "Patient", care_record_get_id (p), p);

  if (care_fhir_value (p, "mrn"))
    {
      JsonObject *id = json_object_new ();
      g_autofree char *system = care_fhir_value (p, CARE_COLUMN_TENANT) ? g_strconcat ("urn:uuid:", care_fhir_value (p, CARE_COLUMN_TENANT), NULL) : NULL;

      json_object_set_string_member (id, "use", "usual");
      json_object_set_object_member (id, "type", care_fhir_concept (V2_0203, "MR", "Medical record number", NULL));
      /* Record numbers are unique within a clinic: the clinic's id names them. */
      care_fhir_set_text (id, "system", system);
      json_object_set_string_member (id, "value", care_fhir_value (p, "mrn"));
      add_to_array (r, "identifier", id);
    }
  json_object_set_boolean_member (r, "active", TRUE);
  write_names (r, p);
  if (care_fhir_value (p, "phone"))
    add_to_array (r, "telecom", contact_point ("phone", care_fhir_value (p, "phone")));
  if (care_fhir_value (p, "email"))
    add_to_array (r, "telecom", contact_point ("email", care_fhir_value (p, "email")));
  json_object_set_string_member (r, "gender", gender (care_fhir_value (p, "sex")));
  care_fhir_set_text (r, "birthDate", care_fhir_value (p, "date_of_birth"));
  write_address (r, p);
  write_emergency_contact (r, p);
  if (care_fhir_value (p, "preferred_language"))
    {
      JsonObject *language = json_object_new ();

      json_object_set_object_member (language, "language", text_concept (care_fhir_value (p, "preferred_language")));
      json_object_set_boolean_member (language, "preferred", TRUE);
      add_to_array (r, "communication", language);
    }
}

void
care_fhir_write_practitioners (CareFhirWriter *w)
{
  GPtrArray *users = care_fhir_records_list (w->records, "user");

  /* Who recorded what, by name only: nothing of a staff account travels. */
  for (guint i = 0; i < users->len; i++)
    {
      const CareRecord *u = g_ptr_array_index (users, i);
      JsonObject *r = care_fhir_add (w, "Practitioner", care_record_get_id (u), NULL);
      JsonObject *name = json_object_new ();

      json_object_set_boolean_member (r, "active", care_record_get_bool (u, "active"));
      json_object_set_string_member (name, "text", care_fhir_value (u, "full_name") ?: care_fhir_value (u, "username") ?: "");
      add_to_array (r, "name", name);
    }
}

/* --- Encounter ---------------------------------------------------------- */

static JsonObject *
encounter_class (const char *code,
                 const char *display)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "system", ACT_CODE);
  json_object_set_string_member (o, "code", code);
  json_object_set_string_member (o, "display", display);
  return o;
}

static JsonObject *
participant (CareFhirWriter *w,
             const char     *user_id)
{
  JsonObject *o = json_object_new ();

  care_fhir_set_ref (w, o, "individual", user_id);
  return o;
}

static void
write_period (JsonObject *r,
              const char *start,
              const char *end,
              gint        minutes)
{
  JsonObject *period = json_object_new ();

  care_fhir_set_time (period, "start", start, 0);
  if (end)
    care_fhir_set_time (period, "end", end, 0);
  else if (minutes > 0)
    care_fhir_set_time (period, "end", start, minutes);
  json_object_set_object_member (r, "period", period);
}

void
care_fhir_write_encounters (CareFhirWriter *w)
{
  GPtrArray *visits = care_fhir_records_list (w->records, "appointment");
  GPtrArray *stays = care_fhir_records_list (w->records, "bed_allocation");

  for (guint i = 0; i < visits->len; i++)
    {
      const CareRecord *a = g_ptr_array_index (visits, i);
      JsonObject *r = care_fhir_add (w, "Encounter", care_record_get_id (a), a);
      gboolean remote = g_strcmp0 (care_fhir_value (a, "type"), "telehealth") == 0;

      json_object_set_string_member (r, "status", care_fhir_encounter_status (care_fhir_value (a, "status")));
      json_object_set_object_member (r, "class", remote ? encounter_class ("VR", "virtual")
                                                        : encounter_class ("AMB", "ambulatory"));
      add_to_array (r, "type", text_concept (care_fhir_choice_text (a, "type")));
      set_patient (w, r, "subject");
      if (care_fhir_value (a, "provider_id") && g_hash_table_contains (w->present, care_fhir_value (a, "provider_id")))
        add_to_array (r, "participant", participant (w, care_fhir_value (a, "provider_id")));
      write_period (r, care_fhir_value (a, "starts_at"), NULL, care_record_get_int (a, "duration_minutes", 0));
      if (care_fhir_value (a, "reason"))
        add_to_array (r, "reasonCode", text_concept (care_fhir_value (a, "reason")));
    }

  for (guint i = 0; i < stays->len; i++)
    {
      const CareRecord *b = g_ptr_array_index (stays, i);
      JsonObject *r = care_fhir_add (w, "Encounter", care_record_get_id (b), b);

      json_object_set_string_member (r, "status", g_strcmp0 (care_fhir_value (b, "status"), "active") == 0 ? "in-progress" : "finished");
      json_object_set_object_member (r, "class", encounter_class ("IMP", "inpatient encounter"));
      set_patient (w, r, "subject");
      if (care_fhir_value (b, "admitted_by") && g_hash_table_contains (w->present, care_fhir_value (b, "admitted_by")))
        add_to_array (r, "participant", participant (w, care_fhir_value (b, "admitted_by")));
      write_period (r, care_fhir_value (b, "admitted_at"), care_fhir_value (b, "released_at"), 0);
      if (care_fhir_value (b, "reason"))
        add_to_array (r, "reasonCode", text_concept (care_fhir_value (b, "reason")));
      care_fhir_set_ref (w, r, "partOf", care_fhir_value (b, "transferred_from_id"));
    }
}

/* --- Condition, AllergyIntolerance, Immunization -------------------------- */

static JsonObject *
category (const char *system,
          const char *code,
          const char *display)
{
  return care_fhir_concept (system, code, display, NULL);
}

/* One resource per item of a list field of the patient (their problem
 * list, allergies, immunizations): id from the patient's, the list and
 * the item. */
static JsonObject *
add_list_item (CareFhirWriter *w,
               const char     *type,
               const char     *list,
               guint           i,
               const char     *item)
{
  g_autofree char *name = g_strdup_printf ("%s/%u/%s", list, i, item);
  g_autofree char *id = care_fhir_derived_id (care_record_get_id (w->records->patient), name);

  return care_fhir_add (w, type, id, NULL);
}

/* "MMR 1990", "tetanus 2021-05-03": the vaccine and, if given, when. */
static void
write_immunization (CareFhirWriter *w,
                    guint           i,
                    const char     *item)
{
  JsonObject *r = add_list_item (w, "Immunization", "immunizations", i, item);
  g_autoptr(GRegex) regex = g_regex_new ("^(.*?)[\\s,;]+((?:19|20)[0-9]{2}(?:-[0-9]{2}(?:-[0-9]{2})?)?)$", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *vaccine = NULL;
  g_autofree char *date = NULL;

  if (g_regex_match (regex, item, 0, &match))
    {
      vaccine = g_match_info_fetch (match, 1);
      date = g_match_info_fetch (match, 2);
    }
  json_object_set_string_member (r, "status", "completed");
  json_object_set_object_member (r, "vaccineCode", text_concept (vaccine && *vaccine ? vaccine : item));
  set_patient (w, r, "patient");
  if (date)
    json_object_set_string_member (r, "occurrenceDateTime", date);
  else
    json_object_set_string_member (r, "occurrenceString", "Date not recorded");
}

static void
write_patient_lists (CareFhirWriter *w)
{
  g_auto(GStrv) conditions = care_record_get_list (w->records->patient, "conditions");
  g_auto(GStrv) allergies = care_record_get_list (w->records->patient, "allergies");
  g_auto(GStrv) immunizations = care_record_get_list (w->records->patient, "immunizations");

  for (guint i = 0; conditions && conditions[i]; i++)
    {
      JsonObject *r = add_list_item (w, "Condition", "conditions", i, conditions[i]);

      json_object_set_object_member (r, "clinicalStatus", care_fhir_concept (COND_CLINICAL, "active", "Active", NULL));
      add_to_array (r, "category", category (COND_CATEGORY, "problem-list-item", "Problem List Item"));
      json_object_set_object_member (r, "code", text_concept (conditions[i]));
      set_patient (w, r, "subject");
    }
  for (guint i = 0; allergies && allergies[i]; i++)
    {
      JsonObject *r = add_list_item (w, "AllergyIntolerance", "allergies", i, allergies[i]);

      json_object_set_object_member (r, "clinicalStatus", care_fhir_concept (ALLERGY_CLIN, "active", "Active", NULL));
      json_object_set_object_member (r, "code", text_concept (allergies[i]));
      set_patient (w, r, "patient");
    }
  for (guint i = 0; immunizations && immunizations[i]; i++)
    write_immunization (w, i, immunizations[i]);
}

/* FHIR's criticality from the chart's severity: a reaction that is
 * severe or life-threatening is a high risk of a critical one. */
static const char *
allergy_criticality (const char *severity)
{
  if (severity == NULL)
    return "unable-to-assess";
  return g_str_equal (severity, "severe") || g_str_equal (severity, "life_threatening") ? "high" : "low";
}

/* The chart's allergy records: what, the reaction and how severe. */
static void
write_allergy_records (CareFhirWriter *w)
{
  GPtrArray *allergies = care_fhir_records_list (w->records, "allergy");

  for (guint i = 0; i < allergies->len; i++)
    {
      const CareRecord *a = g_ptr_array_index (allergies, i);
      const char *severity = care_fhir_value (a, "severity");
      const char *reaction_text = care_fhir_value (a, "reaction");
      JsonObject *r = care_fhir_add (w, "AllergyIntolerance", care_record_get_id (a), a);

      json_object_set_object_member (r, "clinicalStatus", care_fhir_concept (ALLERGY_CLIN, "active", "Active", NULL));
      json_object_set_string_member (r, "criticality", allergy_criticality (severity));
      json_object_set_object_member (r, "code", text_concept (care_fhir_value (a, "substance")));
      set_patient (w, r, "patient");
      if (care_fhir_value (a, "noted_on"))
        json_object_set_string_member (r, "recordedDate", care_fhir_value (a, "noted_on"));
      if (reaction_text || severity)
        {
          JsonObject *reaction = json_object_new ();

          if (reaction_text)
            add_to_array (reaction, "manifestation", text_concept (reaction_text));
          /* FHIR's reaction severity has no "life-threatening": that is severe. */
          if (severity)
            json_object_set_string_member (reaction, "severity",
                                           g_str_equal (severity, "life_threatening") ? "severe" : severity);
          add_to_array (r, "reaction", reaction);
        }
    }
}

/* The chart's problem list: a condition active or resolved, and since when. */
static void
write_problem_records (CareFhirWriter *w)
{
  GPtrArray *problems = care_fhir_records_list (w->records, "problem");

  for (guint i = 0; i < problems->len; i++)
    {
      const CareRecord *p = g_ptr_array_index (problems, i);
      gboolean resolved = g_strcmp0 (care_fhir_value (p, "status"), "resolved") == 0;
      JsonObject *r = care_fhir_add (w, "Condition", care_record_get_id (p), p);

      json_object_set_object_member (r, "clinicalStatus",
                                     resolved ? care_fhir_concept (COND_CLINICAL, "resolved", "Resolved", NULL)
                                              : care_fhir_concept (COND_CLINICAL, "active", "Active", NULL));
      add_to_array (r, "category", category (COND_CATEGORY, "problem-list-item", "Problem List Item"));
      json_object_set_object_member (r, "code", care_fhir_concept (CARE_FHIR_ICD10, care_fhir_value (p, "code"), NULL,
                                                                   care_fhir_value (p, "name")));
      set_patient (w, r, "subject");
      if (care_fhir_value (p, "onset_on"))
        json_object_set_string_member (r, "onsetDateTime", care_fhir_value (p, "onset_on"));
      if (resolved && care_fhir_value (p, "resolved_on"))
        json_object_set_string_member (r, "abatementDateTime", care_fhir_value (p, "resolved_on"));
    }
}

void
care_fhir_write_problems (CareFhirWriter *w)
{
  GPtrArray *notes = care_fhir_records_list (w->records, "clinical_note");

  write_patient_lists (w);
  write_allergy_records (w);
  write_problem_records (w);
  /* The diagnoses of notes, as last amended. */
  for (guint i = 0; i < notes->len; i++)
    {
      const CareRecord *n = g_ptr_array_index (notes, i);
      const char *text = care_fhir_value (n, "diagnosis");
      const char *code = care_fhir_value (n, "diagnosis_code");
      g_autofree char *id = NULL;
      JsonObject *r;

      if ((!text && !code) || !care_fhir_is_current (w, n))
        continue;
      id = care_fhir_derived_id (care_record_get_id (n), "condition");
      r = care_fhir_add (w, "Condition", id, n);
      add_to_array (r, "category", category (COND_CATEGORY, "encounter-diagnosis", "Encounter Diagnosis"));
      json_object_set_object_member (r, "code", care_fhir_concept (CARE_FHIR_ICD10, code, NULL, text ?: code));
      set_patient (w, r, "subject");
      care_fhir_set_ref (w, r, "encounter", care_fhir_value (n, "appointment_id"));
      care_fhir_set_time (r, "recordedDate", care_fhir_value (n, CARE_COLUMN_CREATED_AT), 0);
      care_fhir_set_ref (w, r, "recorder", care_fhir_value (n, "author_id"));
      if (care_fhir_value (n, "treatment"))
        {
          JsonObject *note = json_object_new ();

          json_object_set_string_member (note, "text", care_fhir_value (n, "treatment"));
          add_to_array (r, "note", note);
        }
    }
}

/* --- MedicationRequest, MedicationStatement -------------------------------- */

/* "500 mg" as a quantity when its unit has a UCUM code. */
static JsonObject *
dose_quantity (const char *dose)
{
  g_autoptr(GRegex) regex = g_regex_new ("^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(\\S+)\\s*$", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *number = NULL;
  g_autofree char *unit = NULL;
  double value;

  if (dose == NULL || !g_regex_match (regex, dose, 0, &match))
    return NULL;
  number = g_match_info_fetch (match, 1);
  unit = g_match_info_fetch (match, 2);
  if (!care_fhir_ucum_code (unit) || !care_fhir_number (number, &value))
    return NULL;
  return care_fhir_quantity (value, unit, care_fhir_ucum_code (unit));
}

/* Dose, route and frequency as a line and as parts. */
static JsonObject *
dosage (const CareRecord *r)
{
  JsonObject *o = json_object_new ();
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  JsonObject *route = care_fhir_route (care_fhir_value (r, "route"));
  JsonObject *quantity = dose_quantity (care_fhir_value (r, "dose"));
  gint64 days = care_fhir_value (r, "duration_days") ? care_record_get_int (r, "duration_days", 0) : 0;
  g_autofree char *text = NULL;

  if (care_fhir_value (r, "dose"))
    g_ptr_array_add (words, g_strdup (care_fhir_value (r, "dose")));
  if (care_fhir_value (r, "route"))
    g_ptr_array_add (words, g_ascii_strdown (care_fhir_choice_text (r, "route"), -1));
  if (care_fhir_value (r, "frequency"))
    g_ptr_array_add (words, g_strdup (care_fhir_value (r, "frequency")));
  if (days > 0)
    g_ptr_array_add (words, g_strdup_printf ("for %" G_GINT64_FORMAT " days", days));
  g_ptr_array_add (words, NULL);
  text = g_strjoinv (", ", (char **) words->pdata);
  care_fhir_set_text (o, "text", text);
  care_fhir_set_text (o, "patientInstruction", care_fhir_value (r, "instructions"));
  if (care_fhir_value (r, "frequency"))
    {
      JsonObject *timing = json_object_new ();

      json_object_set_object_member (timing, "code", text_concept (care_fhir_value (r, "frequency")));
      json_object_set_object_member (o, "timing", timing);
    }
  if (route)
    {
      json_object_set_string_member (route, "text", care_fhir_choice_text (r, "route"));
      json_object_set_object_member (o, "route", route);
    }
  if (quantity)
    {
      JsonObject *rate = json_object_new ();

      json_object_set_object_member (rate, "doseQuantity", quantity);
      add_to_array (o, "doseAndRate", rate);
    }
  return o;
}

static const CareRecord *
find_by_id (GPtrArray  *rows,
            const char *id)
{
  for (guint i = 0; id && i < rows->len; i++)
    if (g_str_equal (care_record_get_id (g_ptr_array_index (rows, i)), id))
      return g_ptr_array_index (rows, i);
  return NULL;
}

static void
write_request (CareFhirWriter   *w,
               const CareRecord *item,
               const CareRecord *rx)
{
  JsonObject *r = care_fhir_add (w, "MedicationRequest", care_record_get_id (item), item);
  JsonObject *group = json_object_new ();
  JsonObject *dispense = json_object_new ();
  gint64 quantity = care_record_get_int (item, "quantity", 0);
  gint64 days = care_record_get_int (item, "duration_days", 0);

  json_object_set_string_member (group, "value", care_record_get_id (rx));
  json_object_set_string_member (r, "status", care_fhir_request_status (care_fhir_value (rx, "status")));
  json_object_set_string_member (r, "intent", "order");
  json_object_set_object_member (r, "medicationCodeableConcept", text_concept (care_fhir_value (item, "medicine_name")));
  set_patient (w, r, "subject");
  care_fhir_set_ref (w, r, "encounter", care_fhir_value (rx, "appointment_id"));
  care_fhir_set_text (r, "authoredOn", care_fhir_value (rx, "issued_on"));
  care_fhir_set_ref (w, r, "requester", care_fhir_value (rx, "prescriber_id"));
  /* The items of one prescription share its id. */
  json_object_set_object_member (r, "groupIdentifier", group);
  if (care_fhir_value (rx, "notes"))
    {
      JsonObject *note = json_object_new ();

      json_object_set_string_member (note, "text", care_fhir_value (rx, "notes"));
      add_to_array (r, "note", note);
    }
  add_to_array (r, "dosageInstruction", dosage (item));
  json_object_set_int_member (dispense, "numberOfRepeatsAllowed", care_record_get_int (rx, "refills_allowed", 0));
  if (quantity > 0)
    {
      JsonObject *q = json_object_new ();

      json_object_set_int_member (q, "value", quantity);
      json_object_set_object_member (dispense, "quantity", q);
    }
  if (days > 0)
    json_object_set_object_member (dispense, "expectedSupplyDuration", care_fhir_quantity (days, "days", "d"));
  json_object_set_object_member (r, "dispenseRequest", dispense);
}

void
care_fhir_write_medications (CareFhirWriter *w)
{
  GPtrArray *prescriptions = care_fhir_records_list (w->records, "prescription");
  GPtrArray *items = care_fhir_records_list (w->records, "prescription_item");
  GPtrArray *medications = care_fhir_records_list (w->records, "medication");

  for (guint i = 0; i < items->len; i++)
    {
      const CareRecord *item = g_ptr_array_index (items, i);
      const CareRecord *rx = find_by_id (prescriptions, care_fhir_value (item, "prescription_id"));

      if (rx)
        write_request (w, item, rx);
    }
  for (guint i = 0; i < medications->len; i++)
    {
      const CareRecord *m = g_ptr_array_index (medications, i);
      JsonObject *r = care_fhir_add (w, "MedicationStatement", care_record_get_id (m), m);

      json_object_set_string_member (r, "status", care_fhir_statement_status (care_fhir_value (m, "status")));
      json_object_set_object_member (r, "medicationCodeableConcept", text_concept (care_fhir_value (m, "name")));
      set_patient (w, r, "subject");
      if (care_fhir_value (m, "started_on") || care_fhir_value (m, "stopped_on"))
        {
          JsonObject *period = json_object_new ();

          care_fhir_set_text (period, "start", care_fhir_value (m, "started_on"));
          care_fhir_set_text (period, "end", care_fhir_value (m, "stopped_on"));
          json_object_set_object_member (r, "effectivePeriod", period);
        }
      care_fhir_set_ref (w, r, "informationSource", care_fhir_value (m, "prescribed_by"));
      {
        JsonObject *d = dosage (m);

        /* FHIR has no empty elements. */
        if (json_object_get_size (d))
          add_to_array (r, "dosage", d);
        else
          json_object_unref (d);
      }
    }
}

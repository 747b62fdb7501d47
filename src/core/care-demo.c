/* care-demo.c: a demo clinic and synthetic patients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-demo"

#include "config.h"

#include "care-accounts.h"
#include "care-clock.h"
#include "care-demo.h"
#include "care-numbers.h"
#include "care-store-private.h"

static const char *const given_names[] = {
  "María", "José", "Amira", "Chen", "Olga", "Kwame", "Aiko", "Liam", "Sofía", "Noah",
  "Fatima", "Mateo", "Zoë", "Ibrahim", "Élodie", "Ravi", "Ingrid", "Tomás", "Yusuf", "Hana",
  "Lucía", "Omar", "Grace", "Dmitri", "Priya", "Jonas", "Ana", "Samuel", "Leila", "Ethan",
  "Chloé", "Mohammed", "Nadia", "Pedro", "Emma", "Kofi", "Mei", "Oliver", "Isabel", "Arjun",
  "Søren", "Aisha", "Lars", "Camila", "Hiroshi", "Ruth", "Diego", "Selin", "Marek", "Nia",
};

static const char *const family_names[] = {
  "López", "García", "Haddad", "Wang", "Petrova", "Mensah", "Tanaka", "O'Brien", "Müller", "Smith",
  "Nguyen", "Kowalski", "Rossi", "Fernández", "Okafor", "Johansson", "Dubois", "Patel", "Schmidt", "Silva",
  "Yılmaz", "Novak", "Kim", "Martínez", "Jensen", "Costa", "Ahmed", "Brown", "Ivanova", "Santos",
};

static const char *const syllables[] = {
  "an", "be", "ca", "da", "el", "fa", "gi", "ha", "il", "jo", "ka", "lu", "ma", "ne", "ol",
  "pa", "ri", "sa", "ta", "ul", "va", "yo", "za", "mi", "ro", "ke", "li", "no", "su", "te",
};

static const char *const cities[] = {
  "Springfield", "Riverside", "Fairview", "Madrid", "Accra", "Lyon", "Osaka", "Kraków", "Porto", "Leeds",
};

static const char *const conditions[] = {
  "hypertension", "type 2 diabetes", "asthma", "COPD", "hypothyroidism", "migraine",
  "osteoarthritis", "atrial fibrillation", "depression", "chronic kidney disease",
};

static const char *const allergies[] = { "penicillin", "latex", "peanuts", "sulfonamides", "aspirin", "shellfish" };
static const char *const languages[] = { "English", "Spanish", "French", "Arabic", "Mandarin", "Portuguese" };
static const char *const countries[] = { "United Kingdom", "Spain", "Ghana", "France", "Japan", "Poland", "Portugal" };

#define PICK(rand, array) (array[g_rand_int_range (rand, 0, G_N_ELEMENTS (array))])

static char *
made_up_name (GRand *rand)
{
  GString *s = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 2, 5);

  for (guint i = 0; i < n; i++)
    g_string_append (s, PICK (rand, syllables));
  s->str[0] = g_ascii_toupper (s->str[0]);
  return g_string_free (s, FALSE);
}

static int
this_year (void)
{
  g_autoptr(GDateTime) now = care_clock_now_utc ();

  return g_date_time_get_year (now);
}

void
care_demo_fill_patient (CareRecord *record,
                        GRand      *rand,
                        guint       i)
{
  const char *given = PICK (rand, given_names);
  g_autofree char *family = NULL;
  g_autofree char *dob = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *email = NULL;
  g_autofree char *ascii = NULL;
  g_autofree char *given_ascii = g_str_to_ascii (given, "C");

  /* Three in ten from the list of real family names, so searches for
   * common names find many; the rest made up, as varied as a city. */
  family = g_rand_int_range (rand, 0, 10) < 3 ? g_strdup (PICK (rand, family_names)) : made_up_name (rand);
  /* Born 1 to 94 years before this year: never in the future. */
  dob = g_strdup_printf ("%04d-%02d-%02d", this_year () - g_rand_int_range (rand, 1, 95),
                         g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29));
  phone = g_strdup_printf ("+44 7%03d %06d", g_rand_int_range (rand, 100, 1000), g_rand_int_range (rand, 0, 1000000));
  ascii = g_str_to_ascii (family, "C");
  email = g_strdup_printf ("%c.%s%u@example.org", g_ascii_tolower (given_ascii[0]),
                           g_strdelimit (g_ascii_strdown (ascii, -1), " '", '-'), i);

  care_record_set (record, "given_name", given);
  care_record_set (record, "family_name", family);
  care_record_set (record, "date_of_birth", dob);
  care_record_set (record, "sex", g_rand_boolean (rand) ? "female" : "male");
  care_record_set (record, "phone", phone);
  care_record_set (record, "email", email);
  care_record_set (record, "city", PICK (rand, cities));
  care_record_set (record, "country", PICK (rand, countries));
  care_record_set (record, "preferred_language", PICK (rand, languages));
  care_record_set (record, "status", g_rand_int_range (rand, 0, 3) ? "repeat" : "new");
  care_record_set_int (record, "risk_score", g_rand_int_range (rand, 0, 101));
  if (g_rand_int_range (rand, 0, 4) == 0)
    {
      const char *items[] = { PICK (rand, conditions), NULL };
      care_record_set_list (record, "conditions", items);
    }
  if (g_rand_int_range (rand, 0, 8) == 0)
    {
      const char *items[] = { PICK (rand, allergies), NULL };
      care_record_set_list (record, "allergies", items);
    }
}

gboolean
care_demo_add_patients (CareStore  *store,
                        guint       n,
                        guint32     seed,
                        GError    **error)
{
  const CareEntity *entity = care_schema_lookup ("patient");
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree char *counter = NULL;
  char buf[32];
  gint64 next;
  guint done = 0;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);

  counter = care_store_get_meta (store, "counter.mrn");
  next = counter ? g_ascii_strtoll (counter, NULL, 10) : 0;

  while (done < n)
    {
      guint batch = MIN (n - done, 10000);

      if (!care_store_begin (store, error))
        return FALSE;
      for (guint i = 0; i < batch; i++, done++)
        {
          g_autoptr(CareRecord) patient = care_record_new (entity);
          g_autofree char *mrn = care_numbers_format ("mrn", care_store_get_device_code (store), ++next);

          care_demo_fill_patient (patient, rand, done);
          care_record_set (patient, "mrn", mrn);
          if (!care_store_insert_full (store, patient, FALSE, error))
            {
              care_store_rollback (store);
              return FALSE;
            }
        }
      g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, next);
      if (!care_store_set_meta (store, "counter.mrn", buf, error))
        {
          care_store_rollback (store);
          return FALSE;
        }
      if (!care_store_commit (store, error))
        return FALSE;
    }
  return TRUE;
}

static const struct {
  const char *username;
  const char *full_name;
  const char *role;
  const char *specialty;
} demo_staff[] = {
  { "reception", "Lucía Fernández", CARE_ROLE_RECEPTIONIST, NULL },
  { "nurse", "Kwame Mensah", CARE_ROLE_NURSE, NULL },
  { "doctor", "Amira Haddad", CARE_ROLE_DOCTOR, "Family medicine" },
  { "lab", "Jonas Johansson", CARE_ROLE_LAB, NULL },
  { "pharmacy", "Priya Patel", CARE_ROLE_PHARMACIST, NULL },
};

gboolean
care_demo_populate (CareStore  *store,
                    guint       n_patients,
                    GError    **error)
{
  g_autoptr(CareRecord) existing = NULL;
  g_autoptr(CareRecord) clinic = NULL;
  g_autoptr(CareRecord) admin = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);

  existing = care_store_get_clinic (store);
  if (existing)
    return TRUE;

  clinic = care_record_new (care_schema_lookup ("tenant"));
  care_record_set (clinic, "name", "Riverside Family Clinic");
  care_record_set (clinic, "address", "12 Mill Lane\nRiverside RV1 2AB\nUnited Kingdom");
  care_record_set (clinic, "phone", "+44 20 7946 0958");
  care_record_set (clinic, "email", "front.desk@riverside-clinic.example");
  care_record_set (clinic, "currency", "GBP");
  care_record_set (clinic, "tax_rate", "0");

  admin = care_record_new (care_schema_lookup ("user"));
  care_record_set (admin, "full_name", "Olga Petrova");
  care_record_set (admin, "username", "admin");
  care_record_set (admin, "email", "admin@riverside-clinic.example");

  if (!care_accounts_create_clinic (store, clinic, admin, CARE_DEMO_PASSWORD, error))
    return FALSE;

  care_store_set_actor (store, care_record_get_id (admin));
  for (guint i = 0; i < G_N_ELEMENTS (demo_staff); i++)
    {
      g_autoptr(CareRecord) user = care_record_new (care_schema_lookup ("user"));
      g_autofree char *email = g_strdup_printf ("%s@riverside-clinic.example", demo_staff[i].username);

      care_record_set (user, "username", demo_staff[i].username);
      care_record_set (user, "full_name", demo_staff[i].full_name);
      care_record_set (user, "role", demo_staff[i].role);
      care_record_set (user, "email", email);
      care_record_set (user, "specialty", demo_staff[i].specialty);
      if (!care_accounts_create_user (store, user, CARE_DEMO_PASSWORD, error))
        return FALSE;
    }

  if (!care_demo_add_patients (store, n_patients, 20261121, error))
    return FALSE;
  care_store_set_actor (store, NULL);
  return TRUE;
}

/* care-validation.c: the rules every record obeys before it is written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-validation"

#include "config.h"

#include "care-clock.h"

#include <math.h>
#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "care-json.h"
#include "care-uuid.h"
#include "care-validation.h"

G_DEFINE_QUARK (care-validation-error-quark, care_validation_error)

struct _CareValidation
{
  GPtrArray *fields;    /* char* */
  GPtrArray *messages;  /* char* */
};

CareValidation *
care_validation_new (void)
{
  CareValidation *self = g_new0 (CareValidation, 1);

  self->fields = g_ptr_array_new_with_free_func (g_free);
  self->messages = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
care_validation_free (CareValidation *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->fields);
  g_ptr_array_unref (self->messages);
  g_free (self);
}

void
care_validation_add (CareValidation *self,
                     const char     *field,
                     const char     *message)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (field != NULL && message != NULL);

  if (care_validation_get_message (self, field) != NULL)
    return;
  g_ptr_array_add (self->fields, g_strdup (field));
  g_ptr_array_add (self->messages, g_strdup (message));
}

gboolean
care_validation_is_valid (const CareValidation *self)
{
  return self == NULL || self->fields->len == 0;
}

guint
care_validation_get_n_errors (const CareValidation *self)
{
  return self ? self->fields->len : 0;
}

const char *
care_validation_get_field (const CareValidation *self,
                           guint                 i)
{
  g_return_val_if_fail (self != NULL && i < self->fields->len, NULL);
  return g_ptr_array_index (self->fields, i);
}

const char *
care_validation_get_message (const CareValidation *self,
                             const char           *field)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->fields->len; i++)
    if (g_str_equal (g_ptr_array_index (self->fields, i), field))
      return g_ptr_array_index (self->messages, i);
  return NULL;
}

char *
care_validation_to_string (const CareValidation *self,
                           const CareEntity     *entity)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; self && i < self->fields->len; i++)
    {
      const char *name = g_ptr_array_index (self->fields, i);
      const CareField *field = entity ? care_entity_field (entity, name) : NULL;

      if (text->len)
        g_string_append_c (text, '\n');
      /* Translators: a form field's label, then what is wrong with it */
      g_string_append_printf (text, _("%s: %s"),
                              field ? g_dgettext (GETTEXT_PACKAGE, field->label) : name,
                              (const char *) g_ptr_array_index (self->messages, i));
    }
  return g_string_free (text, FALSE);
}

void
care_validation_set_error (const CareValidation *self,
                           const CareEntity     *entity,
                           GError              **error)
{
  g_autofree char *text = care_validation_to_string (self, entity);

  g_set_error_literal (error, CARE_VALIDATION_ERROR, CARE_VALIDATION_ERROR_INVALID, text);
}

/* --- single values ------------------------------------------------------ */

static gboolean
parse_int (const char *text,
           gint64     *out)
{
  return g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, out, NULL);
}

static gboolean
parse_decimal (const char *text,
               double     *out)
{
  char *end = NULL;

  if (text[0] == '\0' || g_ascii_isspace (text[0]))
    return FALSE;
  *out = g_ascii_strtod (text, &end);
  return end && *end == '\0' && isfinite (*out);
}

/* YYYY-MM-DD, a real day of the calendar. */
static GDateTime *
parse_date (const char *text)
{
  int y, m, d;
  char tail;

  if (strlen (text) != 10 || sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
      text[4] != '-' || text[7] != '-')
    return NULL;
  if (!g_date_valid_dmy (d, m, y))
    return NULL;
  return g_date_time_new_utc (y, m, d, 0, 0, 0);
}

static gboolean
is_date_shape (const char *text)
{
  return strlen (text) == 10 && g_ascii_isdigit (text[0]) && text[4] == '-' && text[7] == '-';
}

static GDateTime *
parse_datetime (const char *text)
{
  gsize len = strlen (text);

  /* Canonical: 2026-11-21T16:35:08Z or with milliseconds. */
  if (len < 20 || text[10] != 'T' || text[len - 1] != 'Z')
    return NULL;
  return g_date_time_new_from_iso8601 (text, NULL);
}

static gboolean
parse_time (const char *text,
            int        *minutes)
{
  int h, m;
  char tail;

  if (strlen (text) != 5 || text[2] != ':' || sscanf (text, "%2d:%2d%c", &h, &m, &tail) != 2)
    return FALSE;
  if (h < 0 || h > 23 || m < 0 || m > 59)
    return FALSE;
  *minutes = h * 60 + m;
  return TRUE;
}

static gboolean
is_email (const char *text)
{
  const char *at = strchr (text, '@');
  const char *dot;

  if (at == NULL || at == text || strchr (at + 1, '@'))
    return FALSE;
  dot = strrchr (at, '.');
  if (dot == NULL || dot == at + 1 || dot[1] == '\0' || strlen (dot + 1) < 2)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (g_ascii_isspace (*p) || *p == ',' || *p == ';' || *p == '<' || *p == '>')
      return FALSE;
  return TRUE;
}

static gboolean
is_phone (const char *text)
{
  guint digits = 0;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (!strchr ("+ ()-./", *p) || (*p == '+' && p != text))
        return FALSE;
    }
  return digits >= 7 && digits <= 15;
}

/* %lld, not G_GINT64_FORMAT: xgettext cannot see through the macro, so the
 * message would never be found in the catalogue. */
static char *
range_message (const CareField *field)
{
  return g_strdup_printf (_("Enter a number from %lld to %lld."),
                          (long long) field->min, (long long) field->max);
}

/* Checks a canonical value; returns a translated message or NULL. */
static char *
check_value (const CareField *field,
             const char      *value)
{
  switch (field->type)
    {
    case CARE_FIELD_TEXT:
    case CARE_FIELD_LONG_TEXT:
      {
        glong len;

        if (!g_utf8_validate (value, -1, NULL))
          return g_strdup (_("This text contains characters that are not valid."));
        len = g_utf8_strlen (value, -1);
        if (field->max > 0 && len > field->max)
          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Use at most %d character.",
                                            "Use at most %d characters.", field->max),
                                  (int) field->max);
        if (field->min > 0 && len < field->min)
          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Use at least %d character.",
                                            "Use at least %d characters.", field->min),
                                  (int) field->min);
        for (const char *p = value; *p; p = g_utf8_next_char (p))
          {
            gunichar c = g_utf8_get_char (p);

            if (c == 0 || (g_unichar_type (c) == G_UNICODE_CONTROL &&
                           (field->type == CARE_FIELD_TEXT || (c != '\n' && c != '\t'))))
              return g_strdup (_("This text contains control characters."));
          }
        return NULL;
      }

    case CARE_FIELD_INT:
    case CARE_FIELD_MONEY:
      {
        gint64 n;

        if (!parse_int (value, &n))
          return g_strdup (field->type == CARE_FIELD_MONEY
                           ? _("Enter an amount, for example 12.50.")
                           : _("Enter a whole number, for example 42."));
        if ((field->min != 0 || field->max != 0) && (n < field->min || n > field->max))
          {
            if (field->type == CARE_FIELD_MONEY && n < field->min)
              return g_strdup (field->min > 0 ? _("The amount must be more than zero.")
                                              : _("The amount cannot be negative."));
            if (field->type == CARE_FIELD_MONEY)
              return g_strdup (_("This amount is too large."));
            return range_message (field);
          }
        return NULL;
      }

    case CARE_FIELD_DECIMAL:
      {
        double d;

        if (!parse_decimal (value, &d))
          return g_strdup (_("Enter a number, for example 36.6."));
        if ((field->min != 0 || field->max != 0) && (d < field->min || d > field->max))
          return range_message (field);
        return NULL;
      }

    case CARE_FIELD_BOOL:
      if (!g_str_equal (value, "0") && !g_str_equal (value, "1"))
        return g_strdup (_("Choose yes or no."));
      return NULL;

    case CARE_FIELD_DATE:
      {
        g_autoptr(GDateTime) date = parse_date (value);
        g_autoptr(GDateTime) now = NULL;

        if (date == NULL)
          return g_strdup (is_date_shape (value)
                           ? _("This date does not exist. Check the day and month.")
                           : _("Enter the date as YYYY-MM-DD, for example 1984-03-27."));
        if (g_date_time_get_year (date) < 1900)
          return g_strdup (_("Enter a date after 1900."));
        if (g_date_time_get_year (date) > 2200)
          return g_strdup (_("Enter a date before 2200."));
        now = care_clock_now_utc ();
        /* A day ahead of UTC still counts as today somewhere on Earth. */
        if ((field->flags & CARE_FIELD_PAST) &&
            g_date_time_difference (date, now) > G_TIME_SPAN_DAY)
          return g_strdup (_("This date is in the future."));
        return NULL;
      }

    case CARE_FIELD_DATETIME:
      {
        g_autoptr(GDateTime) when = parse_datetime (value);
        g_autoptr(GDateTime) now = NULL;

        if (when == NULL)
          return g_strdup (_("Enter the date and time as YYYY-MM-DD HH:MM, for example 2026-11-21 14:30."));
        if (g_date_time_get_year (when) < 1900 || g_date_time_get_year (when) > 2200)
          return g_strdup (_("Enter a date between 1900 and 2200."));
        now = care_clock_now_utc ();
        /* Allow a workstation clock a few minutes fast. */
        if ((field->flags & CARE_FIELD_PAST) &&
            g_date_time_difference (when, now) > 10 * G_TIME_SPAN_MINUTE)
          return g_strdup (_("This time is in the future."));
        return NULL;
      }

    case CARE_FIELD_TIME:
      {
        int minutes;

        if (!parse_time (value, &minutes))
          return g_strdup (_("Enter the time as HH:MM, for example 09:30."));
        return NULL;
      }

    case CARE_FIELD_ENUM:
      for (guint i = 0; field->choices && field->choices[i]; i++)
        if (g_str_equal (field->choices[i], value))
          return NULL;
      return g_strdup (_("Choose one of the options."));

    case CARE_FIELD_REF:
      if (!care_uuid_is_valid (value))
        return g_strdup (_("Choose a record from the list."));
      return NULL;

    case CARE_FIELD_EMAIL:
      if (strlen (value) > 254 || !is_email (value))
        return g_strdup (_("Enter an email address like name@example.org."));
      return NULL;

    case CARE_FIELD_PHONE:
      if (!is_phone (value))
        return g_strdup (_("Enter a phone number of 7 to 15 digits, for example +44 20 7946 0958."));
      return NULL;

    case CARE_FIELD_LIST:
      {
        g_autoptr(JsonParser) parser = json_parser_new ();
        JsonNode *root;

        if (!json_parser_load_from_data (parser, value, -1, NULL) ||
            !JSON_NODE_HOLDS_ARRAY ((root = json_parser_get_root (parser))))
          return g_strdup (_("Enter the items separated by commas."));
        if (json_array_get_length (json_node_get_array (root)) > 100)
          return g_strdup (_("Enter at most 100 items."));
        for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
          {
            JsonNode *item = json_array_get_element (json_node_get_array (root), i);

            if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
              return g_strdup (_("Enter the items separated by commas."));
            if (g_utf8_strlen (json_node_get_string (item), -1) > 200)
              return g_strdup (_("Each item can have at most 200 characters."));
          }
        return NULL;
      }

    case CARE_FIELD_BLOB:
    default:
      return NULL;
    }
}

/* --- typed input -------------------------------------------------------- */

static char *
collapse_spaces (const char *input)
{
  g_auto(GStrv) words = g_strsplit_set (input, " \t", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (out->len)
        g_string_append_c (out, ' ');
      g_string_append (out, words[i]);
    }
  return g_string_free (out, FALSE);
}

/* "12", "12.5", "12.50" -> 1250 minor units (two decimals). */
static gboolean
parse_money (const char *input,
             gint64     *out)
{
  const char *p = input;
  gboolean negative = FALSE;
  gint64 units = 0;
  int decimals = -1;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  if (!g_ascii_isdigit (*p))
    return FALSE;
  for (; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (decimals >= 2 || units > G_MAXINT64 / 100)
            return FALSE;
          units = units * 10 + (*p - '0');
          if (decimals >= 0)
            decimals++;
        }
      else if ((*p == '.' || *p == ',') && decimals < 0 && p[1] != '\0')
        decimals = 0;
      else
        return FALSE;
    }
  for (decimals = MAX (decimals, 0); decimals < 2; decimals++)
    units *= 10;
  *out = negative ? -units : units;
  return TRUE;
}

gboolean
care_field_normalize (const CareField *field,
                      const char      *input,
                      char           **canonical,
                      char           **message)
{
  g_autofree char *text = NULL;
  g_autofree char *value = NULL;
  g_autofree char *problem = NULL;

  g_return_val_if_fail (field != NULL, FALSE);

  text = g_strstrip (g_strdup (input ? input : ""));

  if (text[0] == '\0')
    value = NULL;
  else switch (field->type)
    {
    case CARE_FIELD_TEXT:
    case CARE_FIELD_PHONE:
      value = collapse_spaces (text);
      break;

    case CARE_FIELD_EMAIL:
      value = g_ascii_strdown (text, -1);
      break;

    case CARE_FIELD_BOOL:
      if (g_ascii_strcasecmp (text, "1") == 0 || g_ascii_strcasecmp (text, "true") == 0 ||
          g_ascii_strcasecmp (text, "yes") == 0)
        value = g_strdup ("1");
      else if (g_ascii_strcasecmp (text, "0") == 0 || g_ascii_strcasecmp (text, "false") == 0 ||
               g_ascii_strcasecmp (text, "no") == 0)
        value = g_strdup ("0");
      else
        value = g_strdup (text);
      break;

    case CARE_FIELD_DECIMAL:
      value = g_strdup (text);
      g_strdelimit (value, ",", '.');
      break;

    case CARE_FIELD_MONEY:
      {
        gint64 units;

        if (parse_money (text, &units))
          value = g_strdup_printf ("%" G_GINT64_FORMAT, units);
        else
          problem = g_strdup (_("Enter an amount, for example 12.50."));
      }
      break;

    case CARE_FIELD_DATETIME:
      {
        /* "2026-11-21 14:30" in local time, or canonical UTC. */
        g_autoptr(GDateTime) when = parse_datetime (text);

        if (when == NULL)
          {
            g_autofree char *iso = g_strdup (text);
            g_autoptr(GTimeZone) local = g_time_zone_new_local ();

            if (strlen (iso) == 16 && (iso[10] == ' ' || iso[10] == 'T'))
              {
                iso[10] = 'T';
                iso = g_strconcat (iso, ":00", NULL);
                when = g_date_time_new_from_iso8601 (iso, local);
              }
          }
        if (when)
          {
            g_autoptr(GDateTime) utc = g_date_time_to_utc (when);
            value = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
          }
        else
          value = g_strdup (text);
      }
      break;

    case CARE_FIELD_TIME:
      if (strlen (text) == 4 && text[1] == ':')
        value = g_strconcat ("0", text, NULL);
      else
        value = g_strdup (text);
      break;

    case CARE_FIELD_LIST:
      {
        g_auto(GStrv) items = g_strsplit_set (text, ",;\n", -1);
        g_autoptr(JsonBuilder) builder = json_builder_new ();
        g_autoptr(JsonNode) root = NULL;
        guint n = 0;

        json_builder_begin_array (builder);
        for (guint i = 0; items[i]; i++)
          {
            g_autofree char *item = collapse_spaces (g_strstrip (items[i]));
            if (item[0] == '\0')
              continue;
            json_builder_add_string_value (builder, item);
            n++;
          }
        json_builder_end_array (builder);
        root = json_builder_get_root (builder);
        value = n ? care_json_to_string (root, NULL) : NULL;
      }
      break;

    case CARE_FIELD_LONG_TEXT:
    case CARE_FIELD_INT:
    case CARE_FIELD_DATE:
    case CARE_FIELD_ENUM:
    case CARE_FIELD_REF:
    case CARE_FIELD_BLOB:
    default:
      value = g_strdup (text);
      break;
    }

  if (problem == NULL && value != NULL)
    problem = check_value (field, value);
  if (problem == NULL && value == NULL && (field->flags & CARE_FIELD_REQUIRED))
    problem = g_strdup (_("This is required."));

  if (problem)
    {
      if (message)
        *message = g_steal_pointer (&problem);
      if (canonical)
        *canonical = NULL;
      return FALSE;
    }
  if (canonical)
    *canonical = g_steal_pointer (&value);
  if (message)
    *message = NULL;
  return TRUE;
}

/* --- whole records ------------------------------------------------------ */

static gboolean
both_or_neither (CareValidation   *v,
                 const CareRecord *r,
                 const char       *given,
                 const char       *needed,
                 const char       *message)
{
  if (care_record_get (r, given) && !care_record_get (r, needed))
    {
      care_validation_add (v, needed, message);
      return FALSE;
    }
  return TRUE;
}

static void
not_before (CareValidation   *v,
            const CareRecord *r,
            const char       *first,
            const char       *later,
            const char       *message)
{
  const char *a = care_record_get (r, first);
  const char *b = care_record_get (r, later);

  /* Canonical dates and UTC times compare correctly as text. */
  if (a && b && strcmp (b, a) < 0)
    care_validation_add (v, later, message);
}

static void
check_patient (CareValidation   *v,
               const CareRecord *r)
{
  both_or_neither (v, r, "emergency_contact_name", "emergency_contact_phone",
                   _("Add a phone number for the emergency contact."));
  both_or_neither (v, r, "emergency_contact_phone", "emergency_contact_name",
                   _("Add the name of the emergency contact."));
  both_or_neither (v, r, "insurance_provider", "insurance_policy_number",
                   _("Add the policy number from the insurance card."));
  both_or_neither (v, r, "insurance_policy_number", "insurance_provider",
                   _("Add the name of the insurer."));
}

static void
check_user (CareValidation   *v,
            const CareRecord *r)
{
  const char *username = care_record_get (r, "username");

  if (username && care_validation_get_message (v, "username") == NULL)
    for (const char *p = username; *p; p++)
      if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '.' || *p == '-' || *p == '_'))
        {
          care_validation_add (v, "username",
                               _("Use only lowercase letters, digits, dots, dashes and underscores."));
          break;
        }
}

static void
check_tenant (CareValidation   *v,
              const CareRecord *r)
{
  const char *currency = care_record_get (r, "currency");

  if (currency && care_validation_get_message (v, "currency") == NULL)
    for (const char *p = currency; *p; p++)
      if (!g_ascii_isupper (*p))
        {
          care_validation_add (v, "currency",
                               _("Enter the three capital letters of the currency code, for example EUR or USD."));
          break;
        }
}

static void
check_vitals (CareValidation   *v,
              const CareRecord *r)
{
  static const char *const measures[] = {
    "systolic", "diastolic", "pulse", "temperature_c", "respiratory_rate",
    "spo2", "weight_kg", "height_cm", NULL };
  gboolean any = FALSE;

  both_or_neither (v, r, "systolic", "diastolic", _("Enter both blood pressure values."));
  both_or_neither (v, r, "diastolic", "systolic", _("Enter both blood pressure values."));
  if (care_record_get (r, "systolic") && care_record_get (r, "diastolic") &&
      care_record_get_int (r, "diastolic", 0) >= care_record_get_int (r, "systolic", 0))
    care_validation_add (v, "diastolic", _("The diastolic value must be lower than the systolic value."));

  for (guint i = 0; measures[i]; i++)
    any |= care_record_get (r, measures[i]) != NULL;
  if (!any)
    care_validation_add (v, "pulse", _("Enter at least one measurement."));
}

static void
check_invoice_item (CareValidation   *v,
                    const CareRecord *r)
{
  gint64 gross = care_record_get_int (r, "quantity", 0) * care_record_get_int (r, "unit_price", 0);

  if (care_record_get_int (r, "discount", 0) > gross)
    care_validation_add (v, "discount", _("The discount cannot be more than the line amount."));
}

static void
check_lab_result (CareValidation   *v,
                  const CareRecord *r)
{
  const char *low = care_record_get (r, "reference_low");
  const char *high = care_record_get (r, "reference_high");

  if (low && high && g_ascii_strtod (low, NULL) > g_ascii_strtod (high, NULL))
    care_validation_add (v, "reference_high", _("The upper limit must not be below the lower limit."));
}

/* Hours whose end is before their start run past midnight (a night
 * clinic); a break must lie within them. */
static int
minutes_after (const char *time,
               const char *start)
{
  int h, m, sh, sm;

  if (sscanf (time, "%d:%d", &h, &m) != 2 || sscanf (start, "%d:%d", &sh, &sm) != 2)
    return -1;
  return ((h * 60 + m) - (sh * 60 + sm) + 24 * 60) % (24 * 60);
}

static void
check_doctor_schedule (CareValidation   *v,
                       const CareRecord *r)
{
  const char *start = care_record_get (r, "start_time");
  const char *end = care_record_get (r, "end_time");
  const char *break_start = care_record_get (r, "break_start");
  const char *break_end = care_record_get (r, "break_end");

  if (start && end && g_str_equal (start, end))
    care_validation_add (v, "end_time", _("The end must differ from the start."));
  if ((break_start == NULL) != (break_end == NULL))
    care_validation_add (v, break_start ? "break_end" : "break_start",
                         _("Give both the start and the end of the break, or neither."));
  else if (break_start && break_end && start && end)
    {
      int bs = minutes_after (break_start, start);
      int be = minutes_after (break_end, start);

      if (bs <= 0 || be <= bs || be >= minutes_after (end, start))
        care_validation_add (v, "break_start", _("The break must lie within the consulting hours."));
    }
}

static void
check_entity_rules (CareValidation   *v,
                    const CareRecord *r)
{
  const char *name = care_record_get_entity (r)->name;

  if (g_str_equal (name, "patient"))
    check_patient (v, r);
  else if (g_str_equal (name, "user"))
    check_user (v, r);
  else if (g_str_equal (name, "tenant"))
    check_tenant (v, r);
  else if (g_str_equal (name, "vitals"))
    check_vitals (v, r);
  else if (g_str_equal (name, "invoice_item"))
    check_invoice_item (v, r);
  else if (g_str_equal (name, "lab_result"))
    check_lab_result (v, r);
  else if (g_str_equal (name, "attendance"))
    not_before (v, r, "check_in", "check_out", _("Check-out must be after check-in."));
  else if (g_str_equal (name, "shift"))
    not_before (v, r, "starts_at", "ends_at", _("The shift must end after it starts."));
  else if (g_str_equal (name, "doctor_schedule"))
    check_doctor_schedule (v, r);
  else if (g_str_equal (name, "doctor_leave"))
    not_before (v, r, "starts_on", "ends_on", _("The last day cannot be before the first day."));
  else if (g_str_equal (name, "medication"))
    not_before (v, r, "started_on", "stopped_on", _("The stop date must be after the start date."));
  else if (g_str_equal (name, "bed_allocation"))
    not_before (v, r, "admitted_at", "released_at", _("The release must be after the admission."));
}

CareValidation *
care_validate_record (const CareRecord *record)
{
  const CareEntity *entity;
  CareValidation *v;

  g_return_val_if_fail (record != NULL, NULL);

  entity = care_record_get_entity (record);
  v = care_validation_new ();

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const CareField *field = &entity->fields[i];
      const char *value = care_record_get_nth (record, i);
      g_autofree char *problem = NULL;

      if (value == NULL)
        {
          if (field->flags & CARE_FIELD_REQUIRED)
            care_validation_add (v, field->name, _("This is required."));
          continue;
        }
      problem = check_value (field, value);
      if (problem)
        care_validation_add (v, field->name, problem);
    }

  check_entity_rules (v, record);
  return v;
}

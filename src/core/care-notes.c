/* care-notes.c: clinical notes: structured, signed, corrected only by amendment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-notes"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-notes.h"
#include "care-store-rules.h"

/* Stored headings: data, like an enum's values, so never translated. */
static const char *const headings[] = { "Subjective:", "Objective:", "Assessment:" };

static const CareEntity *
note_entity (void)
{
  return care_schema_lookup ("clinical_note");
}

void
care_note_soap_clear (CareNoteSoap *soap)
{
  g_clear_pointer (&soap->subjective, g_free);
  g_clear_pointer (&soap->objective, g_free);
  g_clear_pointer (&soap->assessment, g_free);
  g_clear_pointer (&soap->plan, g_free);
}

static char *
trimmed (const char *text)
{
  return g_strstrip (g_strdup (text ? text : ""));
}

void
care_notes_set_soap (CareRecord         *note,
                     const CareNoteSoap *soap)
{
  const char *sections[] = { soap->subjective, soap->objective, soap->assessment };
  g_autoptr(GString) content = g_string_new (NULL);
  g_autofree char *plan = trimmed (soap->plan);

  g_return_if_fail (note != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_autofree char *text = trimmed (sections[i]);

      if (*text == '\0')
        continue;
      if (content->len)
        g_string_append (content, "\n\n");
      g_string_append_printf (content, "%s\n%s", headings[i], text);
    }
  care_record_set (note, "content", content->len ? content->str : NULL);
  care_record_set (note, "treatment", *plan ? plan : NULL);
}

static int
heading_at (const char *line)
{
  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    if (g_str_equal (line, headings[i]))
      return (int) i;
  return -1;
}

void
care_notes_get_soap (const CareRecord *note,
                     CareNoteSoap     *soap)
{
  g_auto(GStrv) lines = g_strsplit (care_record_get (note, "content") ? care_record_get (note, "content") : "", "\n", -1);
  GString *parts[G_N_ELEMENTS (headings)] = { g_string_new (NULL), g_string_new (NULL), g_string_new (NULL) };
  int current = 2;   /* text before any heading: a note written before SOAP */

  for (guint i = 0; lines[i]; i++)
    {
      int h = heading_at (lines[i]);

      if (h >= 0)
        {
          current = h;
          continue;
        }
      if (parts[current]->len)
        g_string_append_c (parts[current], '\n');
      g_string_append (parts[current], lines[i]);
    }
  soap->subjective = g_strstrip (g_string_free (parts[0], FALSE));
  soap->objective = g_strstrip (g_string_free (parts[1], FALSE));
  soap->assessment = g_strstrip (g_string_free (parts[2], FALSE));
  soap->plan = trimmed (care_record_get (note, "treatment"));
}

/* ICD-10: a letter, two digits, then optionally a dot and 1-4 letters or
 * digits (E11.9, S72.001A, I10). */
gboolean
care_notes_looks_like_icd10 (const char *code)
{
  const char *p = code;

  if (!g_ascii_isalpha (p[0]) || !g_ascii_isdigit (p[1]) || !g_ascii_isalnum (p[2]))
    return FALSE;
  p += 3;
  if (*p == '\0')
    return TRUE;
  if (*p++ != '.')
    return FALSE;
  for (guint n = 0; n < 4 && g_ascii_isalnum (*p); n++)
    p++;
  return *p == '\0' && p[-1] != '.';
}

static gboolean
is_blank (const char *text)
{
  g_autofree char *t = trimmed (text);
  return *t == '\0';
}

gboolean
care_notes_check (const CareRecord *note,
                  GError          **error)
{
  const char *code = care_record_get (note, "diagnosis_code");

  g_return_val_if_fail (note != NULL, FALSE);

  if (is_blank (care_record_get (note, "content")))
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, note_entity (), "content",
                                 _("Write the note: at least what you found or concluded."));
      return FALSE;
    }
  if (code && !is_blank (code) && !care_notes_looks_like_icd10 (code))
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, note_entity (), "diagnosis_code",
                                 _("Enter an ICD-10 code such as E11.9, or leave it empty."));
      return FALSE;
    }
  if (code && !is_blank (code) && is_blank (care_record_get (note, "diagnosis")))
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, note_entity (), "diagnosis",
                                 _("Write the diagnosis the code stands for."));
      return FALSE;
    }
  return TRUE;
}

CareRecord *
care_notes_new_amendment (const CareRecord *original)
{
  g_return_val_if_fail (original != NULL, NULL);
  g_return_val_if_fail (care_record_get_entity (original) == note_entity (), NULL);

  /* Whoever corrects it signs the amendment. */
  return care_rules_new_amendment (original, "author_id");
}

static gboolean
check_amendment (CareRuleContext *ctx,
                 CareRecord      *note,
                 GError         **error)
{
  const char *amends = care_record_get (note, "amends_id");
  g_autoptr(CareRecord) original = NULL;
  g_autoptr(GPtrArray) later = NULL;

  if (amends == NULL || ctx->get == NULL)
    return TRUE;
  original = ctx->get (ctx, note_entity (), amends);
  /* A missing one is the reference check's to name. */
  if (original == NULL)
    return TRUE;
  if (g_strcmp0 (care_record_get (original, "patient_id"), care_record_get (note, "patient_id")) != 0)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, note_entity (), "amends_id",
                                 _("An amendment corrects a note of the same patient."));
      return FALSE;
    }
  /* Two workstations may each have amended it offline: both are kept. */
  if (ctx->replayed || ctx->list == NULL)
    return TRUE;
  later = ctx->list (ctx, note_entity (), "amends_id", amends, error);
  if (later == NULL)
    return FALSE;
  if (later->len > 0)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, note_entity (), "amends_id",
                                 _("This note has been amended already: amend its latest version."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
prepare_note (CareRuleContext *ctx,
              CareRecord      *before,
              CareRecord      *note,
              GError         **error)
{
  if (before != NULL)
    {
      g_set_error_literal (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE,
                           _("A signed note cannot be changed; write an amendment instead."));
      return FALSE;
    }
  /* The signature is the writer's, whatever the record says. */
  if (ctx->actor && !ctx->replayed)
    care_record_set (note, "author_id", ctx->actor);
  return care_notes_check (note, error) && check_amendment (ctx, note, error);
}

const CareEntityRules *
care_notes_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "clinical_note", prepare_note, NULL, NULL, NULL },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}

gboolean
care_notes_sign (CareStore  *store,
                 CareRecord *note,
                 GError    **error)
{
  CareRuleContext ctx;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (note != NULL, FALSE);

  care_store_rule_context_init (&ctx, store);

  if (ctx.actor == NULL)
    {
      g_set_error_literal (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE,
                           _("Sign in to sign a note."));
      return FALSE;
    }
  return care_rules_prepare (&ctx, NULL, note, error) &&
         care_store_insert (store, note, error);
}

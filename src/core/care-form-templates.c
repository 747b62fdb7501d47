/* care-form-templates.c: the questions of a clinic's forms, and answers that fit them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-form-templates"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "care-form-templates.h"

static const char *const kind_names[] = { "text", "number", "date", "choice", "yes_no", "signature", NULL };
static const char *const kind_labels[] = { N_("Text"), N_("Number"), N_("Date"), N_("Choice"), N_("Yes or no"),
                                           N_("Signature"), NULL };

#define MAX_QUESTIONS 100
#define MAX_TEXT_ANSWER 2000

const char *
care_form_field_kind_to_string (CareFormFieldKind kind)
{
  g_return_val_if_fail (kind <= CARE_FORM_FIELD_SIGNATURE, NULL);
  return kind_names[kind];
}

int
care_form_field_kind_from_string (const char *text)
{
  for (guint i = 0; text && kind_names[i]; i++)
    if (g_str_equal (text, kind_names[i]))
      return (int) i;
  return -1;
}

const char *
care_form_field_kind_label (CareFormFieldKind kind)
{
  g_return_val_if_fail (kind <= CARE_FORM_FIELD_SIGNATURE, NULL);
  return g_dgettext (GETTEXT_PACKAGE, kind_labels[kind]);
}

static gboolean
is_blank_text (const char *text)
{
  for (; text && *text; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

static void
field_free (gpointer data)
{
  CareFormField *field = data;

  g_free (field->name);
  g_free (field->label);
  g_strfreev (field->choices);
  g_free (field);
}

CareFormTemplate *
care_form_template_new (void)
{
  CareFormTemplate *tmpl = g_new0 (CareFormTemplate, 1);

  tmpl->fields = g_ptr_array_new_with_free_func (field_free);
  return tmpl;
}

void
care_form_template_free (CareFormTemplate *tmpl)
{
  if (tmpl == NULL)
    return;
  g_ptr_array_unref (tmpl->fields);
  g_free (tmpl);
}

static gboolean
refuse_fields (GError    **error,
               guint       index,
               const char *detail)
{
  /* Translators: the first %u is a question's number in a form, then what is wrong with it */
  g_autofree char *text = g_strdup_printf (_("Question %u: %s"), index + 1, detail);

  care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, care_schema_lookup ("form_template"),
                             "fields", text);
  return FALSE;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
parse_choices (JsonObject    *object,
               CareFormField *field)
{
  JsonNode *node = json_object_get_member (object, "choices");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      const char *text;

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        return FALSE;
      text = json_node_get_string (item);
      if (*text == '\0' || g_utf8_strlen (text, -1) > 200)
        return FALSE;
      g_strv_builder_add (builder, text);
    }
  field->choices = g_strv_builder_end (builder);
  return n >= 2;
}

static gboolean
parse_field (JsonNode          *node,
             guint              index,
             CareFormTemplate  *tmpl,
             GError           **error)
{
  JsonObject *object;
  const char *name, *label, *type;
  JsonNode *required;
  CareFormField *field;
  int kind;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return refuse_fields (error, index, _("Describe the question with a name, a label and a type."));
  object = json_node_get_object (node);
  name = member_string (object, "name");
  label = member_string (object, "label");
  type = member_string (object, "type");
  if (name == NULL || *name == '\0' || strlen (name) > 60 || strpbrk (name, " \t\n\"") != NULL)
    return refuse_fields (error, index, _("Give the question a short name without spaces."));
  if (care_form_template_find (tmpl, name))
    return refuse_fields (error, index, _("Another question already has this name."));
  if (is_blank_text (label) || g_utf8_strlen (label, -1) > 300)
    return refuse_fields (error, index, _("Write the question as the patient will read it (at most 300 characters)."));
  kind = care_form_field_kind_from_string (type);
  if (kind < 0)
    return refuse_fields (error, index, _("The answer must be text, a number, a date, a choice, yes or no, or a signature."));

  field = g_new0 (CareFormField, 1);
  field->name = g_strdup (name);
  field->label = g_strdup (label);
  field->kind = kind;
  required = json_object_get_member (object, "required");
  field->required = required && JSON_NODE_HOLDS_VALUE (required) &&
                    json_node_get_value_type (required) == G_TYPE_BOOLEAN && json_node_get_boolean (required);
  g_ptr_array_add (tmpl->fields, field);
  if (kind == CARE_FORM_FIELD_CHOICE && !parse_choices (object, field))
    return refuse_fields (error, index, _("A choice needs at least two choices, each of some text."));
  return TRUE;
}

CareFormTemplate *
care_form_template_parse (const char  *fields_json,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CareFormTemplate) tmpl = care_form_template_new ();
  JsonNode *root;
  JsonArray *array;
  guint n;

  if (fields_json == NULL || !json_parser_load_from_data (parser, fields_json, -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY ((root = json_parser_get_root (parser))))
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, care_schema_lookup ("form_template"),
                                 "fields", _("The questions could not be read."));
      return NULL;
    }
  array = json_node_get_array (root);
  n = json_array_get_length (array);
  if (n == 0 || n > MAX_QUESTIONS)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, care_schema_lookup ("form_template"),
                                 "fields", _("A form asks between 1 and 100 questions."));
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    if (!parse_field (json_array_get_element (array, i), i, tmpl, error))
      return NULL;
  return g_steal_pointer (&tmpl);
}

const CareFormField *
care_form_template_find (const CareFormTemplate *tmpl,
                         const char             *name)
{
  g_return_val_if_fail (tmpl != NULL, NULL);

  for (guint i = 0; name && i < tmpl->fields->len; i++)
    {
      const CareFormField *field = g_ptr_array_index (tmpl->fields, i);

      if (g_str_equal (field->name, name))
        return field;
    }
  return NULL;
}

gboolean
care_form_template_wants_signature (const CareFormTemplate *tmpl)
{
  g_return_val_if_fail (tmpl != NULL, FALSE);

  for (guint i = 0; i < tmpl->fields->len; i++)
    if (((CareFormField *) g_ptr_array_index (tmpl->fields, i))->kind == CARE_FORM_FIELD_SIGNATURE)
      return TRUE;
  return FALSE;
}

/* --- answers ------------------------------------------------------------ */

static gboolean
refuse_answer (GError             **error,
               const CareFormField *field,
               const char          *detail)
{
  care_rule_set_labelled_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, field->name, field->label, detail);
  return FALSE;
}

static gboolean
is_png (GBytes *bytes)
{
  static const guchar magic[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  gsize size;
  const guchar *data = bytes ? g_bytes_get_data (bytes, &size) : NULL;

  return data && size > sizeof magic && memcmp (data, magic, sizeof magic) == 0;
}

static gboolean
is_date (const char *text)
{
  int y, m, d;
  char end;

  return sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3 && strlen (text) == 10 &&
         g_date_valid_dmy (d, m, y);
}

static gboolean
check_value (const CareFormField *field,
             JsonNode            *node,
             GError             **error)
{
  GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  const char *text = type == G_TYPE_STRING ? json_node_get_string (node) : NULL;

  switch (field->kind)
    {
    case CARE_FORM_FIELD_TEXT:
      if (text == NULL || g_utf8_strlen (text, -1) > MAX_TEXT_ANSWER)
        return refuse_answer (error, field, _("Write at most 2000 characters."));
      return TRUE;
    case CARE_FORM_FIELD_NUMBER:
      if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
        return refuse_answer (error, field, _("Enter a number, e.g. 72."));
      return TRUE;
    case CARE_FORM_FIELD_DATE:
      if (text == NULL || !is_date (text))
        return refuse_answer (error, field, _("Enter a date as year-month-day, e.g. 1980-04-23."));
      return TRUE;
    case CARE_FORM_FIELD_CHOICE:
      if (text == NULL || !g_strv_contains ((const char *const *) field->choices, text))
        return refuse_answer (error, field, _("Pick one of the choices."));
      return TRUE;
    case CARE_FORM_FIELD_YES_NO:
      if (type != G_TYPE_BOOLEAN)
        return refuse_answer (error, field, _("Answer yes or no."));
      return TRUE;
    case CARE_FORM_FIELD_SIGNATURE:
    default:
      /* The drawing is the submission's signature, not an answer. */
      return refuse_answer (error, field, _("Draw your signature in the box."));
    }
}

static gboolean
is_blank (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node) ||
         (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          is_blank_text (json_node_get_string (node)));
}

gboolean
care_form_check_answers (const CareFormTemplate *tmpl,
                         JsonObject             *answers,
                         GBytes                 *signature,
                         GError                **error)
{
  g_autoptr(GList) names = NULL;

  g_return_val_if_fail (tmpl != NULL, FALSE);
  g_return_val_if_fail (answers != NULL, FALSE);

  for (guint i = 0; i < tmpl->fields->len; i++)
    {
      const CareFormField *field = g_ptr_array_index (tmpl->fields, i);
      JsonNode *node = json_object_get_member (answers, field->name);

      if (field->kind == CARE_FORM_FIELD_SIGNATURE)
        {
          if (signature && g_bytes_get_size (signature) > CARE_FORMS_SIGNATURE_MAX)
            return refuse_answer (error, field, _("The signature is too large; clear it and sign again."));
          if (signature && !is_png (signature))
            return refuse_answer (error, field, _("The signature could not be read; clear it and sign again."));
          if (field->required && signature == NULL)
            return refuse_answer (error, field, _("Draw your signature in the box."));
          if (node)
            return check_value (field, node, error);
          continue;
        }
      if (is_blank (node))
        {
          if (field->required)
            return refuse_answer (error, field, _("This question needs an answer."));
          continue;
        }
      if (!check_value (field, node, error))
        return FALSE;
    }

  names = json_object_get_members (answers);
  for (GList *l = names; l; l = l->next)
    if (care_form_template_find (tmpl, l->data) == NULL)
      {
        care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, care_schema_lookup ("form_submission"),
                                   "answers", _("An answer is to a question this form does not ask."));
        return FALSE;
      }
  return TRUE;
}

gboolean
care_form_check_answers_text (const CareFormTemplate *tmpl,
                              const char             *answers_json,
                              GBytes                 *signature,
                              GError                **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (answers_json == NULL || !json_parser_load_from_data (parser, answers_json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, care_schema_lookup ("form_submission"),
                                 "answers", _("The answers could not be read."));
      return FALSE;
    }
  return care_form_check_answers (tmpl, json_node_get_object (json_parser_get_root (parser)), signature, error);
}

static char *
answer_text (const CareFormField *field,
             JsonNode            *node)
{
  GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    return g_strdup_printf ("%g", json_node_get_double (node));
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return NULL;
}

char *
care_form_answers_summary (const CareFormTemplate *tmpl,
                           const char             *answers_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GString *out = g_string_new (NULL);
  JsonObject *answers;

  if (answers_json == NULL || !json_parser_load_from_data (parser, answers_json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return g_string_free (out, FALSE);
  answers = json_node_get_object (json_parser_get_root (parser));
  for (guint i = 0; tmpl && i < tmpl->fields->len; i++)
    {
      const CareFormField *field = g_ptr_array_index (tmpl->fields, i);
      JsonNode *node = json_object_get_member (answers, field->name);
      g_autofree char *text = node ? answer_text (field, node) : NULL;

      if (text == NULL)
        continue;
      if (out->len)
        g_string_append_c (out, '\n');
      /* Translators: a form's question, then the patient's answer */
      g_string_append_printf (out, _("%s: %s"), field->label, text);
    }
  return g_string_free (out, FALSE);
}

/* --- the template's rule ------------------------------------------------- */

static gboolean
prepare_template (CareRuleContext *ctx,
                  CareRecord      *before,
                  CareRecord      *record,
                  GError         **error)
{
  g_autoptr(CareFormTemplate) tmpl = care_form_template_parse (care_record_get (record, "fields"), error);

  return tmpl != NULL;
}

const CareEntityRules *
care_form_templates_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "form_template", prepare_template, NULL, NULL, NULL },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}

/* care-form-questions.c: a form's questions as the administrator's builder writes them
 *
 * The builder asks for a question's label, kind, whether it is required
 * and its choices; the name that keys the answers is made here from the
 * label, once, and kept when the label changes later (a template's
 * earlier submissions are read by name).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-form-questions"

#include "config.h"

#include <string.h>

#include "care-form-templates.h"

#define QUESTION_NAME_MAX 40

char *
care_form_question_name (const char        *label,
                         const char *const *taken)
{
  g_autofree char *ascii = g_str_to_ascii (label ? label : "", "C");
  g_autoptr(GString) name = g_string_new (NULL);
  g_autofree char *stem = NULL;

  for (const char *p = ascii; *p && name->len < QUESTION_NAME_MAX; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (name, g_ascii_tolower (*p));
      else if (name->len > 0 && name->str[name->len - 1] != '_')
        g_string_append_c (name, '_');
    }
  while (name->len > 0 && name->str[name->len - 1] == '_')
    g_string_truncate (name, name->len - 1);
  if (name->len == 0)
    g_string_append (name, "question");
  stem = g_strdup (name->str);
  for (guint n = 2; taken && g_strv_contains (taken, name->str); n++)
    {
      g_autofree char *suffix = g_strdup_printf ("_%u", n);

      g_string_assign (name, stem);
      g_string_truncate (name, MIN (name->len, QUESTION_NAME_MAX - strlen (suffix)));
      g_string_append (name, suffix);
    }
  return g_string_free (g_steal_pointer (&name), FALSE);
}

char *
care_form_template_to_json (const CareFormTemplate *tmpl)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (tmpl != NULL, NULL);

  json_builder_begin_array (builder);
  for (guint i = 0; i < tmpl->fields->len; i++)
    {
      const CareFormField *field = g_ptr_array_index (tmpl->fields, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, field->name);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, field->label);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, care_form_field_kind_to_string (field->kind));
      if (field->required)
        {
          json_builder_set_member_name (builder, "required");
          json_builder_add_boolean_value (builder, TRUE);
        }
      if (field->kind == CARE_FORM_FIELD_CHOICE)
        {
          json_builder_set_member_name (builder, "choices");
          json_builder_begin_array (builder);
          for (guint c = 0; field->choices && field->choices[c]; c++)
            json_builder_add_string_value (builder, field->choices[c]);
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

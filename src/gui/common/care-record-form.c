/* care-record-form.c: a form generated from the data model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-record-form"

#include "config.h"

#include <glib/gi18n.h>

#include "care-record-form.h"

typedef struct
{
  CareRecordForm  *form;          /* unowned back pointer */
  const CareField *field;

  GtkWidget       *row;           /* AdwEntryRow, AdwComboRow, AdwActionRow or AdwPreferencesRow */
  GtkWidget       *error_row;     /* directly under row, shown with a message */
  GtkWidget       *error_label;
  GtkWidget       *hint_label;    /* dim example shown while the row is empty */
  GtkEventController *focus;      /* entry rows: whether the row is being typed in */
  GtkWidget       *toggle;        /* BOOL: the GtkSwitch */
  GtkWidget       *text_view;     /* LONG_TEXT */
  GtkTextBuffer   *buffer;        /* LONG_TEXT */
  GPtrArray       *choices;       /* ENUM: canonical value per combo position; NULL: not set */

  /* What set_record() showed, so that a row nobody touched gives back the
   * exact stored value (a DATETIME shown to the minute keeps its seconds). */
  char            *shown_text;
  char            *shown_value;

  char            *error;
  char            *warning;       /* shown under the row while there is no error */
} FormField;

struct _CareRecordForm
{
  GtkWidget         parent_instance;

  const CareEntity *entity;
  GPtrArray        *fields;          /* FormField*, in display order */
  GtkWidget        *general_error;   /* problems with fields the form does not show */
  guint             filling : 1;
};

G_DEFINE_FINAL_TYPE (CareRecordForm, care_record_form, GTK_TYPE_WIDGET)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void form_field_clear_error (FormField *ff);
static void form_field_show_warning (FormField *ff);

static void
form_field_free (gpointer data)
{
  FormField *ff = data;

  g_clear_pointer (&ff->choices, g_ptr_array_unref);
  if (ff->focus)
    g_clear_object (&ff->hint_label);   /* entry rows own a reference */
  g_free (ff->shown_text);
  g_free (ff->shown_value);
  g_free (ff->error);
  g_free (ff->warning);
  g_free (ff);
}

static const char *
tr (const char *msgid)
{
  return msgid ? g_dgettext (GETTEXT_PACKAGE, msgid) : NULL;
}

/* --- canonical value <-> what a person reads and types ------------------ */

static char *
format_money (const char *value)
{
  gint64 units;

  if (!g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, &units, NULL))
    return g_strdup (value);
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%02u",
                          units < 0 ? "-" : "",
                          (guint64) ABS (units) / 100,
                          (guint) ((guint64) ABS (units) % 100));
}

static char *
format_datetime (const char *value)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (value, NULL);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup (value);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* The text a row shows for a canonical value (NULL: empty). */
static char *
value_to_text (const CareRecord *record,
               const CareField  *field)
{
  const char *value = record ? care_record_get (record, field->name) : NULL;

  if (value == NULL)
    return NULL;

  switch (field->type)
    {
    case CARE_FIELD_MONEY:
      return format_money (value);

    case CARE_FIELD_DATETIME:
      return format_datetime (value);

    case CARE_FIELD_LIST:
      {
        g_auto(GStrv) items = care_record_get_list (record, field->name);
        return g_strjoinv (", ", items);
      }

    default:
      return g_strdup (value);
    }
}

/* --- rows ---------------------------------------------------------------- */

static char *
row_title (const CareField *field)
{
  g_autofree char *label = g_markup_escape_text (tr (field->label), -1);

  if (field->flags & CARE_FIELD_REQUIRED)
    /* Translators: the label of a form field that must be filled in */
    return g_strdup_printf (_("%s *"), label);
  return g_steal_pointer (&label);
}

static void
update_hint (FormField *ff)
{
  const char *text;

  if (ff->hint_label == NULL)
    return;
  if (ff->buffer)
    gtk_widget_set_visible (ff->hint_label, gtk_text_buffer_get_char_count (ff->buffer) == 0);
  else
    {
      /* Like a placeholder: while the row is being typed in and empty.
       * (An empty row that is not focused shows its title there.) */
      gboolean show;

      text = gtk_editable_get_text (GTK_EDITABLE (ff->row));
      show = (text == NULL || text[0] == '\0') &&
             gtk_event_controller_focus_contains_focus (GTK_EVENT_CONTROLLER_FOCUS (ff->focus));

      /* Removed rather than hidden: a hidden suffix still leaves a gap
       * that would put this row's edit icon out of line with the others. */
      if (show && gtk_widget_get_parent (ff->hint_label) == NULL)
        adw_entry_row_add_suffix (ADW_ENTRY_ROW (ff->row), ff->hint_label);
      else if (!show && gtk_widget_get_parent (ff->hint_label) != NULL)
        adw_entry_row_remove (ADW_ENTRY_ROW (ff->row), ff->hint_label);
    }
}

static void
on_field_changed (FormField *ff)
{
  update_hint (ff);
  if (!ff->form->filling)
    {
      form_field_clear_error (ff);
      g_signal_emit (ff->form, signals[CHANGED], 0);
    }
}

static void
on_entry_row_changed_cb (GtkEditable *editable,
                         FormField   *ff)
{
  on_field_changed (ff);
}

static void
on_buffer_changed_cb (GtkTextBuffer *buffer,
                      FormField     *ff)
{
  on_field_changed (ff);
}

static void
on_combo_row_selected_cb (AdwComboRow *row,
                          GParamSpec  *pspec,
                          FormField   *ff)
{
  on_field_changed (ff);
}

static void
on_switch_active_cb (GtkSwitch  *toggle,
                     GParamSpec *pspec,
                     FormField  *ff)
{
  on_field_changed (ff);
}

static GtkWidget *
create_hint_label (const CareField *field)
{
  GtkWidget *label;

  if (field->hint == NULL)
    return NULL;
  label = g_object_new (GTK_TYPE_LABEL,
                        "label", tr (field->hint),
                        "ellipsize", PANGO_ELLIPSIZE_END,
                        "max-width-chars", 32,
                        "xalign", 1.0f,
                        "valign", GTK_ALIGN_CENTER,
                        "can-target", FALSE,
                        NULL);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "field-hint");
  return label;
}

static GtkWidget *
create_entry_row (FormField *ff)
{
  const CareField *field = ff->field;
  GtkWidget *row = adw_entry_row_new ();
  GtkInputPurpose purpose = GTK_INPUT_PURPOSE_FREE_FORM;

  switch (field->type)
    {
    case CARE_FIELD_PHONE:
      purpose = GTK_INPUT_PURPOSE_PHONE;
      break;
    case CARE_FIELD_EMAIL:
      purpose = GTK_INPUT_PURPOSE_EMAIL;
      break;
    case CARE_FIELD_INT:
    case CARE_FIELD_DECIMAL:
    case CARE_FIELD_MONEY:
      purpose = GTK_INPUT_PURPOSE_NUMBER;
      break;
    default:
      break;
    }
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), purpose);
  if (field->type == CARE_FIELD_TEXT && (field->flags & CARE_FIELD_SEARCH) == 0)
    adw_entry_row_set_input_hints (ADW_ENTRY_ROW (row), GTK_INPUT_HINT_UPPERCASE_SENTENCES);

  ff->hint_label = create_hint_label (field);
  if (ff->hint_label)
    g_object_ref_sink (ff->hint_label);

  ff->focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (ff->focus, "notify::contains-focus", G_CALLBACK (update_hint), ff);
  gtk_widget_add_controller (row, ff->focus);

  g_signal_connect (row, "changed", G_CALLBACK (on_entry_row_changed_cb), ff);
  return row;
}

static GtkWidget *
create_long_text_row (FormField *ff)
{
  const CareField *field = ff->field;
  g_autofree char *title = row_title (field);
  GtkWidget *row, *box, *header, *label;

  row = g_object_new (ADW_TYPE_PREFERENCES_ROW,
                      "title", title,
                      "activatable", FALSE,
                      "focusable", FALSE,
                      NULL);
  gtk_widget_add_css_class (row, "long-text-row");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  label = g_object_new (GTK_TYPE_LABEL,
                        "label", title,
                        "use-markup", TRUE,
                        "xalign", 0.0f,
                        "hexpand", TRUE,
                        NULL);
  gtk_widget_add_css_class (label, "subtitle");
  gtk_box_append (GTK_BOX (header), label);
  ff->hint_label = create_hint_label (field);
  if (ff->hint_label)
    gtk_box_append (GTK_BOX (header), ff->hint_label);
  gtk_box_append (GTK_BOX (box), header);

  ff->text_view = g_object_new (GTK_TYPE_TEXT_VIEW,
                                "wrap-mode", GTK_WRAP_WORD_CHAR,
                                "accepts-tab", FALSE,
                                "height-request", 48,
                                NULL);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (ff->text_view),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  ff->buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (ff->text_view));
  g_signal_connect (ff->buffer, "changed", G_CALLBACK (on_buffer_changed_cb), ff);
  gtk_box_append (GTK_BOX (box), ff->text_view);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
fill_choices (FormField  *ff,
              const char *value)
{
  const CareField *field = ff->field;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = 0;
  gboolean found = FALSE;

  g_clear_pointer (&ff->choices, g_ptr_array_unref);
  ff->choices = g_ptr_array_new ();

  /* A required choice offers "Choose…" only until it has a value: the
   * form never picks one silently (think of a patient's sex). */
  if ((field->flags & CARE_FIELD_REQUIRED) == 0 || value == NULL)
    {
      gtk_string_list_append (labels, (field->flags & CARE_FIELD_REQUIRED)
                                      ? _("Choose…") : _("Not set"));
      g_ptr_array_add (ff->choices, NULL);
    }

  for (guint i = 0; field->choices && field->choices[i]; i++)
    {
      if (g_strcmp0 (value, field->choices[i]) == 0)
        {
          selected = ff->choices->len;
          found = TRUE;
        }
      gtk_string_list_append (labels, care_field_choice_label (field, field->choices[i]));
      g_ptr_array_add (ff->choices, (gpointer) field->choices[i]);
    }

  /* A value this version does not know (written by a newer one): keep it. */
  if (value != NULL && !found)
    {
      selected = ff->choices->len;
      gtk_string_list_append (labels, value);
      g_ptr_array_add (ff->choices, (gpointer) g_intern_string (value));
    }

  adw_combo_row_set_model (ADW_COMBO_ROW (ff->row), G_LIST_MODEL (labels));
  adw_combo_row_set_selected (ADW_COMBO_ROW (ff->row), selected);
}

static GtkWidget *
create_combo_row (FormField *ff)
{
  GtkWidget *row = adw_combo_row_new ();

  ff->row = row;
  fill_choices (ff, NULL);
  g_signal_connect (row, "notify::selected", G_CALLBACK (on_combo_row_selected_cb), ff);
  return row;
}

static GtkWidget *
create_switch_row (FormField *ff)
{
  GtkWidget *row = adw_action_row_new ();

  ff->toggle = g_object_new (GTK_TYPE_SWITCH, "valign", GTK_ALIGN_CENTER, NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), ff->toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), ff->toggle);
  g_signal_connect (ff->toggle, "notify::active", G_CALLBACK (on_switch_active_cb), ff);
  return row;
}

static GtkWidget *
create_error_row (FormField *ff)
{
  GtkWidget *row;

  ff->error_label = g_object_new (GTK_TYPE_LABEL,
                                  "xalign", 0.0f,
                                  "wrap", TRUE,
                                  "wrap-mode", PANGO_WRAP_WORD_CHAR,
                                  NULL);
  gtk_widget_add_css_class (ff->error_label, "field-error");
  row = g_object_new (ADW_TYPE_PREFERENCES_ROW,
                      "activatable", FALSE,
                      "selectable", FALSE,
                      "focusable", FALSE,
                      "visible", FALSE,
                      "child", ff->error_label,
                      NULL);
  gtk_widget_add_css_class (row, "field-error-row");
  return row;
}

static FormField *
create_field (CareRecordForm  *self,
              const CareField *field)
{
  FormField *ff = g_new0 (FormField, 1);
  g_autofree char *name = g_strdup_printf ("field-%s", field->name);
  g_autofree char *title = row_title (field);

  ff->form = self;
  ff->field = field;

  if (field->type == CARE_FIELD_ENUM)
    ff->row = create_combo_row (ff);
  else if (field->type == CARE_FIELD_BOOL)
    ff->row = create_switch_row (ff);
  else if (field->type == CARE_FIELD_LONG_TEXT)
    ff->row = create_long_text_row (ff);
  else
    ff->row = create_entry_row (ff);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (ff->row), TRUE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (ff->row), title);
  gtk_widget_set_name (ff->row, name);
  if (field->hint)
    gtk_widget_set_tooltip_text (ff->row, tr (field->hint));
  ff->error_row = create_error_row (ff);
  update_hint (ff);

  return ff;
}

/* --- errors -------------------------------------------------------------- */

static void
form_field_set_error (FormField  *ff,
                      const char *message)
{
  g_free (ff->error);
  ff->error = g_strdup (message);
  gtk_label_set_text (GTK_LABEL (ff->error_label), message);
  gtk_widget_set_visible (ff->error_row, TRUE);
  gtk_widget_remove_css_class (ff->error_label, "field-warning");
  gtk_widget_add_css_class (ff->row, "error");
  gtk_widget_add_css_class (ff->row, "field-has-error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (ff->row),
                               GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (ff->row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                  -1);
}

static void
form_field_clear_error (FormField *ff)
{
  if (ff->error == NULL)
    return;
  g_clear_pointer (&ff->error, g_free);
  gtk_widget_set_visible (ff->error_row, FALSE);
  gtk_widget_remove_css_class (ff->row, "error");
  gtk_widget_remove_css_class (ff->row, "field-has-error");
  gtk_accessible_reset_state (GTK_ACCESSIBLE (ff->row), GTK_ACCESSIBLE_STATE_INVALID);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (ff->row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  form_field_show_warning (ff);
}

/* A warning takes the error's place under the row, in the warning colour,
 * while the field has no error. */
static void
form_field_show_warning (FormField *ff)
{
  if (ff->error)
    return;
  gtk_widget_set_visible (ff->error_row, ff->warning != NULL);
  gtk_label_set_text (GTK_LABEL (ff->error_label), ff->warning ? ff->warning : "");
  if (ff->warning)
    {
      gtk_widget_add_css_class (ff->error_label, "field-warning");
      gtk_widget_add_css_class (ff->row, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (ff->row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, ff->warning,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (ff->error_label, "field-warning");
      gtk_widget_remove_css_class (ff->row, "warning");
    }
}

static FormField *
find_field (CareRecordForm *self,
            const char     *name)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      FormField *ff = g_ptr_array_index (self->fields, i);

      if (g_str_equal (ff->field->name, name))
        return ff;
    }
  return NULL;
}

static void
form_field_focus (FormField *ff)
{
  if (ff->text_view)
    gtk_widget_grab_focus (ff->text_view);
  else if (ff->toggle)
    gtk_widget_grab_focus (ff->toggle);
  else
    gtk_widget_grab_focus (ff->row);
}

/* --- text of a row ------------------------------------------------------- */

static char *
form_field_dup_text (FormField *ff)
{
  switch (ff->field->type)
    {
    case CARE_FIELD_ENUM:
      {
        guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (ff->row));

        if (selected == GTK_INVALID_LIST_POSITION || selected >= ff->choices->len)
          return NULL;
        return g_strdup (g_ptr_array_index (ff->choices, selected));
      }

    case CARE_FIELD_BOOL:
      return g_strdup (gtk_switch_get_active (GTK_SWITCH (ff->toggle)) ? "1" : "0");

    case CARE_FIELD_LONG_TEXT:
      {
        GtkTextIter start, end;

        gtk_text_buffer_get_bounds (ff->buffer, &start, &end);
        return gtk_text_buffer_get_text (ff->buffer, &start, &end, FALSE);
      }

    default:
      return g_strdup (gtk_editable_get_text (GTK_EDITABLE (ff->row)));
    }
}

static void
form_field_set_text (FormField  *ff,
                     const char *text)
{
  switch (ff->field->type)
    {
    case CARE_FIELD_ENUM:
      {
        guint position = GTK_INVALID_LIST_POSITION;

        for (guint i = 0; i < ff->choices->len; i++)
          {
            const char *value = g_ptr_array_index (ff->choices, i);

            if ((text == NULL || text[0] == '\0') ? value == NULL
                : value != NULL && (g_str_equal (value, text) ||
                                    g_utf8_collate (care_field_choice_label (ff->field, value), text) == 0))
              {
                position = i;
                break;
              }
          }
        if (position == GTK_INVALID_LIST_POSITION)
          {
            g_warning ("“%s” is not a choice of %s", text, ff->field->name);
            return;
          }
        adw_combo_row_set_selected (ADW_COMBO_ROW (ff->row), position);
      }
      break;

    case CARE_FIELD_BOOL:
      {
        g_autofree char *canonical = NULL;

        care_field_normalize (ff->field, text, &canonical, NULL);
        gtk_switch_set_active (GTK_SWITCH (ff->toggle), g_strcmp0 (canonical, "1") == 0);
      }
      break;

    case CARE_FIELD_LONG_TEXT:
      gtk_text_buffer_set_text (ff->buffer, text ? text : "", -1);
      break;

    default:
      gtk_editable_set_text (GTK_EDITABLE (ff->row), text ? text : "");
      break;
    }
}

/* --- GObject ------------------------------------------------------------- */

static void
care_record_form_dispose (GObject *object)
{
  CareRecordForm *self = (CareRecordForm *)object;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_pointer (&self->fields, g_ptr_array_unref);

  G_OBJECT_CLASS (care_record_form_parent_class)->dispose (object);
}

static void
care_record_form_class_init (CareRecordFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_record_form_dispose;

  /* A row changed by the person (not by set_record()). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "recordform");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
care_record_form_init (CareRecordForm *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 24);

  self->fields = g_ptr_array_new_with_free_func (form_field_free);
}

static gboolean
field_is_for_forms (const CareField *field)
{
  return field->group != NULL &&
         (field->flags & (CARE_FIELD_SECRET | CARE_FIELD_SYSTEM)) == 0 &&
         field->type != CARE_FIELD_BLOB &&
         field->type != CARE_FIELD_REF;
}

static void
build (CareRecordForm     *self,
       const char *const  *names)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) group_names = g_ptr_array_new ();
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();
  gboolean any_required = FALSE;

  if (names)
    {
      for (guint i = 0; names[i]; i++)
        {
          const CareField *field = care_entity_field (self->entity, names[i]);

          if (field == NULL || field->type == CARE_FIELD_BLOB)
            {
              g_critical ("%s has no field “%s” a form can show", self->entity->name, names[i]);
              continue;
            }
          g_ptr_array_add (fields, (gpointer) field);
        }
    }
  else
    {
      for (guint i = 0; i < self->entity->n_fields; i++)
        if (field_is_for_forms (&self->entity->fields[i]))
          g_ptr_array_add (fields, (gpointer) &self->entity->fields[i]);
    }

  self->general_error = g_object_new (GTK_TYPE_LABEL,
                                      "xalign", 0.0f,
                                      "wrap", TRUE,
                                      "visible", FALSE,
                                      NULL);
  gtk_widget_add_css_class (self->general_error, "error");
  gtk_widget_set_parent (self->general_error, GTK_WIDGET (self));

  for (guint i = 0; i < fields->len; i++)
    {
      const CareField *field = g_ptr_array_index (fields, i);
      const char *group_name = field->group ? field->group : self->entity->label;
      AdwPreferencesGroup *group = NULL;
      FormField *ff;

      any_required |= (field->flags & CARE_FIELD_REQUIRED) != 0;

      for (guint j = 0; j < group_names->len; j++)
        if (g_str_equal (g_ptr_array_index (group_names, j), group_name))
          group = g_ptr_array_index (groups, j);

      if (group == NULL)
        {
          group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          adw_preferences_group_set_title (group, tr (group_name));
          gtk_widget_set_parent (GTK_WIDGET (group), GTK_WIDGET (self));
          g_ptr_array_add (group_names, (gpointer) group_name);
          g_ptr_array_add (groups, group);
        }

      ff = create_field (self, field);
      adw_preferences_group_add (group, ff->row);
      adw_preferences_group_add (group, ff->error_row);
      g_ptr_array_add (self->fields, ff);
    }

  if (any_required && groups->len > 0)
    adw_preferences_group_set_description (g_ptr_array_index (groups, 0),
                                           _("Fields marked with * are required."));
}

/**
 * care_record_form_new:
 * @entity: the entity the form edits
 * @fields: (nullable): NULL-terminated field names in display order, or
 *   %NULL for every field of @entity meant for forms
 *
 * Returns: (transfer floating): a new form
 */
CareRecordForm *
care_record_form_new (const CareEntity   *entity,
                      const char *const  *fields)
{
  CareRecordForm *self;

  g_return_val_if_fail (entity != NULL, NULL);

  self = g_object_new (CARE_TYPE_RECORD_FORM, NULL);
  self->entity = entity;
  build (self, fields);
  care_record_form_set_record (self, NULL);
  return self;
}

const CareEntity *
care_record_form_get_entity (CareRecordForm *self)
{
  g_return_val_if_fail (CARE_IS_RECORD_FORM (self), NULL);

  return self->entity;
}

void
care_record_form_set_record (CareRecordForm *self,
                             CareRecord     *record)
{
  g_return_if_fail (CARE_IS_RECORD_FORM (self));
  g_return_if_fail (record == NULL || care_record_get_entity (record) == self->entity);

  care_record_form_clear_errors (self);

  self->filling = TRUE;
  for (guint i = 0; i < self->fields->len; i++)
    {
      FormField *ff = g_ptr_array_index (self->fields, i);
      const char *value = record ? care_record_get (record, ff->field->name) : NULL;
      g_autofree char *text = value_to_text (record, ff->field);

      if (ff->field->type == CARE_FIELD_ENUM)
        fill_choices (ff, value);
      else
        form_field_set_text (ff, text);

      g_free (ff->shown_value);
      ff->shown_value = g_strdup (value);
      g_free (ff->shown_text);
      ff->shown_text = form_field_dup_text (ff);
    }
  self->filling = FALSE;
}

static void
focus_first_error (CareRecordForm *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      FormField *ff = g_ptr_array_index (self->fields, i);

      if (ff->error)
        {
          form_field_focus (ff);
          return;
        }
    }
}

void
care_record_form_show_errors (CareRecordForm       *self,
                              const CareValidation *validation)
{
  g_autoptr(GString) general = g_string_new (NULL);

  g_return_if_fail (CARE_IS_RECORD_FORM (self));

  care_record_form_clear_errors (self);

  for (guint i = 0; i < care_validation_get_n_errors (validation); i++)
    {
      const char *name = care_validation_get_field (validation, i);
      const char *message = care_validation_get_message (validation, name);
      FormField *ff = find_field (self, name);

      if (ff)
        form_field_set_error (ff, message);
      else
        {
          const CareField *field = care_entity_field (self->entity, name);

          if (general->len)
            g_string_append_c (general, '\n');
          /* Translators: a field's label, then what is wrong with it */
          g_string_append_printf (general, _("%s: %s"), field ? tr (field->label) : name, message);
        }
    }

  if (general->len)
    {
      gtk_label_set_text (GTK_LABEL (self->general_error), general->str);
      gtk_widget_set_visible (self->general_error, TRUE);
    }

  focus_first_error (self);
}

void
care_record_form_clear_errors (CareRecordForm *self)
{
  g_return_if_fail (CARE_IS_RECORD_FORM (self));

  for (guint i = 0; i < self->fields->len; i++)
    form_field_clear_error (g_ptr_array_index (self->fields, i));
  gtk_widget_set_visible (self->general_error, FALSE);
}

gboolean
care_record_form_apply (CareRecordForm *self,
                        CareStore      *store,
                        CareRecord     *record)
{
  g_autoptr(CareValidation) validation = NULL;
  g_autoptr(CareValidation) record_validation = NULL;
  g_autoptr(CareRecord) copy = NULL;

  g_return_val_if_fail (CARE_IS_RECORD_FORM (self), FALSE);
  g_return_val_if_fail (store == NULL || CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (care_record_get_entity (record) == self->entity, FALSE);

  validation = care_validation_new ();
  copy = care_record_copy (record);

  /* First what each row says on its own… */
  for (guint i = 0; i < self->fields->len; i++)
    {
      FormField *ff = g_ptr_array_index (self->fields, i);
      g_autofree char *text = form_field_dup_text (ff);
      g_autofree char *canonical = NULL;
      g_autofree char *message = NULL;

      if (ff->shown_text && g_strcmp0 (text, ff->shown_text) == 0)
        {
          care_record_set (copy, ff->field->name, ff->shown_value);
          continue;
        }
      if (care_field_normalize (ff->field, text, &canonical, &message))
        care_record_set (copy, ff->field->name, canonical);
      else
        care_validation_add (validation, ff->field->name, message);
    }

  /* …then the rules across fields and records (the first message per
   * field wins, so a typing mistake is not reported twice). */
  record_validation = store ? care_store_validate (store, copy) : care_validate_record (copy);
  for (guint i = 0; i < care_validation_get_n_errors (record_validation); i++)
    {
      const char *name = care_validation_get_field (record_validation, i);

      care_validation_add (validation, name,
                           care_validation_get_message (record_validation, name));
    }

  if (!care_validation_is_valid (validation))
    {
      care_record_form_show_errors (self, validation);
      return FALSE;
    }

  care_record_form_clear_errors (self);
  for (guint i = 0; i < self->fields->len; i++)
    {
      FormField *ff = g_ptr_array_index (self->fields, i);

      care_record_set (record, ff->field->name, care_record_get (copy, ff->field->name));
    }
  return TRUE;
}

GtkWidget *
care_record_form_get_row (CareRecordForm *self,
                          const char     *field)
{
  FormField *ff;

  g_return_val_if_fail (CARE_IS_RECORD_FORM (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  ff = find_field (self, field);
  return ff ? ff->row : NULL;
}

/**
 * care_record_form_set_text:
 *
 * Sets what the row of @field shows as if typed: any text for entries,
 * a choice's value or label for choices, yes/no for switches.
 */
void
care_record_form_set_text (CareRecordForm *self,
                           const char     *field,
                           const char     *text)
{
  FormField *ff;

  g_return_if_fail (CARE_IS_RECORD_FORM (self));
  g_return_if_fail (field != NULL);

  ff = find_field (self, field);
  g_return_if_fail (ff != NULL);
  form_field_set_text (ff, text);
}

/* The row's current text (a choice's value, "1"/"0" for a switch). */
char *
care_record_form_dup_text (CareRecordForm *self,
                           const char     *field)
{
  FormField *ff;

  g_return_val_if_fail (CARE_IS_RECORD_FORM (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  ff = find_field (self, field);
  g_return_val_if_fail (ff != NULL, NULL);
  return form_field_dup_text (ff);
}

const char *
care_record_form_get_error (CareRecordForm *self,
                            const char     *field)
{
  FormField *ff;

  g_return_val_if_fail (CARE_IS_RECORD_FORM (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  ff = find_field (self, field);
  return ff ? ff->error : NULL;
}

void
care_record_form_set_warning (CareRecordForm *self,
                              const char     *field,
                              const char     *message)
{
  FormField *ff;

  g_return_if_fail (CARE_IS_RECORD_FORM (self));
  g_return_if_fail (field != NULL);

  ff = find_field (self, field);
  g_return_if_fail (ff != NULL);
  if (g_strcmp0 (ff->warning, message) == 0)
    return;
  g_free (ff->warning);
  ff->warning = g_strdup (message);
  form_field_show_warning (ff);
}

const char *
care_record_form_get_warning (CareRecordForm *self,
                              const char     *field)
{
  FormField *ff;

  g_return_val_if_fail (CARE_IS_RECORD_FORM (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  ff = find_field (self, field);
  return ff ? ff->warning : NULL;
}

/* Whether any row differs from what set_record() showed. */
gboolean
care_record_form_get_modified (CareRecordForm *self)
{
  g_return_val_if_fail (CARE_IS_RECORD_FORM (self), FALSE);

  for (guint i = 0; i < self->fields->len; i++)
    {
      FormField *ff = g_ptr_array_index (self->fields, i);
      g_autofree char *text = form_field_dup_text (ff);

      if (g_strcmp0 (text, ff->shown_text) != 0 &&
          !(ff->shown_text == NULL && (text == NULL || text[0] == '\0')))
        return TRUE;
    }
  return FALSE;
}

gboolean
care_record_form_show_refusal (CareRecordForm *self,
                               const GError   *error)
{
  const char *field;
  g_autoptr(CareValidation) invalid = NULL;

  g_return_val_if_fail (CARE_IS_RECORD_FORM (self), FALSE);

  field = error ? care_rule_error_get_field (error) : NULL;
  if (field == NULL || care_record_form_get_row (self, field) == NULL)
    return FALSE;
  invalid = care_validation_new ();
  care_validation_add (invalid, field, care_rule_error_get_detail (error));
  care_record_form_show_errors (self, invalid);
  return TRUE;
}

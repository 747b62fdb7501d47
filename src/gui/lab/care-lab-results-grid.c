/* care-lab-results-grid.c: the values of one panel, with units, reference ranges, flags and delta checks
 *
 * The flag and the delta are core's (care_lab_compute_flag(),
 * care_lab_delta_check()); the grid only shows them as the value is
 * typed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-lab-results-grid"

#include "config.h"

#include <glib/gi18n.h>

#include "care-lab-bands.h"
#include "care-lab-results-grid.h"

typedef struct {
  const CareLabAnalyte *analyte;
  char                 *previous;   /* the patient's previous value, or NULL */
  GtkWidget            *entry;
  GtkWidget            *flag;
  GtkWidget            *delta;
  GtkWidget            *error;
} Row;

struct _CareLabResultsGrid
{
  GtkWidget           parent_instance;

  GtkWidget          *grid;
  const CareLabPanel *panel;
  char               *sex;
  int                 age_days;
  GArray             *rows;   /* Row */
};

G_DEFINE_FINAL_TYPE (CareLabResultsGrid, care_lab_results_grid, GTK_TYPE_WIDGET)

static void
row_clear (Row *row)
{
  g_free (row->previous);
}

static CareRecord *
row_result (CareLabResultsGrid *self,
            Row                *row)
{
  CareRecord *result = care_record_new (care_schema_lookup ("lab_result"));
  g_autofree char *value = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->entry))));

  care_lab_analyte_fill_result_at (row->analyte, self->sex, self->age_days, result);
  care_record_set (result, "value", *value ? value : NULL);
  care_record_set (result, "method", NULL);
  return result;
}

static const char *
flag_word (const char *flag)
{
  const CareField *field = care_entity_field (care_schema_lookup ("lab_result"), "flag");

  return care_field_choice_label (field, flag);
}

static void
update_row (CareLabResultsGrid *self,
            Row                *row)
{
  g_autoptr(CareRecord) result = row_result (self, row);
  g_autofree char *flag = care_lab_compute_flag (result);
  const char *letter = care_lab_flag_letter (flag);
  CareLabDelta delta;

  gtk_widget_remove_css_class (row->flag, "lab-flag-abnormal");
  gtk_widget_remove_css_class (row->flag, "lab-flag-critical");
  if (letter)
    {
      /* Translators: a result's flag, its letter and its word: "HH Critically high" */
      g_autofree char *text = g_strdup_printf (_("%s %s"), letter, flag_word (flag));

      gtk_label_set_label (GTK_LABEL (row->flag), text);
      gtk_widget_add_css_class (row->flag, care_lab_flag_is_critical (flag) ? "lab-flag-critical" : "lab-flag-abnormal");
    }
  else
    gtk_label_set_label (GTK_LABEL (row->flag), flag ? flag_word (flag) : "");

  gtk_widget_remove_css_class (row->delta, "warning");
  if (row->previous == NULL)
    gtk_label_set_label (GTK_LABEL (row->delta), "");
  else if (care_lab_delta_check (care_record_get (result, "value"), row->previous,
                                 row->analyte->delta_percent, &delta))
    {
      /* Translators: the delta check: the patient's previous value and the change, e.g. "Was 12.9 (−47 %)" */
      g_autofree char *text = g_strdup_printf (_("Was %s (%+.0f %%)"), row->previous, delta.change);

      gtk_label_set_label (GTK_LABEL (row->delta), text);
      if (delta.exceeded)
        {
          /* Translators: the delta check failed: %s is "Was 12.9 (−47 %)" */
          g_autofree char *warn = g_strdup_printf (_("%s: check"), text);

          gtk_label_set_label (GTK_LABEL (row->delta), warn);
          gtk_widget_add_css_class (row->delta, "warning");
        }
    }
  else
    {
      /* Translators: the patient's previous value of this analyte */
      g_autofree char *text = g_strdup_printf (_("Was %s"), row->previous);

      gtk_label_set_label (GTK_LABEL (row->delta), text);
    }
}

static void
on_value_changed_cb (GtkEditable        *entry,
                     CareLabResultsGrid *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);

      if (row->entry == GTK_WIDGET (entry))
        {
          gtk_widget_set_visible (row->error, FALSE);
          gtk_widget_remove_css_class (row->entry, "error");
          update_row (self, row);
        }
    }
}

static GtkWidget *
cell (const char *text,
      const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
add_header (CareLabResultsGrid *self)
{
  const char *titles[] = { _("Analyte"), _("Result"), _("Unit"), _("Reference range"), _("Flag"), _("Previous") };

  for (guint c = 0; c < G_N_ELEMENTS (titles); c++)
    gtk_grid_attach (GTK_GRID (self->grid), cell (titles[c], "heading"), (int) c, 0, 1, 1);
}

GtkWidget *
care_lab_results_grid_new (CareStore          *store,
                           CareRecord         *test,
                           const CareLabPanel *panel,
                           const char         *sex,
                           int                 age_days,
                           gboolean            editable)
{
  CareLabResultsGrid *self;
  g_autoptr(GPtrArray) current = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (panel != NULL, NULL);

  self = g_object_new (CARE_TYPE_LAB_RESULTS_GRID, NULL);
  self->panel = panel;
  self->sex = g_strdup (sex);
  self->age_days = age_days;
  current = care_lab_results_current (store, care_record_get_id (test), NULL, NULL);
  add_header (self);

  for (guint i = 0; i < panel->n_analytes; i++)
    {
      const CareLabAnalyte *analyte = &panel->analytes[i];
      g_autoptr(CareRecord) previous = care_lab_results_previous (store, care_record_get (test, "patient_id"), analyte->name,
                                                                  care_record_get_id (test), NULL);
      g_autofree char *range = care_lab_analyte_format_range_at (analyte, sex, age_days);
      g_autofree char *entry_name = g_strdup_printf ("lab-value-%u", i);
      g_autofree char *flag_name = g_strdup_printf ("lab-flag-%u", i);
      g_autofree char *delta_name = g_strdup_printf ("lab-delta-%u", i);
      g_autofree char *error_name = g_strdup_printf ("lab-error-%u", i);
      GtkWidget *name = cell (_(analyte->name), NULL);
      Row row = { analyte, previous ? g_strdup (care_record_get (previous, "value")) : NULL };
      int y = 1 + 2 * (int) i;

      row.entry = gtk_entry_new ();
      gtk_widget_set_name (row.entry, entry_name);
      gtk_editable_set_width_chars (GTK_EDITABLE (row.entry), 8);
      gtk_editable_set_editable (GTK_EDITABLE (row.entry), editable);
      gtk_widget_set_can_focus (row.entry, editable);
      gtk_entry_set_activates_default (GTK_ENTRY (row.entry), TRUE);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (row.entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY, name, NULL, -1);
      for (guint k = 0; current && k < current->len; k++)
        if (g_strcmp0 (care_record_get (g_ptr_array_index (current, k), "analyte"), analyte->name) == 0)
          gtk_editable_set_text (GTK_EDITABLE (row.entry), care_record_get (g_ptr_array_index (current, k), "value"));
      row.flag = cell ("", NULL);
      gtk_widget_set_name (row.flag, flag_name);
      row.delta = cell ("", "dim-label");
      gtk_widget_set_name (row.delta, delta_name);
      row.error = cell ("", "field-error");
      gtk_widget_set_name (row.error, error_name);
      gtk_label_set_wrap (GTK_LABEL (row.error), TRUE);
      gtk_widget_set_visible (row.error, FALSE);

      gtk_grid_attach (GTK_GRID (self->grid), name, 0, y, 1, 1);
      gtk_grid_attach (GTK_GRID (self->grid), row.entry, 1, y, 1, 1);
      gtk_grid_attach (GTK_GRID (self->grid), cell (analyte->unit, "dim-label"), 2, y, 1, 1);
      gtk_grid_attach (GTK_GRID (self->grid), cell (range, NULL), 3, y, 1, 1);
      gtk_grid_attach (GTK_GRID (self->grid), row.flag, 4, y, 1, 1);
      gtk_grid_attach (GTK_GRID (self->grid), row.delta, 5, y, 1, 1);
      gtk_grid_attach (GTK_GRID (self->grid), row.error, 1, y + 1, 5, 1);
      g_array_append_val (self->rows, row);
      update_row (self, &g_array_index (self->rows, Row, self->rows->len - 1));
      g_signal_connect (row.entry, "changed", G_CALLBACK (on_value_changed_cb), self);
    }
  return GTK_WIDGET (self);
}

GPtrArray *
care_lab_results_grid_collect (CareLabResultsGrid *self)
{
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);

  g_return_val_if_fail (CARE_IS_LAB_RESULTS_GRID (self), results);

  for (guint i = 0; i < self->rows->len; i++)
    g_ptr_array_add (results, row_result (self, &g_array_index (self->rows, Row, i)));
  return results;
}

void
care_lab_results_grid_set_error (CareLabResultsGrid *self,
                                 int                 index,
                                 const char         *message)
{
  g_return_if_fail (CARE_IS_LAB_RESULTS_GRID (self));

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);
      gboolean here = index == (int) i;

      gtk_label_set_label (GTK_LABEL (row->error), here ? message : "");
      gtk_widget_set_visible (row->error, here);
      if (here)
        {
          gtk_widget_add_css_class (row->entry, "error");
          gtk_widget_grab_focus (row->entry);
        }
      else
        gtk_widget_remove_css_class (row->entry, "error");
    }
}

static void
care_lab_results_grid_dispose (GObject *object)
{
  CareLabResultsGrid *self = CARE_LAB_RESULTS_GRID (object);

  g_clear_pointer (&self->grid, gtk_widget_unparent);
  G_OBJECT_CLASS (care_lab_results_grid_parent_class)->dispose (object);
}

static void
care_lab_results_grid_finalize (GObject *object)
{
  CareLabResultsGrid *self = CARE_LAB_RESULTS_GRID (object);

  g_array_unref (self->rows);
  g_free (self->sex);
  G_OBJECT_CLASS (care_lab_results_grid_parent_class)->finalize (object);
}

static void
care_lab_results_grid_class_init (CareLabResultsGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_lab_results_grid_dispose;
  object_class->finalize = care_lab_results_grid_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "labresults");
}

static void
care_lab_results_grid_init (CareLabResultsGrid *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (self->rows, (GDestroyNotify) row_clear);
  self->grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 4);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));
  gtk_widget_set_name (GTK_WIDGET (self), "lab-results-grid");
}

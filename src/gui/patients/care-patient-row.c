/* care-patient-row.c: one patient in the patient list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-patient-row"

#include "config.h"

#include "care-gtk-compat.h"
#include "care-clock.h"

#include <glib/gi18n.h>

#include "care-a11y.h"
#include "care-patient-initials.h"
#include "care-patient-row.h"

struct _CarePatientRow
{
  GtkWidget   parent_instance;

  CareRecord *record;

  GtkWidget  *avatar;
  GtkWidget  *name_label;
  GtkWidget  *mrn_label;
  GtkWidget  *details_label;
};

G_DEFINE_FINAL_TYPE (CarePatientRow, care_patient_row, GTK_TYPE_WIDGET)

char *
care_patient_format_list_name (CareRecord *record)
{
  const char *given = care_record_get (record, "given_name");
  const char *family = care_record_get (record, "family_name");

  if (given && family)
    /* Translators: a patient in a list sorted by family name: "López García, María" */
    return g_strdup_printf (_("%s, %s"), family, given);
  return g_strdup (family ? family : given ? given : "");
}

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  int y, m, d;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

static int
months_between (const GDate *from,
                const GDate *to)
{
  int months = (g_date_get_year (to) - g_date_get_year (from)) * 12 +
               ((int) g_date_get_month (to) - (int) g_date_get_month (from));

  if (g_date_get_day (to) < g_date_get_day (from))
    months--;
  return months;
}

int
care_patient_age_years (const char *date_of_birth)
{
  GDate birth, today;

  if (!parse_date (date_of_birth, &birth))
    return -1;
  g_date_clear (&today, 1);
  g_date_set_time_t (&today, (time_t) care_clock_get_seconds ());
  if (g_date_compare (&birth, &today) > 0)
    return -1;
  return months_between (&birth, &today) / 12;
}

char *
care_patient_format_age (const char *date_of_birth)
{
  GDate birth, today;
  int months;

  if (!parse_date (date_of_birth, &birth))
    return NULL;
  g_date_clear (&today, 1);
  g_date_set_time_t (&today, (time_t) care_clock_get_seconds ());
  if (g_date_compare (&birth, &today) > 0)
    return NULL;

  /* Babies are counted in months, everyone else in years. */
  months = months_between (&birth, &today);
  if (months < 24)
    return g_strdup_printf (ngettext ("%d month", "%d months", months), months);
  return g_strdup_printf (ngettext ("%d year", "%d years", months / 12), months / 12);
}

char *
care_patient_format_birth (const char *date_of_birth)
{
  g_autofree char *age = care_patient_format_age (date_of_birth);

  if (age == NULL)
    return g_strdup (date_of_birth ? date_of_birth : "");
  /* Translators: a date of birth and the age: "1984-03-27 (41 years)" */
  return g_strdup_printf (_("%s (%s)"), date_of_birth, age);
}

static void
care_patient_row_dispose (GObject *object)
{
  CarePatientRow *self = (CarePatientRow *)object;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_pointer (&self->record, care_record_unref);

  G_OBJECT_CLASS (care_patient_row_parent_class)->dispose (object);
}

static void
care_patient_row_class_init (CarePatientRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_patient_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_GRID_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "patientrow");
}

static GtkWidget *
add_label (CarePatientRow *self,
           int             column,
           int             row,
           int             column_span,
           const char     *css_class)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "xalign", 0.0f,
                                   "ellipsize", PANGO_ELLIPSIZE_END,
                                   "single-line-mode", TRUE,
                                   NULL);
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkGridLayoutChild *child;

  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  gtk_widget_set_parent (label, GTK_WIDGET (self));
  child = GTK_GRID_LAYOUT_CHILD (gtk_layout_manager_get_layout_child (layout, label));
  gtk_grid_layout_child_set_column (child, column);
  gtk_grid_layout_child_set_row (child, row);
  gtk_grid_layout_child_set_column_span (child, column_span);
  return label;
}

static void
care_patient_row_init (CarePatientRow *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkGridLayoutChild *child;

  gtk_grid_layout_set_column_spacing (GTK_GRID_LAYOUT (layout), 12);
  gtk_grid_layout_set_row_spacing (GTK_GRID_LAYOUT (layout), 2);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 6);

  /* Not an AdwAvatar: a screenful of rows of those was 3 MiB. */
  self->avatar = care_patient_initials_new ();
  gtk_widget_set_valign (self->avatar, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (self->avatar, GTK_WIDGET (self));
  child = GTK_GRID_LAYOUT_CHILD (gtk_layout_manager_get_layout_child (layout, self->avatar));
  gtk_grid_layout_child_set_row_span (child, 2);

  self->name_label = add_label (self, 1, 0, 1, "heading");
  gtk_widget_set_hexpand (self->name_label, TRUE);
  self->mrn_label = add_label (self, 2, 0, 1, "patient-mrn");
  gtk_widget_add_css_class (self->mrn_label, "dim-label");
  gtk_widget_add_css_class (self->mrn_label, "caption");
  gtk_widget_set_valign (self->mrn_label, CARE_ALIGN_BASELINE);
  gtk_label_set_ellipsize (GTK_LABEL (self->mrn_label), PANGO_ELLIPSIZE_NONE);
  self->details_label = add_label (self, 1, 1, 2, "caption");
  gtk_widget_add_css_class (self->details_label, "dim-label");
}

static gboolean
shows_same (CareRecord *a,
            CareRecord *b)
{
  static const char *const shown[] = {
    CARE_COLUMN_ID, "given_name", "family_name", "mrn", "date_of_birth", "sex", "phone", NULL };

  for (guint i = 0; shown[i]; i++)
    if (g_strcmp0 (care_record_get (a, shown[i]), care_record_get (b, shown[i])) != 0)
      return FALSE;
  return TRUE;
}

GtkWidget *
care_patient_row_new (void)
{
  return g_object_new (CARE_TYPE_PATIENT_ROW, NULL);
}

CareRecord *
care_patient_row_get_record (CarePatientRow *self)
{
  g_return_val_if_fail (CARE_IS_PATIENT_ROW (self), NULL);

  return self->record;
}

/* The row as a screen reader reads it: what it shows, in order. */
static void
update_accessible_label (CarePatientRow *self)
{
  g_autoptr(GString) label = g_string_new (NULL);
  GtkWidget *labels[] = { self->name_label, self->mrn_label, self->details_label };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      const char *text = gtk_label_get_text (GTK_LABEL (labels[i]));

      if (*text != '\0')
        g_string_append_printf (label, "%s%s", label->len ? ", " : "", text);
    }
  care_a11y_name_list_row (GTK_WIDGET (self), label->str);
}

void
care_patient_row_set_record (CarePatientRow *self,
                             CareRecord     *record)
{
  const CareEntity *entity;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *birth = NULL;
  g_autoptr(GString) details = NULL;
  const char *value;

  g_return_if_fail (CARE_IS_PATIENT_ROW (self));

  if (record == self->record)
    return;

  /* The list fills its rows again after every change to any patient:
   * a row whose patient looks the same keeps its labels. */
  if (record && self->record && shows_same (record, self->record))
    {
      care_record_ref (record);
      care_record_unref (self->record);
      self->record = record;
      return;
    }
  g_clear_pointer (&self->record, care_record_unref);

  if (record == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->name_label), "");
      gtk_label_set_text (GTK_LABEL (self->mrn_label), "");
      gtk_label_set_text (GTK_LABEL (self->details_label), "");
      care_patient_initials_set_text (CARE_PATIENT_INITIALS (self->avatar), NULL);
      update_accessible_label (self);
      return;
    }

  self->record = care_record_ref (record);
  entity = care_record_get_entity (record);

  name = care_patient_format_list_name (record);
  title = care_record_dup_title (record);
  gtk_label_set_text (GTK_LABEL (self->name_label), name);
  care_patient_initials_set_text (CARE_PATIENT_INITIALS (self->avatar), title);
  gtk_label_set_text (GTK_LABEL (self->mrn_label), care_record_get (record, "mrn") ?: "");

  details = g_string_new (NULL);
  if ((value = care_record_get (record, "date_of_birth")))
    {
      birth = care_patient_format_birth (value);
      g_string_append (details, birth);
    }
  if ((value = care_record_get (record, "sex")))
    g_string_append_printf (details, "%s%s", details->len ? " · " : "",
                            care_field_choice_label (care_entity_field (entity, "sex"), value));
  if ((value = care_record_get (record, "phone")))
    g_string_append_printf (details, "%s%s", details->len ? " · " : "", value);
  gtk_label_set_text (GTK_LABEL (self->details_label), details->str);
  update_accessible_label (self);
}

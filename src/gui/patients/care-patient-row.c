/* care-patient-row.c: one patient in the patient list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-patient-row"

#include "config.h"

#include "care-clock.h"

#include <glib/gi18n.h>

#include "care-a11y.h"
#include "care-patient-initials.h"
#include "care-patient-row.h"
#include "care-row-text.h"

struct _CarePatientRow
{
  GtkWidget   parent_instance;

  CareRecord *record;

  GtkWidget  *avatar;
  char       *name;
  char       *mrn;
  char       *details;
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

/* --- the row: initials, then the name, its record number at the end and
 * the details below, drawn by the row itself (care-row-text.c) ---------- */

#define INITIALS_SIZE  36
#define COLUMN_SPACING 12
#define ROW_SPACING    2

static void
care_patient_row_dispose (GObject *object)
{
  CarePatientRow *self = (CarePatientRow *)object;

  g_clear_pointer (&self->avatar, gtk_widget_unparent);
  g_clear_pointer (&self->record, care_record_unref);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->mrn, g_free);
  g_clear_pointer (&self->details, g_free);

  G_OBJECT_CLASS (care_patient_row_parent_class)->dispose (object);
}

static void
care_patient_row_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  CarePatientRow *self = CARE_PATIENT_ROW (widget);
  g_autoptr(PangoLayout) name = care_row_text_layout (widget, self->name, CARE_ROW_TEXT_HEADING, -1);
  g_autoptr(PangoLayout) mrn = care_row_text_layout (widget, self->mrn, CARE_ROW_TEXT_MONO_CAPTION, -1);
  g_autoptr(PangoLayout) details = care_row_text_layout (widget, self->details, CARE_ROW_TEXT_CAPTION, -1);
  int name_w, name_h, mrn_w, details_w, details_h;

  care_row_text_size (name, &name_w, &name_h, NULL);
  care_row_text_size (mrn, &mrn_w, NULL, NULL);
  care_row_text_size (details, &details_w, &details_h, NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* The name and the details ellipsize; the record number does not. */
      *minimum = INITIALS_SIZE + COLUMN_SPACING + (mrn_w ? mrn_w + COLUMN_SPACING : 0);
      *natural = INITIALS_SIZE + COLUMN_SPACING +
                 MAX (name_w + (mrn_w ? COLUMN_SPACING + mrn_w : 0), details_w);
    }
  else
    *minimum = *natural = MAX (INITIALS_SIZE, name_h + ROW_SPACING + details_h);
}

static void
care_patient_row_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  CarePatientRow *self = CARE_PATIENT_ROW (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

  gtk_widget_size_allocate (self->avatar,
                            &(GtkAllocation) { rtl ? width - INITIALS_SIZE : 0, (height - INITIALS_SIZE) / 2,
                                               INITIALS_SIZE, INITIALS_SIZE },
                            -1);
}

/* x of a column start in left-to-right terms, as drawn in the row's direction. */
static int
mirrored (GtkWidget *widget,
          int        x,
          int        width)
{
  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    return gtk_widget_get_width (widget) - x - width;
  return x;
}

static void
care_patient_row_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  CarePatientRow *self = CARE_PATIENT_ROW (widget);
  int start = INITIALS_SIZE + COLUMN_SPACING;
  int width = gtk_widget_get_width (widget);
  g_autoptr(PangoLayout) mrn = care_row_text_layout (widget, self->mrn, CARE_ROW_TEXT_MONO_CAPTION, -1);
  g_autoptr(PangoLayout) name = NULL;
  g_autoptr(PangoLayout) details = NULL;
  int mrn_w, mrn_baseline, name_w, name_h, name_baseline, details_h, top;

  gtk_widget_snapshot_child (widget, self->avatar, snapshot);

  care_row_text_size (mrn, &mrn_w, NULL, &mrn_baseline);
  name_w = MAX (0, width - start - (mrn_w ? mrn_w + COLUMN_SPACING : 0));
  name = care_row_text_layout (widget, self->name, CARE_ROW_TEXT_HEADING, name_w);
  details = care_row_text_layout (widget, self->details, CARE_ROW_TEXT_CAPTION, MAX (0, width - start));
  care_row_text_size (name, NULL, &name_h, &name_baseline);
  care_row_text_size (details, NULL, &details_h, NULL);
  top = (gtk_widget_get_height (widget) - (name_h + ROW_SPACING + details_h)) / 2;

  care_row_text_draw (widget, snapshot, name, CARE_ROW_TEXT_HEADING,
                      mirrored (widget, start, name_w), top);
  if (mrn_w)
    /* On the name's baseline, at the end of the row. */
    care_row_text_draw (widget, snapshot, mrn, CARE_ROW_TEXT_MONO_CAPTION,
                        mirrored (widget, width - mrn_w, mrn_w), top + name_baseline - mrn_baseline);
  care_row_text_draw (widget, snapshot, details, CARE_ROW_TEXT_CAPTION,
                      mirrored (widget, start, width - start), top + name_h + ROW_SPACING);
}

static void
care_patient_row_class_init (CarePatientRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_patient_row_dispose;
  widget_class->measure = care_patient_row_measure;
  widget_class->size_allocate = care_patient_row_size_allocate;
  widget_class->snapshot = care_patient_row_snapshot;

  gtk_widget_class_set_css_name (widget_class, "patientrow");
}

static void
care_patient_row_init (CarePatientRow *self)
{
  gtk_widget_set_margin_top (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 6);
  self->name = g_strdup ("");
  self->mrn = g_strdup ("");
  self->details = g_strdup ("");

  /* Not an AdwAvatar: a screenful of rows of those was 3 MiB. */
  self->avatar = care_patient_initials_new ();
  gtk_widget_set_parent (self->avatar, GTK_WIDGET (self));
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

/* Takes the three texts; measures and draws again if they changed. */
static void
set_texts (CarePatientRow *self,
           char           *name,
           char           *mrn,
           char           *details)
{
  gboolean changed = g_strcmp0 (name, self->name) != 0 || g_strcmp0 (mrn, self->mrn) != 0 ||
                     g_strcmp0 (details, self->details) != 0;

  g_free (self->name);
  g_free (self->mrn);
  g_free (self->details);
  self->name = name;
  self->mrn = mrn;
  self->details = details;
  if (changed)
    gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* The row as a screen reader reads it: what it shows, in order. */
static void
update_accessible_label (CarePatientRow *self)
{
  g_autoptr(GString) label = g_string_new (NULL);
  const char *texts[] = { self->name, self->mrn, self->details };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      const char *text = texts[i];

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
   * a row whose patient looks the same keeps its texts. */
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
      set_texts (self, g_strdup (""), g_strdup (""), g_strdup (""));
      care_patient_initials_set_text (CARE_PATIENT_INITIALS (self->avatar), NULL);
      update_accessible_label (self);
      return;
    }

  self->record = care_record_ref (record);
  entity = care_record_get_entity (record);

  name = care_patient_format_list_name (record);
  title = care_record_dup_title (record);
  care_patient_initials_set_text (CARE_PATIENT_INITIALS (self->avatar), title);

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
  set_texts (self, g_steal_pointer (&name), g_strdup (care_record_get (record, "mrn") ?: ""),
             g_string_free (g_steal_pointer (&details), FALSE));
  update_accessible_label (self);
}

/* care-patient-initials.c: a patient's initials in a coloured circle
 *
 * What an AdwAvatar with initials shows in the patient list, for a
 * fraction of its cost: one widget that draws its two letters itself
 * instead of five widgets (the avatar, its gizmo, the label and two
 * images), and no font size measured per row. A GtkLabel inside was
 * 1 MiB more for the list's 200 rows (BENCHMARKS.md, branch memory4). The node is an "avatar" with a "colorN" class, so
 * libadwaita's stylesheet gives it the same circle and colours, picked the
 * same way (the hash of the name). The row says who the patient is to a
 * screen reader; the initials are presentation only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-patient-initials"

#include "config.h"

#include "care-gtk-compat.h"
#include "care-patient-initials.h"

/* libadwaita's avatar colours: color1 … color14 */
#define N_COLORS 14

struct _CarePatientInitials
{
  GtkWidget  parent_instance;

  char      *initials;
  guint      color;
};

G_DEFINE_FINAL_TYPE (CarePatientInitials, care_patient_initials, GTK_TYPE_WIDGET)

static void
care_patient_initials_dispose (GObject *object)
{
  CarePatientInitials *self = CARE_PATIENT_INITIALS (object);

  g_clear_pointer (&self->initials, g_free);

  G_OBJECT_CLASS (care_patient_initials_parent_class)->dispose (object);
}

/* The letters in the middle of the circle, in the avatar's font and colour. */
static void
care_patient_initials_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  CarePatientInitials *self = CARE_PATIENT_INITIALS (widget);
  g_autoptr(PangoLayout) layout = NULL;
  PangoRectangle extents;
  GdkRGBA color;

  if (self->initials == NULL || *self->initials == '\0')
    return;
  layout = gtk_widget_create_pango_layout (widget, self->initials);
  pango_layout_get_pixel_extents (layout, NULL, &extents);
  care_widget_get_color (widget, &color);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (
                            (gtk_widget_get_width (widget) - extents.width) / 2.0f - extents.x,
                            (gtk_widget_get_height (widget) - extents.height) / 2.0f - extents.y));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
care_patient_initials_class_init (CarePatientInitialsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_patient_initials_dispose;
  widget_class->snapshot = care_patient_initials_snapshot;

  gtk_widget_class_set_css_name (widget_class, "avatar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
care_patient_initials_init (CarePatientInitials *self)
{
  gtk_widget_set_size_request (GTK_WIDGET (self), 36, 36);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_add_css_class (GTK_WIDGET (self), "patient-initials");
}

GtkWidget *
care_patient_initials_new (void)
{
  return g_object_new (CARE_TYPE_PATIENT_INITIALS, NULL);
}

/* The first letter of the first and of the last word, in capitals. */
static char *
initials_of (const char *text)
{
  g_autoptr(GString) initials = g_string_new (NULL);
  g_autofree char *stripped = g_utf8_strup (text, -1);
  const char *last;

  g_strstrip (stripped);
  if (*stripped == '\0')
    return g_string_free (g_steal_pointer (&initials), FALSE);

  g_string_append_unichar (initials, g_utf8_get_char (stripped));
  last = strrchr (stripped, ' ');
  if (last != NULL && last[1] != '\0')
    g_string_append_unichar (initials, g_utf8_get_char (last + 1));

  return g_string_free (g_steal_pointer (&initials), FALSE);
}

void
care_patient_initials_set_text (CarePatientInitials *self,
                                const char          *text)
{
  g_autofree char *initials = NULL;
  char color_class[16];
  guint color;

  g_return_if_fail (CARE_IS_PATIENT_INITIALS (self));

  if (text == NULL)
    text = "";

  /* As AdwAvatar picks it, so a patient keeps a colour everywhere. */
  color = *text ? g_str_hash (text) % N_COLORS + 1 : 1;
  if (color != self->color)
    {
      if (self->color != 0)
        {
          g_snprintf (color_class, sizeof color_class, "color%u", self->color);
          gtk_widget_remove_css_class (GTK_WIDGET (self), color_class);
        }
      g_snprintf (color_class, sizeof color_class, "color%u", color);
      gtk_widget_add_css_class (GTK_WIDGET (self), color_class);
      self->color = color;
    }

  initials = initials_of (text);
  if (g_strcmp0 (initials, self->initials) != 0)
    {
      g_free (self->initials);
      self->initials = g_steal_pointer (&initials);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

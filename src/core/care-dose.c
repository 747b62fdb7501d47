/* care-dose.c: one scheduled dose of a medication round and what became of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-dose"

#include "config.h"

#include "care-dose.h"

struct _CareDose
{
  GObject     parent_instance;

  CareRecord *patient;
  char       *patient_name;
  char       *bed_label;
  CareRecord *item;
  gint64      scheduled_at;
  guint       interval_minutes;
  gboolean    as_needed;
  CareRecord *administration;
};

G_DEFINE_FINAL_TYPE (CareDose, care_dose, G_TYPE_OBJECT)

static void
care_dose_finalize (GObject *object)
{
  CareDose *self = CARE_DOSE (object);

  g_clear_pointer (&self->patient, care_record_unref);
  g_clear_pointer (&self->item, care_record_unref);
  g_clear_pointer (&self->administration, care_record_unref);
  g_free (self->patient_name);
  g_free (self->bed_label);

  G_OBJECT_CLASS (care_dose_parent_class)->finalize (object);
}

static void
care_dose_class_init (CareDoseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = care_dose_finalize;
}

static void
care_dose_init (CareDose *self)
{
}

CareDose *
care_dose_new (CareRecord *patient,
               const char *bed_label,
               CareRecord *item,
               gint64      scheduled_at,
               guint       interval_minutes)
{
  CareDose *self;

  g_return_val_if_fail (patient != NULL && item != NULL, NULL);

  self = g_object_new (CARE_TYPE_DOSE, NULL);
  self->patient = care_record_ref (patient);
  self->patient_name = care_record_dup_title (patient);
  self->bed_label = g_strdup (bed_label);
  self->item = care_record_ref (item);
  self->scheduled_at = scheduled_at;
  self->interval_minutes = interval_minutes;
  return self;
}

CareDose *
care_dose_new_as_needed (CareRecord *patient,
                         const char *bed_label,
                         CareRecord *item,
                         guint       interval_minutes,
                         CareRecord *last_given)
{
  CareDose *self = care_dose_new (patient, bed_label, item, 0, interval_minutes);

  self->as_needed = TRUE;
  care_dose_set_administration (self, last_given);
  return self;
}

gboolean
care_dose_is_as_needed (CareDose *self)
{
  g_return_val_if_fail (CARE_IS_DOSE (self), FALSE);
  return self->as_needed;
}

const char *
care_dose_get_patient_id (CareDose *self)
{
  g_return_val_if_fail (CARE_IS_DOSE (self), NULL);
  return care_record_get_id (self->patient);
}

const char *
care_dose_get_patient_name (CareDose *self)
{
  g_return_val_if_fail (CARE_IS_DOSE (self), NULL);
  return self->patient_name;
}

const char *
care_dose_get_bed_label (CareDose *self)
{
  g_return_val_if_fail (CARE_IS_DOSE (self), NULL);
  return self->bed_label;
}

CareRecord *
care_dose_get_item (CareDose *self)
{
  g_return_val_if_fail (CARE_IS_DOSE (self), NULL);
  return self->item;
}

const char *
care_dose_get_item_id (CareDose *self)
{
  g_return_val_if_fail (CARE_IS_DOSE (self), NULL);
  return care_record_get_id (self->item);
}

const char *
care_dose_get_medicine_name (CareDose *self)
{
  g_return_val_if_fail (CARE_IS_DOSE (self), NULL);
  return care_record_get (self->item, "medicine_name");
}

const char *
care_dose_get_dose (CareDose *self)
{
  g_return_val_if_fail (CARE_IS_DOSE (self), NULL);
  return care_record_get (self->item, "dose");
}

const char *
care_dose_get_route (CareDose *self)
{
  g_return_val_if_fail (CARE_IS_DOSE (self), NULL);
  return care_record_get (self->item, "route");
}

gint64
care_dose_get_scheduled_at (CareDose *self)
{
  g_return_val_if_fail (CARE_IS_DOSE (self), 0);
  return self->scheduled_at;
}

guint
care_dose_get_interval_minutes (CareDose *self)
{
  g_return_val_if_fail (CARE_IS_DOSE (self), 0);
  return self->interval_minutes;
}

CareRecord *
care_dose_get_administration (CareDose *self)
{
  g_return_val_if_fail (CARE_IS_DOSE (self), NULL);
  return self->administration;
}

void
care_dose_set_administration (CareDose   *self,
                              CareRecord *administration)
{
  g_return_if_fail (CARE_IS_DOSE (self));

  if (administration)
    care_record_ref (administration);
  g_clear_pointer (&self->administration, care_record_unref);
  self->administration = administration;
}

CareDoseState
care_dose_state_from_status (const char *status)
{
  static const struct { const char *status; CareDoseState state; } states[] = {
    { "given", CARE_DOSE_GIVEN }, { "refused", CARE_DOSE_REFUSED },
    { "held", CARE_DOSE_HELD }, { "missed", CARE_DOSE_MISSED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_strcmp0 (status, states[i].status) == 0)
      return states[i].state;
  return CARE_DOSE_DUE;
}

CareDoseState
care_dose_get_state (CareDose *self,
                     gint64    now)
{
  CareDoseState state;

  g_return_val_if_fail (CARE_IS_DOSE (self), CARE_DOSE_DUE);

  if (self->as_needed)
    return CARE_DOSE_AS_NEEDED;
  state = self->administration
    ? care_dose_state_from_status (care_record_get (self->administration, "status"))
    : CARE_DOSE_DUE;
  if (state == CARE_DOSE_DUE &&
      now > self->scheduled_at + (gint64) CARE_DOSE_GRACE_MINUTES * 60 * G_USEC_PER_SEC)
    return CARE_DOSE_OVERDUE;
  return state;
}

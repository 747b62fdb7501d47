/* care-lab-specimen.c: the specimen id on a lab test's label, and when the label may be printed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-lab-specimen"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "care-lab-specimen.h"

static const CareEntity *
lab_test (void)
{
  return care_schema_lookup ("lab_test");
}

char *
care_lab_specimen_id (CareRecord *test)
{
  const char *id = care_record_get_id (test);
  g_autofree char *hex = NULL;
  gsize n;

  g_return_val_if_fail (id != NULL, NULL);

  /* The last twelve hex digits of a UUIDv7 are random: 48 bits, at most
   * 15 decimal digits, padded to 16 for code set C. */
  n = strlen (id);
  hex = g_strndup (id + (n > 12 ? n - 12 : 0), 12);
  return g_strdup_printf ("%016" G_GUINT64_FORMAT, g_ascii_strtoull (hex, NULL, 16));
}

char *
care_lab_specimen_id_format (const char *specimen_id)
{
  GString *grouped = g_string_new (NULL);

  for (gsize i = 0; specimen_id && specimen_id[i]; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (grouped, ' ');
      g_string_append_c (grouped, specimen_id[i]);
    }
  return g_string_free (grouped, FALSE);
}

gboolean
care_lab_check_label (CareRecord  *test,
                      GError     **error)
{
  if (g_strcmp0 (care_record_get (test, "status"), "cancelled") == 0)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, lab_test (), "status",
                                 _("The test was cancelled; its specimen needs no label."));
      return FALSE;
    }
  if (care_record_get (test, "collected_at") == NULL)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, lab_test (), "collected_at",
                                 _("Mark the specimen collected first: the label shows when it was taken."));
      return FALSE;
    }
  return TRUE;
}

/* care-attendance-hours.c: everyone's attendance over a period, for the administrator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-attendance-hours"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-attendance-hours.h"
#include "care-clock.h"

void
care_attendance_hours_free (CareAttendanceHours *hours)
{
  if (hours == NULL)
    return;
  g_free (hours->user_id);
  g_free (hours->name);
  g_free (hours->role);
  g_free (hours);
}

static int
by_name (gconstpointer a,
         gconstpointer b)
{
  const CareAttendanceHours *x = *(CareAttendanceHours **) a;
  const CareAttendanceHours *y = *(CareAttendanceHours **) b;

  return g_utf8_collate (x->name, y->name);
}

GPtrArray *
care_attendance_hours (CareStore   *store,
                       const char  *first,
                       const char  *last,
                       GError     **error)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GHashTable) by_user = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *rows;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (first != NULL && last != NULL, NULL);

  all = care_store_list (store, care_schema_lookup ("attendance"), NULL, NULL, "day", 0, error);
  if (all == NULL)
    return NULL;
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) care_attendance_hours_free);
  for (guint i = 0; i < all->len; i++)
    {
      CareRecord *a = all->pdata[i];
      const char *day = care_record_get (a, "day");
      const char *user_id = care_record_get (a, "user_id");
      CareAttendanceHours *row;
      gint64 in, out;

      if (day == NULL || user_id == NULL || strcmp (day, first) < 0 || strcmp (day, last) > 0)
        continue;
      if ((row = g_hash_table_lookup (by_user, user_id)) == NULL)
        {
          g_autoptr(CareRecord) user = care_store_get (store, care_schema_lookup ("user"), user_id, NULL);

          row = g_new0 (CareAttendanceHours, 1);
          row->user_id = g_strdup (user_id);
          row->name = g_strdup (user ? care_record_get (user, "full_name") : user_id);
          row->role = g_strdup (user ? care_record_get (user, "role") : NULL);
          g_ptr_array_add (rows, row);
          g_hash_table_insert (by_user, row->user_id, row);
        }
      if (g_hash_table_add (days, g_strconcat (user_id, " ", day, NULL)))
        row->days++;
      if (care_clock_parse_instant (care_record_get (a, "check_in"), &in) &&
          care_clock_parse_instant (care_record_get (a, "check_out"), &out) && out > in)
        row->minutes += (out - in) / (60 * G_USEC_PER_SEC);
      else if (care_record_get (a, "check_out") == NULL)
        row->open++;
    }
  g_ptr_array_sort (rows, by_name);
  return rows;
}

char *
care_attendance_format_minutes (gint64 minutes)
{
  /* Translators: a duration in hours and minutes, “8 h 05 min” */
  return g_strdup_printf (_("%d h %02d min"), (int) (minutes / 60), (int) (minutes % 60));
}

static void
append_csv_field (GString    *out,
                  const char *value)
{
  if (value == NULL)
    value = "";
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

char *
care_attendance_hours_to_csv (GPtrArray *rows)
{
  GString *out = g_string_new ("name,role,days,hours,open_check_ins\r\n");

  for (guint i = 0; rows && i < rows->len; i++)
    {
      const CareAttendanceHours *row = rows->pdata[i];
      char hours[G_ASCII_DTOSTR_BUF_SIZE];

      g_snprintf (hours, sizeof hours, "%" G_GINT64_FORMAT ".%02d", row->minutes / 60,
                  (int) ((row->minutes % 60) * 100 / 60));
      append_csv_field (out, row->name);
      g_string_append_c (out, ',');
      append_csv_field (out, row->role ? care_role_label (row->role) : NULL);
      g_string_append_printf (out, ",%u,%s,%u\r\n", row->days, hours, row->open);
    }
  return g_string_free (out, FALSE);
}

/* care-stock-take.c: counting a shelf; the differences become adjustments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-stock-take"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-clock.h"
#include "care-stock-take.h"

void
care_stock_count_line_free (CareStockCountLine *line)
{
  g_free (line->batch_id);
  g_free (line->medicine_name);
  g_free (line->batch_number);
  g_free (line);
}

GPtrArray *
care_stock_take_rows (CareStore   *store,
                      const char  *text,
                      guint        limit,
                      GError     **error)
{
  g_autoptr(GPtrArray) rows = care_stock_rows (store, text, CARE_STOCK_FILTER_ALL, limit, error);

  if (rows == NULL)
    return NULL;
  for (guint i = rows->len; i > 0; i--)
    if (((CareStockRow *) g_ptr_array_index (rows, i - 1))->batch_id == NULL)
      g_ptr_array_remove_index (rows, i - 1);
  return g_steal_pointer (&rows);
}

static int
differing_first (gconstpointer a,
                 gconstpointer b)
{
  const CareStockCountLine *x = *(CareStockCountLine **) a, *y = *(CareStockCountLine **) b;

  return (x->difference == 0) - (y->difference == 0);
}

static CareStockCountLine *
count_one (CareStore                 *store,
           const CareStockCountEntry *entry,
           GError                   **error)
{
  g_autoptr(CareRecord) batch = care_store_get (store, care_schema_lookup ("stock_batch"), entry->batch_id, error);
  g_autoptr(CareRecord) medicine = NULL;
  g_autoptr(CareRecord) adjustment = NULL;
  CareStockCountLine *line;
  GError *refused = NULL;

  if (batch == NULL)
    return NULL;
  medicine = care_store_get (store, care_schema_lookup ("medicine"), care_record_get (batch, "medicine_id"), NULL);
  line = g_new0 (CareStockCountLine, 1);
  line->batch_id = g_strdup (entry->batch_id);
  line->medicine_name = g_strdup (medicine ? care_record_get (medicine, "name") : "");
  line->batch_number = g_strdup (care_record_get (batch, "batch_number"));
  line->expected = care_record_get_int (batch, "quantity", 0);
  line->counted = entry->counted;
  line->difference = entry->counted - line->expected;
  adjustment = care_stock_count (store, batch, entry->counted, _("Stock count"), &refused);
  if (refused)
    {
      g_propagate_error (error, refused);
      care_stock_count_line_free (line);
      return NULL;
    }
  return line;
}

GPtrArray *
care_stock_take (CareStore                 *store,
                 const CareStockCountEntry *entries,
                 guint                      n_entries,
                 guint                     *failed_entry,
                 GError                   **error)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) care_stock_count_line_free);

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (failed_entry)
    *failed_entry = G_MAXUINT;
  if (!care_store_begin (store, error))
    return NULL;
  for (guint i = 0; i < n_entries; i++)
    {
      CareStockCountLine *line;

      if (entries[i].counted < 0)
        continue;
      line = count_one (store, &entries[i], error);
      if (line == NULL)
        {
          if (failed_entry)
            *failed_entry = i;
          care_store_rollback (store);
          return NULL;
        }
      g_ptr_array_add (lines, line);
    }
  if (lines->len == 0)
    {
      care_store_rollback (store);
      care_stock_refuse (error, CARE_RULE_ERROR_INVALID, "quantity",
                         _("Type the units you counted for at least one batch."));
      return NULL;
    }
  if (!care_store_commit (store, error))
    return NULL;
  g_ptr_array_sort (lines, differing_first);
  return g_steal_pointer (&lines);
}

char *
care_stock_take_report (GPtrArray  *lines,
                        const char *counted_by)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *today = care_clock_today ();
  gint64 missing = 0, found = 0;
  guint differ = 0;

  g_return_val_if_fail (lines != NULL, NULL);

  /* Translators: the heading of a stock count's report: a day, then a name */
  g_string_append_printf (text, _("Stock count of %s by %s"), today, counted_by ? counted_by : "—");
  g_string_append_c (text, '\n');
  for (guint i = 0; i < lines->len; i++)
    {
      const CareStockCountLine *line = g_ptr_array_index (lines, i);

      if (line->difference == 0)
        continue;
      differ++;
      if (line->difference < 0)
        missing -= line->difference;
      else
        found += line->difference;
      /* Translators: a line of a stock count's report: medicine, lot,
       * units expected, units counted, the signed difference */
      g_string_append_printf (text, _("%s, lot %s: expected %d, counted %d (%+d)"),
                              line->medicine_name, line->batch_number, (int) line->expected,
                              (int) line->counted, (int) line->difference);
      g_string_append_c (text, '\n');
    }
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u batch counted", "%u batches counted", lines->len),
                          lines->len);
  g_string_append (text, ", ");
  if (differ == 0)
    g_string_append (text, _("every count agrees with the ledger."));
  else
    /* Translators: after "5 batches counted, ": batches that differ, units missing, units found */
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                               "%u differs: %d units missing, %d units found.",
                                               "%u differ: %d units missing, %d units found.", differ),
                            differ, (int) missing, (int) found);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

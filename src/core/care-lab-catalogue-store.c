/* care-lab-catalogue-store.c: the clinic's own laboratory catalogue, kept in the store and edited by the lab
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-lab-catalogue-store"

#include "config.h"

#include <math.h>

#include "care-lab-bands.h"
#include "care-lab-catalogue-store.h"
#include "care-store-rules.h"
#include "care-store-sql.h"
#include "care-uuid.h"

/* Seeded rows are older than any edit, on every copy alike. */
#define SEED_TIME "2000-01-01T00:00:00.000Z"

struct _CareLabCatalogue {
  gatomicrefcount     ref;
  const CareLabPanel *panels;
  guint               n_panels;
  GPtrArray          *records;      /* the rows whose strings the panels point to */
  GPtrArray          *allocations;  /* the panels', analytes' and bands' arrays */
};

static const CareEntity *
E (const char *name)
{
  return care_schema_lookup (name);
}

/* --- seeding ---------------------------------------------------------------------- */

static char *
seed_id (const char *tenant_id,
         const char *kind,
         const char *key)
{
  g_autofree char *name = g_strdup_printf ("lab-%s:%s:%s", kind, tenant_id, key);

  return care_uuid_v8_from_name (name);
}

static void
set_number (CareRecord *record,
            const char *field,
            double      value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isnan (value))
    care_record_set (record, field, g_ascii_formatd (text, sizeof text, "%g", value));
}

static void
set_int (CareRecord *record,
         const char *field,
         int         value)
{
  g_autofree char *text = g_strdup_printf ("%d", value);

  care_record_set (record, field, text);
}

/* INSERT OR IGNORE of the record's set fields: a row already there (an
 * earlier seed, or the clinic's edit of it) stays as it is. */
static gboolean
insert_seed (CareStore   *store,
             CareRecord  *record,
             const char  *tenant_id,
             GError     **error)
{
  const CareEntity *entity = care_record_get_entity (record);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new ("?1, ?2, ?3, ?3");
  sqlite3_stmt *stmt;
  guint n = 3;
  int rc;

  g_string_printf (sql, "INSERT OR IGNORE INTO %s (id, tenant_id, created_at, updated_at", entity->table);
  for (guint i = 0; i < entity->n_fields; i++)
    if (care_record_get (record, entity->fields[i].name))
      {
        g_string_append_printf (sql, ", %s", entity->fields[i].name);
        g_string_append_printf (values, ", ?%u", ++n);
      }
  g_string_append_printf (sql, ") VALUES (%s)", values->str);
  if ((stmt = care_store_prepare (store, sql->str, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, care_record_get_id (record), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, tenant_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, SEED_TIME, -1, SQLITE_STATIC);
  n = 3;
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const char *value = care_record_get (record, entity->fields[i].name);

      if (value)
        care_store_bind_value (stmt, ++n, &entity->fields[i], value, NULL);
    }
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_DONE || care_store_set_sqlite_error (store, error);
}

static gboolean
seed_analyte (CareStore            *store,
              const char           *tenant_id,
              const CareLabPanel   *panel,
              const char           *panel_id,
              const CareLabAnalyte *a,
              guint                 position,
              GError              **error)
{
  g_autoptr(CareRecord) row = care_record_new (E ("lab_analyte"));
  g_autofree char *key = g_strdup_printf ("%s:%s", panel->code, a->name);
  g_autofree char *id = seed_id (tenant_id, "analyte", key);
  const CareLabBand *bands;
  guint n_bands;

  care_record_set (row, CARE_COLUMN_ID, id);
  care_record_set (row, "panel_id", panel_id);
  care_record_set (row, "name", a->name);
  care_record_set (row, "unit", *a->unit ? a->unit : NULL);
  set_int (row, "position", position);
  set_number (row, "female_low", a->female_low);
  set_number (row, "female_high", a->female_high);
  set_number (row, "male_low", a->male_low);
  set_number (row, "male_high", a->male_high);
  set_number (row, "critical_low", a->critical_low);
  set_number (row, "critical_high", a->critical_high);
  care_record_set (row, "reference_text", a->reference_text);
  set_number (row, "delta_percent", a->delta_percent);
  if (!insert_seed (store, row, tenant_id, error))
    return FALSE;

  bands = care_lab_builtin_bands (a->name, &n_bands);
  for (guint b = 0; b < n_bands; b++)
    {
      g_autoptr(CareRecord) band = care_record_new (E ("lab_band"));
      g_autofree char *band_key = g_strdup_printf ("%s:%u", key, b);
      g_autofree char *band_id = seed_id (tenant_id, "band", band_key);

      care_record_set (band, CARE_COLUMN_ID, band_id);
      care_record_set (band, "analyte_id", id);
      care_record_set (band, "sex", bands[b].sex);
      set_int (band, "min_days", bands[b].min_days);
      if (bands[b].max_days > 0)
        set_int (band, "max_days", bands[b].max_days);
      set_number (band, "low", bands[b].low);
      set_number (band, "high", bands[b].high);
      if (!insert_seed (store, band, tenant_id, error))
        return FALSE;
    }
  return TRUE;
}

static char *
seeded_key (const char *tenant_id)
{
  return g_strconcat ("lab_catalogue_seeded:", tenant_id, NULL);
}

gboolean
care_lab_catalogue_seed (CareStore   *store,
                         const char  *tenant_id,
                         GError     **error)
{
  guint n_panels;
  const CareLabPanel *panels = care_lab_catalogue_panels (&n_panels);
  g_autofree char *key = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (tenant_id != NULL, FALSE);

  for (guint p = 0; p < n_panels; p++)
    {
      g_autoptr(CareRecord) row = care_record_new (E ("lab_panel"));
      g_autofree char *id = seed_id (tenant_id, "panel", panels[p].code);

      care_record_set (row, CARE_COLUMN_ID, id);
      care_record_set (row, "code", panels[p].code);
      care_record_set (row, "name", panels[p].name);
      care_record_set (row, "loinc", panels[p].loinc);
      care_record_set (row, "specimen", panels[p].specimen);
      care_record_set (row, "method", panels[p].method);
      set_int (row, "position", p);
      if (!insert_seed (store, row, tenant_id, error))
        return FALSE;
      for (guint a = 0; a < panels[p].n_analytes; a++)
        if (!seed_analyte (store, tenant_id, &panels[p], id, &panels[p].analytes[a], a, error))
          return FALSE;
    }
  key = seeded_key (tenant_id);
  return care_store_set_meta (store, key, "1", error);
}

gboolean
care_lab_catalogue_ensure (CareStore  *store,
                           GError    **error)
{
  const char *tenant = care_store_get_tenant_id (store);
  g_autofree char *key = seeded_key (tenant);
  g_autofree char *done = care_store_get_meta (store, key);

  if (done != NULL)
    return TRUE;
  if (!care_store_begin (store, error))
    return FALSE;
  if (!care_lab_catalogue_seed (store, tenant, error))
    {
      care_store_rollback (store);
      return FALSE;
    }
  return care_store_commit (store, error);
}

/* --- reading ---------------------------------------------------------------------- */

static double
number (CareRecord *record,
        const char *field)
{
  const char *text = care_record_get (record, field);

  return text ? g_ascii_strtod (text, NULL) : NAN;
}

static void
fill_analyte (CareLabCatalogue *self,
              CareLabAnalyte   *a,
              CareRecord       *row,
              GPtrArray        *bands)
{
  g_autoptr(GArray) own = g_array_new (FALSE, TRUE, sizeof (CareLabBand));
  double delta = number (row, "delta_percent");

  a->name = care_record_get (row, "name");
  a->unit = care_record_get (row, "unit") ? care_record_get (row, "unit") : "";
  a->female_low = number (row, "female_low");
  a->female_high = number (row, "female_high");
  a->male_low = number (row, "male_low");
  a->male_high = number (row, "male_high");
  a->critical_low = number (row, "critical_low");
  a->critical_high = number (row, "critical_high");
  a->reference_text = care_record_get (row, "reference_text");
  a->delta_percent = isnan (delta) ? 0 : delta;
  for (guint i = 0; i < bands->len; i++)
    {
      CareRecord *b = g_ptr_array_index (bands, i);
      const char *max = care_record_get (b, "max_days");
      CareLabBand band = { care_record_get (b, "sex"), atoi (care_record_get (b, "min_days")),
                           max ? atoi (max) : 0, number (b, "low"), number (b, "high") };

      if (g_strcmp0 (care_record_get (b, "analyte_id"), care_record_get_id (row)) == 0)
        g_array_append_val (own, band);
    }
  a->own_bands = TRUE;
  a->n_bands = own->len;
  a->bands = (const CareLabBand *) g_array_free (g_steal_pointer (&own), FALSE);
  g_ptr_array_add (self->allocations, (gpointer) a->bands);
}

static void
fill_panel (CareLabCatalogue *self,
            CareLabPanel     *panel,
            CareRecord       *row,
            GPtrArray        *analytes,
            GPtrArray        *bands)
{
  CareLabAnalyte *list = g_new0 (CareLabAnalyte, analytes->len + 1);
  guint n = 0;

  g_ptr_array_add (self->allocations, list);
  panel->code = care_record_get (row, "code");
  panel->name = care_record_get (row, "name");
  panel->loinc = care_record_get (row, "loinc");
  panel->specimen = care_record_get (row, "specimen");
  panel->method = care_record_get (row, "method");
  for (guint i = 0; i < analytes->len; i++)
    if (g_strcmp0 (care_record_get (g_ptr_array_index (analytes, i), "panel_id"), care_record_get_id (row)) == 0)
      fill_analyte (self, &list[n++], g_ptr_array_index (analytes, i), bands);
  panel->analytes = list;
  panel->n_analytes = n;
}

CareLabCatalogue *
care_lab_catalogue_load_builtin (void)
{
  CareLabCatalogue *self = g_new0 (CareLabCatalogue, 1);

  g_atomic_ref_count_init (&self->ref);
  self->records = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  self->allocations = g_ptr_array_new_with_free_func (g_free);
  self->panels = care_lab_catalogue_panels (&self->n_panels);
  return self;
}

static void
keep_rows (CareLabCatalogue *self,
           GPtrArray        *rows)
{
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (self->records, care_record_ref (g_ptr_array_index (rows, i)));
}

CareLabCatalogue *
care_lab_catalogue_load (CareStore  *store,
                         GError    **error)
{
  g_autoptr(CareLabCatalogue) self = care_lab_catalogue_load_builtin ();
  g_autoptr(GPtrArray) panels = NULL;
  g_autoptr(GPtrArray) analytes = NULL;
  g_autoptr(GPtrArray) bands = NULL;
  CareLabPanel *list;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (care_store_get_tenant_id (store) == NULL)
    return g_steal_pointer (&self);
  if (!care_lab_catalogue_ensure (store, error) ||
      !(panels = care_store_list (store, E ("lab_panel"), NULL, NULL, "position", 0, error)) ||
      !(analytes = care_store_list (store, E ("lab_analyte"), NULL, NULL, "position", 0, error)) ||
      !(bands = care_store_list (store, E ("lab_band"), NULL, NULL, "min_days", 0, error)))
    return NULL;
  if (panels->len == 0)
    return g_steal_pointer (&self);

  keep_rows (self, panels);
  keep_rows (self, analytes);
  keep_rows (self, bands);
  list = g_new0 (CareLabPanel, panels->len);
  g_ptr_array_add (self->allocations, list);
  for (guint i = 0; i < panels->len; i++)
    fill_panel (self, &list[i], g_ptr_array_index (panels, i), analytes, bands);
  self->panels = list;
  self->n_panels = panels->len;
  return g_steal_pointer (&self);
}

CareLabCatalogue *
care_lab_catalogue_ref (CareLabCatalogue *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
care_lab_catalogue_unref (CareLabCatalogue *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref))
    return;
  g_ptr_array_unref (self->allocations);
  g_ptr_array_unref (self->records);
  g_free (self);
}

const CareLabPanel *
care_lab_catalogue_get_panels (CareLabCatalogue *self,
                               guint            *n_panels)
{
  g_return_val_if_fail (self != NULL, NULL);

  *n_panels = self->n_panels;
  return self->panels;
}

const CareLabPanel *
care_lab_catalogue_lookup (CareLabCatalogue *self,
                           const char       *text)
{
  g_return_val_if_fail (self != NULL, NULL);

  return care_lab_panels_find (self->panels, self->n_panels, text);
}

const CareLabPanel *
care_lab_catalogue_lookup_test (CareLabCatalogue *self,
                                CareRecord       *test)
{
  const CareLabPanel *panel = care_lab_catalogue_lookup (self, care_record_get (test, "test_code"));

  return panel ? panel : care_lab_catalogue_lookup (self, care_record_get (test, "test_name"));
}

/* --- editing ---------------------------------------------------------------------- */

static gboolean
is_catalogue (const CareEntity *entity)
{
  return entity == E ("lab_panel") || entity == E ("lab_analyte") || entity == E ("lab_band");
}

gboolean
care_lab_catalogue_save (CareStore   *store,
                         CareRecord  *record,
                         GError     **error)
{
  const CareEntity *entity = care_record_get_entity (record);
  g_autoptr(CareRecord) before = NULL;
  CareRuleContext ctx;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (is_catalogue (entity), FALSE);

  if (!care_lab_catalogue_ensure (store, error))
    return FALSE;
  if (care_record_get_id (record))
    before = care_store_get (store, entity, care_record_get_id (record), NULL);
  care_store_rule_context_init (&ctx, store);
  if (!care_rules_prepare (&ctx, before, record, error))
    return FALSE;
  return before ? care_store_update (store, record, error) : care_store_insert (store, record, error);
}

gboolean
care_lab_catalogue_remove (CareStore   *store,
                           CareRecord  *record,
                           GError     **error)
{
  const CareEntity *entity = care_record_get_entity (record);
  g_autoptr(GPtrArray) bands = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (entity == E ("lab_analyte") || entity == E ("lab_band"), FALSE);

  if (!care_store_begin (store, error))
    return FALSE;
  if (entity == E ("lab_analyte"))
    {
      bands = care_store_list (store, E ("lab_band"), "analyte_id", care_record_get_id (record), NULL, 0, error);
      for (guint i = 0; bands && i < bands->len; i++)
        if (!care_store_delete (store, E ("lab_band"), care_record_get_id (g_ptr_array_index (bands, i)), error))
          goto failed;
      if (bands == NULL)
        goto failed;
    }
  if (!care_store_delete (store, entity, care_record_get_id (record), error))
    goto failed;
  return care_store_commit (store, error);

failed:
  care_store_rollback (store);
  return FALSE;
}

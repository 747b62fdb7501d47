/* care-patient-model.c: a lazily loaded GListModel of patients
 *
 * A list view asks for the rows it shows; the model reads those rows from
 * SQLite a page at a time, in the order SQL sorts them (by an index), and
 * keeps a bounded number of pages. A store holds one clinic, so the list
 * needs no tenant filter and the count is the one the store's triggers keep.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-patient-model"

#include "config.h"

#include "care-patient-model.h"
#include "care-store-private.h"
#include "care-store-worker.h"

/* --- CareRecordObject --------------------------------------------------- */

struct _CareRecordObject
{
  GObject     parent_instance;
  CareRecord *record;
};

G_DEFINE_FINAL_TYPE (CareRecordObject, care_record_object, G_TYPE_OBJECT)

static void
care_record_object_finalize (GObject *object)
{
  CareRecordObject *self = (CareRecordObject *) object;

  g_clear_pointer (&self->record, care_record_unref);
  G_OBJECT_CLASS (care_record_object_parent_class)->finalize (object);
}

static void
care_record_object_class_init (CareRecordObjectClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = care_record_object_finalize;
}

static void
care_record_object_init (CareRecordObject *self)
{
}

CareRecordObject *
care_record_object_new (CareRecord *record)
{
  CareRecordObject *self;

  g_return_val_if_fail (record != NULL, NULL);

  self = g_object_new (CARE_TYPE_RECORD_OBJECT, NULL);
  self->record = care_record_ref (record);
  return self;
}

CareRecord *
care_record_object_get_record (CareRecordObject *self)
{
  g_return_val_if_fail (CARE_IS_RECORD_OBJECT (self), NULL);
  return self->record;
}

/* --- CarePatientModel --------------------------------------------------- */

#define MAX_CACHED_PAGES 64

/* Jumping: a page far down the list is read from the nearest anchor, the
 * sort key of every ANCHOR_STRIDE-th row, instead of walking the index
 * from the top with OFFSET (at a million patients, 47 ms instead of a
 * fraction of one). The anchors are read in a worker, on a connection
 * of its own (care_store_run_in_thread()), the first time the list
 * jumps; any change to the patients drops them. Until they are there,
 * OFFSET serves. */
#define ANCHOR_STRIDE 256
#define JUMP_PAGES    8

/* By name, a row's (sort_key, seq); most recent first, its seq alone. */
typedef struct {
  GBytes *key;
  gint64  seq;
} Anchor;

static void
anchor_free (Anchor *anchor)
{
  g_clear_pointer (&anchor->key, g_bytes_unref);
  g_free (anchor);
}

/* What a row of the list shows; the rest is read when a patient is opened. */
static const char *const summary_columns[] = {
  "id", "mrn", "given_name", "family_name", "preferred_name",
  "date_of_birth", "sex", "phone", "email", "created_at",
};

struct _CarePatientModel
{
  GObject          parent_instance;

  CareStore       *store;
  gulong           changed_id;
  char            *search;
  CarePatientSort  sort;

  guint            n_items;
  GHashTable      *pages;    /* page number -> GPtrArray of CareRecordObject */
  GPtrArray       *results;  /* search mode: every match, already loaded */

  GPtrArray       *anchors;  /* of Anchor, for this sort; NULL: none yet */
  guint            anchors_serial;
  gboolean         anchors_pending;
  GCancellable    *anchors_cancel;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CarePatientModel, care_patient_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static const char *
order_clause (CarePatientSort sort)
{
  switch (sort)
    {
    case CARE_PATIENT_SORT_RECENT:
      return "seq DESC";
    /* Ties in the order rows were added here: each index ends with the
     * rowid, which an index entry holds anyway (store version 6). */
    case CARE_PATIENT_SORT_MRN:
      return "mrn, seq";
    case CARE_PATIENT_SORT_NAME:
    default:
      /* In the user's language, by the index "sort_key" (care-collation.c). */
      return "sort_key, seq";
    }
}

static CareRecord *
summary_from_row (sqlite3_stmt *stmt)
{
  const CareEntity *entity = care_schema_lookup ("patient");
  CareRecord *record = care_record_new (entity);

  for (guint i = 0; i < G_N_ELEMENTS (summary_columns); i++)
    care_record_set (record, summary_columns[i], (const char *) sqlite3_column_text (stmt, i));
  return record;
}

/* --- anchors -------------------------------------------------------------- */

/* Runs in the worker, on its own connection (care_store_run_in_thread()). */
static gpointer
read_anchors (CareStore     *worker,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  CarePatientSort sort = GPOINTER_TO_INT (data);
  g_autoptr(GPtrArray) anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) anchor_free);
  const char *sql = sort == CARE_PATIENT_SORT_RECENT
                    ? "SELECT seq FROM patients ORDER BY seq DESC"
                    : "SELECT sort_key, seq FROM patients ORDER BY sort_key, seq";
  sqlite3_stmt *stmt = care_store_prepare (worker, sql, error);
  guint64 row = 0;
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Anchor *anchor;

      if (row++ % ANCHOR_STRIDE != 0)
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      anchor = g_new0 (Anchor, 1);
      if (sort == CARE_PATIENT_SORT_RECENT)
        anchor->seq = sqlite3_column_int64 (stmt, 0);
      else
        {
          anchor->key = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
          anchor->seq = sqlite3_column_int64 (stmt, 1);
        }
      g_ptr_array_add (anchors, anchor);
    }
  if (rc != SQLITE_DONE)
    {
      care_store_set_sqlite_error (worker, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&anchors);
}

typedef struct {
  CarePatientModel *model;
  guint             serial;   /* the model's anchors_serial when asked */
} AnchorRequest;

static void
on_anchors_read_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  AnchorRequest *request = data;
  g_autoptr(CarePatientModel) self = request->model;
  g_autoptr(GPtrArray) anchors = care_store_run_finish (CARE_STORE (source), result, NULL);
  guint serial = request->serial;

  g_free (request);
  if (serial != self->anchors_serial)
    return;   /* the patients changed meanwhile; a new request will come */
  self->anchors_pending = FALSE;
  g_clear_object (&self->anchors_cancel);
  if (anchors != NULL)
    self->anchors = g_steal_pointer (&anchors);
}

static void
drop_anchors (CarePatientModel *self)
{
  self->anchors_serial++;
  self->anchors_pending = FALSE;
  g_cancellable_cancel (self->anchors_cancel);
  g_clear_object (&self->anchors_cancel);
  g_clear_pointer (&self->anchors, g_ptr_array_unref);
}

static void
request_anchors (CarePatientModel *self)
{
  const char *path = care_store_get_path (self->store);
  AnchorRequest *request;

  /* A store in memory has no file for a worker: OFFSET serves. */
  if (self->anchors != NULL || self->anchors_pending || self->sort == CARE_PATIENT_SORT_MRN ||
      path == NULL || g_str_equal (path, ":memory:"))
    return;

  request = g_new0 (AnchorRequest, 1);
  request->model = g_object_ref (self);
  request->serial = self->anchors_serial;
  self->anchors_pending = TRUE;
  self->anchors_cancel = g_cancellable_new ();
  care_store_run_in_thread (self->store, CARE_STORE_WORKER_READ, read_anchors,
                            GINT_TO_POINTER (self->sort), NULL, (GDestroyNotify) g_ptr_array_unref,
                            self->anchors_cancel, on_anchors_read_cb, request);
}

gboolean
care_patient_model_wait_for_anchors (CarePatientModel *self)
{
  g_return_val_if_fail (CARE_IS_PATIENT_MODEL (self), FALSE);

  request_anchors (self);
  while (self->anchors_pending)
    g_main_context_iteration (NULL, TRUE);
  return self->anchors != NULL;
}

/* --- pages ------------------------------------------------------------------ */

static GPtrArray *
fetch_page (CarePatientModel *self,
            guint             page)
{
  g_autofree char *columns = g_strjoinv (", ", (char **) summary_columns);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  guint64 start = (guint64) page * CARE_PATIENT_MODEL_PAGE_SIZE;
  const Anchor *anchor = NULL;
  sqlite3_stmt *stmt;

  /* Far from the top, start from the nearest anchor (or ask for them). */
  if (page >= JUMP_PAGES && self->anchors == NULL)
    request_anchors (self);
  if (self->anchors != NULL && start / ANCHOR_STRIDE < self->anchors->len)
    anchor = g_ptr_array_index (self->anchors, start / ANCHOR_STRIDE);

  if (anchor == NULL)
    sql = g_strdup_printf ("SELECT %s FROM patients ORDER BY %s LIMIT ?1 OFFSET ?2",
                           columns, order_clause (self->sort));
  else if (self->sort == CARE_PATIENT_SORT_RECENT)
    sql = g_strdup_printf ("SELECT %s FROM patients WHERE seq <= ?3 ORDER BY %s LIMIT ?1 OFFSET ?2",
                           columns, order_clause (self->sort));
  else
    sql = g_strdup_printf ("SELECT %s FROM patients WHERE (sort_key, seq) >= (?3, ?4) ORDER BY %s LIMIT ?1 OFFSET ?2",
                           columns, order_clause (self->sort));
  stmt = care_store_prepare (self->store, sql, &error);
  if (stmt == NULL)
    {
      g_warning ("Could not read patients: %s", error->message);
      return items;
    }
  sqlite3_bind_int (stmt, 1, CARE_PATIENT_MODEL_PAGE_SIZE);
  if (anchor == NULL)
    sqlite3_bind_int64 (stmt, 2, (gint64) start);
  else
    {
      sqlite3_bind_int64 (stmt, 2, (gint64) (start % ANCHOR_STRIDE));
      if (self->sort == CARE_PATIENT_SORT_RECENT)
        sqlite3_bind_int64 (stmt, 3, anchor->seq);
      else
        {
          gsize size;
          gconstpointer key = g_bytes_get_data (anchor->key, &size);

          sqlite3_bind_blob (stmt, 3, key, (int) size, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 4, anchor->seq);
        }
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(CareRecord) record = summary_from_row (stmt);
      g_ptr_array_add (items, care_record_object_new (record));
    }
  sqlite3_reset (stmt);

  /* The model keeps the rows it read; the table pages SQLite cached for
   * them (sorted by name, about one page a row: 1.7 MiB for the list's
   * first screen at a million patients) would hold them twice, and are
   * read again from the file only if the model has dropped the page.
   * Searches fill the cache again as they need (BENCHMARKS.md, "The app
   * window", memory5). */
  sqlite3_db_release_memory (care_store_get_db (self->store));
  return items;
}

static GType
care_patient_model_get_item_type (GListModel *model)
{
  return CARE_TYPE_RECORD_OBJECT;
}

static guint
care_patient_model_get_n_items (GListModel *model)
{
  return CARE_PATIENT_MODEL (model)->n_items;
}

static gpointer
care_patient_model_get_item (GListModel *model,
                             guint       position)
{
  CarePatientModel *self = CARE_PATIENT_MODEL (model);
  guint page = position / CARE_PATIENT_MODEL_PAGE_SIZE;
  guint offset = position % CARE_PATIENT_MODEL_PAGE_SIZE;
  GPtrArray *items;

  if (position >= self->n_items)
    return NULL;

  if (self->results)
    return g_object_ref (g_ptr_array_index (self->results, position));

  items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (items == NULL)
    {
      if (g_hash_table_size (self->pages) >= MAX_CACHED_PAGES)
        g_hash_table_remove_all (self->pages);
      items = fetch_page (self, page);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
    }
  if (offset >= items->len)
    return NULL;   /* the table shrank under us; a reload is on its way */
  return g_object_ref (g_ptr_array_index (items, offset));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = care_patient_model_get_item_type;
  iface->get_n_items = care_patient_model_get_n_items;
  iface->get_item = care_patient_model_get_item;
}

static guint
count_patients (CarePatientModel *self)
{
  /* The count the triggers keep (store version 6); count(*) on a store
   * made by a build of version 6 from before the counter. */
  sqlite3_stmt *stmt = care_store_prepare (self->store, "SELECT n FROM patient_count", NULL);
  guint n = 0;

  if (stmt == NULL)
    stmt = care_store_prepare (self->store, "SELECT count(*) FROM patients", NULL);

  if (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  if (stmt)
    sqlite3_reset (stmt);
  return n;
}

void
care_patient_model_reload (CarePatientModel *self)
{
  guint old_n;

  g_return_if_fail (CARE_IS_PATIENT_MODEL (self));

  old_n = self->n_items;
  g_hash_table_remove_all (self->pages);
  g_clear_pointer (&self->results, g_ptr_array_unref);

  if (self->search && self->search[0])
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) found = care_store_search_patients (self->store, self->search,
                                                               CARE_PATIENT_MODEL_SEARCH_LIMIT, &error);

      self->results = g_ptr_array_new_with_free_func (g_object_unref);
      if (found == NULL)
        g_warning ("Patient search failed: %s", error->message);
      for (guint i = 0; found && i < found->len; i++)
        g_ptr_array_add (self->results, care_record_object_new (g_ptr_array_index (found, i)));
      self->n_items = self->results->len;
    }
  else
    self->n_items = count_patients (self);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
}

static void
on_store_changed_cb (CareStore        *store,
                     const char       *entity,
                     const char       *id,
                     CarePatientModel *self)
{
  if (g_strcmp0 (entity, "patient") == 0)
    {
      drop_anchors (self);
      care_patient_model_reload (self);
    }
}

static void
care_patient_model_dispose (GObject *object)
{
  CarePatientModel *self = (CarePatientModel *) object;

  drop_anchors (self);
  g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (care_patient_model_parent_class)->dispose (object);
}

static void
care_patient_model_finalize (GObject *object)
{
  CarePatientModel *self = (CarePatientModel *) object;

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_free (self->search);
  G_OBJECT_CLASS (care_patient_model_parent_class)->finalize (object);
}

static void
care_patient_model_class_init (CarePatientModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = care_patient_model_dispose;
  object_class->finalize = care_patient_model_finalize;
}

static void
care_patient_model_init (CarePatientModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
}

CarePatientModel *
care_patient_model_new (CareStore *store)
{
  CarePatientModel *self;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  self = g_object_new (CARE_TYPE_PATIENT_MODEL, NULL);
  self->store = g_object_ref (store);
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (on_store_changed_cb), self);
  care_patient_model_reload (self);
  return self;
}

void
care_patient_model_set_search (CarePatientModel *self,
                               const char       *text)
{
  g_return_if_fail (CARE_IS_PATIENT_MODEL (self));

  if (text && text[0] == '\0')
    text = NULL;
  if (g_strcmp0 (self->search, text) == 0)
    return;
  g_free (self->search);
  self->search = g_strdup (text);
  care_patient_model_reload (self);
}

const char *
care_patient_model_get_search (CarePatientModel *self)
{
  g_return_val_if_fail (CARE_IS_PATIENT_MODEL (self), NULL);
  return self->search;
}

void
care_patient_model_set_sort (CarePatientModel *self,
                             CarePatientSort   sort)
{
  g_return_if_fail (CARE_IS_PATIENT_MODEL (self));

  if (self->sort == sort)
    return;
  self->sort = sort;
  drop_anchors (self);
  if (self->results == NULL)
    care_patient_model_reload (self);
}

/* The position of a row not loaded yet: how many rows sort before it. */
static int
find_position_in_sql (CarePatientModel *self,
                      const char       *id)
{
  static const char *const before[] = {
    [CARE_PATIENT_SORT_NAME] =
      "sort_key < p.sort_key OR (sort_key = p.sort_key AND seq < p.seq)",
    [CARE_PATIENT_SORT_RECENT] = "seq > p.seq",
    [CARE_PATIENT_SORT_MRN] = "mrn < p.mrn OR (mrn IS p.mrn AND seq < p.seq) OR (mrn IS NULL AND p.mrn IS NOT NULL)",
  };
  g_autofree char *sql = g_strdup_printf ("SELECT (SELECT count(*) FROM patients WHERE %s) "
                                          "FROM patients p WHERE p.id = ?", before[self->sort]);
  sqlite3_stmt *stmt = care_store_prepare (self->store, sql, NULL);
  int position = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    position = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return position < (int) self->n_items ? position : -1;
}

int
care_patient_model_find (CarePatientModel *self,
                         const char       *id)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (CARE_IS_PATIENT_MODEL (self), -1);

  if (self->results)
    {
      for (guint i = 0; i < self->results->len; i++)
        if (g_strcmp0 (care_record_get_id (care_record_object_get_record (g_ptr_array_index (self->results, i))), id) == 0)
          return i;
      return -1;
    }

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *items = value;

      for (guint i = 0; i < items->len; i++)
        if (g_strcmp0 (care_record_get_id (care_record_object_get_record (g_ptr_array_index (items, i))), id) == 0)
          return GPOINTER_TO_UINT (key) * CARE_PATIENT_MODEL_PAGE_SIZE + i;
    }

  return find_position_in_sql (self, id);
}

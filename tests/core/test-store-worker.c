/* test-store-worker.c: work on the store in a worker thread, on a connection of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-test-core.h"
#include "care-store-worker.h"

#define DEADLINE_S 30

typedef struct {
  char        *dir;
  CareStore   *store;
  GAsyncResult *result;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = care_test_tmpdir ();
  f->store = care_test_clinic_store (f->dir, 3);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->result);
  g_clear_object (&f->store);
  care_test_rmdir (f->dir);
  g_free (f->dir);
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *f = user_data;

  g_assert_true (CARE_STORE (source) == f->store);
  f->result = g_object_ref (result);
}

static gboolean
on_deadline_cb (gpointer data)
{
  g_error ("the worker did not finish within %d s", DEADLINE_S);
  return G_SOURCE_REMOVE;
}

/* Turns the main loop until the task's callback has run. */
static void
wait_for_result (Fixture *f)
{
  guint deadline = g_timeout_add_seconds (DEADLINE_S, on_deadline_cb, NULL);

  while (f->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (deadline);
}

static gint64
count_patients (CareStore *store)
{
  return care_store_count (store, care_schema_lookup ("patient"));
}

/* --- what a worker sees ------------------------------------------------------ */

typedef struct {
  GThread *caller;
  gint64   n_patients;
  char    *actor;
} Seen;

static void
seen_free (Seen *seen)
{
  g_free (seen->actor);
  g_free (seen);
}

static gpointer
count_work (CareStore     *worker,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Seen *seen = g_new0 (Seen, 1);

  /* Another thread, another connection. */
  g_assert_true (g_thread_self () != data);
  seen->n_patients = count_patients (worker);
  seen->actor = g_strdup (care_store_get_actor (worker));
  return seen;
}

static Seen *
run_count (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  Seen *seen;

  g_clear_object (&f->result);
  care_store_run_in_thread (f->store, CARE_STORE_WORKER_READ, count_work, g_thread_self (), NULL,
                            (GDestroyNotify) seen_free, NULL, on_done_cb, f);
  wait_for_result (f);
  seen = care_store_run_finish (f->store, f->result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (seen);
  return seen;
}

static void
test_sees_committed (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) committed = care_test_patient ("Ana", "Committed");
  g_autoptr(CareRecord) pending = care_test_patient ("Bea", "Pending");
  gint64 before = count_patients (f->store);
  Seen *seen;

  care_store_insert (f->store, committed, &error);
  g_assert_no_error (error);
  seen = run_count (f);
  g_assert_cmpint (seen->n_patients, ==, before + 1);
  g_assert_cmpstr (seen->actor, ==, care_store_get_actor (f->store));
  seen_free (seen);

  /* A transaction still open on the main thread is not seen. */
  care_store_begin (f->store, &error);
  g_assert_no_error (error);
  care_store_insert (f->store, pending, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_patients (f->store), ==, before + 2);
  seen = run_count (f);
  g_assert_cmpint (seen->n_patients, ==, before + 1);
  seen_free (seen);
  care_store_commit (f->store, &error);
  g_assert_no_error (error);
  seen = run_count (f);
  g_assert_cmpint (seen->n_patients, ==, before + 2);
  seen_free (seen);
}

/* --- reading and writing ----------------------------------------------------- */

static gpointer
insert_work (CareStore     *worker,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(CareRecord) patient = care_test_patient ("Carla", "Worker");

  if (!care_store_insert (worker, patient, error))
    return NULL;
  /* Cancelled once written: the write's result still stands. */
  g_cancellable_cancel (cancellable);
  return g_strdup (care_record_get_id (patient));
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 before = count_patients (f->store);
  gpointer result;

  care_store_run_in_thread (f->store, CARE_STORE_WORKER_READ, insert_work, NULL, NULL, g_free,
                            cancellable, on_done_cb, f);
  wait_for_result (f);
  result = care_store_run_finish (f->store, f->result, &error);
  g_assert_null (result);
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED);
  g_assert_false (g_cancellable_is_cancelled (cancellable));
  g_assert_cmpint (count_patients (f->store), ==, before);
}

static void
test_writes (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *id = NULL;
  g_autoptr(CareRecord) written = NULL;

  care_store_run_in_thread (f->store, CARE_STORE_WORKER_WRITE, insert_work, NULL, NULL, g_free,
                            cancellable, on_done_cb, f);
  wait_for_result (f);
  id = care_store_run_finish (f->store, f->result, &error);
  g_assert_no_error (error);
  g_assert_true (g_cancellable_is_cancelled (cancellable));
  written = care_store_get (f->store, care_schema_lookup ("patient"), id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (written, "family_name"), ==, "Worker");
  g_assert_cmpstr (care_record_get (written, "created_by"), ==, care_store_get_actor (f->store));
}

/* --- cancelling ------------------------------------------------------------- */

typedef struct {
  GMutex   lock;
  GCond    cond;
  gboolean started;
  gboolean released;
  guint    n_runs;
  guint    n_data_freed;
  guint    n_results_freed;
} Gate;

static Gate gate;

/* The task frees both when the last reference goes, which may be the
 * worker's, just after the callback ran: counted under the lock. */
static void
gate_count (guint *counter)
{
  g_mutex_lock (&gate.lock);
  (*counter)++;
  g_cond_broadcast (&gate.cond);
  g_mutex_unlock (&gate.lock);
}

static void
gate_data_free (gpointer data)
{
  g_assert_true (data == &gate);
  gate_count (&gate.n_data_freed);
}

static void
gate_result_free (gpointer result)
{
  g_assert_true (result == &gate);
  gate_count (&gate.n_results_freed);
}

/* Waits, with a deadline, until the task has freed its data (and result). */
static void
gate_wait_freed (guint n_results)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;

  g_mutex_lock (&gate.lock);
  while (gate.n_data_freed < 1 || gate.n_results_freed < n_results)
    g_assert_true (g_cond_wait_until (&gate.cond, &gate.lock, deadline));
  g_assert_cmpuint (gate.n_data_freed, ==, 1);
  g_assert_cmpuint (gate.n_results_freed, ==, n_results);
  g_mutex_unlock (&gate.lock);
}

/* Tells the test it runs, then waits until the test lets it go. */
static gpointer
gate_work (CareStore     *worker,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Gate *g = data;

  g_mutex_lock (&g->lock);
  g->n_runs++;
  g->started = TRUE;
  g_cond_broadcast (&g->cond);
  while (!g->released)
    g_cond_wait (&g->cond, &g->lock);
  g_mutex_unlock (&g->lock);
  return g;
}

static void
gate_reset (void)
{
  g_mutex_lock (&gate.lock);
  gate.started = gate.released = FALSE;
  gate.n_runs = gate.n_data_freed = gate.n_results_freed = 0;
  g_mutex_unlock (&gate.lock);
}

static void
test_cancelled_while_running (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 deadline = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;

  gate_reset ();
  care_store_run_in_thread (f->store, CARE_STORE_WORKER_READ, gate_work, &gate, gate_data_free,
                            gate_result_free, cancellable, on_done_cb, f);
  g_mutex_lock (&gate.lock);
  while (!gate.started)
    g_assert_true (g_cond_wait_until (&gate.cond, &gate.lock, deadline));
  g_mutex_unlock (&gate.lock);

  g_cancellable_cancel (cancellable);
  g_mutex_lock (&gate.lock);
  gate.released = TRUE;
  g_cond_broadcast (&gate.cond);
  g_mutex_unlock (&gate.lock);

  wait_for_result (f);
  g_assert_null (care_store_run_finish (f->store, f->result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&f->result);
  /* The result nobody took and the data are freed, once each. */
  gate_wait_freed (1);
  g_assert_cmpuint (gate.n_runs, ==, 1);
}

static void
test_cancelled_before (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  gate_reset ();
  g_cancellable_cancel (cancellable);
  care_store_run_in_thread (f->store, CARE_STORE_WORKER_WRITE, gate_work, &gate, gate_data_free,
                            gate_result_free, cancellable, on_done_cb, f);
  wait_for_result (f);
  g_assert_null (care_store_run_finish (f->store, f->result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&f->result);
  gate_wait_freed (0);
  g_assert_cmpuint (gate.n_runs, ==, 0);
}

/* --- no file to share ------------------------------------------------------- */

static void
expect_refused (CareStore *store,
                GQuark     domain,
                gint       code)
{
  Fixture f = { .store = store };
  g_autoptr(GError) error = NULL;

  gate_reset ();
  care_store_run_in_thread (store, CARE_STORE_WORKER_READ, gate_work, &gate, gate_data_free,
                            gate_result_free, NULL, on_done_cb, &f);
  wait_for_result (&f);
  g_assert_null (care_store_run_finish (store, f.result, &error));
  g_assert_error (error, domain, code);
  g_test_message ("refused: %s", error->message);
  g_clear_object (&f.result);
  gate_wait_freed (0);
  g_assert_cmpuint (gate.n_runs, ==, 0);
}

static void
test_in_memory (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = care_store_open (":memory:", &error);

  g_assert_no_error (error);
  expect_refused (store, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

static void
test_file_gone (Fixture       *f,
                gconstpointer  data)
{
  g_assert_cmpint (g_unlink (care_store_get_path (f->store)), ==, 0);
  expect_refused (f->store, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  care_clock_freeze (G_GINT64_CONSTANT (1796652300) * G_USEC_PER_SEC); /* 2026-12-07 14:05 UTC */

#define ADD(path, func) g_test_add ("/store-worker/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("sees-committed", test_sees_committed);
  ADD ("read-only", test_read_only);
  ADD ("writes", test_writes);
  ADD ("cancelled-while-running", test_cancelled_while_running);
  ADD ("cancelled-before", test_cancelled_before);
  ADD ("file-gone", test_file_gone);
#undef ADD
  g_test_add_func ("/store-worker/in-memory", test_in_memory);
  return g_test_run ();
}

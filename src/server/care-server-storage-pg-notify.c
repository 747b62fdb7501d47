/* care-server-storage-pg-notify.c: signals between server processes on any host
 *
 * LISTEN/NOTIFY on a connection of its own: the storage's connection runs
 * queries one after another, while this one only waits, watched by the
 * main loop, so a signal is handled as soon as it arrives rather than at
 * the next query or on a timer. A lost listening connection is opened
 * again every second until it is back; then the listener is told that
 * signals may have been missed (channel NULL).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server-storage"

#include "config.h"

#include <glib-unix.h>

#include "care-server-storage-pg-private.h"

struct _PgListener {
  PgStorage           *owner;
  PGconn              *conn;
  guint                watch_id;
  guint                retry_id;
  CareServerSignalFunc func;
  gpointer             data;
};

typedef struct _PgListener PgListener;

static gboolean on_retry (gpointer data);

static void
listener_drop (PgListener *l)
{
  g_clear_handle_id (&l->watch_id, g_source_remove);
  g_clear_pointer (&l->conn, PQfinish);
}

static void
listener_lost (PgListener *l)
{
  g_message ("The PostgreSQL connection listening for signals was lost; connecting again");
  listener_drop (l);
  if (l->retry_id == 0)
    l->retry_id = g_timeout_add_seconds (1, on_retry, l);
}

static gboolean
on_readable (int          fd,
             GIOCondition condition,
             gpointer     data)
{
  PgListener *l = data;
  PGnotify *n;

  if (!PQconsumeInput (l->conn) || PQstatus (l->conn) != CONNECTION_OK)
    {
      l->watch_id = 0;  /* removed by returning G_SOURCE_REMOVE */
      listener_lost (l);
      return G_SOURCE_REMOVE;
    }
  while ((n = PQnotifies (l->conn)) != NULL)
    {
      g_autofree char *channel = g_strdup (n->relname);

      PQfreemem (n);
      l->func (channel, l->data);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
listener_connect (PgListener *l,
                  GError    **error)
{
  g_autoptr(PGresult) result = NULL;

  l->conn = PQconnectdb (l->owner->conninfo);
  if (PQstatus (l->conn) == CONNECTION_OK)
    result = PQexec (l->conn, "LISTEN " CARE_SERVER_SIGNAL_CHANGES "; LISTEN " CARE_SERVER_SIGNAL_ACCESS);
  if (result == NULL || PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED, "Could not listen on PostgreSQL: %s",
                   PQerrorMessage (l->conn));
      g_clear_pointer (&l->conn, PQfinish);
      return FALSE;
    }
  l->watch_id = g_unix_fd_add (PQsocket (l->conn), G_IO_IN | G_IO_HUP | G_IO_ERR, on_readable, l);
  return TRUE;
}

static gboolean
on_retry (gpointer data)
{
  PgListener *l = data;

  if (!listener_connect (l, NULL))
    return G_SOURCE_CONTINUE;
  l->retry_id = 0;
  g_message ("Listening for signals on PostgreSQL again");
  l->func (NULL, l->data);
  return G_SOURCE_REMOVE;
}

static gboolean
pg_listen (CareServerStorage   *storage,
           CareServerSignalFunc func,
           gpointer             data,
           GError             **error)
{
  PgStorage *self = PG (storage);
  PgListener *l;

  g_return_val_if_fail (self->listener == NULL, FALSE);
  l = g_new0 (PgListener, 1);
  l->owner = self;
  l->func = func;
  l->data = data;
  if (!listener_connect (l, error))
    {
      g_free (l);
      return FALSE;
    }
  self->listener = l;
  return TRUE;
}

static void
pg_signal (CareServerStorage *storage,
           const char        *channel)
{
  const char *params[] = { channel };
  g_autoptr(PGresult) result = care_pg_query (PG (storage), "SELECT pg_notify($1, '')", 1, params, NULL);
}

void
care_pg_notify_close (PgStorage *self)
{
  PgListener *l = self->listener;

  if (l == NULL)
    return;
  listener_drop (l);
  g_clear_handle_id (&l->retry_id, g_source_remove);
  g_free (l);
  self->listener = NULL;
}

void
care_pg_notify_init_vtable (CareServerStorageVTable *vtable)
{
  vtable->listen = pg_listen;
  vtable->signal = pg_signal;
}

/* care-server-history.c: the sync history's generation, and a restored database noticed
 *
 * Change sequences mean something only within one history. A database
 * restored from a backup starts again from an older sequence, and the
 * numbers after it will name other changes: a workstation that kept its
 * cursor would skip some and never learn it holds what the server lost.
 *
 * So the history has a generation (a random id in server_meta) that every
 * sync answer carries in the Caredesk-Sync-Generation header, and the
 * server keeps, in a file of its own ("sync-history", by default
 * DATABASE.history beside an SQLite file; named by the operator on
 * PostgreSQL, one on each server host), the highest sequence it has handed
 * out, written before the answer that hands it out. At start, a database
 * behind that file, or with another generation, was restored or replaced:
 * the generation is rolled again. A workstation
 * whose cursor is ahead of the history it names is evidence too. A
 * workstation that meets a new generation sends back what the server lost
 * (docs/sync.md, "A restored server").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server-sync"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "care-server-private.h"
#include "care-uuid.h"

#define GENERATION_KEY "sync_generation"
/* The generation the current one replaced: a host that finds it in its
 * file was away when another host noticed the restore, and follows. */
#define PREVIOUS_KEY "sync_generation_previous"

/* "sync-history": by default beside an SQLite file; PostgreSQL has none,
 * so there the operator names a file on each server host. */
static char *
history_path (CareServer *server)
{
  return care_server_config_side_file (server->config, server->config->sync_history, ".history");
}

/* The highest sequence ever handed out (never reused). */
static gint64
database_head (CareServer *server)
{
  CareServerStorage *st = server->storage;

  return st->v->sync_seq_end (st);
}

static gboolean
read_published (CareServer *server,
                char      **generation,
                gint64     *head)
{
  g_autofree char *path = history_path (server);
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;

  if (path == NULL || !g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  parts = g_strsplit (g_strstrip (text), " ", 2);
  if (g_strv_length (parts) != 2)
    return FALSE;
  *generation = g_strdup (parts[0]);
  *head = g_ascii_strtoll (parts[1], NULL, 10);
  return TRUE;
}

static void
write_published (CareServer *server,
                 const char *generation,
                 gint64      head)
{
  g_autofree char *path = history_path (server);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return;
  text = g_strdup_printf ("%s %" G_GINT64_FORMAT "\n", generation, head);
  if (!g_file_set_contents (path, text, -1, &error))
    g_warning ("Could not record the sync history in %s (%s): a restore from a backup "
               "may go unnoticed", path, error->message);
  else
    server->history_published = head;
}

char *
care_server_history_generation (CareServer *server)
{
  CareServerStorage *st = server->storage;

  return st->v->get_meta (st, GENERATION_KEY);
}

static char *
roll (CareServer *server,
      gint64      head)
{
  CareServerStorage *st = server->storage;
  g_autofree char *generation = care_uuid_v7 ();
  g_autofree char *previous = st->v->get_meta (st, GENERATION_KEY);
  g_autoptr(GError) error = NULL;

  if ((previous && !st->v->set_meta (st, PREVIOUS_KEY, previous, &error)) ||
      !st->v->set_meta (st, GENERATION_KEY, generation, &error))
    {
      g_warning ("Could not start a new sync history: %s", error->message);
      return NULL;
    }
  write_published (server, generation, head);
  return g_steal_pointer (&generation);
}

/* Each host keeps its own file: the first to start after a restore rolls
 * the generation; the others find the one their file names recorded as
 * replaced, and need not roll again (what they handed out in it was
 * resolved by that roll). */
static gboolean
replaced_by_another_host (CareServer *server,
                          const char *published)
{
  CareServerStorage *st = server->storage;
  g_autofree char *previous = st->v->get_meta (st, PREVIOUS_KEY);

  return g_strcmp0 (previous, published) == 0;
}

void
care_server_history_open (CareServer *server)
{
  g_autofree char *generation = care_server_history_generation (server);
  g_autofree char *published = NULL;
  gint64 head = database_head (server), published_head = 0;

  if (server->config->sync_history == NULL && care_server_config_is_postgresql (server->config))
    g_warning ("set sync-history: a restore of the database would go unnoticed until a workstation "
               "ahead of it syncs (docs/deploy.md, \"A restored PostgreSQL database\")");
  if (!read_published (server, &published, &published_head))
    {
      g_clear_pointer (&published, g_free);
      published_head = -1;
    }

  if (generation == NULL)
    {
      g_free (roll (server, head));
      return;
    }
  if (published && g_strcmp0 (published, generation) != 0 && replaced_by_another_host (server, published))
    {
      g_message ("Sync history %s began after a restore, noticed by another server host; this host's "
                 "record named the history it replaced (%s): it follows", generation, published);
      write_published (server, generation, head);
      return;
    }
  if (published && (g_strcmp0 (published, generation) != 0 || published_head > head))
    {
      g_autofree char *next = roll (server, head);

      g_warning ("RESTORED DATABASE: this server handed out sync changes up to %" G_GINT64_FORMAT
                 " (history %s), but its database ends at %" G_GINT64_FORMAT " (history %s): it was restored "
                 "from a backup or replaced. Sync history %s begins; each workstation will send back the "
                 "changes it holds that the server lost and list clashes as conflicts (docs/server.md, "
                 "\"Restoring from a backup\").",
                 published_head, published, head, generation, next ? next : "?");
      return;
    }
  server->history_published = MAX (published_head, 0);
  if (published == NULL || published_head < head)
    write_published (server, generation, head);
}

void
care_server_history_publish (CareServer *server,
                             gint64      seq)
{
  g_autofree char *generation = NULL;

  if (seq <= server->history_published)
    return;
  generation = care_server_history_generation (server);
  if (generation)
    write_published (server, generation, MAX (seq, database_head (server)));
}

gboolean
care_server_history_stamp (CareRequest *req)
{
  g_autofree char *generation = care_server_history_generation (req->server);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);
  SoupMessageHeaders *asked = soup_server_message_get_request_headers (req->msg);

  if (generation == NULL)
    return FALSE;
  soup_message_headers_replace (headers, CARE_SYNC_GENERATION_HEADER, generation);
  return g_strcmp0 (soup_message_headers_get_one (asked, CARE_SYNC_GENERATION_HEADER), generation) == 0;
}

void
care_server_history_cursor_ahead (CareRequest *req,
                                  gint64       cursor,
                                  gint64       head)
{
  g_autofree char *next = NULL;

  /* Only a workstation that names the current history proves it wrong;
   * one that names an older one learns from the header. */
  if (!care_server_history_stamp (req))
    return;
  next = roll (req->server, database_head (req->server));
  if (next == NULL)
    return;
  g_warning ("RESTORED DATABASE: a workstation holds sync changes up to %" G_GINT64_FORMAT
             ", but this clinic's history ends at %" G_GINT64_FORMAT ": the database was restored from a "
             "backup. Sync history %s begins; each workstation will send back what the server lost "
             "(docs/server.md, \"Restoring from a backup\").", cursor, head, next);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                CARE_SYNC_GENERATION_HEADER, next);
}

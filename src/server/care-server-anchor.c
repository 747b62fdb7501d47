/* care-server-anchor.c: the audit chain's head, kept outside the database
 *
 * The hash chain proves the audit log intact up to its head. A head kept
 * only inside the database proves nothing against someone who can rewrite
 * the file: they cut the tail and write the new head too. So every head the
 * server commits is also appended, one line "SEQ:HASH", to a file outside
 * the database ("audit-anchor", by default DATABASE.audit-anchor). The
 * operator puts that file where the database's writers cannot rewrite it:
 * another volume, a file with the append-only attribute (chattr +a), or a
 * pipe to a remote log. verify-audit then checks the chain against the
 * highest anchored head: the log must reach it, and with the same hash.
 *
 * Several worker processes append to the same file with O_APPEND, one
 * write() a line, so lines never interleave; they may arrive out of order,
 * which is why readers take the highest sequence, not the last line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server-audit"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "care-server-anchor.h"

char *
care_server_anchor_path (const CareServerConfig *config)
{
  return care_server_config_side_file (config, config->audit_anchor, ".audit-anchor");
}

gboolean
care_server_anchor_parse (const char *head,
                          gint64     *seq,
                          char      **hash)
{
  const char *colon;
  char *end = NULL;
  gint64 n;

  if (head == NULL || (colon = strchr (head, ':')) == NULL || colon[1] == '\0')
    return FALSE;
  n = g_ascii_strtoll (head, &end, 10);
  if (end != colon || n <= 0)
    return FALSE;
  *seq = n;
  if (hash)
    *hash = g_strdup (colon + 1);
  return TRUE;
}

gboolean
care_server_anchor_append (const char *path,
                           const char *head,
                           GError    **error)
{
  g_autofree char *line = g_strconcat (head, "\n", NULL);
  gsize length = strlen (line);
  int fd;
  gssize written;

  fd = g_open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Could not open the audit anchor %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  do
    written = write (fd, line, length);
  while (written < 0 && errno == EINTR);
  if (written != (gssize) length || fdatasync (fd) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Could not write the audit anchor %s: %s", path,
                   written >= 0 && written != (gssize) length ? "short write" : g_strerror (saved));
      close (fd);
      return FALSE;
    }
  return g_close (fd, error);
}

char *
care_server_anchor_highest (const char *path,
                            GError    **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  const char *best = NULL;
  gint64 best_seq = 0;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      gint64 seq;

      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      if (!care_server_anchor_parse (lines[i], &seq, NULL))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       "Line %u of the audit anchor %s is not a chain head (SEQ:HASH)", i + 1, path);
          return NULL;
        }
      if (seq > best_seq)
        {
          best_seq = seq;
          best = lines[i];
        }
    }
  if (best == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "The audit anchor %s holds no chain head", path);
      return NULL;
    }
  return g_strdup (best);
}

gboolean
care_server_anchor_check_begin (CareAnchorCheck *check,
                                const char      *anchored_head,
                                char           **bad_id,
                                char           **reason)
{
  memset (check, 0, sizeof *check);
  if (anchored_head && !care_server_anchor_parse (anchored_head, &check->seq, &check->hash))
    {
      *bad_id = g_strdup ("(anchor)");
      *reason = g_strdup ("the anchored head is not SEQ:HASH");
      return FALSE;
    }
  return TRUE;
}

gboolean
care_server_anchor_check_entry (CareAnchorCheck *check,
                                gint64           seq,
                                const char      *id,
                                const char      *hash,
                                char           **bad_id,
                                char           **reason)
{
  if (check->seq == 0 || check->seen || seq < check->seq)
    return TRUE;
  check->seen = TRUE;
  if (seq == check->seq && g_strcmp0 (hash, check->hash) == 0)
    return TRUE;
  *bad_id = g_strdup (id);
  *reason = g_strdup_printf ("entry %" G_GINT64_FORMAT " was anchored outside the database with another "
                             "hash, or is missing: the log up to it was rewritten", check->seq);
  return FALSE;
}

gboolean
care_server_anchor_check_end (CareAnchorCheck *check,
                              gint64           last_seq,
                              char           **bad_id,
                              char           **reason)
{
  if (check->seq == 0 || check->seen)
    return TRUE;
  *bad_id = g_strdup ("(end of log)");
  *reason = g_strdup_printf ("the log ends at entry %" G_GINT64_FORMAT " but entry %" G_GINT64_FORMAT
                             " was anchored outside the database: the entries after it were removed, "
                             "or the database was restored from an older backup", last_seq, check->seq);
  return FALSE;
}

void
care_server_anchor_check_clear (CareAnchorCheck *check)
{
  g_clear_pointer (&check->hash, g_free);
}

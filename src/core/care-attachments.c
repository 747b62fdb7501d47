/* care-attachments.c: what kind of file an attachment is, from its first bytes
 *
 * A file's name or the type a browser claims can lie; its first bytes
 * say what a viewer will be asked to open.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-attachments"

#include "config.h"

#include <string.h>

#include "care-attachments.h"

static const struct {
  const char *kind;
  const char *mime_type;
} kinds[] = {
  { "pdf", "application/pdf" },
  { "png", "image/png" },
  { "jpeg", "image/jpeg" },
  { "dicom", "application/dicom" },
};

const char *
care_attachment_kind (GBytes *contents)
{
  gsize size = 0;
  const guchar *data = contents ? g_bytes_get_data (contents, &size) : NULL;

  if (size >= 5 && memcmp (data, "%PDF-", 5) == 0)
    return "pdf";
  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "png";
  if (size >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
    return "jpeg";
  if (size >= 132 && memcmp (data + 128, "DICM", 4) == 0)
    return "dicom";
  return NULL;
}

const char *
care_attachment_mime_type (const char *kind)
{
  for (guint i = 0; kind && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kind, kinds[i].kind))
      return kinds[i].mime_type;
  return NULL;
}

char *
care_attachment_clip_name (const char *file_name,
                           guint       max,
                           const char *fallback)
{
  g_autofree char *base = file_name ? g_path_get_basename (file_name) : g_strdup (fallback);

  if ((guint) g_utf8_strlen (base, -1) <= max)
    return g_steal_pointer (&base);
  return g_utf8_substring (base, 0, max);
}

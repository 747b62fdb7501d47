/* care-attachments.h: what kind of file an attachment is, from its first bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "pdf", "png", "jpeg" or "dicom" from the file's first bytes; NULL for
 * anything else. */
const char  *care_attachment_kind      (GBytes     *contents);
/* The MIME type of a kind ("application/pdf"); NULL if unknown. */
const char  *care_attachment_mime_type (const char *kind);
/* The last element of file_name, at most max characters; fallback when
 * there is none. */
char        *care_attachment_clip_name (const char *file_name,
                                        guint       max,
                                        const char *fallback);

G_END_DECLS

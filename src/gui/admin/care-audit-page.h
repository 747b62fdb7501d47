/* care-audit-page.h: the clinic server's audit log, filtered, verified and exported
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_AUDIT_PAGE (care_audit_page_get_type ())
G_DECLARE_FINAL_TYPE (CareAuditPage, care_audit_page, CARE, AUDIT_PAGE, CarePage)

/* Fetches the entries the filters choose, and whether the chain verifies,
 * in the background (what "Show" does). */
void       care_audit_page_refresh      (CareAuditPage *self);
/* Writes the shown entries as CSV to file, in the background (what
 * "Export CSV…" does after its file dialog); "exported" is emitted when
 * it is written, with an error message or NULL. */
void       care_audit_page_export       (CareAuditPage *self,
                                         GFile         *file);

G_END_DECLS

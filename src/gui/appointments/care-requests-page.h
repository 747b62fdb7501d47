/* care-requests-page.h: the doctors' inbox of appointment requests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_REQUESTS_PAGE (care_requests_page_get_type ())
G_DECLARE_FINAL_TYPE (CareRequestsPage, care_requests_page, CARE, REQUESTS_PAGE, CarePage)

GtkWidget   *care_requests_page_new     (CareSession      *session);
/* Reads the requests again (the page does so itself on the store's news). */
void         care_requests_page_refresh (CareRequestsPage *self);

G_END_DECLS

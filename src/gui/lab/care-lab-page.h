/* care-lab-page.h: the Laboratory page: the queue, each request's next step, results and the report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_LAB_PAGE (care_lab_page_get_type ())
G_DECLARE_FINAL_TYPE (CareLabPage, care_lab_page, CARE, LAB_PAGE, CarePage)

/* Selects the request test_id in the queue (showing every request if the
 * filters hide it); FALSE when there is none. */
gboolean    care_lab_page_select_test (CareLabPage *self,
                                       const char  *test_id);
/* Whether a report is being drawn and archived. */
gboolean    care_lab_page_is_busy     (CareLabPage *self);

/* Attaches file as the outside laboratory's report of the selected
 * (sent out) test, as the Attach Outside Report dialog does once a file
 * is chosen; the outcome shows on the page. */
void        care_lab_page_attach_outside (CareLabPage *self,
                                          const char  *outside_lab,
                                          GFile       *file);

G_END_DECLS

/* care-bed-board-page.h: the Bed board page: the ward's beds, admitting, transferring, discharging
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_BED_BOARD_PAGE (care_bed_board_page_get_type ())
G_DECLARE_FINAL_TYPE (CareBedBoardPage, care_bed_board_page, CARE, BED_BOARD_PAGE, CarePage)

GtkWidget *care_bed_board_page_new (CareSession *session);

G_END_DECLS

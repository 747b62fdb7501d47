/* care-bed-board-view.h: wards → rooms → beds as a grid of tiles, with each ward's figures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

#define CARE_TYPE_BED_BOARD_VIEW (care_bed_board_view_get_type ())
G_DECLARE_FINAL_TYPE (CareBedBoardView, care_bed_board_view, CARE, BED_BOARD_VIEW, GtkWidget)

GtkWidget   *care_bed_board_view_new          (void);
/* Shows tiles (CareBedTile, as care_bed_board_list() returns them; the
 * view keeps a reference). */
void         care_bed_board_view_set_tiles    (CareBedBoardView *self,
                                               GPtrArray        *tiles);
/* The tile of bed_id, or NULL. */
const CareBedTile *care_bed_board_view_get_tile (CareBedBoardView *self,
                                                 const char       *bed_id);
GPtrArray   *care_bed_board_view_get_tiles    (CareBedBoardView *self);
/* The tile of the bed labelled label ("A1-2"), or NULL. */
const CareBedTile *care_bed_board_view_find_tile (CareBedBoardView *self,
                                                  const char       *label);
/* What the tile of bed_id says, a line each: label, status, patients;
 * NULL when no tile shows it. */
char        *care_bed_board_view_dup_tile_text (CareBedBoardView *self,
                                                const char       *bed_id);
/* The figures under the heading of the ward-th ward shown, or NULL. */
char        *care_bed_board_view_dup_ward_figures (CareBedBoardView *self,
                                                   guint             ward);
/* Where the middle of bed_id's tile is drawn, in the view's coordinates;
 * FALSE before the view is laid out or when no tile shows the bed. */
gboolean     care_bed_board_view_locate       (CareBedBoardView *self,
                                               const char       *bed_id,
                                               double           *x,
                                               double           *y);
/* The bed whose tile is shown selected (NULL: none). */
void         care_bed_board_view_select       (CareBedBoardView *self,
                                               const char       *bed_id);
const char  *care_bed_board_view_get_selected (CareBedBoardView *self);

/* "Available", "Being cleaned", … (translated). */
const char  *care_bed_status_label            (const char       *status);

G_END_DECLS

/* care-split-view.h: a sidebar beside content that folds into one pane when narrow
 *
 * An AdwNavigationSplitView on libadwaita 1.4 and later (folded below
 * fold-width pixels, through an AdwBreakpointBin), an AdwLeaflet before (it
 * folds once the panes' minimum widths no longer fit, and the templates keep
 * those minimums at fold-width). Folded, one pane shows: show-content says
 * which.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CARE_TYPE_SPLIT_VIEW (care_split_view_get_type ())
G_DECLARE_FINAL_TYPE (CareSplitView, care_split_view, CARE, SPLIT_VIEW, GtkWidget)

GtkWidget *care_split_view_new              (void);
void       care_split_view_set_sidebar      (CareSplitView *self,
                                             GtkWidget     *sidebar);
GtkWidget *care_split_view_get_sidebar      (CareSplitView *self);
void       care_split_view_set_content      (CareSplitView *self,
                                             GtkWidget     *content);
GtkWidget *care_split_view_get_content      (CareSplitView *self);
gboolean   care_split_view_get_folded       (CareSplitView *self);
/* Folded: TRUE shows the content, FALSE the sidebar (going back). */
void       care_split_view_set_show_content (CareSplitView *self,
                                             gboolean       show_content);
gboolean   care_split_view_get_show_content (CareSplitView *self);

G_END_DECLS

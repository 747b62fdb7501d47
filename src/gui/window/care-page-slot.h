/* care-page-slot.h: where a page of the window will be, made when first shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_PAGE_SLOT (care_page_slot_get_type ())
G_DECLARE_FINAL_TYPE (CarePageSlot, care_page_slot, CARE, PAGE_SLOT, GtkWidget)

/* page_type: a CarePage subclass that session may see. */
CarePageSlot *care_page_slot_new           (GType         page_type,
                                            CareSession  *session);
GType         care_page_slot_get_page_type (CarePageSlot *self);
/* The page, made on the first call and kept. */
CarePage     *care_page_slot_get_page      (CarePageSlot *self);
/* The page if it was made, else NULL: makes nothing. */
CarePage     *care_page_slot_peek_page     (CarePageSlot *self);
/* The count the sidebar shows beside the page's title (the "badge"
 * property), kept without the page: care_page_class_set_badge(). */
guint         care_page_slot_get_badge     (CarePageSlot *self);

G_END_DECLS

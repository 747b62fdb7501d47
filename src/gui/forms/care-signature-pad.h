/* care-signature-pad.h: a box to sign in with a finger, a pen or the mouse
 *
 * Signal "changed": a stroke began, or the box was cleared.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CARE_TYPE_SIGNATURE_PAD (care_signature_pad_get_type ())
G_DECLARE_FINAL_TYPE (CareSignaturePad, care_signature_pad, CARE, SIGNATURE_PAD, GtkWidget)

GtkWidget   *care_signature_pad_new       (void);
gboolean     care_signature_pad_is_empty  (CareSignaturePad *self);
void         care_signature_pad_clear     (CareSignaturePad *self);
/* Adds a stroke through the points (x, y pairs in widget coordinates), as
 * a drag would; for tests and the keyboard-free. */
void         care_signature_pad_add_stroke (CareSignaturePad *self,
                                           const double     *points,
                                           guint             n_points);
/* The drawing as a PNG (black ink on white), or NULL when empty. */
GBytes      *care_signature_pad_to_png    (CareSignaturePad *self);

G_END_DECLS

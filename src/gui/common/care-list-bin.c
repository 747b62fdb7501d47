/* care-list-bin.c: a long list that Tab leaves in one step
 *
 * GTK 4.8's GtkListView moves Tab from item to item (GtkListBase's
 * tab-behavior arrived in 4.12), so a keyboard user walked through every
 * patient to reach the next control. Put around the list's scrolled
 * window, this bin lets Tab and Shift+Tab enter the list (on the row
 * that had focus last) and, once inside, hands them back to its parent,
 * which moves on to the next control; the arrow keys still move between
 * rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-list-bin"

#include "config.h"

#include "care-list-bin.h"

struct _CareListBin
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (CareListBin, care_list_bin, ADW_TYPE_BIN)

static gboolean
care_list_bin_focus (GtkWidget        *widget,
                     GtkDirectionType  direction)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if ((direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_TAB_BACKWARD) &&
      focus != NULL && gtk_widget_is_ancestor (focus, widget))
    return FALSE;

  return GTK_WIDGET_CLASS (care_list_bin_parent_class)->focus (widget, direction);
}

static void
care_list_bin_class_init (CareListBinClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->focus = care_list_bin_focus;
}

static void
care_list_bin_init (CareListBin *self)
{
}

GtkWidget *
care_list_bin_new (void)
{
  return g_object_new (CARE_TYPE_LIST_BIN, NULL);
}

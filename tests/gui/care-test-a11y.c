/* care-test-a11y.c: what assistive technology reads of a window's controls
 *
 * GTK 4.8 has no public API for an accessible's computed name. Its AT-SPI
 * bridge answers "Name" with gtk_at_context_get_name(): the accessible's
 * label property, else the label properties of the accessibles its
 * labelled-by relation points at (one level, not recursive); when that is
 * empty it answers the widget's name, which is the GTK type name
 * ("GtkButton") unless the code set one. A GtkButton or GtkCheckButton
 * with a text label gets that text as its label property; an icon button
 * is labelled-by its GtkImage, which has no label; a GtkMenuButton's inner
 * toggle is labelled-by the menu button; a list row of custom widgets gets
 * nothing. A tooltip becomes the *description* in GTK 4.8, not the name
 * (newer GTK falls back to it): a control named only by its tooltip is
 * still read as "GtkButton" on Debian 12, so this helper does not count it.
 *
 * The values are read with gtk_test_accessible_check_property() and
 * _check_relation(), which return the real value when it differs from the
 * one asked for; a relation's targets come back as "GtkLabel<0x…>" and are
 * looked up among the widgets of the open windows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "care-test-a11y.h"

/* Never a real label: check_property() then returns the real one. */
#define NOT_A_LABEL "\x01not-a-label\x01"

static char *
label_property (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);

  if (!gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL))
    return NULL;
  return gtk_test_accessible_check_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, NOT_A_LABEL);
}

static void
collect_widgets (GtkWidget  *widget,
                 GHashTable *known)
{
  g_hash_table_add (known, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, known);
}

/* Every widget of every toplevel: the only pointers a relation's printed
 * value may be turned back into. */
static GHashTable *
known_widgets (void)
{
  GHashTable *known = g_hash_table_new (NULL, NULL);
  g_autoptr(GListModel) toplevels = gtk_window_get_toplevels ();

  g_object_ref (toplevels);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      collect_widgets (window, known);
    }
  return known;
}

static void
append_name (GString    *name,
             const char *part)
{
  if (part == NULL || *part == '\0')
    return;
  if (name->len > 0)
    g_string_append_c (name, ' ');
  g_string_append (name, part);
}

char *
care_test_a11y_name (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);
  GString *name = g_string_new (NULL);
  g_autofree char *label = label_property (widget);
  g_autofree char *targets = NULL;
  g_autoptr(GHashTable) known = NULL;

  append_name (name, label);
  if (!gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return g_string_free (name, FALSE);

  targets = gtk_test_accessible_check_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY, NULL);
  known = known_widgets ();
  for (const char *at = targets ? strchr (targets, '<') : NULL; at != NULL; at = strchr (at + 1, '<'))
    {
      gpointer target = NULL;

      if (sscanf (at, "<%p>", &target) == 1 && g_hash_table_contains (known, target))
        {
          g_autofree char *target_label = label_property (target);

          append_name (name, target_label);
        }
    }
  return g_string_free (name, FALSE);
}

static gboolean
has_click_gesture (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller))
        return TRUE;
    }
  return FALSE;
}

gboolean
care_test_a11y_is_interactive (GtkWidget *widget)
{
  switch ((int) gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)))
    {
    case GTK_ACCESSIBLE_ROLE_BUTTON:
    case GTK_ACCESSIBLE_ROLE_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_COMBO_BOX:
    case GTK_ACCESSIBLE_ROLE_LINK:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM_RADIO:
    case GTK_ACCESSIBLE_ROLE_RADIO:
    case GTK_ACCESSIBLE_ROLE_SEARCH_BOX:
    case GTK_ACCESSIBLE_ROLE_SLIDER:
    case GTK_ACCESSIBLE_ROLE_SPIN_BUTTON:
    case GTK_ACCESSIBLE_ROLE_SWITCH:
    case GTK_ACCESSIBLE_ROLE_TAB:
    case GTK_ACCESSIBLE_ROLE_TEXT_BOX:
      return TRUE;
    default:
      break;
    }

  /* Rows: a list box row that activates or can be selected, and the item
   * widgets of a GtkListView / GtkGridView (private types), which take focus. */
  if (GTK_IS_LIST_BOX_ROW (widget))
    {
      GtkWidget *list = gtk_widget_get_parent (widget);

      return gtk_widget_get_focusable (widget) &&
             (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (widget)) ||
              (gtk_list_box_row_get_selectable (GTK_LIST_BOX_ROW (widget)) && GTK_IS_LIST_BOX (list) &&
               gtk_list_box_get_selection_mode (GTK_LIST_BOX (list)) != GTK_SELECTION_NONE));
    }
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkListItemWidget"))
    return gtk_widget_get_focusable (widget);

  /* Icons one clicks, such as the password entry's reveal icon. */
  return GTK_IS_IMAGE (widget) && has_click_gesture (widget);
}

/* The first text widget shows, to tell the failures apart. */
static const char *
shown_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)))
    return gtk_label_get_text (GTK_LABEL (widget));
  if (GTK_IS_IMAGE (widget) && gtk_image_get_icon_name (GTK_IMAGE (widget)))
    return gtk_image_get_icon_name (GTK_IMAGE (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      const char *text = shown_text (child);

      if (text)
        return text;
    }
  return NULL;
}

static gboolean
is_type_name_only (const char *name)
{
  return *name == '\0' || g_type_from_name (name) != 0;
}

static gboolean
has_interactive_descendant (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (care_test_a11y_is_interactive (child) || has_interactive_descendant (child))
      return TRUE;
  return FALSE;
}

/* A plain list box row that neither activates nor is selected and holds
 * nothing to operate ("No conflicts"): Tab should not stop on it. */
static gboolean
is_focusable_placeholder (GtkWidget *widget)
{
  return G_OBJECT_TYPE (widget) == GTK_TYPE_LIST_BOX_ROW && gtk_widget_get_focusable (widget) &&
         !care_test_a11y_is_interactive (widget) && !has_interactive_descendant (widget);
}

static void
collect_unnamed (GtkWidget *widget,
                 GPtrArray *problems)
{
  GtkAccessibleRole role;

  if (!gtk_widget_get_mapped (widget))
    return;

  role = gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget));
  if (care_test_a11y_is_interactive (widget))
    {
      g_autofree char *name = care_test_a11y_name (widget);

      if (is_type_name_only (name))
        {
          g_autofree char *role_name = g_enum_to_string (GTK_TYPE_ACCESSIBLE_ROLE, role);
          const char *tooltip = gtk_widget_get_tooltip_text (widget);
          const char *text = shown_text (widget);

          g_ptr_array_add (problems,
                           g_strdup_printf ("%s (%s) “%s” shows “%s”, tooltip “%s”, inside %s",
                                            G_OBJECT_TYPE_NAME (widget), role_name,
                                            gtk_widget_get_name (widget), text ? text : "",
                                            tooltip ? tooltip : "",
                                            gtk_widget_get_name (gtk_widget_get_parent (widget))));
        }
    }

  if (is_focusable_placeholder (widget))
    {
      const char *text = shown_text (widget);

      g_ptr_array_add (problems, g_strdup_printf ("placeholder row “%s” showing “%s” takes focus",
                                                  gtk_widget_get_name (widget), text ? text : ""));
    }

  /* A drop-down is one control: GTK 4.8 leaves its inner toggle
   * unlabelled and the drop-down's own name is what is checked. */
  if (role == GTK_ACCESSIBLE_ROLE_COMBO_BOX)
    return;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_unnamed (child, problems);
}

GPtrArray *
care_test_a11y_unnamed (GtkWidget *root)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);

  collect_unnamed (root, problems);
  return problems;
}

void
care_test_a11y_assert_named (GtkWidget  *root,
                             const char *where)
{
  g_autoptr(GPtrArray) problems = care_test_a11y_unnamed (root);
  g_autoptr(GString) list = g_string_new (NULL);

  if (problems->len == 0)
    return;
  for (guint i = 0; i < problems->len; i++)
    g_string_append_printf (list, "\n  %s", (char *) problems->pdata[i]);
  g_error ("%s: %u controls without an accessible name:%s", where, problems->len, list->str);
}

/* care-split-view.c: a sidebar beside content that folds into one pane when narrow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-split-view"

#include "config.h"

#include "care-split-view.h"

#define NEW_SPLIT_VIEW ADW_CHECK_VERSION (1, 4, 0)

struct _CareSplitView
{
  GtkWidget  parent_instance;

  GtkWidget *sidebar;
  GtkWidget *content;
  int        fold_width;
#if NEW_SPLIT_VIEW
  GtkWidget *bin;          /* AdwBreakpointBin */
  GtkWidget *split;        /* AdwNavigationSplitView */
  AdwBreakpoint *breakpoint;
#else
  GtkWidget *leaflet;      /* AdwLeaflet: sidebar, separator, content */
  GtkWidget *separator;
#endif
};

G_DEFINE_FINAL_TYPE (CareSplitView, care_split_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SIDEBAR,
  PROP_CONTENT,
  PROP_FOLDED,
  PROP_SHOW_CONTENT,
  PROP_FOLD_WIDTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_folded_cb (CareSplitView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDED]);
}

static void
on_show_content_cb (CareSplitView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_CONTENT]);
}

#if NEW_SPLIT_VIEW

static void
set_fold_width (CareSplitView *self,
                int            width)
{
  AdwBreakpointCondition *condition;
  GValue collapsed = G_VALUE_INIT;

  self->fold_width = width;
  if (self->breakpoint)
    {
      adw_breakpoint_set_condition (self->breakpoint,
                                    adw_breakpoint_condition_new_length (ADW_BREAKPOINT_CONDITION_MAX_WIDTH,
                                                                         width - 1, ADW_LENGTH_UNIT_PX));
      return;
    }
  condition = adw_breakpoint_condition_new_length (ADW_BREAKPOINT_CONDITION_MAX_WIDTH, width - 1, ADW_LENGTH_UNIT_PX);
  self->breakpoint = adw_breakpoint_new (condition);
  g_value_init (&collapsed, G_TYPE_BOOLEAN);
  g_value_set_boolean (&collapsed, TRUE);
  adw_breakpoint_add_setter (self->breakpoint, G_OBJECT (self->split), "collapsed", &collapsed);
  adw_breakpoint_bin_add_breakpoint (ADW_BREAKPOINT_BIN (self->bin), self->breakpoint);
}

static void
set_pane (CareSplitView  *self,
          GtkWidget     **slot,
          GtkWidget      *widget,
          gboolean        sidebar)
{
  AdwNavigationPage *page = widget ? adw_navigation_page_new (widget, "") : NULL;

  g_set_object (slot, widget);
  if (sidebar)
    adw_navigation_split_view_set_sidebar (ADW_NAVIGATION_SPLIT_VIEW (self->split), page);
  else
    adw_navigation_split_view_set_content (ADW_NAVIGATION_SPLIT_VIEW (self->split), page);
}

gboolean
care_split_view_get_folded (CareSplitView *self)
{
  g_return_val_if_fail (CARE_IS_SPLIT_VIEW (self), FALSE);

  return adw_navigation_split_view_get_collapsed (ADW_NAVIGATION_SPLIT_VIEW (self->split));
}

void
care_split_view_set_show_content (CareSplitView *self,
                                  gboolean       show_content)
{
  g_return_if_fail (CARE_IS_SPLIT_VIEW (self));

  adw_navigation_split_view_set_show_content (ADW_NAVIGATION_SPLIT_VIEW (self->split), show_content);
}

gboolean
care_split_view_get_show_content (CareSplitView *self)
{
  g_return_val_if_fail (CARE_IS_SPLIT_VIEW (self), FALSE);

  return adw_navigation_split_view_get_show_content (ADW_NAVIGATION_SPLIT_VIEW (self->split));
}

static void
build (CareSplitView *self)
{
  self->split = adw_navigation_split_view_new ();
  self->bin = adw_breakpoint_bin_new ();
  /* AdwBreakpointBin wants a minimum size: the narrowest pane's. */
  gtk_widget_set_size_request (self->bin, 360, 294);
  adw_breakpoint_bin_set_child (ADW_BREAKPOINT_BIN (self->bin), self->split);
  gtk_widget_set_parent (self->bin, GTK_WIDGET (self));
  g_signal_connect_swapped (self->split, "notify::collapsed", G_CALLBACK (on_folded_cb), self);
  g_signal_connect_swapped (self->split, "notify::show-content", G_CALLBACK (on_show_content_cb), self);
  set_fold_width (self, 600);
}

#else

static void
set_fold_width (CareSplitView *self,
                int            width)
{
  /* The leaflet folds by its panes' minimum widths. */
  self->fold_width = width;
}

static void
set_pane (CareSplitView  *self,
          GtkWidget     **slot,
          GtkWidget      *widget,
          gboolean        sidebar)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (self->leaflet);

  if (*slot)
    adw_leaflet_remove (leaflet, *slot);
  g_set_object (slot, widget);
  if (widget == NULL)
    return;
  if (sidebar)
    adw_leaflet_prepend (leaflet, widget);
  else
    adw_leaflet_append (leaflet, widget);
  /* A leaflet shows its first child until told otherwise: here the
   * separator, made first, which a folded leaflet showed alone, a blank
   * pane (a patient selected in Spanish at 1090 px folded the Patients
   * page so). It shows the sidebar instead, or the content until there
   * is one. */
  if (adw_leaflet_get_visible_child (leaflet) == self->separator ||
      (sidebar && adw_leaflet_get_visible_child (leaflet) == self->content))
    adw_leaflet_set_visible_child (leaflet, widget);
}

gboolean
care_split_view_get_folded (CareSplitView *self)
{
  g_return_val_if_fail (CARE_IS_SPLIT_VIEW (self), FALSE);

  return adw_leaflet_get_folded (ADW_LEAFLET (self->leaflet));
}

void
care_split_view_set_show_content (CareSplitView *self,
                                  gboolean       show_content)
{
  GtkWidget *pane;

  g_return_if_fail (CARE_IS_SPLIT_VIEW (self));

  pane = show_content ? self->content : self->sidebar;
  if (pane == NULL)
    return;
  if (adw_leaflet_get_folded (ADW_LEAFLET (self->leaflet)))
    {
      /* One pane on screen: the keyboard goes with it (the leaflet moves
       * the focus into it). */
      adw_leaflet_set_visible_child (ADW_LEAFLET (self->leaflet), pane);
      return;
    }
  /* Both on screen: the pane is only the one shown should the view fold
   * later, and the focus stays where the person put it (a patient chosen
   * in the list, Down goes on to the next). The leaflet would move it
   * into the pane, onto its first focusable widget. */
  {
    GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
    GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

    if (focus)
      g_object_ref (focus);
    adw_leaflet_set_visible_child (ADW_LEAFLET (self->leaflet), pane);
    if (focus && gtk_widget_get_root (focus) == root && gtk_root_get_focus (root) != focus)
      gtk_widget_grab_focus (focus);
    g_clear_object (&focus);
  }
}

gboolean
care_split_view_get_show_content (CareSplitView *self)
{
  g_return_val_if_fail (CARE_IS_SPLIT_VIEW (self), FALSE);

  return self->content && adw_leaflet_get_visible_child (ADW_LEAFLET (self->leaflet)) == self->content;
}

static void
build (CareSplitView *self)
{
  AdwLeafletPage *page;

  self->leaflet = adw_leaflet_new ();
  adw_leaflet_set_can_navigate_back (ADW_LEAFLET (self->leaflet), TRUE);
  self->separator = gtk_separator_new (GTK_ORIENTATION_VERTICAL);
  gtk_widget_add_css_class (self->separator, "sidebar");
  page = adw_leaflet_append (ADW_LEAFLET (self->leaflet), self->separator);
  adw_leaflet_page_set_navigatable (page, FALSE);
  gtk_widget_set_parent (self->leaflet, GTK_WIDGET (self));
  g_signal_connect_swapped (self->leaflet, "notify::folded", G_CALLBACK (on_folded_cb), self);
  g_signal_connect_swapped (self->leaflet, "notify::visible-child", G_CALLBACK (on_show_content_cb), self);
  self->fold_width = 600;
}

#endif

GtkWidget *
care_split_view_new (void)
{
  return g_object_new (CARE_TYPE_SPLIT_VIEW, NULL);
}

void
care_split_view_set_sidebar (CareSplitView *self,
                             GtkWidget     *sidebar)
{
  g_return_if_fail (CARE_IS_SPLIT_VIEW (self));
  g_return_if_fail (sidebar == NULL || GTK_IS_WIDGET (sidebar));

  if (self->sidebar == sidebar)
    return;
  set_pane (self, &self->sidebar, sidebar, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIDEBAR]);
}

GtkWidget *
care_split_view_get_sidebar (CareSplitView *self)
{
  g_return_val_if_fail (CARE_IS_SPLIT_VIEW (self), NULL);

  return self->sidebar;
}

void
care_split_view_set_content (CareSplitView *self,
                             GtkWidget     *content)
{
  g_return_if_fail (CARE_IS_SPLIT_VIEW (self));
  g_return_if_fail (content == NULL || GTK_IS_WIDGET (content));

  if (self->content == content)
    return;
  set_pane (self, &self->content, content, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT]);
}

GtkWidget *
care_split_view_get_content (CareSplitView *self)
{
  g_return_val_if_fail (CARE_IS_SPLIT_VIEW (self), NULL);

  return self->content;
}

static void
care_split_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CareSplitView *self = CARE_SPLIT_VIEW (object);

  switch (prop_id)
    {
    case PROP_SIDEBAR:
      g_value_set_object (value, self->sidebar);
      break;
    case PROP_CONTENT:
      g_value_set_object (value, self->content);
      break;
    case PROP_FOLDED:
      g_value_set_boolean (value, care_split_view_get_folded (self));
      break;
    case PROP_SHOW_CONTENT:
      g_value_set_boolean (value, care_split_view_get_show_content (self));
      break;
    case PROP_FOLD_WIDTH:
      g_value_set_int (value, self->fold_width);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_split_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CareSplitView *self = CARE_SPLIT_VIEW (object);

  switch (prop_id)
    {
    case PROP_SIDEBAR:
      care_split_view_set_sidebar (self, g_value_get_object (value));
      break;
    case PROP_CONTENT:
      care_split_view_set_content (self, g_value_get_object (value));
      break;
    case PROP_SHOW_CONTENT:
      care_split_view_set_show_content (self, g_value_get_boolean (value));
      break;
    case PROP_FOLD_WIDTH:
      set_fold_width (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_split_view_dispose (GObject *object)
{
  CareSplitView *self = CARE_SPLIT_VIEW (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->sidebar);
  g_clear_object (&self->content);

  G_OBJECT_CLASS (care_split_view_parent_class)->dispose (object);
}

static void
care_split_view_class_init (CareSplitViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = care_split_view_get_property;
  object_class->set_property = care_split_view_set_property;
  object_class->dispose = care_split_view_dispose;

  properties[PROP_SIDEBAR] =
    g_param_spec_object ("sidebar", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTENT] =
    g_param_spec_object ("content", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_CONTENT] =
    g_param_spec_boolean ("show-content", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Below this width the panes fold (libadwaita 1.4 and later; the
   * leaflet folds by its panes' minimum widths, kept at this sum). */
  properties[PROP_FOLD_WIDTH] =
    g_param_spec_int ("fold-width", NULL, NULL, 1, G_MAXINT, 600,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
care_split_view_init (CareSplitView *self)
{
  build (self);
}

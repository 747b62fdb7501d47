/* care-sidebar.c: the window's list of pages, bound to their stack
 *
 * After Sysprof's SysprofSidebar: the rows are made from
 * gtk_stack_get_pages(), so adding a page to the stack is all it takes to
 * list it. Each row shows the icon and title of its CarePageSlot's page
 * type, and the count the slot keeps: listing a page does not make it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-sidebar"

#include "config.h"

#include <glib/gi18n.h>

#include "care-page-slot.h"
#include "care-sidebar.h"

struct _CareSidebar
{
  GtkWidget          parent_instance;

  GSignalGroup      *stack_signals;
  GtkSelectionModel *pages;

  /* Template widgets */
  GtkListBox        *list_box;
};

G_DEFINE_FINAL_TYPE (CareSidebar, care_sidebar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STACK,
  N_PROPS
};

enum {
  PAGE_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The count beside a page's title, and the row's name for screen
 * readers: "Messages, 3 unread". */
static void
on_slot_badge_notify_cb (CarePageSlot *slot,
                         GParamSpec   *pspec,
                         GtkWidget    *row)
{
  GtkWidget *badge = g_object_get_data (G_OBJECT (row), "care-sidebar-badge");
  const char *title = care_page_type_get_title (care_page_slot_get_page_type (slot));
  guint count = care_page_slot_get_badge (slot);
  g_autofree char *text = g_strdup_printf ("%u", count);
  g_autofree char *described = NULL;

  gtk_label_set_text (GTK_LABEL (badge), count > 99 ? "99+" : text);
  gtk_widget_set_visible (badge, count > 0);
  if (count > 0)
    /* Translators: a sidebar row with a count, e.g. "Messages, 3 unread" */
    described = g_strdup_printf (ngettext ("%s, %u unread", "%s, %u unread", count), title, count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  described ? described : title, -1);
}

static GtkWidget *
care_sidebar_create_row (gpointer item,
                         gpointer user_data)
{
  GtkStackPage *stack_page = item;
  CarePageSlot *slot = CARE_PAGE_SLOT (gtk_stack_page_get_child (stack_page));
  /* From the page type: the row is made while the page is being added,
   * before the stack page has its title and icon. */
  GType page_type = care_page_slot_get_page_type (slot);
  const char *title = care_page_type_get_title (page_type);
  g_autofree char *row_name = g_strconcat ("sidebar-", care_page_type_get_name (page_type), NULL);
  GtkWidget *row;
  GtkWidget *box;
  g_autofree char *badge_name = g_strconcat ("sidebar-badge-", care_page_type_get_name (page_type), NULL);
  GtkWidget *label;
  GtkWidget *badge;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (care_page_type_get_icon_name (page_type)));

  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);

  badge = gtk_label_new (NULL);
  gtk_widget_add_css_class (badge, "sidebar-badge");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_set_name (badge, badge_name);
  gtk_box_append (GTK_BOX (box), badge);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, row_name);
  gtk_widget_set_tooltip_text (row, title);
  g_object_set_data (G_OBJECT (row), "care-sidebar-badge", badge);
  g_signal_connect_object (slot, "notify::badge", G_CALLBACK (on_slot_badge_notify_cb), row, 0);
  on_slot_badge_notify_cb (slot, NULL, row);

  return row;
}

/* The row of the stack's visible child is the selected one. */
static void
care_sidebar_sync_selection (CareSidebar *self)
{
  g_autoptr(GtkStack) stack = g_signal_group_dup_target (self->stack_signals);
  GtkWidget *visible;
  guint n;

  if (stack == NULL || self->pages == NULL)
    return;

  visible = gtk_stack_get_visible_child (stack);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->pages));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) stack_page = g_list_model_get_item (G_LIST_MODEL (self->pages), i);

      if (gtk_stack_page_get_child (GTK_STACK_PAGE (stack_page)) == visible)
        {
          GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list_box, i);

          if (row != NULL && !gtk_list_box_row_is_selected (row))
            gtk_list_box_select_row (self->list_box, row);
          return;
        }
    }
}

static void
on_list_box_row_selected_cb (GtkListBox    *list_box,
                             GtkListBoxRow *row,
                             CareSidebar   *self)
{
  g_autoptr(GtkStack) stack = g_signal_group_dup_target (self->stack_signals);
  g_autoptr(GObject) stack_page = NULL;
  GtkWidget *child;

  if (row == NULL || stack == NULL || self->pages == NULL)
    return;

  stack_page = g_list_model_get_item (G_LIST_MODEL (self->pages), gtk_list_box_row_get_index (row));
  if (stack_page == NULL)
    return;

  child = gtk_stack_page_get_child (GTK_STACK_PAGE (stack_page));
  if (gtk_stack_get_visible_child (stack) != child)
    gtk_stack_set_visible_child (stack, child);
}

static void
on_list_box_row_activated_cb (GtkListBox    *list_box,
                              GtkListBoxRow *row,
                              CareSidebar   *self)
{
  if (!gtk_list_box_row_is_selected (row))
    gtk_list_box_select_row (list_box, row);

  g_signal_emit (self, signals[PAGE_ACTIVATED], 0);
}

static void
on_pages_items_changed_cb (GListModel  *pages,
                           guint        position,
                           guint        removed,
                           guint        added,
                           CareSidebar *self)
{
  /* After the list box made its rows (it connected first). */
  care_sidebar_sync_selection (self);
}

static void
care_sidebar_bind_cb (CareSidebar  *self,
                      GtkStack     *stack,
                      GSignalGroup *group)
{
  self->pages = gtk_stack_get_pages (stack);
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->pages),
                           care_sidebar_create_row, self, NULL);
  g_signal_connect_object (self->pages, "items-changed",
                           G_CALLBACK (on_pages_items_changed_cb), self, 0);
  care_sidebar_sync_selection (self);
}

static void
care_sidebar_unbind_cb (CareSidebar  *self,
                        GSignalGroup *group)
{
  if (self->pages != NULL)
    g_signal_handlers_disconnect_by_data (self->pages, self);
  gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  g_clear_object (&self->pages);
}

GtkStack *
care_sidebar_get_stack (CareSidebar *self)
{
  g_autoptr(GtkStack) stack = NULL;

  g_return_val_if_fail (CARE_IS_SIDEBAR (self), NULL);

  /* The window holds the stack; the sidebar only follows it. */
  stack = g_signal_group_dup_target (self->stack_signals);
  return stack;
}

void
care_sidebar_set_stack (CareSidebar *self,
                        GtkStack    *stack)
{
  g_return_if_fail (CARE_IS_SIDEBAR (self));
  g_return_if_fail (stack == NULL || GTK_IS_STACK (stack));

  g_signal_group_set_target (self->stack_signals, stack);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STACK]);
}

static void
care_sidebar_dispose (GObject *object)
{
  CareSidebar *self = CARE_SIDEBAR (object);

  g_signal_group_set_target (self->stack_signals, NULL);
  g_clear_object (&self->stack_signals);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_SIDEBAR);

  G_OBJECT_CLASS (care_sidebar_parent_class)->dispose (object);
}

static void
care_sidebar_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CareSidebar *self = CARE_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_STACK:
      g_value_take_object (value, g_signal_group_dup_target (self->stack_signals));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_sidebar_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CareSidebar *self = CARE_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_STACK:
      care_sidebar_set_stack (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_sidebar_class_init (CareSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_sidebar_dispose;
  object_class->get_property = care_sidebar_get_property;
  object_class->set_property = care_sidebar_set_property;

  properties[PROP_STACK] =
    g_param_spec_object ("stack", NULL, NULL,
                         GTK_TYPE_STACK,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A row was activated: on a narrow window, show the page. */
  signals[PAGE_ACTIVATED] =
    g_signal_new ("page-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/window/care-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, CareSidebar, list_box);
  gtk_widget_class_bind_template_callback (widget_class, on_list_box_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_box_row_activated_cb);
}

static void
care_sidebar_init (CareSidebar *self)
{
  self->stack_signals = g_signal_group_new (GTK_TYPE_STACK);
  g_signal_connect_object (self->stack_signals, "bind",
                           G_CALLBACK (care_sidebar_bind_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stack_signals, "unbind",
                           G_CALLBACK (care_sidebar_unbind_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->stack_signals, "notify::visible-child",
                                 G_CALLBACK (care_sidebar_sync_selection), self, G_CONNECT_SWAPPED);

  gtk_widget_init_template (GTK_WIDGET (self));
}

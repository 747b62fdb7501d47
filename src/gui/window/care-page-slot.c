/* care-page-slot.c: where a page of the window will be, made when first shown
 *
 * The window's stack holds one slot per page the signed-in role may use;
 * the sidebar lists them from the page type's class (name, title, icon),
 * and a slot makes its page the first time it is shown or asked for
 * (care_window_get_page()). Signing in thus costs one page, not twenty.
 * A page's sidebar count (unread messages) is kept here, from the class's
 * count function, so that it shows before the page is ever made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-page-slot"

#include "config.h"

#include "care-page-slot.h"

struct _CarePageSlot
{
  GtkWidget    parent_instance;

  GType        page_type;
  CareSession *session;
  CarePage    *page;
  guint        badge;
  guint        recount_source;
};

G_DEFINE_FINAL_TYPE (CarePageSlot, care_page_slot, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BADGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
care_page_slot_recount (CarePageSlot *self)
{
  guint count = care_page_type_count_badge (self->page_type, self->session);

  if (count == self->badge)
    return;
  self->badge = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BADGE]);
}

static gboolean
care_page_slot_recount_idle (gpointer user_data)
{
  CarePageSlot *self = user_data;

  self->recount_source = 0;
  care_page_slot_recount (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (CareStore    *store,
                     const char   *entity,
                     const char   *id,
                     CarePageSlot *self)
{
  const char *followed = care_page_type_get_badge_entity (self->page_type);

  /* Once for a burst of changes (a sync pull writes many at once). */
  if ((entity == NULL || g_strcmp0 (entity, followed) == 0) && self->recount_source == 0)
    self->recount_source = g_idle_add (care_page_slot_recount_idle, self);
}

CarePageSlot *
care_page_slot_new (GType        page_type,
                    CareSession *session)
{
  CarePageSlot *self;
  g_autofree char *widget_name = NULL;

  g_return_val_if_fail (g_type_is_a (page_type, CARE_TYPE_PAGE), NULL);
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  self = g_object_new (CARE_TYPE_PAGE_SLOT, NULL);
  self->page_type = page_type;
  self->session = g_object_ref (session);

  widget_name = g_strconcat ("slot-", care_page_type_get_name (page_type), NULL);
  gtk_widget_set_name (GTK_WIDGET (self), widget_name);

  if (care_page_type_get_badge_entity (page_type) != NULL)
    {
      g_signal_connect_object (care_session_get_store (session), "changed",
                               G_CALLBACK (on_store_changed_cb), self, 0);
      care_page_slot_recount (self);
    }

  return self;
}

GType
care_page_slot_get_page_type (CarePageSlot *self)
{
  g_return_val_if_fail (CARE_IS_PAGE_SLOT (self), G_TYPE_INVALID);

  return self->page_type;
}

CarePage *
care_page_slot_get_page (CarePageSlot *self)
{
  g_return_val_if_fail (CARE_IS_PAGE_SLOT (self), NULL);

  if (self->page == NULL)
    {
      g_debug ("Making the %s page", care_page_type_get_name (self->page_type));
      self->page = care_page_new (self->page_type, self->session);
      gtk_widget_set_parent (GTK_WIDGET (self->page), GTK_WIDGET (self));
    }

  return self->page;
}

CarePage *
care_page_slot_peek_page (CarePageSlot *self)
{
  g_return_val_if_fail (CARE_IS_PAGE_SLOT (self), NULL);

  return self->page;
}

guint
care_page_slot_get_badge (CarePageSlot *self)
{
  g_return_val_if_fail (CARE_IS_PAGE_SLOT (self), 0);

  return self->badge;
}

static void
care_page_slot_dispose (GObject *object)
{
  CarePageSlot *self = CARE_PAGE_SLOT (object);

  g_clear_handle_id (&self->recount_source, g_source_remove);
  if (self->page != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->page));
      self->page = NULL;
    }
  g_clear_object (&self->session);

  G_OBJECT_CLASS (care_page_slot_parent_class)->dispose (object);
}

static void
care_page_slot_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CarePageSlot *self = CARE_PAGE_SLOT (object);

  switch (prop_id)
    {
    case PROP_BADGE:
      g_value_set_uint (value, self->badge);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_page_slot_class_init (CarePageSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_page_slot_dispose;
  object_class->get_property = care_page_slot_get_property;

  properties[PROP_BADGE] =
    g_param_spec_uint ("badge", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* Only a holder: assistive technology sees the page in it. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
}

static void
care_page_slot_init (CarePageSlot *self)
{
}

/* care-page.c: the base of every page the window's sidebar lists
 *
 * A page is made for one signed-in session and lives until that person
 * signs out (or their role changes). Its title, icon and the permission a
 * role needs to see it belong to the class, so the window can leave out
 * the pages a role may not use without making them (after Sysprof's
 * SysprofSection), and list the others without making them until they
 * are first shown (CarePageSlot, in the window). The properties below are declared here only; a page's
 * class_init calls care_page_class_set_info() and nothing more for them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-page.h"

typedef struct
{
  CareSession *session;
} CarePagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CarePage, care_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_PAGE_NAME,
  PROP_TITLE,
  PROP_ICON_NAME,
  PROP_PERMISSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
care_page_class_set_info (CarePageClass *page_class,
                          const char    *name,
                          const char    *title,
                          const char    *icon_name,
                          const char    *permission)
{
  g_return_if_fail (CARE_IS_PAGE_CLASS (page_class));
  g_return_if_fail (name != NULL);
  g_return_if_fail (title != NULL);

  page_class->page_name = name;
  page_class->title = title;
  page_class->icon_name = icon_name;
  page_class->permission = permission;
}

void
care_page_class_set_needs_sync (CarePageClass *page_class,
                                gboolean       needs_sync)
{
  g_return_if_fail (CARE_IS_PAGE_CLASS (page_class));

  page_class->needs_sync = !!needs_sync;
}

void
care_page_class_set_roles (CarePageClass     *page_class,
                           const char *const *roles)
{
  g_return_if_fail (CARE_IS_PAGE_CLASS (page_class));

  page_class->roles = roles;
}

void
care_page_class_set_badge (CarePageClass *page_class,
                           guint        (*count) (CareSession *session),
                           const char    *entity)
{
  g_return_if_fail (CARE_IS_PAGE_CLASS (page_class));

  page_class->count_badge = count;
  page_class->badge_entity = entity;
}

/* The class of a page type, made if need be; a static type's class is
 * never freed, so the reference is kept. */
static CarePageClass *
page_class_of (GType page_type)
{
  gpointer type_class = g_type_class_peek (page_type);

  if (type_class == NULL)
    type_class = g_type_class_ref (page_type);
  return CARE_PAGE_CLASS (type_class);
}

const char *
care_page_type_get_name (GType page_type)
{
  g_return_val_if_fail (g_type_is_a (page_type, CARE_TYPE_PAGE), NULL);

  return page_class_of (page_type)->page_name;
}

const char *
care_page_type_get_title (GType page_type)
{
  const char *title;

  g_return_val_if_fail (g_type_is_a (page_type, CARE_TYPE_PAGE), NULL);

  title = page_class_of (page_type)->title;
  return title != NULL ? _(title) : NULL;
}

const char *
care_page_type_get_icon_name (GType page_type)
{
  g_return_val_if_fail (g_type_is_a (page_type, CARE_TYPE_PAGE), NULL);

  return page_class_of (page_type)->icon_name;
}

guint
care_page_type_count_badge (GType        page_type,
                            CareSession *session)
{
  CarePageClass *page_class;

  g_return_val_if_fail (g_type_is_a (page_type, CARE_TYPE_PAGE), 0);
  g_return_val_if_fail (CARE_IS_SESSION (session), 0);

  page_class = page_class_of (page_type);
  return page_class->count_badge != NULL ? page_class->count_badge (session) : 0;
}

const char *
care_page_type_get_badge_entity (GType page_type)
{
  g_return_val_if_fail (g_type_is_a (page_type, CARE_TYPE_PAGE), NULL);

  return page_class_of (page_type)->badge_entity;
}

gboolean
care_page_type_is_available (GType        page_type,
                             CareSession *session)
{
  CarePageClass *page_class;

  g_return_val_if_fail (g_type_is_a (page_type, CARE_TYPE_PAGE), FALSE);
  g_return_val_if_fail (CARE_IS_SESSION (session), FALSE);

  page_class = page_class_of (page_type);

  if (page_class->permission != NULL && !care_session_can (session, page_class->permission))
    return FALSE;

  if (page_class->needs_sync && care_session_get_sync_engine (session) == NULL)
    return FALSE;

  if (page_class->roles != NULL &&
      !g_strv_contains (page_class->roles, care_session_get_role (session) ? care_session_get_role (session) : ""))
    return FALSE;

  return TRUE;
}

CarePage *
care_page_new (GType        page_type,
               CareSession *session)
{
  g_return_val_if_fail (g_type_is_a (page_type, CARE_TYPE_PAGE), NULL);
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  return g_object_new (page_type, "session", session, NULL);
}

CareSession *
care_page_get_session (CarePage *self)
{
  CarePagePrivate *priv = care_page_get_instance_private (self);

  g_return_val_if_fail (CARE_IS_PAGE (self), NULL);

  return priv->session;
}

CareStore *
care_page_get_store (CarePage *self)
{
  CarePagePrivate *priv = care_page_get_instance_private (self);

  g_return_val_if_fail (CARE_IS_PAGE (self), NULL);

  return care_session_get_store (priv->session);
}

const char *
care_page_get_page_name (CarePage *self)
{
  g_return_val_if_fail (CARE_IS_PAGE (self), NULL);

  return care_page_type_get_name (G_OBJECT_TYPE (self));
}

const char *
care_page_get_title (CarePage *self)
{
  g_return_val_if_fail (CARE_IS_PAGE (self), NULL);

  return care_page_type_get_title (G_OBJECT_TYPE (self));
}

const char *
care_page_get_icon_name (CarePage *self)
{
  g_return_val_if_fail (CARE_IS_PAGE (self), NULL);

  return care_page_type_get_icon_name (G_OBJECT_TYPE (self));
}

const char *
care_page_get_permission (CarePage *self)
{
  g_return_val_if_fail (CARE_IS_PAGE (self), NULL);

  return CARE_PAGE_GET_CLASS (self)->permission;
}

void
care_page_add_toast (CarePage *self,
                     AdwToast *toast)
{
  GtkWidget *overlay;

  g_return_if_fail (CARE_IS_PAGE (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  /* The window's overlay, over every page: a page need not know the
   * window. */
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (toast);
}

static void
care_page_constructed (GObject *object)
{
  CarePage *self = CARE_PAGE (object);
  CarePagePrivate *priv = care_page_get_instance_private (self);
  g_autofree char *widget_name = NULL;

  G_OBJECT_CLASS (care_page_parent_class)->constructed (object);

  g_assert (CARE_IS_SESSION (priv->session));
  g_assert (CARE_PAGE_GET_CLASS (self)->page_name != NULL);

  /* Tests find a page by this name ("page-patients"). */
  widget_name = g_strconcat ("page-", CARE_PAGE_GET_CLASS (self)->page_name, NULL);
  gtk_widget_set_name (GTK_WIDGET (self), widget_name);
}

static void
care_page_dispose (GObject *object)
{
  CarePage *self = CARE_PAGE (object);
  CarePagePrivate *priv = care_page_get_instance_private (self);
  GtkWidget *child;

  /* A subclass disposes its template first; whatever else it parented
   * goes here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&priv->session);

  G_OBJECT_CLASS (care_page_parent_class)->dispose (object);
}

static void
care_page_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CarePage *self = CARE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, care_page_get_session (self));
      break;

    case PROP_PAGE_NAME:
      g_value_set_string (value, care_page_get_page_name (self));
      break;

    case PROP_TITLE:
      g_value_set_string (value, care_page_get_title (self));
      break;

    case PROP_ICON_NAME:
      g_value_set_string (value, care_page_get_icon_name (self));
      break;

    case PROP_PERMISSION:
      g_value_set_string (value, care_page_get_permission (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_page_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CarePage *self = CARE_PAGE (object);
  CarePagePrivate *priv = care_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SESSION:
      priv->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_page_class_init (CarePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = care_page_constructed;
  object_class->dispose = care_page_dispose;
  object_class->get_property = care_page_get_property;
  object_class->set_property = care_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         CARE_TYPE_SESSION,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PAGE_NAME] =
    g_param_spec_string ("page-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_PERMISSION] =
    g_param_spec_string ("permission", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
care_page_init (CarePage *self)
{
}

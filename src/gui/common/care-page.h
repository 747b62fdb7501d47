/* care-page.h: the base of every page the window's sidebar lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"
#include "care-session.h"

G_BEGIN_DECLS

#define CARE_TYPE_PAGE (care_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (CarePage, care_page, CARE, PAGE, GtkWidget)

struct _CarePageClass
{
  GtkWidgetClass parent_class;

  /*< private >*/
  const char *page_name;
  const char *title;
  const char *icon_name;
  const char *permission;
  gboolean    needs_sync;
  const char *const *roles;
  guint     (*count_badge) (CareSession *session);
  const char *badge_entity;

  gpointer    padding[5];
};

/* What the sidebar shows of a page type, set once in its class_init.
 * name: the stack child's name ("patients"); title: N_()-marked, translated
 * when read; permission: what the signed-in role needs to see the page, or
 * NULL for every role. */
void         care_page_class_set_info       (CarePageClass *page_class,
                                             const char    *name,
                                             const char    *title,
                                             const char    *icon_name,
                                             const char    *permission);
/* The page only makes sense on a workstation that syncs with a server. */
void         care_page_class_set_needs_sync (CarePageClass *page_class,
                                             gboolean       needs_sync);

/* The page is for these roles only (NULL-terminated, static), besides
 * the permission: a page about one's own work, like the doctor's day. */
void         care_page_class_set_roles      (CarePageClass     *page_class,
                                             const char *const *roles);

/* The count the sidebar shows beside the page's title for session (unread
 * messages; 0 hides it), and the entity whose changes may change it. The
 * window counts without making the page, which may never be shown. */
void         care_page_class_set_badge      (CarePageClass *page_class,
                                             guint        (*count) (CareSession *session),
                                             const char    *entity);

/* What the sidebar lists of page_type (a CarePage subclass) without making
 * a page: the stack child's name, the translated title, the icon. */
const char  *care_page_type_get_name        (GType          page_type);
const char  *care_page_type_get_title       (GType          page_type);
const char  *care_page_type_get_icon_name   (GType          page_type);
/* The class's count for session, 0 without one; the entity it follows. */
guint        care_page_type_count_badge     (GType          page_type,
                                             CareSession   *session);
const char  *care_page_type_get_badge_entity (GType         page_type);

/* Whether session may see pages of page_type (a CarePage subclass). */
gboolean     care_page_type_is_available    (GType          page_type,
                                             CareSession   *session);
CarePage    *care_page_new                  (GType          page_type,
                                             CareSession   *session);

CareSession *care_page_get_session          (CarePage      *self);
CareStore   *care_page_get_store            (CarePage      *self);
const char  *care_page_get_page_name        (CarePage      *self);
const char  *care_page_get_title            (CarePage      *self);
const char  *care_page_get_icon_name        (CarePage      *self);
const char  *care_page_get_permission       (CarePage      *self);
/* Shows a toast over the pages (takes ownership of toast), e.g. an undo. */
void         care_page_add_toast            (CarePage      *self,
                                             AdwToast      *toast);

G_END_DECLS

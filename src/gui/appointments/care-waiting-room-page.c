/* care-waiting-room-page.c: the waiting room on the clinical workstations
 *
 * Nurses and doctors (whoever records vitals) see who has checked in at
 * reception, in order of arrival and with how long each has waited,
 * without the front desk's calendar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-waiting-room-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-waiting-room.h"
#include "care-waiting-room-page.h"

struct _CareWaitingRoomPage
{
  CarePage parent_instance;
};

G_DEFINE_FINAL_TYPE (CareWaitingRoomPage, care_waiting_room_page, CARE_TYPE_PAGE)

static void
care_waiting_room_page_constructed (GObject *object)
{
  CareWaitingRoomPage *self = CARE_WAITING_ROOM_PAGE (object);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *title = gtk_label_new (_("Waiting Room"));
  GtkWidget *room = care_waiting_room_new ();

  G_OBJECT_CLASS (care_waiting_room_page_parent_class)->constructed (object);

  gtk_widget_set_name (room, "waiting-room");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "title-2");
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), room);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_parent (scrolled, GTK_WIDGET (self));
  care_waiting_room_set_store (CARE_WAITING_ROOM (room), care_page_get_store (CARE_PAGE (self)));
}

static void
care_waiting_room_page_class_init (CareWaitingRoomPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = care_waiting_room_page_constructed;
  /* Whoever takes the patients in: the nurse first, then the doctor. */
  care_page_class_set_info (CARE_PAGE_CLASS (klass), "waiting-room", N_("Waiting Room"),
                            "system-users-symbolic", CARE_PERM_VITALS_ENTRY);
}

static void
care_waiting_room_page_init (CareWaitingRoomPage *self)
{
}

GtkWidget *
care_waiting_room_page_new (CareSession *session)
{
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  return GTK_WIDGET (care_page_new (CARE_TYPE_WAITING_ROOM_PAGE, session));
}
